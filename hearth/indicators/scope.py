"""Scopes: the borough, a service, a team or a worker, the children each covers, and which
scopes a user may see figures for (need-to-know: a manager their teams, a worker themselves).

A child belongs to a team's or worker's scope for a period when one of their allocations to
that team or worker overlaps the period (so a child who moved teams counts for both)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from hearth.accounts.models import Role, Service, Team, User
from hearth.casework.models import Allocation
from hearth.indicators.base import ChildIds, Period

BOROUGH = "borough"
SERVICE = "service"
TEAM = "team"
WORKER = "worker"


@dataclass(frozen=True)
class Scope:
    kind: str
    id: int | None
    name: str

    @property
    def key(self) -> str:
        return BOROUGH if self.kind == BOROUGH else f"{self.kind}:{self.id}"

    def child_ids(self, period: Period) -> ChildIds:
        if self.kind == BOROUGH:
            return None
        overlapping = Allocation.objects.filter(start_date__lte=period.end).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=period.start)
        )
        by_kind: dict[str, Q] = {
            SERVICE: Q(team__service_id=self.id),
            TEAM: Q(team_id=self.id),
            WORKER: Q(worker_id=self.id),
        }
        return overlapping.filter(by_kind[self.kind]).values("child_id")


def borough_scope() -> Scope:
    return Scope(BOROUGH, None, "The borough")


def _team_ids_for(user: User) -> set[int]:
    ids = set(user.managed_team_ids())
    if user.role in {Role.TEAM_MANAGER, Role.SERVICE_MANAGER} and user.team_id:
        ids.add(user.team_id)
    return ids


def scopes_for(user: Any) -> list[Scope]:
    """The scopes a user may choose on the dashboard, widest first."""
    if user.is_borough_wide:
        scopes = [borough_scope()]
        scopes += [Scope(SERVICE, s.pk, s.name) for s in Service.objects.order_by("name")]
        scopes += [Scope(TEAM, t.pk, t.name) for t in Team.objects.order_by("name")]
        return scopes
    scopes = [
        Scope(SERVICE, s.pk, s.name) for s in Service.objects.filter(manager=user).order_by("name")
    ]
    team_ids = _team_ids_for(user)
    teams = list(Team.objects.filter(pk__in=team_ids).order_by("name"))
    scopes += [Scope(TEAM, t.pk, t.name) for t in teams]
    members = User.objects.filter(team_id__in=team_ids, is_active=True).exclude(pk=user.pk)
    scopes.append(Scope(WORKER, user.pk, f"{user} (your own children)"))
    scopes += [Scope(WORKER, w.pk, str(w)) for w in members.order_by("last_name", "first_name")]
    return scopes


def scope_from_key(user: Any, key: str | None) -> Scope | None:
    """The scope a key names if the user may see it; the user's widest scope for no key;
    None when the key is unknown or out of the user's reach."""
    allowed = scopes_for(user)
    if not key:
        return allowed[0]
    for scope in allowed:
        if scope.key == key:
            return scope
    if user.is_borough_wide and key.startswith(f"{WORKER}:"):
        worker = User.objects.filter(pk=_int(key.split(":", 1)[1])).first()
        if worker is not None:
            return Scope(WORKER, worker.pk, str(worker))
    return None


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return 0
