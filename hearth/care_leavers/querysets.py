"""Named reads for care leavers. Pages read records through a young person already scoped by
`access.young_person_for`, or through `visible_to(user)`, which keeps need-to-know."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from hearth.accounts.models import User


def _visible_young_people(user: User) -> Any:
    from hearth.care_leavers.access import young_people_visible_to

    return young_people_visible_to(user).values("pk")


class YoungPersonRecordQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> YoungPersonRecordQuerySet:
        return self.filter(young_person__in=_visible_young_people(user))

    def for_young_people(self, ids: Any) -> YoungPersonRecordQuerySet:
        return self.filter(young_person_id__in=ids)


class AdviserAllocationQuerySet(YoungPersonRecordQuerySet):
    def current(self, on: date | None = None) -> AdviserAllocationQuerySet:
        if on is None:
            return self.filter(end_date__isnull=True)
        return self.filter(start_date__lte=on).filter(Q(end_date__isnull=True) | Q(end_date__gt=on))

    def of_adviser(self, user: User) -> AdviserAllocationQuerySet:
        return self.filter(adviser=user)

    def summary_for(self, person: Any) -> Any:
        """The leaving care row for a child already scoped by the caller (the child's page):
        None when the child is not on the transition list, a care leaver or allocated."""
        from django.utils import timezone

        from hearth.care_leavers.selectors import row_for

        if person.date_of_birth is None:
            return None
        return row_for(person, timezone.localdate())


class ContactQuerySet(YoungPersonRecordQuerySet):
    def in_touch(self) -> ContactQuerySet:
        return self.filter(outcome="in_touch")

    def between(self, start: date, end: date) -> ContactQuerySet:
        return self.filter(contact_on__gte=start, contact_on__lte=end)
