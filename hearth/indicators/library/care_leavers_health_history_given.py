"""Care leavers who have been given their health history."""

from __future__ import annotations

from hearth.care_leavers import rules
from hearth.indicators.base import Area, ChildIds, Direction, Indicator, Period, Row
from hearth.indicators.library._leavers import leaver_rows, rows_as_at, when

LEFT_CARE = frozenset({rules.RELEVANT, rules.FORMER_RELEVANT})


def rows(period: Period, children: ChildIds) -> list[Row]:
    cohort = [
        row for row in rows_as_at(period.end, children) if row.eligibility.category in LEFT_CARE
    ]
    return leaver_rows(
        cohort,
        period.end,
        lambda row: row.health_history_on is not None and row.health_history_on <= period.end,
        lambda row: when(row.health_history_on, "health history given", "not given"),
    )


INDICATOR = Indicator(
    id="care_leavers_health_history_given",
    title="Care leavers given their health history",
    area=Area.CARE_LEAVERS,
    definition=(
        "Relevant and former relevant young people open to the service at the end of the "
        "period who have been given a summary of their health history (the inspection found "
        "care leavers who did not know theirs)."
    ),
    source="Promoting the health and well-being of looked-after children (2015); the 2019 "
    "inspection",
    numerator="Young people given their health history",
    denominator="Relevant and former relevant young people",
    direction=Direction.HIGHER,
    default_target=95.0,
    default_tolerance=5.0,
    rows=rows,
    snapshot=True,
)
