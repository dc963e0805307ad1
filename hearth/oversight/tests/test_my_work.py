"""My work shows the oversight panel and the work assigned to the user on other people's
children: a manager's authorisations and key-point oversight, a worker's oversight actions."""

import datetime as dt

import pytest
import time_machine
from django.test import Client

from hearth.assessments import services as assessments
from hearth.casework.selectors import my_work
from hearth.casework.tests.factories import AllocationFactory
from hearth.oversight import services
from hearth.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 10, 12, 0)
TODAY = dt.date(2026, 3, 10)


def _submitted(worker, child):
    episode = assessments.cin_episode_open(
        user=worker,
        child=child,
        referral_date=dt.date(2026, 2, 2),
        referral_source="2A",
        primary_need="N1",
    )
    assessment = assessments.assessment_start(
        user=worker, episode=episode, start_date=dt.date(2026, 2, 3)
    )
    assessment.refresh_from_db()
    return assessments.assessment_submit(
        user=worker,
        assessment=assessment,
        data={
            "child_seen_on": dt.date(2026, 2, 4),
            "child_seen_alone_on": dt.date(2026, 2, 4),
            "child_views": "I want to stay at my school.",
            "history": "None.",
            "analysis": "Synthetic analysis.",
            "recommendation": "Child in need plan.",
            "outcome": "OTHER",
            "support_required": True,
        },
        version=assessment.version,
        factors=["3B"],
        network=[],
    )


def _subjects(work):
    return [(row.item.rule.id, row.item.child_id) for row in work.due]


@time_machine.travel(NOW, tick=False)
def test_a_manager_sees_an_assessment_waiting_for_their_authorisation_on_my_work(
    team_manager, social_worker, allocated_child
):
    _submitted(social_worker, allocated_child)
    work = my_work(team_manager, TODAY)
    assert ("assessment_authorisation", allocated_child.pk) in _subjects(work)
    # The worker's own assessment item stays the worker's.
    assert ("assessment_45wd", allocated_child.pk) not in _subjects(work)
    assert ("assessment_authorisation", allocated_child.pk) not in _subjects(
        my_work(social_worker, TODAY)
    )


@time_machine.travel(NOW, tick=False)
def test_a_manager_sees_oversight_asked_for_by_a_new_allocation_in_their_team(
    team_manager, team_a, colleague
):
    child = ChildFactory()
    AllocationFactory(child=child, team=team_a, worker=colleague, start_date=dt.date(2026, 3, 9))
    work = my_work(team_manager, TODAY)
    assert ("oversight_key_point", child.pk) in _subjects(work)
    assert ("oversight_key_point", child.pk) not in _subjects(my_work(colleague, TODAY))


@time_machine.travel(NOW, tick=False)
def test_another_teams_manager_does_not_see_the_key_point(team_manager, team_b, other_worker):
    child = ChildFactory()
    AllocationFactory(child=child, team=team_b, worker=other_worker, start_date=dt.date(2026, 3, 9))
    assert ("oversight_key_point", child.pk) not in _subjects(my_work(team_manager, TODAY))


@time_machine.travel(NOW, tick=False)
def test_an_action_set_for_a_worker_on_someone_elses_child_shows_on_their_my_work(
    team_manager, social_worker, colleague, allocated_child
):
    services.oversight_record(
        user=team_manager,
        child=allocated_child,
        occasion="review",
        occurred_on=dt.date(2026, 3, 2),
        direction="Cover the visit while Sam is on leave",
        actions=[
            services.ActionInput(
                description="Visit Amara at school", owner=colleague, due_on=dt.date(2026, 3, 6)
            )
        ],
    )
    work = my_work(colleague, TODAY)
    assert ("oversight_action", allocated_child.pk) in _subjects(work)
    assert work.overdue >= 1


@time_machine.travel(NOW, tick=False)
def test_work_on_a_restricted_child_the_user_may_not_see_is_not_shown(
    team_manager, social_worker, colleague, allocated_child
):
    services.oversight_record(
        user=team_manager,
        child=allocated_child,
        occasion="review",
        occurred_on=dt.date(2026, 3, 2),
        direction="Cover the visit",
        actions=[
            services.ActionInput(
                description="Visit Amara", owner=colleague, due_on=dt.date(2026, 3, 6)
            )
        ],
    )
    allocated_child.restricted = True
    allocated_child.save()
    allocated_child.restricted_to.add(social_worker)
    work = my_work(colleague, TODAY)
    assert allocated_child.pk not in {row.item.child_id for row in work.due}


@time_machine.travel(NOW, tick=False)
def test_my_work_page_includes_the_supervision_and_oversight_panel(
    team_manager, social_worker, allocated_child
):
    _submitted(social_worker, allocated_child)
    client = Client()
    client.force_login(team_manager)
    html = client.get("/").content.decode()
    if "Supervision and oversight" not in html:  # the start page may redirect
        html = client.get("/", follow=True).content.decode()
    assert "Supervision and oversight" in html
    assert "Authorise the child and family assessment" in html
