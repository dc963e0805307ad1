"""The demo gives children in care every scenario through the services, and the SSDA903
extract reads it back with the DfE column names."""

from __future__ import annotations

from datetime import date

import pytest

from hearth.accounts.tests.factories import TeamFactory
from hearth.casework.tests.factories import AllocationFactory
from hearth.children_in_care import extract, selectors
from hearth.children_in_care.demo import SCENARIOS, children_in_care_demo
from hearth.children_in_care.models import Episode, IROChallenge, PeriodOfCare
from hearth.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def care_team(safeguarding_service, team_manager):
    return TeamFactory(
        name="Children in Care Team 1", service=safeguarding_service, manager=team_manager
    )


def test_the_demo_gives_children_in_care_every_scenario(
    today, care_team, social_worker, team_manager, iro
):
    for _ in range(SCENARIOS):
        child = ChildFactory(date_of_birth=date(2014, 3, 1))
        AllocationFactory(
            child=child, team=care_team, worker=social_worker, start_date=date(2024, 1, 8)
        )
    counts = children_in_care_demo(today=today, seed=7)
    assert sum(counts.values()) == SCENARIOS
    assert set(Episode.objects.values_list("rne", flat=True)) >= {"S", "L", "P", "T"}
    assert {"V2", "C1", "C2", "E1", "L1"} <= set(
        Episode.objects.values_list("legal_status", flat=True)
    )
    assert {"U6", "K2", "A5", "P1", "T1"} <= set(Episode.objects.values_list("place", flat=True))
    assert PeriodOfCare.objects.filter(end_date__isnull=False).exists()
    assert IROChallenge.objects.open().exists()
    assert Episode.objects.filter(placement_location="OUT").exists()
    rows = selectors.reviews_due(team_manager, today)
    assert any(r.is_overdue(today) for r in rows)
    # Health, education, placements and the service records come with it; visits are on the
    # chronology.
    from hearth.casework.models import ChronologyEntry
    from hearth.children_in_care.models import (
        CouncilMeeting,
        FosteringEnquiry,
        HealthAssessment,
        PersonalEducationPlan,
        PlacementMatch,
    )

    assert HealthAssessment.objects.exists() and PersonalEducationPlan.objects.exists()
    assert PlacementMatch.objects.exists()
    assert FosteringEnquiry.objects.filter(stage="left").exists()
    assert CouncilMeeting.objects.exists()
    assert ChronologyEntry.objects.filter(category="Case note", summary__icontains="visit").exists()
    assert selectors.sufficiency(team_manager, today).short_notice_moves


def test_the_extract_uses_the_dfe_columns_and_date_objects(period, social_worker, iro, today):
    from hearth.children_in_care import services

    services.review_record(
        user=social_worker,
        period=period,
        held_on=date(2026, 5, 28),
        iro=iro,
        attendance="All",
        participation="PN1",
        views_sought="met_iro",
        child_views="Fine",
    )
    (episode,) = extract.episodes(2026)
    assert tuple(episode) == extract.EPISODE_COLUMNS
    assert episode["DECOM"] == date(2026, 5, 1) and episode["DEC"] is None
    assert (episode["RNE"], episode["LS"], episode["PLACE"], episode["PLACE_PROVIDER"]) == (
        "S",
        "V2",
        "U6",
        "PR1",
    )
    (header,) = extract.header(2026)
    assert tuple(header) == extract.HEADER_COLUMNS
    (review,) = extract.reviews(2026)
    assert tuple(review) == extract.REVIEW_COLUMNS and review["REVIEW"] == date(2026, 5, 28)
    assert extract.episodes(2024) == []
