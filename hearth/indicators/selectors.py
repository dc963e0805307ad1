"""Figures: an indicator computed for a period and a scope, and the children behind it that a
user may see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hearth.indicators.base import Figure, Indicator, Period, Row
from hearth.indicators.library import INDICATORS
from hearth.indicators.memo import batch
from hearth.indicators.scope import Scope, borough_scope
from hearth.people.models import Person


def indicator_figure(*, indicator: Indicator, period: Period, scope: Scope | None = None) -> Figure:
    scope = scope or borough_scope()
    return Figure(
        indicator=indicator,
        period=period,
        rows=indicator.rows(period, scope.child_ids(period)),
    )


def indicator_figures(
    *, period: Period, scope: Scope | None = None, indicators: tuple[Indicator, ...] = INDICATORS
) -> list[Figure]:
    scope = scope or borough_scope()
    children = scope.child_ids(period)
    with batch():
        return [
            Figure(indicator=indicator, period=period, rows=indicator.rows(period, children))
            for indicator in indicators
        ]


@dataclass(frozen=True)
class DrillRow:
    row: Row
    child: Person | None  # None for a row about a worker (its label names them)


@dataclass(frozen=True)
class DrillDown:
    rows: list[DrillRow]
    hidden: int  # rows whose child the user may not see (or with no linked child)


def drill_down(*, user: Any, rows: list[Row]) -> DrillDown:
    """The rows whose child the user may see, with the child, and the rows about workers; the
    others only counted."""
    ids = {row.child_id for row in rows if row.child_id is not None}
    visible = {
        child.pk: child for child in Person.objects.children().visible_to(user).filter(pk__in=ids)
    }
    shown = [
        DrillRow(row=row, child=visible[row.child_id] if row.child_id is not None else None)
        for row in rows
        if (row.child_id is None and row.label) or row.child_id in visible
    ]
    return DrillDown(rows=shown, hidden=len(rows) - len(shown))
