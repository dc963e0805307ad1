"""Restricted records on the oversight lists: a restricted child the viewer is not named on
stays on the list (the team's counts stay true) as "Restricted record", with no name and no
link; a sealed record stays off."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from hearth.casework.tests.factories import AllocationFactory
from hearth.people.tests.factories import ChildFactory
from hearth.people.tests.restricted import assert_masked, assert_named, restrict

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 10, 12, 0)


@pytest.fixture
def signed_in(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def restricted_overdue(team_a, social_worker):
    child = restrict(ChildFactory(first_name="Rhea", last_name="Ravensworth"), social_worker)
    AllocationFactory(
        child=child, team=team_a, worker=social_worker, start_date=dt.date(2026, 1, 1)
    )
    return child


def _pages(team_a):
    return [
        reverse("oversight:overdue"),
        reverse("oversight:team_page", args=[team_a.pk]),
        reverse("oversight:team_supervision", args=[team_a.pk]),
    ]


@time_machine.travel(NOW, tick=False)
def test_oversight_lists_mask_a_restricted_child_for_a_viewer_not_named_on_it(
    signed_in, senior_leader, team_a, restricted_overdue
):
    client = signed_in(senior_leader)
    child_link = reverse("oversight:child_oversight", args=[restricted_overdue.pk])
    for page in _pages(team_a):
        html = client.get(page).content.decode()
        assert_masked(html, restricted_overdue, child_link)
        assert "Rhea" not in html, page
    assert "1 child" in client.get(reverse("oversight:overdue")).content.decode()
    assert client.get(child_link).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_oversight_lists_name_a_restricted_child_for_a_viewer_named_on_it(
    signed_in, senior_leader, team_a, restricted_overdue
):
    restricted_overdue.restricted_to.add(senior_leader)
    client = signed_in(senior_leader)
    for page in _pages(team_a):
        assert_named(client.get(page).content.decode(), restricted_overdue)


@time_machine.travel(NOW, tick=False)
def test_the_overdue_list_leaves_out_a_sealed_record(
    signed_in, team_manager, team_a, social_worker
):
    from hearth.privacy.sealing import sealed_record_create

    child = ChildFactory(first_name="Sol", last_name="Sealed")
    AllocationFactory(
        child=child, team=team_a, worker=social_worker, start_date=dt.date(2026, 1, 1)
    )
    sealed_record_create(
        child=child, user=team_manager, sealed_on=dt.date(2026, 3, 1), reason="Order"
    )
    html = signed_in(team_manager).get(reverse("oversight:overdue")).content.decode()
    assert "Sol" not in html and "Restricted record" not in html


@time_machine.travel(NOW, tick=False)
def test_a_supervisors_overdue_actions_mask_a_restricted_child_they_are_not_named_on(
    signed_in, agreement, team_manager, social_worker, restricted_overdue
):
    from hearth.oversight import services

    restricted_overdue.restricted_to.add(team_manager)
    services.oversight_record(
        user=team_manager,
        child=restricted_overdue,
        occasion="review",
        occurred_on=dt.date(2026, 3, 2),
        direction="Carry on",
        actions=[
            services.ActionInput(
                description="Joint visit", owner=social_worker, due_on=dt.date(2026, 3, 5)
            )
        ],
    )
    restricted_overdue.restricted_to.remove(team_manager)
    html = signed_in(team_manager).get(reverse("oversight:home")).content.decode()
    link = reverse("oversight:child_oversight", args=[restricted_overdue.pk])
    assert_masked(html, restricted_overdue, link)
    assert "Rhea" not in html
