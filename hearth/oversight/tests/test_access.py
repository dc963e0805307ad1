import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hearth.oversight import selectors, services

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 10, 12, 0)


@pytest.fixture
def session(agreement, team_manager, social_worker, allocated_child):
    with time_machine.travel(NOW, tick=False):
        return services.supervision_record(
            user=team_manager,
            worker=social_worker,
            held_on=dt.date(2026, 3, 9),
            attendance="held",
            reflective={"worries": "REFLECTIVE-SECRET"},
            case_discussions=[
                services.CaseDiscussionInput(
                    child=allocated_child,
                    direction="Visible direction",
                    no_new_actions=True,
                    no_actions_reason="Plan on track",
                )
            ],
        )


def test_a_worker_sees_their_own_supervision_record(client, social_worker, session):
    client.force_login(social_worker)
    assert client.get(f"/oversight/supervision/{social_worker.pk}/").status_code == 200
    assert (
        "REFLECTIVE-SECRET"
        in client.get(f"/oversight/supervision/sessions/{session.pk}/").content.decode()
    )


def test_another_worker_does_not_see_it(client, colleague, other_worker, social_worker, session):
    for outsider in (colleague, other_worker):
        client.force_login(outsider)
        assert client.get(f"/oversight/supervision/{social_worker.pk}/").status_code == 404
        assert client.get(f"/oversight/supervision/sessions/{session.pk}/").status_code == 404


def test_a_manager_sees_their_teams_supervision(
    client, team_manager, social_worker, session, team_a
):
    client.force_login(team_manager)
    assert client.get(f"/oversight/supervision/{social_worker.pk}/").status_code == 200
    assert client.get(f"/oversight/supervision/sessions/{session.pk}/").status_code == 200
    assert client.get(f"/oversight/teams/{team_a.pk}/supervision/").status_code == 200


def test_a_manager_of_another_team_does_not(client, team_b, social_worker, session):
    from hearth.accounts.models import Role
    from hearth.accounts.tests.factories import UserFactory

    other_manager = UserFactory(username="tm.bravo", role=Role.TEAM_MANAGER, team=team_b)
    team_b.manager = other_manager
    team_b.save()
    client.force_login(other_manager)
    assert client.get(f"/oversight/supervision/{social_worker.pk}/").status_code == 404
    assert client.get(f"/oversight/supervision/sessions/{session.pk}/").status_code == 404


def test_reflective_content_is_never_on_the_childs_record(
    client, social_worker, session, allocated_child
):
    client.force_login(social_worker)
    for url in (
        f"/oversight/children/{allocated_child.pk}/",
        f"/children/{allocated_child.pk}/",
    ):
        response = client.get(url)
        if response.status_code == 404:
            continue
        body = response.content.decode()
        assert "REFLECTIVE-SECRET" not in body
    assert (
        "Visible direction"
        in client.get(f"/oversight/children/{allocated_child.pk}/").content.decode()
    )


@time_machine.travel(NOW, tick=False)
def test_a_manager_records_a_supervision_with_a_case_discussion_through_the_page(
    client, agreement, team_manager, social_worker, allocated_child
):
    client.force_login(team_manager)
    url = f"/oversight/supervision/{social_worker.pk}/sessions/new/"
    assert client.get(url).status_code == 200
    data = {
        "held_on-day": "9",
        "held_on-month": "3",
        "held_on-year": "2026",
        "attendance": "held",
        "going_well": "Good rapport with the family",
        "case0-child": str(allocated_child.pk),
        "case0-direction": "Hold a core group this week",
        "case0-action": "Arrange the core group",
        "case0-action_owner": str(social_worker.pk),
        "case0-action_due_on-day": "13",
        "case0-action_due_on-month": "3",
        "case0-action_due_on-year": "2026",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = allocated_child.oversight_entries.get()
    assert entry.actions.get().description == "Arrange the core group"


@time_machine.travel(NOW, tick=False)
def test_a_case_discussion_without_an_action_or_a_reason_is_sent_back(
    client, agreement, team_manager, social_worker, allocated_child
):
    client.force_login(team_manager)
    url = f"/oversight/supervision/{social_worker.pk}/sessions/new/"
    data = {
        "held_on-day": "9",
        "held_on-month": "3",
        "held_on-year": "2026",
        "attendance": "held",
        "case0-child": str(allocated_child.pk),
        "case0-direction": "Hold a core group",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Enter an action with a date, or select no new actions" in response.content.decode()
    assert not allocated_child.oversight_entries.exists()


def test_a_worker_cannot_open_the_record_supervision_page_for_themselves(
    client, agreement, social_worker
):
    client.force_login(social_worker)
    assert client.get(f"/oversight/supervision/{social_worker.pk}/sessions/new/").status_code == 404


def test_the_team_page_is_for_its_managers_only(
    client, team_manager, social_worker, team_a, senior_leader
):
    client.force_login(team_manager)
    assert client.get(f"/oversight/teams/{team_a.pk}/").status_code == 200
    client.force_login(social_worker)
    assert client.get(f"/oversight/teams/{team_a.pk}/").status_code == 404
    client.force_login(senior_leader)
    assert client.get(f"/oversight/teams/{team_a.pk}/").status_code == 200


def test_the_oversight_home_page_loads_for_a_worker(client, social_worker, agreement):
    client.force_login(social_worker)
    assert client.get("/oversight/").status_code == 200


def test_the_overdue_list_makes_a_fixed_number_of_queries(team_a, social_worker):
    from hearth.casework.tests.factories import AllocationFactory
    from hearth.people.tests.factories import ChildFactory

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            selectors.oversight_overdue_by_team(dt.date(2026, 3, 10))
        return len(ctx.captured_queries)

    AllocationFactory(child=ChildFactory(), team=team_a, worker=social_worker)
    few = count()
    for _ in range(15):
        AllocationFactory(child=ChildFactory(), team=team_a, worker=social_worker)
    assert count() == few


def test_team_caseloads_make_a_fixed_number_of_queries(team_a, social_worker):
    from hearth.casework.tests.factories import AllocationFactory
    from hearth.people.tests.factories import ChildFactory

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            selectors.team_caseloads([team_a.pk], dt.date(2026, 3, 10))
        return len(ctx.captured_queries)

    AllocationFactory(child=ChildFactory(), team=team_a, worker=social_worker)
    few = count()
    for _ in range(15):
        AllocationFactory(child=ChildFactory(), team=team_a, worker=social_worker)
    assert count() == few
