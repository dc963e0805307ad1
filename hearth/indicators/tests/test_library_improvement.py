"""Indicators for the inspection's improvement areas 1, 2, 4 and 7, each on a small hand-made
record whose figure is worked out here (the year 1 April 2025 to 31 March 2026), and their place
on the inspection readiness page."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from hearth.casework.tests.factories import AllocationFactory
from hearth.child_protection.models import ChildParticipation
from hearth.indicators.base import Period
from hearth.indicators.inspection import AREA_INDICATORS, readiness
from hearth.indicators.library import REGISTRY
from hearth.indicators.scope import Scope
from hearth.indicators.selectors import indicator_figure
from hearth.indicators.tests.conftest import cp_review
from hearth.missing_exploitation.models import SafetyPlan, SafetyPlanReview, Screening
from hearth.oversight.models import ImprovementAction, ImprovementArea, LeadershipEngagement
from hearth.oversight.services import improvement_areas_seed
from hearth.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db

YEAR = Period(date(2025, 4, 1), date(2026, 3, 31))


def figure(indicator_id: str, period: Period = YEAR, scope: Scope | None = None) -> Any:
    return indicator_figure(indicator=REGISTRY[indicator_id], period=period, scope=scope)


def summary(fig: Any) -> tuple[int, int, float | None]:
    return fig.numerator, fig.denominator, fig.value


# Area 1: senior leadership urgency in progressing the improvement plan ------------------------


def test_improvement_actions_on_time_count_actions_due_in_the_year_done_by_their_date(
    senior_leader,
):
    improvement_areas_seed()
    area = ImprovementArea.objects.get(number=1)

    def action(due: date, completed: date | None) -> ImprovementAction:
        return ImprovementAction.objects.create(
            area=area,
            description=f"Action due {due}",
            owner=senior_leader,
            due_on=due,
            status="complete" if completed else "in_progress",
            completed_on=completed,
            created_by=senior_leader,
        )

    action(date(2025, 6, 30), date(2025, 6, 30))  # done on the day: on time
    action(date(2025, 9, 30), date(2025, 10, 15))  # done late
    action(date(2026, 3, 31), None)  # due on the last day, not done
    action(date(2025, 3, 31), date(2025, 3, 1))  # due before the year: not counted
    action(date(2026, 4, 1), None)  # due after the year: not counted
    fig = figure("improvement_actions_on_time")
    assert summary(fig) == (1, 3, 33.3)
    assert [row.label for row in fig.numerator_rows] == ["Area 1: Action due 2025-06-30"]
    assert len(fig.rows) == fig.denominator


# Area 2: senior managers' interaction with social workers so staff feel listened to -----------


def test_leadership_engagement_counts_sessions_with_a_change_recorded_by_the_year_end(
    senior_leader, social_worker, team_a, team_b
):
    def session(held: date, team: Any, changed: str = "", changed_on: date | None = None) -> Any:
        return LeadershipEngagement.objects.create(
            leader=senior_leader,
            kind="practice_visit",
            held_on=held,
            team=team,
            staff_count=6,
            heard="Synthetic: what staff said.",
            changed=changed,
            changed_on=changed_on,
            recorded_by=senior_leader,
        )

    session(date(2025, 5, 1), team_a, "Synthetic: duty rota changed.", date(2025, 6, 1))
    session(date(2025, 11, 1), team_a, "Synthetic: later change.", date(2026, 4, 10))  # after
    session(date(2026, 2, 1), team_b)  # nothing changed yet
    session(date(2025, 3, 1), team_a, "Synthetic.", date(2025, 3, 2))  # before the year
    fig = figure("leadership_engagement_acted_on")
    assert summary(fig) == (1, 3, 33.3)
    assert fig.numerator_rows[0].label == f"Practice visit to a team, {team_a.name}"
    # A team's figure: the sessions with the team holding its children.
    AllocationFactory(team=team_b, worker=social_worker, start_date=date(2025, 1, 1))
    team = Scope("team", team_b.pk, "B")
    assert summary(figure("leadership_engagement_acted_on", scope=team)) == (0, 1, 0.0)
    # Improvement plan actions are the borough's: a team has none of them.
    assert summary(figure("improvement_actions_on_time", scope=team)) == (0, 0, None)


# Area 4: children's participation in their planning -------------------------------------------


def test_cp_conference_child_participation_leaves_out_children_too_young(records):
    children = [records.child(n) for n in ("Attends", "Writes", "Declines", "Baby", "Before")]
    attends, writes, declines, baby, before = children
    records.icpc(attends, date(2025, 5, 1), date(2025, 5, 15))  # views through the worker
    plan = records.cp_plan(writes, date(2025, 4, 1))
    review = cp_review(records, plan, date(2025, 7, 1))
    review.child_participation = ChildParticipation.WRITTEN
    review.save()
    for child, code, held in (
        (declines, ChildParticipation.DECLINED, date(2026, 3, 31)),
        (baby, ChildParticipation.TOO_YOUNG, date(2025, 8, 1)),
        (before, ChildParticipation.ATTENDED, date(2025, 3, 31)),
    ):
        conference = records.icpc(child, held, held)
        conference.child_participation = code
        conference.save()
    # In the year: Attends (ICPC), Writes (ICPC on 1 April 2025 and the review), Declines;
    # the baby is left out; Before was held before the year.
    fig = figure("cp_conference_child_participation")
    assert summary(fig) == (3, 4, 75.0)
    assert {row.child_id for row in fig.numerator_rows} == {attends.pk, writes.pk}
    assert {row.child_id for row in fig.rows} == {attends.pk, writes.pk, declines.pk}


# Area 7: safety planning for children at risk of exploitation ----------------------------------


def test_exploitation_safety_plans_in_date_as_at_the_year_end(social_worker):
    def screening(child: Any, on: date, level: str) -> Screening:
        return Screening.objects.create(
            child=child,
            screened_on=on,
            computed_level=level,
            risk_level=level,
            review_on=date(2026, 9, 1),
            recorded_by=social_worker,
        )

    def plan(child: Any, agreed: date, review: date, ended: date | None = None) -> SafetyPlan:
        return SafetyPlan.objects.create(
            child=child,
            agreed_on=agreed,
            review_on=review,
            summary="Synthetic.",
            ended_on=ended,
            end_reason="Synthetic." if ended else "",
            recorded_by=social_worker,
        )

    planned, overdue, reviewed, unplanned, lowered, later, ended = (
        ChildFactory(first_name=n)
        for n in ("Planned", "Overdue", "Reviewed", "Unplanned", "Lowered", "Later", "Ended")
    )
    screening(planned, date(2026, 1, 5), "high")
    plan(planned, date(2026, 1, 10), date(2026, 3, 31))  # review due on the day: in date
    screening(overdue, date(2025, 6, 1), "medium")
    plan(overdue, date(2025, 6, 5), date(2025, 9, 5))  # review missed
    screening(reviewed, date(2025, 6, 1), "medium")
    reviewed_plan = plan(reviewed, date(2025, 6, 5), date(2026, 4, 30))
    SafetyPlanReview.objects.create(  # reviewed after the year end: at 31 March it was overdue
        plan=reviewed_plan,
        reviewed_on=date(2026, 4, 2),
        notes="Synthetic.",
        next_review_on=date(2026, 4, 30),
        recorded_by=social_worker,
    )
    SafetyPlanReview.objects.create(
        plan=reviewed_plan,
        reviewed_on=date(2025, 9, 1),
        notes="Synthetic.",
        next_review_on=date(2025, 12, 1),
        recorded_by=social_worker,
    )
    screening(unplanned, date(2026, 2, 1), "high")  # no plan
    screening(lowered, date(2025, 5, 1), "high")
    screening(lowered, date(2025, 10, 1), "low")  # latest screening low: not at risk
    screening(later, date(2026, 4, 2), "high")  # screened after the year end
    screening(ended, date(2025, 5, 1), "high")
    plan(ended, date(2025, 5, 2), date(2026, 6, 1), ended=date(2026, 3, 1))  # ended by then
    fig = figure("exploitation_safety_plans_in_date")
    assert summary(fig) == (1, 5, 20.0)
    assert {row.child_id for row in fig.numerator_rows} == {planned.pk}
    assert {row.child_id for row in fig.rows} == {
        planned.pk,
        overdue.pk,
        reviewed.pk,
        unplanned.pk,
        ended.pk,
    }
    details = {row.child_id: row.detail for row in fig.rows}
    assert details[reviewed.pk] == (
        "Screened 01/06/2025 at medium risk; plan agreed 05/06/2025, review due 01/12/2025"
    )


# Inspection readiness --------------------------------------------------------------------------


def test_every_improvement_area_has_a_live_indicator(senior_leader):
    improvement_areas_seed()
    assert set(AREA_INDICATORS) == set(range(1, 12))
    assert all(i in REGISTRY for ids in AREA_INDICATORS.values() for i in ids)
    result = readiness(as_of=date(2026, 3, 31))
    measured = {
        row.area.number: [move.now.indicator.id for move in row.measures]
        for row in result.improvements
    }
    assert measured[1] == ["improvement_actions_on_time"]
    assert measured[2] == ["leadership_engagement_acted_on"]
    assert measured[4] == ["cp_conference_child_participation", "cla_review_participation"]
    assert measured[7] == ["exploitation_safety_plans_in_date"]


def test_the_list_behind_a_plan_figure_names_the_actions_and_outsiders_get_not_found(
    signed_in, senior_leader, social_worker
):
    improvement_areas_seed()
    ImprovementAction.objects.create(
        area=ImprovementArea.objects.get(number=1),
        description="Synthetic: weekly performance clinic",
        owner=senior_leader,
        due_on=date(2025, 12, 1),
        status="complete",
        completed_on=date(2025, 11, 20),
        created_by=senior_leader,
    )
    query = "as_of-day=31&as_of-month=3&as_of-year=2026&scope=borough"
    url = f"/indicators/improvement_actions_on_time/children/?{query}"
    page = signed_in(senior_leader).get(url).content.decode()
    assert "Area 1: Synthetic: weekly performance clinic" in page
    assert "In the numerator (1)" in page
    assert signed_in(social_worker).get(url).status_code == 404
