from datetime import date
from typing import Any

from django.apps import AppConfig


class CareLeaversConfig(AppConfig):
    name = "hearth.care_leavers"
    label = "care_leavers"
    verbose_name = "Care leavers"

    def ready(self) -> None:
        from hearth.care_leavers import due
        from hearth.people.circles import register_circle

        due.register()
        # A personal adviser sees the young person from allocation, even while still in care.
        register_circle("care_leavers.adviser", _advised_by)


def _advised_by(user: Any, today: date) -> Any:
    from hearth.care_leavers.models import AdviserAllocation

    current = AdviserAllocation.objects.filter(adviser=user, start_date__lte=today)
    return current.exclude(end_date__lt=today).values("young_person_id")
