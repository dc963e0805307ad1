from datetime import date

import pytest

from hearth.people.models import RelationshipKind
from hearth.people.selectors import family_network
from hearth.people.tests.factories import AdultFactory, ChildFactory, RelationshipFactory


def _family(child, size):
    """`size` relatives: a sibling with their own other parent, then parents and others."""
    sibling = ChildFactory(first_name="Sam", date_of_birth=date(2017, 1, 1))
    RelationshipFactory(
        child=child,
        relative=sibling,
        kind=RelationshipKind.HALF_SIBLING,
        parental_responsibility=False,
    )
    RelationshipFactory(
        child=sibling,
        relative=child,
        kind=RelationshipKind.HALF_SIBLING,
        parental_responsibility=False,
    )
    RelationshipFactory(
        child=sibling, relative=AdultFactory(first_name="Other"), kind=RelationshipKind.PARENT
    )
    kinds = [
        RelationshipKind.PARENT,
        RelationshipKind.GRANDPARENT,
        RelationshipKind.AUNT_UNCLE,
        RelationshipKind.CONNECTED_PERSON,
    ]
    for n in range(size - 1):
        RelationshipFactory(
            child=child,
            kind=kinds[n % len(kinds)],
            lives_with=n == 0,
            parental_responsibility=n == 0,
        )


@pytest.mark.django_db
class TestFamilyNetwork:
    @pytest.mark.parametrize("size", [2, 20])
    def test_the_network_takes_a_fixed_number_of_queries(self, size, django_assert_num_queries):
        child = ChildFactory(first_name="Amara")
        _family(child, size)
        with django_assert_num_queries(2):
            network = family_network(child)
            diagram = network.diagram
            rows = network.rows
        assert len(network.direct) == size
        assert len(network.members) == size + 1  # the half-sibling's other parent too
        assert len(rows) == size + 1
        assert diagram.nodes[0].y < diagram.nodes[-1].y

    def test_a_half_siblings_other_parent_appears_through_the_sibling(self):
        child = ChildFactory(first_name="Amara")
        _family(child, 2)
        network = family_network(child)
        via = [m for m in network.members if m.via is not None]
        assert [m.kind_label for m in via] == ["Parent of Sam"]
        assert via[0].parental_responsibility is False  # PR is to the sibling, not the child

    def test_ended_relationships_are_left_out(self):
        child = ChildFactory()
        RelationshipFactory(child=child, end_date=date(2024, 1, 1), start_date=date(2020, 1, 1))
        assert family_network(child).is_empty

    def test_the_description_names_everyone_with_their_flags(self):
        child = ChildFactory(first_name="Amara", last_name="Okafor")
        mother = AdultFactory(first_name="Grace", last_name="Okafor")
        RelationshipFactory(
            child=child, relative=mother, parental_responsibility=True, lives_with=True
        )
        text = family_network(child).diagram.description
        assert "Parents and carers: Grace Okafor (parent, pr, lives with)." in text
