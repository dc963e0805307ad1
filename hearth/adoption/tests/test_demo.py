"""The demo gives the borough every adoption and permanence scenario through the services,
and adopters at every stage; the extracts read it back."""

from __future__ import annotations

from datetime import date

import pytest

from hearth.accounts.tests.factories import TeamFactory
from hearth.adoption import extract
from hearth.adoption.demo import SCENARIOS, adoption_demo
from hearth.adoption.models import AdopterFamily, AdoptionJourney, PermanenceOrder
from hearth.casework.tests.factories import AllocationFactory
from hearth.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def care_team(safeguarding_service, team_manager):
    return TeamFactory(
        name="Children in Care Team 1", service=safeguarding_service, manager=team_manager
    )


def test_the_demo_has_adopted_placed_matched_reversed_and_sgo_children_and_adopters_at_each_stage(
    today, care_team, social_worker, team_manager
):
    for _ in range(SCENARIOS):
        child = ChildFactory(date_of_birth=date(2020, 3, 1))
        AllocationFactory(
            child=child, team=care_team, worker=social_worker, start_date=date(2023, 1, 9)
        )
    counts = adoption_demo(today=today, seed=7)
    assert sum(counts.values()) == SCENARIOS
    stages = {j.stage for j in AdoptionJourney.objects.all()}
    assert stages == {
        "Adopted",
        "Placement order",
        "Matched",
        "Should be placed for adoption",
        "Decision reversed",
        "Placed for adoption",
    }
    assert AdoptionJourney.objects.filter(ffa_placed_on__isnull=False).exists()
    assert PermanenceOrder.objects.get().reason_ceased == "E45"
    family_stages = {f.stage for f in AdopterFamily.objects.all()}
    assert {
        "Enquiry received",
        "Stage 1 started",
        "Stage 2 started",
        "Adoption panel",
        "Approved",
        "Withdrew",
        "Process on hold",
        "Application refused",
    } <= family_stages
    assert len(extract.ad1(2026)) == 1
    assert len(extract.annex_a_list_10(today)) == 6
    assert extract.annex_a_list_11(today)
