"""Invitations, setting up an account, signing in with a one-time code, the boundary between
young people and staff pages, suspension and closing at 25."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from hearth.core.models import AuditAction, AuditEntry
from hearth.people.tests.factories import ChildFactory
from hearth.portal import services
from hearth.portal.models import AccountStatus, PortalAccount
from hearth.portal.tests.factories import verified_client

LONDON = ZoneInfo("Europe/London")


def _invite(client: Client, social_worker, child) -> str:
    client.force_login(social_worker)
    response = client.post(
        reverse("portal:staff_invite", args=[child.pk]),
        {"channel": "email", "send_to": "amara@example.com"},
    )
    assert response.status_code == 302
    client.logout()
    return re.search(r"(/portal/welcome/start/[^/]+/)", services_outbox()[-1]["body"]).group(1)


def services_outbox():
    from hearth.portal.senders import MemorySender

    return MemorySender.outbox


def _code() -> str:
    return re.search(r"\b(\d{6})\b", services_outbox()[-1]["body"]).group(1)


def test_a_worker_invites_a_child_who_sets_up_an_account_with_a_password_and_a_code(
    client, outbox, period, social_worker, allocated_child
):
    link = _invite(client, social_worker, allocated_child)
    assert outbox[0]["to"] == "amara@example.com"
    page = client.get(link)
    assert "Set up your account" in page.content.decode()
    response = client.post(link, {"username": "amara", "password": "Sunflower-Kite-42"})
    assert response.url == reverse("portal:code")
    assert client.get(reverse("portal:home")).status_code == 302  # not in before the code
    response = client.post(reverse("portal:code"), {"code": _code()})
    assert response.url == reverse("portal:home")
    assert "Hello Amara" in client.get(reverse("portal:home")).content.decode()
    account = PortalAccount.objects.get(person=allocated_child)
    assert account.user.role == "young_person" and not account.user.is_staff
    assert AuditEntry.objects.filter(actor=account.user, action=AuditAction.LOGIN).exists()


def test_an_invitation_link_works_once(client, outbox, period, social_worker, allocated_child):
    link = _invite(client, social_worker, allocated_child)
    client.post(link, {"username": "amara", "password": "Sunflower-Kite-42"})
    again = Client().get(link)
    assert "This link does not work any more" in again.content.decode()
    response = Client().post(link, {"username": "amara2", "password": "Sunflower-Kite-42"})
    assert PortalAccount.objects.count() == 1 and response.status_code == 200


def test_an_invitation_link_runs_out_after_a_week(
    client, outbox, period, social_worker, allocated_child, time_machine
):
    link = _invite(client, social_worker, allocated_child)
    time_machine.move_to(datetime(2026, 6, 17, 10, 1, tzinfo=LONDON), tick=False)
    assert "This link does not work any more" in Client().get(link).content.decode()


def test_a_new_invitation_withdraws_the_old_link(
    client, outbox, period, social_worker, allocated_child
):
    first = _invite(client, social_worker, allocated_child)
    _invite(client, social_worker, allocated_child)
    assert "does not work any more" in Client().get(first).content.decode()


def test_children_under_the_minimum_age_or_not_in_care_cannot_be_invited(
    today, outbox, social_worker, allocated_child
):
    with pytest.raises(ValidationError, match="children in care and care leavers"):
        services.invitation_create(
            user=social_worker,
            person=allocated_child,
            channel="email",
            send_to="a@example.com",
            base_url="http://testserver/",
        )
    toddler = ChildFactory(date_of_birth=today - timedelta(days=365 * 5))
    with pytest.raises(ValidationError, match="from the age of 8"):
        services.invitation_create(
            user=social_worker,
            person=toddler,
            channel="text",
            send_to="07700 900982",
            base_url="http://testserver/",
        )


def test_signing_in_needs_the_password_and_then_the_right_code(client, outbox, account):
    response = client.post(reverse("portal:sign_in"), {"username": "amara", "password": "password"})
    assert response.url == reverse("portal:code")
    wrong = client.post(reverse("portal:code"), {"code": "000000" if _code() != "000000" else "1"})
    assert "not right" in wrong.content.decode()
    client.post(reverse("portal:code"), {"code": _code()})
    assert client.get(reverse("portal:home")).status_code == 200


def test_staff_cannot_sign_in_through_the_portal(client, outbox, social_worker, today):
    response = client.post(
        reverse("portal:sign_in"), {"username": social_worker.username, "password": "password"}
    )
    assert "not right" in response.content.decode() and not outbox


def test_a_young_persons_session_never_reaches_staff_pages(young_person, allocated_child):
    for url in (
        reverse("core:start"),
        reverse("casework:child_detail", args=[allocated_child.pk]),
        reverse("portal:staff_child", args=[allocated_child.pk]),
        reverse("care_leavers:service"),
    ):
        assert young_person.get(url).status_code == 404, url
    assert young_person.get(reverse("portal:plan")).status_code == 200


def test_staff_never_reach_a_young_persons_pages(client, social_worker, account):
    client.force_login(social_worker)
    assert client.get(reverse("portal:home")).status_code == 404
    assert client.get(reverse("portal:plan")).status_code == 404


def test_a_young_person_signed_in_without_the_code_is_signed_out(client, account):
    client.force_login(account.user)  # e.g. through the staff sign-in page
    response = client.get(reverse("core:start"))
    assert response.url == reverse("portal:sign_in")
    assert "_auth_user_id" not in client.session


def test_anonymous_visitors_go_to_the_portal_sign_in(client, today):
    response = client.get(reverse("portal:plan"))
    assert response.url.startswith(reverse("portal:sign_in"))


def test_a_suspended_account_is_signed_out_at_once_and_can_be_reinstated(
    young_person, account, social_worker
):
    staff = Client()
    staff.force_login(social_worker)
    staff.post(
        reverse("portal:staff_suspend", args=[account.person_id]),
        {"reason": "Worried someone else is using the phone"},
    )
    account.refresh_from_db()
    assert account.status == AccountStatus.SUSPENDED
    response = young_person.get(reverse("portal:home"))
    assert "why=closed" in response.url
    staff.post(reverse("portal:staff_reinstate", args=[account.person_id]))
    account.refresh_from_db()
    assert account.status == AccountStatus.ACTIVE


def test_accounts_close_at_25(account, time_machine):
    person = account.person
    person.date_of_birth = person.date_of_birth.replace(year=2001)
    person.save()
    assert services.account_problem(account) == "Your account closed when you turned 25."
    out = StringIO()
    call_command("portal_close_accounts", stdout=out)
    assert out.getvalue().strip() == "Closed 1 portal account."
    account.refresh_from_db()
    assert account.status == AccountStatus.CLOSED


def test_what_a_young_person_typed_survives_their_session_running_out(client, outbox, account):
    response = client.post(
        reverse("portal:meeting"),
        {"meeting": "cla_review", "worries": "I miss my little brother"},
    )
    assert response.url.startswith(reverse("portal:sign_in"))
    client.post(response.url, {"username": "amara", "password": "password"})
    after = client.post(
        reverse("portal:code") + "?next=/portal/before-my-meeting/", {"code": _code()}
    )
    assert after.url == reverse("portal:meeting")
    assert "I miss my little brother" in client.get(after.url).content.decode()


def test_every_page_a_young_person_opens_is_audited(young_person, account):
    for name in ("home", "plan", "story", "messages", "council", "meeting"):
        young_person.get(reverse(f"portal:{name}"))
    summaries = set(
        AuditEntry.objects.filter(
            actor=account.user, action=AuditAction.VIEW, child_id=account.person_id
        ).values_list("summary", flat=True)
    )
    assert {"Portal: home", "Portal: my plan", "Portal: my story", "Portal: messages"} <= summaries


def test_outsiders_get_not_found_on_the_staff_portal_page(client, other_worker, account):
    client.force_login(other_worker)
    assert client.get(reverse("portal:staff_child", args=[account.person_id])).status_code == 404
    assert AuditEntry.objects.filter(actor=other_worker, action=AuditAction.DENIED).exists()


def test_verified_client_helper_reaches_home(client, account):
    assert verified_client(client, account).get(reverse("portal:home")).status_code == 200


def test_staff_two_factor_rules_do_not_apply_to_young_people(account):
    from hearth.accounts.services import two_factor_required

    assert two_factor_required(account.user) is False
