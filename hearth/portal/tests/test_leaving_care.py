"""Care leavers: the health history download records the date it was given; 'I need help'
is timed and counts as contact; messages become overdue; the council's 'you said, we did'."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

from django.test import Client
from django.urls import reverse

from hearth.casework import services as casework
from hearth.core.models import AuditAction, AuditEntry
from hearth.core.worktray import panels
from hearth.portal import selectors, services
from hearth.portal.models import HelpRequest, Message
from hearth.portal.tests.factories import verified_client

LONDON = ZoneInfo("Europe/London")


def test_downloading_the_health_history_records_the_date_it_was_given(
    young_person, account, social_worker, allocated_child
):
    document = casework.document_upload(
        user=social_worker,
        child=allocated_child,
        document_type="report",
        title="Your health history",
        upload=BytesIO(b"%PDF-1.4 health"),
        original_filename="health.pdf",
        content_type="application/pdf",
    )
    share = services.share_add(
        user=social_worker, person=allocated_child, kind="health_history", object_id=document.pk
    )
    assert not allocated_child.health_histories_given.exists()
    assert young_person.get(reverse("portal:file", args=[share.pk])).status_code == 200
    young_person.get(reverse("portal:file", args=[share.pk]))
    given = allocated_child.health_histories_given.get()  # once, however many downloads
    assert str(given.given_on) == "2026-06-10" and given.recorded_by == account.user
    assert AuditEntry.objects.filter(actor=account.user, action=AuditAction.DOWNLOAD).count() == 2
    assert (
        "You got your health history on"
        in young_person.get(reverse("portal:health_history")).content.decode()
    )


def test_i_need_help_is_timed_and_its_response_counts_as_contact(
    young_person, account, personal_adviser, time_machine
):
    young_person.post(reverse("portal:help"), {"what": "My rent is late"})
    found = HelpRequest.objects.get()
    time_machine.move_to(datetime(2026, 6, 10, 13, 30, tzinfo=LONDON), tick=False)
    services.help_request_respond(
        user=personal_adviser, request=found, response="Called the landlord", method="phone"
    )
    found.refresh_from_db()
    assert found.response_hours == 3.5
    contact = found.contact
    assert contact.initiated_by == "young_person" and contact.outcome == "in_touch"
    assert contact.young_person == account.person


def test_an_unanswered_message_becomes_overdue_and_shows_on_the_workers_worktray(
    young_person, account, social_worker, time_machine
):
    young_person.post(reverse("portal:messages"), {"body": "Can I go on the school trip?"})
    message = Message.objects.get()
    rows = selectors.worktray_items(social_worker)["rows"]
    assert rows[0]["what"] == "1 new message" and not rows[0]["overdue"]
    time_machine.move_to(datetime(2026, 6, 12, 10, 1, tzinfo=LONDON), tick=False)
    assert selectors.is_overdue(message)
    assert selectors.worktray_items(social_worker)["rows"][0]["overdue"]
    assert any(
        p.template == "portal/staff/_worktray_panel.html"
        for p in panels(social_worker, message.created_at.date())
    )
    staff = Client()
    staff.force_login(social_worker)
    staff.post(reverse("portal:staff_reply", args=[account.person_id]), {"body": "Yes you can"})
    message.refresh_from_db()
    assert message.answered_at is not None and not selectors.is_overdue(message)
    assert selectors.worktray_items(social_worker)["rows"] == []
    again = verified_client(Client(), account)  # two days on, her session has ended
    assert "Yes you can" in again.get(reverse("portal:messages")).content.decode()


def test_the_council_publishes_you_said_we_did_without_names(
    young_person, account, team_manager, other_child
):
    from hearth.portal.tests.factories import portal_account

    young_person.post(reverse("portal:council"), {"kind": "idea", "text": "Free bus passes"})
    staff = Client()
    staff.force_login(team_manager)
    idea_id = account.person.portal_ideas.get().pk
    staff.post(
        reverse("portal:staff_idea", args=[idea_id]),
        {"response": "Bus passes for everyone in care from September"},
    )
    other = verified_client(Client(), portal_account(other_child, "ben"))
    page = other.get(reverse("portal:council")).content.decode()
    assert "Free bus passes" in page and "Bus passes for everyone in care" in page
    assert account.person.first_name not in page
