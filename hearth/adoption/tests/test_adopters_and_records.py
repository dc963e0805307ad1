"""Adopter recruitment and approval, previous permanence and life-story work."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from hearth.adoption import services
from hearth.adoption.models import AdopterFamily, LeavingReason
from hearth.core.models import AuditEntry


def test_an_enquiry_gives_the_family_and_each_adopter_an_identifier(enquiry, social_worker):
    family = enquiry()
    assert family.family_identifier.startswith("AF")
    assert [a.identifier for a in family.adopters.all()] == [
        f"{family.family_identifier}-1",
        f"{family.family_identifier}-2",
    ]
    assert family.worker == social_worker and family.team == social_worker.team
    assert family.stage == "Enquiry received"
    assert AuditEntry.objects.filter(object_type="adoption.adopterfamily").exists()


def test_a_couple_needs_two_names_and_a_couple_legal_status(enquiry):
    with pytest.raises(ValidationError) as excinfo:
        enquiry(adopters=[services.AdopterInput("Sam", "Ng", "M")], legal_status="L0")
    errors = excinfo.value.message_dict
    assert "both adopters" in errors["sex_code"][0]
    assert "single adopter or a couple" in errors["legal_status"][0]


def test_stages_come_in_order(enquiry, social_worker):
    family = enquiry()
    with pytest.raises(ValidationError) as excinfo:
        services.adopter_stage_record(
            user=social_worker, family=family, stage="stage2_started_on", on=date(2026, 1, 5)
        )
    assert "Record 'Application submitted' first" in excinfo.value.message_dict["stage"][0]
    with pytest.raises(ValidationError) as excinfo:
        services.adopter_stage_record(
            user=social_worker, family=family, stage="stage1_started_on", on=date(2025, 8, 1)
        )
    assert "on or after enquiry received (01/09/2025)" in excinfo.value.message_dict["date"][0]


def test_approval_walks_through_every_stage(approved):
    assert approved.stage == "Approved"
    assert approved.approved_on == date(2026, 3, 27)


def test_a_family_on_hold_can_restart_but_one_that_withdrew_cannot(enquiry, social_worker):
    family = services.adopter_leave_record(
        user=social_worker,
        family=enquiry(),
        on=date(2026, 1, 10),
        reason=LeavingReason.ON_HOLD,
        notes="House move",
    )
    assert family.stage == "Process on hold"
    with pytest.raises(ValidationError):
        services.adopter_stage_record(
            user=social_worker, family=family, stage="stage1_started_on", on=date(2026, 2, 1)
        )
    family = services.adopter_restart(user=social_worker, family=family)
    assert family.left_on is None
    withdrawn = services.adopter_leave_record(
        user=social_worker, family=family, on=date(2026, 2, 1), reason=LeavingReason.WITHDREW
    )
    with pytest.raises(ValidationError):
        services.adopter_restart(user=social_worker, family=withdrawn)


def test_adopters_are_seen_by_their_team_and_readers_not_by_other_teams_or_partners(
    enquiry, social_worker, colleague, other_worker, team_manager, senior_leader, partner_referrer
):
    family = enquiry()
    for user in (social_worker, colleague, team_manager, senior_leader):
        assert AdopterFamily.objects.visible_to(user).filter(pk=family.pk).exists(), user
    for user in (other_worker, partner_referrer):
        assert not AdopterFamily.objects.visible_to(user).exists(), user


def test_previous_permanence_z1_stands_alone(today, social_worker, allocated_child):
    with pytest.raises(ValidationError) as excinfo:
        services.previous_permanence_record(
            user=social_worker, child=allocated_child, prev_perm="Z1", la_perm="316"
        )
    assert "Leave the local authority" in excinfo.value.message_dict["prev_perm"][0]
    with pytest.raises(ValidationError) as excinfo:
        services.previous_permanence_record(
            user=social_worker, child=allocated_child, prev_perm="P2", la_perm="31"
        )
    assert "3-digit" in excinfo.value.message_dict["la_perm"][0]
    record = services.previous_permanence_record(
        user=social_worker,
        child=allocated_child,
        prev_perm="P2",
        la_perm="316",
        date_perm=date(2019, 3, 4),
    )
    again = services.previous_permanence_record(
        user=social_worker, child=allocated_child, prev_perm="Z1"
    )
    assert again.pk == record.pk and (again.la_perm, again.date_perm) == ("", None)


def test_a_later_life_letter_needs_a_placement_for_adoption(
    journey, social_worker, allocated_child, carers, approved
):
    from hearth.adoption.tests.test_journey import _to_placed

    with pytest.raises(ValidationError) as excinfo:
        services.later_life_letter_record(
            user=social_worker,
            child=allocated_child,
            written_on=date(2026, 6, 1),
            written_by="Jo Patel",
        )
    assert "placed for adoption" in excinfo.value.message_dict["written_on"][0]
    _to_placed(journey, social_worker, carers)
    with pytest.raises(ValidationError) as excinfo:
        services.later_life_letter_record(
            user=social_worker,
            child=allocated_child,
            written_on=date(2026, 6, 5),
            written_by="Jo Patel",
            given_on=date(2026, 6, 2),
        )
    assert "written before it is given" in excinfo.value.message_dict["given_on"][0]
    letter = services.later_life_letter_record(
        user=social_worker,
        child=allocated_child,
        written_on=date(2026, 6, 5),
        written_by="Jo Patel, social worker",
        given_on=date(2026, 6, 9),
    )
    assert letter.given_on == date(2026, 6, 9)


def test_previous_permanence_other_than_z1_needs_the_authority_and_the_date_as_rule_630_does(
    today, social_worker, allocated_child
):
    with pytest.raises(ValidationError) as excinfo:
        services.previous_permanence_record(
            user=social_worker, child=allocated_child, prev_perm="P4", la_perm="999"
        )
    assert set(excinfo.value.message_dict) == {"date_perm"}
    assert not allocated_child.__class__.objects.filter(
        pk=allocated_child.pk, previous_permanence__isnull=False
    ).exists()
