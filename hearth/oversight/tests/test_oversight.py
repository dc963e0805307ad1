import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from hearth.casework.selectors import my_work
from hearth.casework.tests.factories import AllocationFactory
from hearth.oversight import selectors, services
from hearth.oversight.models import OversightEntry
from hearth.people.tests.factories import ChildFactory
from hearth.timescales.engine import due_items

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 10, 12, 0)


def _review(user, child, on, **kwargs):
    kwargs.setdefault("no_new_actions", True)
    kwargs.setdefault("no_actions_reason", "Plan on track")
    return services.oversight_record(
        user=user, child=child, occasion="review", occurred_on=on, direction="Carry on", **kwargs
    )


@time_machine.travel(NOW, tick=False)
def test_oversight_needs_an_action_or_an_explicit_no_new_actions_with_a_reason(
    team_manager, allocated_child
):
    with pytest.raises(ValidationError) as nothing:
        services.oversight_record(
            user=team_manager,
            child=allocated_child,
            occasion="review",
            occurred_on=dt.date(2026, 3, 9),
            direction="Carry on",
        )
    assert "actions" in nothing.value.message_dict
    with pytest.raises(ValidationError) as no_reason:
        _review(team_manager, allocated_child, dt.date(2026, 3, 9), no_actions_reason="")
    assert "no_actions_reason" in no_reason.value.message_dict
    with pytest.raises(ValidationError) as no_direction:
        services.oversight_record(
            user=team_manager,
            child=allocated_child,
            occasion="review",
            occurred_on=dt.date(2026, 3, 9),
            direction=" ",
            no_new_actions=True,
            no_actions_reason="Fine",
        )
    assert "direction" in no_direction.value.message_dict
    assert not OversightEntry.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_an_allocated_child_without_oversight_is_overdue_six_weeks_after_allocation(
    team_a, social_worker
):
    child = ChildFactory()
    AllocationFactory(
        child=child, team=team_a, worker=social_worker, start_date=dt.date(2026, 1, 1)
    )
    [status] = selectors.oversight_status([child.pk], dt.date(2026, 3, 10))
    assert status.case_type == "allocated"
    assert status.due == dt.date(2026, 2, 12)
    [team] = selectors.oversight_overdue_by_team(dt.date(2026, 3, 10))
    assert [r.child_id for r in team.rows] == [child.pk]


@time_machine.travel(NOW, tick=False)
def test_the_interval_runs_from_the_last_oversight_and_follows_the_settings(
    team_a, social_worker, team_manager, settings
):
    child = ChildFactory()
    AllocationFactory(
        child=child, team=team_a, worker=social_worker, start_date=dt.date(2026, 1, 1)
    )
    _review(team_manager, child, dt.date(2026, 2, 20))
    [status] = selectors.oversight_status([child.pk], dt.date(2026, 3, 10))
    assert status.due == dt.date(2026, 4, 3)
    assert selectors.oversight_overdue_by_team(dt.date(2026, 3, 10)) == []
    settings.HEARTH = {**settings.HEARTH, "OVERSIGHT_INTERVAL_WEEKS": {"allocated": 2}}
    [team] = selectors.oversight_overdue_by_team(dt.date(2026, 3, 10))
    assert team.rows[0].due == dt.date(2026, 3, 6)


def test_the_strictest_case_type_sets_the_interval():
    from hearth.oversight.rules import strictest

    assert strictest({"cin", "cp"}) == "cp"
    assert strictest({"cin", "assessment"}) == "assessment"
    assert strictest(set()) == "allocated"


@time_machine.travel(NOW, tick=False)
def test_the_overdue_list_is_by_team_and_a_manager_sees_only_their_teams(
    client, team_manager, allocated_child, other_child
):
    client.force_login(team_manager)
    response = client.get("/oversight/overdue/")
    assert response.status_code == 200
    body = response.content.decode()
    assert f"/oversight/children/{allocated_child.pk}/" in body
    assert f"/oversight/children/{other_child.pk}/" not in body


def test_a_social_worker_cannot_open_the_overdue_list(client, social_worker):
    client.force_login(social_worker)
    assert client.get("/oversight/overdue/").status_code == 404


@time_machine.travel(NOW, tick=False)
def test_oversight_actions_and_the_next_oversight_are_due_items(
    team_manager, social_worker, allocated_child
):
    services.oversight_record(
        user=team_manager,
        child=allocated_child,
        occasion="review",
        occurred_on=dt.date(2026, 3, 2),
        direction="Complete the chronology",
        actions=[
            services.ActionInput(
                description="Update the chronology", owner=social_worker, due_on=dt.date(2026, 3, 6)
            )
        ],
    )
    items = {i.rule.id: i for i in due_items([allocated_child.pk], today=dt.date(2026, 3, 10))}
    assert items["oversight_action"].assignee_id == social_worker.pk
    assert items["oversight_action"].is_overdue(dt.date(2026, 3, 10))
    assert items["oversight_interval"].assignee_id == team_manager.pk
    assert items["oversight_interval"].due == dt.date(2026, 4, 13)
    # The worker's My work (casework) shows the overdue action on their child.
    rows = my_work(social_worker, dt.date(2026, 3, 10)).due
    assert any(r.item.rule.id == "oversight_action" for r in rows)


@time_machine.travel(NOW, tick=False)
def test_a_manager_records_oversight_through_the_page(
    client, team_manager, allocated_child, social_worker
):
    client.force_login(team_manager)
    url = f"/oversight/children/{allocated_child.pk}/new/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "occasion": "review",
            "occurred_on-day": "9",
            "occurred_on-month": "3",
            "occurred_on-year": "2026",
            "direction": "Progress the plan",
        },
    )
    assert response.status_code == 200
    assert "Enter an action with a date, or select no new actions" in response.content.decode()
    response = client.post(
        url,
        {
            "occasion": "review",
            "occurred_on-day": "9",
            "occurred_on-month": "3",
            "occurred_on-year": "2026",
            "direction": "Progress the plan",
            "action": "Book the review",
            "action_owner": social_worker.pk,
            "action_due_on-day": "20",
            "action_due_on-month": "3",
            "action_due_on-year": "2026",
        },
    )
    assert response.status_code == 302
    assert OversightEntry.objects.get().actions.get().description == "Book the review"
    page = client.get(f"/oversight/children/{allocated_child.pk}/").content.decode()
    assert "Progress the plan" in page


def test_a_worker_cannot_record_oversight_on_their_own_case(client, social_worker, allocated_child):
    client.force_login(social_worker)
    assert client.get(f"/oversight/children/{allocated_child.pk}/new/").status_code == 404


def test_an_outsider_gets_not_found_for_a_childs_oversight(client, other_worker, allocated_child):
    client.force_login(other_worker)
    assert client.get(f"/oversight/children/{allocated_child.pk}/").status_code == 404
