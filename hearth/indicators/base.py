"""The shape every indicator shares: its definition, the period and scope it is computed for,
the rows (one per record counted) behind the denominator and the numerator, and the figure with
its RAG status against the target.

An indicator is read-only over the pathway apps' models; the pathway apps never import this app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.db.models import QuerySet


class Direction(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


class Measure(StrEnum):
    PERCENT = "percent"  # numerator / denominator x 100
    COUNT = "count"  # the numerator alone (e.g. "should be zero")
    # The mean of the rows' amounts (days, children), each row weighted by its `weight` (1 unless
    # set: a part-time worker's FTE); numerator = the rows within the threshold.
    AVERAGE = "average"


class Rag(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    NONE = "none"  # nothing to measure in the period


class Area(StrEnum):
    FRONT_DOOR = "Front door"
    ASSESSMENT = "Assessment"
    CHILD_PROTECTION = "Child protection"
    CHILDREN_IN_CARE = "Children in care"
    PERMANENCE = "Permanence and adoption"
    MISSING = "Children missing from home or care"
    CARE_LEAVERS = "Care leavers"
    OVERSIGHT = "Leadership, oversight and the workforce"


@dataclass(frozen=True)
class Period:
    """A date range, both ends included. Snapshot measures are taken as at `end`."""

    start: date
    end: date

    @classmethod
    def year_to_date(cls, as_of: date) -> Period:
        """The collection year (1 April to 31 March) containing `as_of`, up to `as_of`."""
        year = as_of.year if as_of.month >= 4 else as_of.year - 1
        return cls(start=date(year, 4, 1), end=as_of)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


# The children a scope covers, as a subquery of person ids; None for the whole borough.
ChildIds = QuerySet[Any, Any] | None


@dataclass(frozen=True)
class Row:
    """One record in the denominator (a referral, an assessment, a conference...), the child it
    is about, its key date, and whether it also counts in the numerator."""

    key: str
    child_id: int | None
    on: date
    detail: str
    in_numerator: bool
    amount: float | None = None  # the row's quantity, for averages (days, children)
    label: str = ""  # what the row is about when it is not a child (a worker)
    weight: float = 1.0  # the row's share of the average's divisor (a worker's FTE)


RowsFn = Callable[[Period, ChildIds], list[Row]]


@dataclass(frozen=True)
class Indicator:
    id: str
    title: str
    area: Area
    definition: str
    source: str
    numerator: str
    denominator: str
    direction: Direction
    default_target: float
    default_tolerance: float
    rows: RowsFn
    measure: Measure = Measure.PERCENT
    snapshot: bool = False  # measured as at the period's end rather than over the period
    unit: str = ""  # for averages: "days", "children"

    def _setting(self) -> dict[str, float]:
        hearth: dict[str, Any] = settings.HEARTH
        targets = hearth.get("INDICATOR_TARGETS", {}) or {}
        value = targets.get(self.id, {})
        return value if isinstance(value, dict) else {}

    @property
    def target(self) -> float:
        return float(self._setting().get("target", self.default_target))

    @property
    def tolerance(self) -> float:
        return float(self._setting().get("tolerance", self.default_tolerance))


@dataclass(frozen=True)
class Figure:
    indicator: Indicator
    period: Period
    rows: list[Row] = field(repr=False)

    @property
    def denominator(self) -> int:
        return len(self.rows)

    @property
    def numerator_rows(self) -> list[Row]:
        return [row for row in self.rows if row.in_numerator]

    @property
    def numerator(self) -> int:
        return len(self.numerator_rows)

    @property
    def value(self) -> float | None:
        if self.indicator.measure == Measure.COUNT:
            return float(self.numerator)
        if not self.denominator:
            return None
        if self.indicator.measure == Measure.AVERAGE:
            total = sum(row.amount or 0.0 for row in self.rows)
            weights = sum(row.weight for row in self.rows)
            return round(total / weights, 1) if weights else None
        return round(100 * self.numerator / self.denominator, 1)

    @property
    def rag(self) -> Rag:
        return rag_for(self.indicator, self.value)


def rag_for(indicator: Indicator, value: float | None) -> Rag:
    """Green on or better than target; amber worse than target by no more than the tolerance;
    red beyond it."""
    if value is None:
        return Rag.NONE
    target, tolerance = indicator.target, indicator.tolerance
    gap = target - value if indicator.direction == Direction.HIGHER else value - target
    if gap <= 0:
        return Rag.GREEN
    if gap <= tolerance:
        return Rag.AMBER
    return Rag.RED


def in_scope(queryset: QuerySet[Any, Any], children: ChildIds, field_name: str = "child_id") -> Any:
    """The records of the children a scope covers (all of them for the borough)."""
    if children is None:
        return queryset
    return queryset.filter(**{f"{field_name}__in": children})
