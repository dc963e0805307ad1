"""The shape of a timescale rule: an offset from the event that starts the clock, and its source.

Rules themselves are declared once, in `catalogue.py`. A rule whose cadence is local practice
names a key of settings.HEARTH in `setting`; its amount is read from settings every time the
rule is evaluated, so a borough changes the cadence in configuration, never in code.
"""

from __future__ import annotations

import calendar as _calendar
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal, get_args

from django.conf import settings

from hearth.timescales.calendar import add_working_days

Unit = Literal["working_days", "days", "weeks", "months"]
Basis = Literal["statute", "regulations", "statutory guidance", "local policy"]

UNITS: tuple[str, ...] = get_args(Unit)
BASES: tuple[str, ...] = get_args(Basis)

_UNIT_WORDS = {
    "working_days": ("working day", "working days"),
    "days": ("day", "days"),
    "weeks": ("week", "weeks"),
    "months": ("month", "months"),
}


def add_months(start: date, months: int) -> date:
    """Same day of the month `months` later, clamped to the month's end (31 Jan + 1 = 28/29 Feb)."""
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    day = min(start.day, _calendar.monthrange(year, month)[1])
    return date(year, month, day)


@dataclass(frozen=True)
class Offset:
    """How far the due date is from the clock start: `Offset(15, "working_days")`."""

    amount: int
    unit: Unit

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"Unknown offset unit {self.unit!r}; use one of {', '.join(UNITS)}")
        if isinstance(self.amount, bool) or not isinstance(self.amount, int):
            raise TypeError(f"Offset amount must be a whole number, not {self.amount!r}")

    def apply(self, start: date) -> date:
        if self.unit == "working_days":
            return add_working_days(start, self.amount)
        if self.unit == "days":
            return start + timedelta(days=self.amount)
        if self.unit == "weeks":
            return start + timedelta(weeks=self.amount)
        return add_months(start, self.amount)

    def describe(self) -> str:
        """'15 working days', '1 week', '3 months'."""
        singular, plural = _UNIT_WORDS[self.unit]
        return f"{self.amount} {singular if abs(self.amount) == 1 else plural}"

    def __str__(self) -> str:
        return self.describe()


@dataclass(frozen=True)
class Rule:
    """A statutory or local timescale, declared once in the catalogue.

    `offset` is the declared offset; for a local rule (`setting` names a key of
    settings.HEARTH) its amount is only the default used when the setting is absent, and
    `current_offset()` gives the amount in force now."""

    id: str
    title: str
    description: str
    source: str
    basis: Basis
    clock_starts: str
    offset: Offset
    satisfied_by: str
    setting: str | None = None

    def __post_init__(self) -> None:
        if self.basis not in BASES:
            raise ValueError(f"Rule {self.id}: basis {self.basis!r} is not one of {BASES}")
        if self.setting is not None and self.basis != "local policy":
            raise ValueError(f"Rule {self.id}: only local policy rules may read a setting")

    @property
    def is_local(self) -> bool:
        return self.basis == "local policy"

    def current_offset(self) -> Offset:
        """The offset in force now: a local rule's amount comes from settings.HEARTH."""
        if self.setting is None:
            return self.offset
        configured = getattr(settings, "HEARTH", {}).get(self.setting, self.offset.amount)
        return replace(self.offset, amount=int(configured))

    def due_from(self, start: date) -> date:
        """The date this rule makes due when its clock started on `start`."""
        return self.current_offset().apply(start)

    def describe_basis(self) -> str:
        """'regulations: Care Planning, ... reg 33(1)', or 'local policy' for local rules."""
        if self.is_local:
            return "local policy"
        return f"{self.basis}: {self.source}"
