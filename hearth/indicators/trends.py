"""Trends: an indicator as at each of the last months' ends, computed from the record (not
stored snapshots that could drift). Period measures are the collection year to date at each
month end; snapshot measures are as at the month end. Each point is kept for the stated
freshness like any other figure (hearth.indicators.cache), so a warm figure page reads 24
stored counts instead of computing 24 figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from hearth.indicators.base import Figure, Indicator, Rag
from hearth.indicators.cache import cached_series, stored_series
from hearth.indicators.scope import Scope, borough_scope

MONTHS = 24


def month_ends(as_of: date, months: int = MONTHS) -> list[date]:
    """The last `months` month ends up to `as_of`, oldest first; `as_of` itself when it is
    not a month end (this month so far)."""
    ends: list[date] = []
    cursor = as_of
    while len(ends) < months:
        ends.append(cursor)
        cursor = cursor.replace(day=1) - timedelta(days=1)
    return list(reversed(ends))


@dataclass(frozen=True)
class Point:
    on: date
    figure: Figure

    @property
    def value(self) -> float | None:
        return self.figure.value

    @property
    def rag(self) -> Rag:
        return self.figure.rag


def series(
    *, indicator: Indicator, as_of: date, scope: Scope | None = None, months: int = MONTHS
) -> list[Point]:
    points = cached_series(
        indicator=indicator, scope=scope or borough_scope(), month_ends=month_ends(as_of, months)
    )
    return [Point(on=end, figure=figure) for end, figure in points]


def stored(*, scope: Scope, as_of: date) -> list[tuple[Indicator, list[Point]]]:
    """The trends already stored and fresh for a scope (the dashboard's sparklines; it never
    computes a trend), in dashboard order; indicators missing a month end are left out."""
    found = stored_series(scope=scope, month_ends=month_ends(as_of))
    return [
        (points[0][1].indicator, [Point(on=end, figure=figure) for end, figure in points])
        for points in found.values()
    ]
