"""Care leavers owed a personal adviser who have one."""

from __future__ import annotations

from hearth.indicators.base import Area, ChildIds, Direction, Indicator, Period, Row
from hearth.indicators.library._leavers import leaver_rows, rows_as_at


def rows(period: Period, children: ChildIds) -> list[Row]:
    cohort = [row for row in rows_as_at(period.end, children) if row.eligibility.needs_adviser]
    return leaver_rows(
        cohort,
        period.end,
        lambda row: row.allocation is not None,
        lambda row: f"adviser {row.allocation.adviser}" if row.allocation else "no adviser",
    )


INDICATOR = Indicator(
    id="care_leavers_pa_allocated",
    title="Care leavers with a personal adviser",
    area=Area.CARE_LEAVERS,
    definition=(
        "Eligible, relevant and former relevant young people open to the service at the end "
        "of the period (those owed a personal adviser) who have a current adviser allocation."
    ),
    source="Children (Leaving Care) Act 2000; Annex A list 9 'allocated personal adviser'",
    numerator="Young people with a personal adviser",
    denominator="Eligible, relevant and former relevant young people",
    direction=Direction.HIGHER,
    default_target=100.0,
    default_tolerance=5.0,
    rows=rows,
    snapshot=True,
)
