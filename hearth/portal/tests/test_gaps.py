"""The gaps closed in the second round: views before a child protection conference, password
reset links, and council ideas on the Children in Care Council's meeting records."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from hearth.core.models import AuditEntry
from hearth.portal import services
from hearth.portal.models import MeetingViews, PasswordReset

BASE = "http://testserver/"


def _conference(child: Any, social_worker: Any, iro: Any) -> Any:
    from hearth.assessments.models import CINEpisode
    from hearth.assessments.services import cin_episode_open
    from hearth.child_protection.models import ChildParticipation, ConferenceKind
    from hearth.child_protection.services import conference_record

    episode = CINEpisode.objects.filter(child=child, closure_date__isnull=True).first()
    if episode is None:
        episode = cin_episode_open(
            user=social_worker,
            child=child,
            referral_date=date(2026, 5, 1),
            referral_source="1A",
            primary_need="N1",
        )
    return conference_record(
        user=social_worker,
        child=child,
        episode=episode,
        kind=ConferenceKind.TRANSFER_IN,
        enquiry=None,
        held_on=date(2026, 6, 8),
        chair=iro,
        parents_participation="attended",
        child_participation=ChildParticipation.DECLINED,
        decision="plan",
        category="NEG",
        rationale="Continuing risk of significant harm.",
        transferred_from="Synthetic Borough",
        attendees=[],
    )


def _new_password_url(outbox: list[dict[str, str]]) -> str:
    body = outbox[-1]["body"]
    return body.split("testserver", 1)[1].split()[0]


# --- Conferences -----------------------------------------------------------------------------


def test_a_child_on_a_plan_is_offered_her_conference_and_her_words_land_on_it(
    young_person, account, social_worker, iro
):
    conference = _conference(account.person, social_worker, iro)
    page = young_person.get(reverse("portal:meeting")).content.decode()
    assert "My child protection conference" in page
    young_person.post(
        reverse("portal:meeting"),
        {"meeting": "conference", "worries": "Shouting at home", "private_to_iro": "Secret"},
    )
    views = MeetingViews.objects.get(person=account.person)
    staff = Client()
    staff.force_login(iro)
    url = reverse("portal:staff_views", args=[account.person_id, views.pk])
    assert "Transfer-in conference held on 08/06/2026" in staff.get(url).content.decode()
    staff.post(url, {"record": f"conference:{conference.pk}"})
    conference.refresh_from_db()
    assert "What worries me: Shouting at home" in conference.child_views
    assert "submitted by the young person through the portal on 10 June 2026" in (
        conference.child_views
    )
    assert "Secret" not in conference.child_views
    assert conference.child_participation == "written"
    views.refresh_from_db()
    assert views.conference == conference and views.on_a_record
    assert AuditEntry.objects.filter(
        summary="The young person's views from the portal added to the conference"
    ).exists()


def test_a_child_without_a_plan_is_not_offered_a_conference(young_person):
    assert (
        "child protection conference"
        not in young_person.get(reverse("portal:meeting")).content.decode()
    )


def test_views_cannot_go_on_someone_elses_conference(
    account, social_worker, iro, other_child, other_worker
):
    views = services.meeting_views_submit(account=account, meeting="conference", worries="X")
    theirs = _conference(other_child, other_worker, iro)
    with pytest.raises(ValidationError, match="conferences"):
        services.meeting_views_add_to_conference(user=iro, views=views, conference=theirs)


# --- Password reset --------------------------------------------------------------------------


def test_a_worker_sends_a_reset_link_and_the_young_person_chooses_a_new_password(
    client, account, outbox, social_worker
):
    staff = Client()
    staff.force_login(social_worker)
    staff.post(reverse("portal:staff_password_reset", args=[account.person_id]))
    assert outbox[-1]["to"] == account.send_to
    url = _new_password_url(outbox)
    response = client.post(url, {"password": "a-brand-new-pass-42"})
    assert response.url == reverse("portal:sign_in")
    account.user.refresh_from_db()
    assert account.user.check_password("a-brand-new-pass-42")
    assert AuditEntry.objects.filter(summary="Chose a new portal password from a reset link")
    # Single use: the same link does not work again.
    again = client.post(url, {"password": "another-new-pass-43"})
    assert "This link does not work any more" in again.content.decode()
    account.user.refresh_from_db()
    assert account.user.check_password("a-brand-new-pass-42")


def test_a_new_password_ends_the_young_persons_other_sessions(
    client, young_person, account, outbox, social_worker
):
    assert young_person.get(reverse("portal:home")).status_code == 200
    services.password_reset_send(user=social_worker, account=account, base_url=BASE)
    Client().post(_new_password_url(outbox), {"password": "a-brand-new-pass-42"})
    response = young_person.get(reverse("portal:home"))
    assert response.status_code == 302 and "sign-in" in response.url


def test_a_reset_link_runs_out(client, account, outbox, social_worker, time_machine):
    services.password_reset_send(user=social_worker, account=account, base_url=BASE)
    url = _new_password_url(outbox)
    time_machine.shift(timedelta(hours=24, minutes=1))
    response = client.post(url, {"password": "a-brand-new-pass-42"})
    assert "This link does not work any more" in response.content.decode()
    account.user.refresh_from_db()
    assert not account.user.check_password("a-brand-new-pass-42")


def test_a_new_reset_link_withdraws_the_old_one(client, account, outbox, social_worker):
    first = services.password_reset_send(user=social_worker, account=account, base_url=BASE)
    services.password_reset_send(user=social_worker, account=account, base_url=BASE)
    assert services.password_reset_for_token(first) is None
    assert PasswordReset.objects.filter(account=account, withdrawn_at__isnull=False).count() == 1


def test_a_young_person_asks_for_a_link_sent_only_to_their_own_contact(client, account, outbox):
    response = client.post(reverse("portal:forgot_password"), {"username": "AMARA"})
    assert "Check your messages" in response.content.decode()
    assert [m["to"] for m in outbox] == [account.send_to]
    assert PasswordReset.objects.get().requested_by == account.user


def test_an_unknown_username_gets_the_same_answer_and_nothing_is_sent(client, account, outbox):
    response = client.post(reverse("portal:forgot_password"), {"username": "nobody"})
    assert "Check your messages" in response.content.decode()
    assert outbox == [] and not PasswordReset.objects.exists()


def test_a_suspended_account_gets_no_reset_link(client, account, outbox, social_worker):
    services.account_suspend(user=social_worker, account=account, reason="Concerns")
    client.post(reverse("portal:forgot_password"), {"username": "amara"})
    assert outbox == []
    with pytest.raises(ValidationError):
        services.password_reset_send(user=social_worker, account=account, base_url=BASE)


def test_a_weak_new_password_is_refused(client, account, outbox, social_worker):
    services.password_reset_send(user=social_worker, account=account, base_url=BASE)
    response = client.post(_new_password_url(outbox), {"password": "amara"})
    assert "govuk-error-summary" in response.content.decode()
    assert PasswordReset.objects.get().used_at is None


def test_an_outsider_cannot_send_a_reset_link(account, other_worker, outbox):
    staff = Client()
    staff.force_login(other_worker)
    response = staff.post(reverse("portal:staff_password_reset", args=[account.person_id]))
    assert response.status_code == 404 and outbox == []


def test_a_new_invitation_is_refused_while_an_account_exists_pointing_to_reset(
    account, social_worker
):
    with pytest.raises(ValidationError, match="password reset"):
        services.invitation_create(
            user=social_worker,
            person=account.person,
            channel="email",
            send_to="a@example.com",
            base_url=BASE,
        )


# --- Children in Care Council ----------------------------------------------------------------


def _council_meeting(user: Any) -> Any:
    from hearth.children_in_care.services import council_meeting_record

    return council_meeting_record(
        user=user, held_on=date(2026, 6, 3), attendance=9, notes="Synthetic council notes"
    )


def test_an_idea_goes_onto_a_council_meetings_record_without_a_name(account, team_manager):
    idea = services.idea_raise(account=account, kind="idea", text="Free bus passes")
    meeting = _council_meeting(team_manager)
    staff = Client()
    staff.force_login(team_manager)
    response = staff.post(
        reverse("portal:staff_idea_meeting", args=[idea.pk]), {"meeting": str(meeting.pk)}
    )
    assert response.url == reverse("portal:staff_council")
    issue = meeting.issues.get()
    assert "Free bus passes" in issue.issue
    assert account.person.first_name not in issue.issue + issue.raised_with
    idea.refresh_from_db()
    assert idea.council_issue == issue
    # The published response feeds the council's record too.
    services.idea_respond(user=team_manager, idea=idea, response="Bus passes for all")
    issue.refresh_from_db()
    assert issue.response == "Bus passes for all" and issue.responded_on == date(2026, 6, 10)
    with pytest.raises(ValidationError, match="already"):
        services.idea_add_to_council_meeting(user=team_manager, idea=idea, meeting=meeting)


def test_an_answered_idea_takes_its_response_onto_the_meeting(account, team_manager):
    idea = services.idea_raise(account=account, kind="problem", text="Wifi at the home")
    services.idea_respond(user=team_manager, idea=idea, response="Fixed")
    meeting = _council_meeting(team_manager)
    services.idea_add_to_council_meeting(user=team_manager, idea=idea, meeting=meeting)
    assert meeting.issues.get().response == "Fixed"


def test_a_social_worker_cannot_write_ideas_onto_council_records(account, social_worker):
    idea = services.idea_raise(account=account, kind="idea", text="More trips")
    staff = Client()
    staff.force_login(social_worker)
    assert staff.get(reverse("portal:staff_idea_meeting", args=[idea.pk])).status_code == 404


def test_the_demo_writes_answered_ideas_onto_the_latest_council_meeting(account, team_manager):
    from hearth.portal.demo import portal_demo

    meeting = _council_meeting(team_manager)
    counts = portal_demo(limit=1)
    assert counts["ideas"] == 1
    idea = account.person.portal_ideas.get()
    assert idea.responded_at is not None and idea.council_issue.meeting == meeting
    assert meeting.issues.get().response == idea.response
