"""Named reads for oversight records."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models
from django.db.models import Q


def _team_ids(user: Any) -> list[int]:
    return user.managed_team_ids() if getattr(user, "is_manager", False) else []


def supervision_visible_q(user: Any, worker_field: str = "worker") -> Q:
    """A worker sees their own supervision; a supervisor their supervisees'; a manager their
    teams'. Senior leaders see all (they answer for the service's supervision)."""
    if getattr(user, "role", None) == "senior_leader":
        return Q()
    q = Q(**{worker_field: user.pk}) | Q(**{f"{worker_field}__supervision__supervisor": user.pk})
    teams = _team_ids(user)
    if teams:
        q |= Q(**{f"{worker_field}__team__in": teams})
    return q


class SupervisionSessionQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> SupervisionSessionQuerySet:
        return self.filter(supervision_visible_q(user)).distinct()

    def held(self) -> SupervisionSessionQuerySet:
        return self.filter(attendance="held")


class SupervisionActionQuerySet(models.QuerySet):
    def open(self) -> SupervisionActionQuerySet:
        return self.filter(completed_on__isnull=True)

    def overdue(self, today: date) -> SupervisionActionQuerySet:
        return self.open().filter(due_on__lt=today)

    def visible_to(self, user: Any) -> SupervisionActionQuerySet:
        return self.filter(supervision_visible_q(user, "session__worker")).distinct()


class OversightEntryQuerySet(models.QuerySet):
    def for_page(self) -> OversightEntryQuerySet:
        return self.select_related("recorded_by").prefetch_related("actions__owner")


class OversightActionQuerySet(models.QuerySet):
    def open(self) -> OversightActionQuerySet:
        return self.filter(completed_on__isnull=True)

    def overdue(self, today: date) -> OversightActionQuerySet:
        return self.open().filter(due_on__lt=today)


class StaffRecordQuerySet(models.QuerySet):
    def in_post_on(self, on: date) -> StaffRecordQuerySet:
        return self.filter(start_date__lte=on).filter(
            Q(leaving_date__isnull=True) | Q(leaving_date__gt=on)
        )

    def left_between(self, start: date, end: date) -> StaffRecordQuerySet:
        return self.filter(leaving_date__gte=start, leaving_date__lte=end)


class CaseAuditQuerySet(models.QuerySet):
    def for_month(self, month: date) -> CaseAuditQuerySet:
        return self.filter(programme__month=month)

    def visible_to(self, user: Any) -> CaseAuditQuerySet:
        """Auditors their audits; QA and senior leaders all; managers their teams'; a
        practitioner the audits of their own work (to respond)."""
        if getattr(user, "role", None) in {"qa_officer", "senior_leader"}:
            return self
        q = Q(auditor=user) | Q(moderator=user) | Q(practitioner=user)
        teams = _team_ids(user)
        if teams:
            q |= Q(team__in=teams)
        return self.filter(q)


class ImprovementAreaQuerySet(models.QuerySet):
    def for_plan(self) -> ImprovementAreaQuerySet:
        """Areas with their lead and actions (one query each), for the plan page."""
        return self.select_related("lead").prefetch_related("actions")


class ImprovementActionQuerySet(models.QuerySet):
    def open(self) -> ImprovementActionQuerySet:
        return self.exclude(status="complete")

    def overdue(self, today: date) -> ImprovementActionQuerySet:
        return self.open().filter(due_on__lt=today)
