from datetime import date

import factory

from hearth.people.models import Address, Person, Relationship, RelationshipKind, Sex
from hearth.people.names import name_key


class PersonFactory(factory.django.DjangoModelFactory):
    """A person with their phonetic name keys set, as `people.services.person_create` sets
    them (duplicate checks rely on the keys)."""

    class Meta:
        model = Person

    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    known_as = ""
    first_name_key = factory.LazyAttribute(lambda p: name_key(p.first_name))
    last_name_key = factory.LazyAttribute(lambda p: name_key(p.last_name))
    known_as_key = factory.LazyAttribute(lambda p: name_key(p.known_as))


class ChildFactory(PersonFactory):
    is_child = True
    la_child_id = factory.Sequence(lambda n: f"HC{n:06d}")
    date_of_birth = date(2015, 3, 14)
    sex = Sex.FEMALE


class AdultFactory(PersonFactory):
    is_child = False
    la_child_id = None
    date_of_birth = date(1988, 6, 2)
    sex = Sex.FEMALE


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Address

    person = factory.SubFactory(ChildFactory)
    line_1 = factory.Sequence(lambda n: f"{n + 1} Hearth Road")
    town = "London"
    postcode = "E15 4BQ"
    start_date = date(2020, 1, 1)


class RelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relationship

    child = factory.SubFactory(ChildFactory)
    relative = factory.SubFactory(AdultFactory)
    kind = RelationshipKind.PARENT
    parental_responsibility = True
    lives_with = True
