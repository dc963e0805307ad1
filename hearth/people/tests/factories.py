from datetime import date

import factory

from hearth.people.models import Person, Sex


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    is_child = True
    la_child_id = factory.Sequence(lambda n: f"HC{n:06d}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = date(2015, 3, 14)
    sex = Sex.FEMALE


class AdultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    is_child = False
    la_child_id = None
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = date(1988, 6, 2)
    sex = Sex.FEMALE
