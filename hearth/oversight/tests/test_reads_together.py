"""The key points and case types read their sources together: one query for a short list of
children, one query per source for a long one, and the same answer either way."""

import datetime as dt

import pytest

from hearth.assessments.models import CINEpisode
from hearth.casework.tests.factories import AllocationFactory
from hearth.child_protection.models import CINPlan, CINReview, Conference, CPPlan
from hearth.oversight import keypoints, selectors
from hearth.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 10)
SINCE = dt.date(2026, 1, 1)


@pytest.fixture
def child_with_every_source(team_a, social_worker, iro):
    child = ChildFactory()
    AllocationFactory(
        child=child, team=team_a, worker=social_worker, start_date=dt.date(2026, 1, 5)
    )
    episode = CINEpisode.objects.create(
        child=child,
        referral_date=dt.date(2025, 12, 1),
        referral_source="1A",
        closure_date=dt.date(2026, 3, 9),
        closure_reason="RC8",
    )
    meeting = {
        "child": child,
        "episode": episode,
        "chair": iro,
        "parents_participation": "attended",
        "child_participation": "attended",
        "decision": "plan",
        "rationale": "Synthetic rationale.",
        "recorded_by": social_worker,
    }
    initial = Conference.objects.create(kind="initial", held_on=dt.date(2026, 1, 12), **meeting)
    cp_plan = CPPlan.objects.create(
        child=child,
        episode=episode,
        initial_conference=initial,
        start_date=dt.date(2026, 1, 12),
        end_date=dt.date(2026, 2, 20),
        initial_category="NEG",
        latest_category="NEG",
    )
    Conference.objects.create(kind="review", plan=cp_plan, held_on=dt.date(2026, 2, 20), **meeting)
    cin_plan = CINPlan.objects.create(
        child=child,
        episode=episode,
        start_date=dt.date(2026, 2, 21),
        end_date=dt.date(2026, 3, 6),
    )
    CINReview.objects.create(
        plan=cin_plan,
        held_on=dt.date(2026, 3, 5),
        progress="Synthetic progress.",
        decision="step_down",
        recorded_by=social_worker,
    )
    return child


EXPECTED = [
    ("allocation", dt.date(2026, 1, 5), "casework.allocation"),
    ("plan_change", dt.date(2026, 1, 12), "child_protection.cpplan"),
    ("plan_change", dt.date(2026, 2, 20), "child_protection.conference"),
    ("plan_change", dt.date(2026, 2, 20), "child_protection.cpplan.end"),
    ("plan_change", dt.date(2026, 2, 21), "child_protection.cinplan"),
    ("step_down", dt.date(2026, 3, 5), "child_protection.cinreview"),
    ("plan_change", dt.date(2026, 3, 6), "child_protection.cinplan.end"),
    ("closure", dt.date(2026, 3, 9), "assessments.cinepisode"),
]


def test_every_key_point_source_is_read_in_one_query_for_a_short_list(
    child_with_every_source, team_a, django_assert_num_queries
):
    with django_assert_num_queries(1):
        points = keypoints.key_points([child_with_every_source.pk], SINCE, TODAY)
    assert [(p.occasion, p.on, p.source_type) for p in points] == EXPECTED
    assert [p.what for p in points] == [
        f"Allocated to {team_a.name}",
        "Child protection plan started",
        "Child protection plan reviewed at conference",
        "Child protection plan ended",
        "Child in need plan started",
        "Child in need plan reviewed",
        "Child in need plan ended",
        "Child in need episode closed",
    ]


def test_a_long_list_reads_each_key_point_source_apart_with_the_same_answer(
    child_with_every_source, monkeypatch, django_assert_num_queries
):
    together = keypoints.key_points([child_with_every_source.pk], SINCE, TODAY)
    monkeypatch.setattr(selectors, "UNION_MAX_CHILDREN", 0)
    with django_assert_num_queries(7):
        apart = keypoints.key_points([child_with_every_source.pk], SINCE, TODAY)
    assert apart == together


def test_case_types_read_in_one_query_or_one_per_source_with_the_same_answer(
    child_with_every_source, other_child, django_assert_num_queries, monkeypatch
):
    ids = [child_with_every_source.pk, other_child.pk]
    CINPlan.objects.filter(child=child_with_every_source).update(end_date=None)
    with django_assert_num_queries(1):
        together = selectors.case_types(ids, TODAY)
    assert dict(together) == {child_with_every_source.pk: {"cin"}}
    monkeypatch.setattr(selectors, "UNION_MAX_CHILDREN", 0)
    assert selectors.case_types(ids, TODAY) == together
    assert selectors.case_types(None, TODAY) == together
