"""Management oversight at key points: derived from the pathway records, due to the team's
manager within 5 working days, satisfied by the entry recorded for that key point."""

import datetime as dt

import pytest
import time_machine
from django.test import Client

from hearth.assessments import services as assessments
from hearth.casework.tests.factories import AllocationFactory
from hearth.oversight import keypoints, services
from hearth.oversight.models import OversightEntry
from hearth.people.tests.factories import ChildFactory
from hearth.timescales.engine import due_items

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 10, 12, 0)
TODAY = dt.date(2026, 3, 10)  # a Tuesday


def _key_point_items(child):
    return [i for i in due_items([child.pk], today=TODAY) if i.rule.id == "oversight_key_point"]


def _record(manager, child, occasion, ref=""):
    return services.oversight_record(
        user=manager,
        child=child,
        occasion=occasion,
        occurred_on=TODAY,
        direction="Visit weekly and review in a month",
        no_new_actions=True,
        no_actions_reason="Plan already sets the actions",
        source_ref=ref,
    )


@time_machine.travel(NOW, tick=False)
def test_a_new_allocation_asks_the_team_manager_for_oversight_within_five_working_days(
    team_a, social_worker, team_manager
):
    child = ChildFactory()
    allocation = AllocationFactory(
        child=child, team=team_a, worker=social_worker, start_date=dt.date(2026, 3, 6)
    )
    [item] = _key_point_items(child)
    assert item.assignee_id == team_manager.pk
    assert item.clock_start == dt.date(2026, 3, 6)
    assert item.due == dt.date(2026, 3, 13)  # Friday + 5 working days
    assert f"source=casework.allocation%3A{allocation.pk}" in item.url
    assert "occasion=allocation" in item.url


@time_machine.travel(NOW, tick=False)
def test_the_entry_recorded_for_the_key_point_satisfies_it_and_names_its_source(
    team_a, social_worker, team_manager
):
    child = ChildFactory()
    allocation = AllocationFactory(
        child=child, team=team_a, worker=social_worker, start_date=dt.date(2026, 3, 6)
    )
    entry = _record(team_manager, child, "allocation", f"casework.allocation:{allocation.pk}")
    assert (entry.source_type, entry.source_id) == ("casework.allocation", str(allocation.pk))
    assert _key_point_items(child) == []


@time_machine.travel(NOW, tick=False)
def test_an_entry_for_another_occasion_does_not_satisfy_a_key_point(
    team_a, social_worker, team_manager
):
    child = ChildFactory()
    AllocationFactory(
        child=child, team=team_a, worker=social_worker, start_date=dt.date(2026, 3, 6)
    )
    _record(team_manager, child, "review")
    assert len(_key_point_items(child)) == 1


@time_machine.travel(NOW, tick=False)
def test_key_points_older_than_the_look_back_are_left_to_the_interval_rule(
    team_a, social_worker, settings
):
    child = ChildFactory()
    AllocationFactory(
        child=child, team=team_a, worker=social_worker, start_date=dt.date(2025, 11, 1)
    )
    assert _key_point_items(child) == []
    settings.HEARTH = {**settings.HEARTH, "OVERSIGHT_KEY_POINT_LOOKBACK_DAYS": 200}
    assert len(_key_point_items(child)) == 1


@time_machine.travel(NOW, tick=False)
def test_assessment_authorisation_and_episode_closure_are_key_points(
    team_a, social_worker, team_manager
):
    child = ChildFactory()
    AllocationFactory(
        child=child, team=team_a, worker=social_worker, start_date=dt.date(2025, 9, 1)
    )
    episode = assessments.cin_episode_open(
        user=social_worker,
        child=child,
        referral_date=dt.date(2026, 2, 2),
        referral_source="2A",
        primary_need="N1",
    )
    assessment = assessments.assessment_start(
        user=social_worker, episode=episode, start_date=dt.date(2026, 2, 3)
    )
    assessment.refresh_from_db()
    assessments.assessment_submit(
        user=social_worker,
        assessment=assessment,
        data={
            "child_seen_on": dt.date(2026, 2, 4),
            "child_seen_alone_on": dt.date(2026, 2, 4),
            "child_views": "I want to stay at my school.",
            "history": "None.",
            "analysis": "Synthetic analysis.",
            "recommendation": "No further action.",
            "outcome": "NFA",
            "support_required": False,
        },
        version=assessment.version,
        factors=["21"],
        network=[],
    )
    assessments.assessment_authorise(
        user=team_manager, assessment=assessment, authorised_on=dt.date(2026, 3, 2)
    )
    points = keypoints.waiting_key_points([child.pk], TODAY)
    assert [(p.occasion, p.on) for p in points] == [
        ("assessment_authorisation", dt.date(2026, 3, 2))
    ]
    _record(team_manager, child, "assessment_authorisation", points[0].ref)
    episode.refresh_from_db()
    assessments.cin_episode_close(
        user=team_manager, episode=episode, closure_date=dt.date(2026, 3, 9), closure_reason="RC8"
    )
    [closure] = keypoints.waiting_key_points([child.pk], TODAY)
    assert (closure.occasion, closure.on, closure.what) == (
        "closure",
        dt.date(2026, 3, 9),
        "Child in need episode closed",
    )


@time_machine.travel(NOW, tick=False)
def test_the_oversight_form_links_the_entry_to_the_key_point_from_the_due_item(
    team_a, social_worker, team_manager
):
    child = ChildFactory()
    allocation = AllocationFactory(
        child=child, team=team_a, worker=social_worker, start_date=dt.date(2026, 3, 6)
    )
    [item] = _key_point_items(child)
    client = Client()
    client.force_login(team_manager)
    page = client.get(item.url)
    assert page.status_code == 200
    assert "For the key point: Allocated to" in page.content.decode()
    response = client.post(
        item.url,
        {
            "occasion": "allocation",
            "occurred_on-day": "10",
            "occurred_on-month": "3",
            "occurred_on-year": "2026",
            "direction": "Visit within 5 days",
            "no_new_actions": "on",
            "no_actions_reason": "Allocation plan sets the visits",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = OversightEntry.objects.get(child=child)
    assert entry.source_id == str(allocation.pk)
    assert _key_point_items(child) == []


@time_machine.travel(NOW, tick=False)
def test_a_made_up_source_on_the_form_links_nothing(team_a, social_worker, team_manager):
    child = ChildFactory()
    AllocationFactory(
        child=child, team=team_a, worker=social_worker, start_date=dt.date(2026, 3, 6)
    )
    assert keypoints.key_point_for(child.pk, "casework.allocation:999999", TODAY) is None
