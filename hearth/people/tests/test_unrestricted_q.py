"""`PersonQuerySet.unrestricted_q`: the restricted-record rule written once, for Person rows and
for any row with a foreign key to a person (allocations here; contacts, early help episodes
and leaving care use it the same way)."""

import pytest

from hearth.casework.models import Allocation
from hearth.people.models import Person
from hearth.people.querysets import PersonQuerySet
from hearth.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


def test_a_restricted_person_passes_only_for_the_users_named_on_them(
    social_worker, colleague, allocated_child
):
    restricted = ChildFactory(restricted=True)
    restricted.restricted_to.add(social_worker)
    for user, expected in (
        (social_worker, {allocated_child, restricted}),
        (colleague, {allocated_child}),
    ):
        people = Person.objects.filter(PersonQuerySet.unrestricted_q(user))
        assert set(people) == expected


def test_through_a_foreign_key_it_keeps_the_rows_of_people_the_user_may_see(
    social_worker, colleague, team_a, allocated_child
):
    from hearth.casework.tests.factories import AllocationFactory

    restricted = ChildFactory(restricted=True)
    AllocationFactory(child=restricted, team=team_a, worker=social_worker)
    restricted.restricted_to.add(colleague)
    rows = Allocation.objects.filter(PersonQuerySet.unrestricted_q(social_worker, "child"))
    assert {a.child_id for a in rows} == {allocated_child.pk}
    rows = Allocation.objects.filter(PersonQuerySet.unrestricted_q(colleague, "child"))
    assert {a.child_id for a in rows} == {allocated_child.pk, restricted.pk}
    # No join to the named list: one row per allocation, no DISTINCT needed.
    assert rows.count() == 2
