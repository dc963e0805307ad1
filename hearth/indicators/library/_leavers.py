"""Shared reads for the care leaver indicators: the leaving care service's own cohort rows
(hearth.care_leavers.selectors.cohort_rows) as at the period's end, so the figures agree with
the service's lists."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from hearth.care_leavers import rules
from hearth.care_leavers.selectors import CareLeaverRow, cohort_rows
from hearth.indicators.base import ChildIds, Row
from hearth.indicators.library._care import age_on
from hearth.indicators.memo import scope_key, shared
from hearth.people.models import Person

# The DfE's care leaver outcomes (SSDA903 OC3) cover relevant and former relevant young
# people aged 17 to 21.
OUTCOME_CATEGORIES = frozenset({rules.RELEVANT, rules.FORMER_RELEVANT})


def rows_as_at(as_of: date, children: ChildIds) -> list[CareLeaverRow]:
    def compute() -> list[CareLeaverRow]:
        scope = None if children is None else Person.objects.children().filter(pk__in=children)
        return [row for row in cohort_rows(as_of, scope=scope) if not row.is_closed]

    return shared(("care_leavers", as_of, scope_key(children)), compute)


def outcome_cohort(as_of: date, children: ChildIds) -> list[CareLeaverRow]:
    """Relevant and former relevant young people aged 17 to 21, open to the service."""
    return [
        row
        for row in rows_as_at(as_of, children)
        if row.eligibility.category in OUTCOME_CATEGORIES
        and 17 <= (age_on(row.person.date_of_birth, as_of) or 0) <= 21
    ]


def leaver_rows(
    cohort: list[CareLeaverRow],
    as_of: date,
    test: Callable[[CareLeaverRow], bool],
    detail: Callable[[CareLeaverRow], str],
) -> list[Row]:
    return [
        Row(
            key=f"care_leaver:{row.pk}",
            child_id=row.pk,
            on=as_of,
            detail=f"{row.eligibility.label}: {detail(row)}",
            in_numerator=test(row),
        )
        for row in cohort
    ]


def when(day: date | None, text: str, none: str) -> str:
    return f"{text} {day:%d/%m/%Y}" if day else none
