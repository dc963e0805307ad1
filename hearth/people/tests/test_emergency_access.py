"""Break-glass: a practitioner opens a child outside their circle only with a reason, for a
limited time, the child's team manager is told, and every access is listed for the data
protection officer."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from hearth.accounts.models import Role
from hearth.accounts.tests.factories import UserFactory
from hearth.core.models import AuditAction, AuditEntry
from hearth.people.models import EmergencyAccess, Person
from hearth.people.services import emergency_access_end, emergency_access_grant

REASON = "Police called at 2am: the child was found alone at a station"


@pytest.fixture
def team_b_manager(team_b):
    manager = UserFactory(username="tm.b", role=Role.TEAM_MANAGER, email="tm.b@example.org")
    team_b.manager = manager
    team_b.save()
    return manager


@pytest.fixture
def dpo(db):
    return UserFactory(username="dpo", role=Role.DATA_PROTECTION_OFFICER)


def test_a_grant_opens_the_child_for_the_set_hours_and_then_closes(
    social_worker, other_child, team_b_manager
):
    visible = Person.objects.children().visible_to
    assert not visible(social_worker).filter(pk=other_child.pk).exists()

    grant = emergency_access_grant(user=social_worker, child=other_child, reason=REASON)

    assert grant.expires_at - grant.granted_at == timedelta(hours=24)
    assert visible(social_worker).filter(pk=other_child.pk).exists()
    with time_machine.travel(grant.expires_at + timedelta(minutes=1)):
        assert not visible(social_worker).filter(pk=other_child.pk).exists()


def test_the_child_s_team_manager_is_told_with_the_reason(
    social_worker, other_child, team_b_manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        grant = emergency_access_grant(user=social_worker, child=other_child, reason=REASON)

    assert list(grant.notified.all()) == [team_b_manager]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["tm.b@example.org"]
    assert REASON in mail.outbox[0].body
    assert other_child.full_name not in mail.outbox[0].body, "names stay out of email"


def test_a_short_reason_a_restricted_record_or_a_child_already_seen_are_refused(
    social_worker, other_child, allocated_child
):
    with pytest.raises(ValidationError, match="at least 20 characters"):
        emergency_access_grant(user=social_worker, child=other_child, reason="urgent")
    with pytest.raises(ValidationError, match="already see"):
        emergency_access_grant(user=social_worker, child=allocated_child, reason=REASON)
    other_child.restricted = True
    other_child.save()
    with pytest.raises(ValidationError, match="cannot be opened"):
        emergency_access_grant(user=social_worker, child=other_child, reason=REASON)
    assert not EmergencyAccess.objects.exists()


def test_the_grant_is_audited_with_its_reason_and_ending_it_closes_access(
    social_worker, other_child
):
    grant = emergency_access_grant(user=social_worker, child=other_child, reason=REASON)
    entry = AuditEntry.objects.filter(object_type="people.emergencyaccess").get()
    assert (entry.action, entry.child_id, entry.reason) == (
        AuditAction.CREATE,
        other_child.pk,
        REASON,
    )

    emergency_access_end(user=social_worker, grant=grant)

    assert not Person.objects.visible_to(social_worker).filter(pk=other_child.pk).exists()


def test_the_search_asks_for_a_reason_and_never_lists_restricted_records(
    client, social_worker, other_child
):
    client.force_login(social_worker)
    url = reverse("people:emergency_access")
    response = client.post(url, {"reason": "", "q": other_child.last_name})
    assert "Enter why you need to open a record outside your work" in response.content.decode()
    assert other_child.full_name not in response.content.decode()

    response = client.post(url, {"reason": REASON, "q": other_child.last_name})
    assert other_child.display_name in response.content.decode()
    search = AuditEntry.objects.filter(summary__startswith="Emergency search").get()
    assert search.reason == REASON

    other_child.restricted = True
    other_child.save()
    response = client.post(url, {"reason": REASON, "q": other_child.last_name})
    assert other_child.display_name not in response.content.decode()


def test_opening_a_record_goes_to_the_child_with_the_expiry_shown(
    client, social_worker, other_child
):
    client.force_login(social_worker)
    response = client.post(
        reverse("people:emergency_access_open"),
        {"reason": REASON, "child_id": other_child.pk},
        follow=True,
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "You are seeing this record with emergency access until" in page
    assert "End emergency access now" in page


def test_the_report_shows_every_grant_to_the_dpo_and_only_their_teams_to_a_manager(
    client, social_worker, other_child, allocated_child, team_b_manager, dpo, colleague
):
    emergency_access_grant(user=social_worker, child=other_child, reason=REASON)
    emergency_access_grant(
        user=UserFactory(username="sw.b", role=Role.SOCIAL_WORKER),
        child=allocated_child,
        reason="Hospital asked about the child's allergies late at night",
    )
    client.force_login(dpo)
    page = client.get(reverse("people:emergency_access_report")).content.decode()
    assert "2 emergency accesses" in page

    client.force_login(team_b_manager)
    page = client.get(reverse("people:emergency_access_report")).content.decode()
    assert "1 emergency access," in page
    assert REASON in page
    assert "allergies" not in page


def test_borough_wide_roles_and_partners_have_no_break_glass(client, iro, partner_referrer):
    for user in (iro, partner_referrer):
        client.force_login(user)
        assert client.get(reverse("people:emergency_access")).status_code == 404


def test_an_expired_grant_shows_as_expired_in_the_report(client, social_worker, other_child, dpo):
    grant = emergency_access_grant(user=social_worker, child=other_child, reason=REASON)
    with time_machine.travel(grant.expires_at + timedelta(hours=1)):
        client.force_login(dpo)
        page = client.get(reverse("people:emergency_access_report")).content.decode()
    assert "Expired" in page
    assert timezone.now() < grant.expires_at
