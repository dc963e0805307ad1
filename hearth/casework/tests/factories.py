from datetime import date

import factory

from hearth.accounts.tests.factories import TeamFactory
from hearth.casework.models import Allocation
from hearth.people.tests.factories import ChildFactory


class AllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Allocation

    child = factory.SubFactory(ChildFactory)
    team = factory.SubFactory(TeamFactory)
    worker = None
    start_date = date(2026, 1, 5)
