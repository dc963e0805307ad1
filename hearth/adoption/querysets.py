"""Named reads for adoption. A child's adoption records are read through a child already
scoped with `child_for`, or through `visible_to(user)`, which keeps the need-to-know rule of
people. Adopters are not children: the adoption team sees them (`AdopterFamilyQuerySet`)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from hearth.accounts.models import User


def _visible_children(user: User) -> Any:
    from hearth.people.models import Person

    return Person.objects.children().visible_to(user).values("pk")


class ChildRecordQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> Any:
        return self.filter(child__in=_visible_children(user))

    def listed_for(self, user: User) -> Any:
        """For the service lists: rows whose child is in the user's circle, restricted records
        they are not named on included and annotated `child_masked` (shown as "Restricted
        record", so counts stay true; opening one is still "not found")."""
        from django.db.models import BooleanField, Case, Value, When

        from hearth.people.models import Person
        from hearth.people.querysets import PersonQuerySet

        listed = Person.objects.children().listed_for(user).values("pk")
        return self.filter(child__in=listed).annotate(
            child_masked=Case(
                When(PersonQuerySet.unrestricted_q(user, "child"), then=Value(False)),
                default=Value(True),
                output_field=BooleanField(),
            )
        )


class JourneyQuerySet(ChildRecordQuerySet):
    def active(self) -> JourneyQuerySet:
        """Decisions still in force: not reversed and no adoption order yet."""
        return self.filter(reversed_on__isnull=True, adoption_order_on__isnull=True)

    def adopted_between(self, start: date, end: date) -> JourneyQuerySet:
        return self.filter(adoption_order_on__gte=start, adoption_order_on__lte=end)

    def in_list_10_period(self, start: date, as_of: date) -> JourneyQuerySet:
        """Annex A list 10: a decision in force at some time from `start` to `as_of`, so
        adopted, reversed or still waiting in the period (not ended before it)."""
        return (
            self.filter(decision_on__lte=as_of)
            .filter(Q(adoption_order_on__isnull=True) | Q(adoption_order_on__gte=start))
            .filter(Q(reversed_on__isnull=True) | Q(reversed_on__gte=start))
        )


# Roles that work with prospective adopters (the adoption team and its managers).
ADOPTER_WORK_ROLES = frozenset({"social_worker", "team_manager", "service_manager"})
ADOPTER_READ_ROLES = frozenset({"senior_leader", "qa_officer", "performance_analyst"})


class AdopterFamilyQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> AdopterFamilyQuerySet:
        """Prospective adopters: their own worker, the worker's team and its managers, and the
        borough-wide reading roles. Nobody else (partners, front door, early help, IROs)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.role in ADOPTER_READ_ROLES or user.is_superuser:
            return self.all()
        if user.role not in ADOPTER_WORK_ROLES:
            return self.none()
        mine = Q(worker=user) | Q(team__manager=user) | Q(team__service__manager=user)
        if user.team_id:
            mine |= Q(team_id=user.team_id)
        return self.filter(mine)

    def in_process(self) -> AdopterFamilyQuerySet:
        return self.filter(left_on__isnull=True)

    def contact_since(self, start: date) -> AdopterFamilyQuerySet:
        """Annex A list 11: had contact with the agency on or after `start`: still in the
        process, or any recorded date on or after it."""
        recent = Q(left_on__isnull=True)
        for name in (
            "enquiry_on",
            "stage1_started_on",
            "stage2_started_on",
            "approved_on",
            "left_on",
        ):
            recent |= Q(**{f"{name}__gte": start})
        recent |= Q(journeys__placed_on__gte=start) | Q(journeys__adoption_order_on__gte=start)
        return self.filter(recent).distinct()
