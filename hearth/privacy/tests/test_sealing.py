"""Sealed adoption records: the adoption order seals the child's record, which then answers
"not found" to everyone outside the named roles, like an outsider, and is audited."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from hearth.adoption import services as adoption
from hearth.adoption.tests.test_journey import _to_placed
from hearth.casework.models import ChronologyEntry
from hearth.core.models import AuditAction, AuditEntry
from hearth.people.models import Person
from hearth.privacy.models import SealedRecord
from hearth.privacy.sealing import sealed_record_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def sealed(journey, social_worker, carers, approved):
    journey = _to_placed(journey, social_worker, carers)
    return adoption.adoption_order_record(
        user=social_worker, journey=journey, on=date(2026, 6, 9), reason_ceased="E11"
    )


def test_the_adoption_order_seals_the_record_with_a_chronology_line_and_audit(
    sealed, allocated_child, social_worker
):
    seal = SealedRecord.objects.get(child=allocated_child)
    assert (seal.sealed_on, seal.sealed_by, seal.adoption_journey_id) == (
        date(2026, 6, 9),
        social_worker,
        sealed.pk,
    )
    assert ChronologyEntry.objects.filter(child=allocated_child, category="Record sealed").exists()
    assert AuditEntry.objects.filter(
        object_type="privacy.sealedrecord", action=AuditAction.CREATE, child_id=allocated_child.pk
    ).exists()


def test_a_sealed_record_is_hidden_from_its_team_and_borough_wide_roles_outside_the_named_ones(
    sealed, allocated_child, social_worker, team_manager, iro, senior_leader
):
    for user in (social_worker, team_manager, iro):
        assert not Person.objects.visible_to(user).filter(pk=allocated_child.pk).exists()
    assert Person.objects.visible_to(senior_leader).filter(pk=allocated_child.pk).exists()


def test_the_allocated_worker_gets_the_outsiders_not_found_and_the_attempt_is_audited(
    client, sealed, allocated_child, social_worker
):
    client.force_login(social_worker)
    response = client.get(reverse("casework:child_detail", args=[allocated_child.pk]))
    assert response.status_code == 404
    assert AuditEntry.objects.filter(
        action=AuditAction.DENIED, actor=social_worker, object_id=str(allocated_child.pk)
    ).exists()


def test_a_named_role_still_opens_the_sealed_record(client, sealed, allocated_child, senior_leader):
    client.force_login(senior_leader)
    response = client.get(reverse("casework:child_detail", args=[allocated_child.pk]))
    assert response.status_code == 200


def test_sealing_twice_keeps_the_first_seal(allocated_child, social_worker):
    first = sealed_record_create(
        child=allocated_child, user=social_worker, sealed_on=date(2026, 6, 1), reason="Order"
    )
    again = sealed_record_create(
        child=allocated_child, user=social_worker, sealed_on=date(2026, 6, 2), reason="Again"
    )
    assert again.pk == first.pk and again.sealed_on == date(2026, 6, 1)
