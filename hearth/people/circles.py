"""Who else is in a child's circle, beyond allocations and break-glass: pathway apps add the
people their work brings in (a personal adviser allocated before the case moves to them).

Each source is `fn(user, today) -> QuerySet` of `child_id` values, registered from the app's
AppConfig.ready(); `Person.objects.visible_to` ORs them into its one query, so a source must
be a subquery, never a list."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from hearth.accounts.models import User

CircleSource = Callable[["User", date], "QuerySet[Any]"]

_SOURCES: dict[str, CircleSource] = {}


def register_circle(name: str, source: CircleSource) -> None:
    _SOURCES[name] = source


def circle_sources() -> list[CircleSource]:
    return list(_SOURCES.values())


# Exclusions narrow `visible_to` after the circle: a source `fn(user) -> QuerySet | None` of
# `child_id` values the user may not see whatever their circle (sealed adoption records), or
# None when nothing is excluded for that user. Registered from AppConfig.ready(), like circles.
ExclusionSource = Callable[["User"], "QuerySet[Any] | None"]

_EXCLUSIONS: dict[str, ExclusionSource] = {}


def register_exclusion(name: str, source: ExclusionSource) -> None:
    _EXCLUSIONS[name] = source


def exclusion_sources() -> list[ExclusionSource]:
    return list(_EXCLUSIONS.values())
