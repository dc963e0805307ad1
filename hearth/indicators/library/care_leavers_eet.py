"""Care leavers aged 17 to 21 in education, employment or training."""

from __future__ import annotations

from hearth.care_leavers.models import EET_ACTIVITIES
from hearth.indicators.base import Area, ChildIds, Direction, Indicator, Period, Row
from hearth.indicators.library._leavers import leaver_rows, outcome_cohort


def rows(period: Period, children: ChildIds) -> list[Row]:
    return leaver_rows(
        outcome_cohort(period.end, children),
        period.end,
        lambda row: row.activity is not None and row.activity.code in EET_ACTIVITIES,
        lambda row: f"activity {row.activity.code}" if row.activity else "no activity recorded",
    )


INDICATOR = Indicator(
    id="care_leavers_eet",
    title="Care leavers in education, employment or training",
    area=Area.CARE_LEAVERS,
    definition=(
        "Relevant and former relevant young people aged 17 to 21 at the end of the period "
        "whose activity then is education, employment or training (OC3 activity F1, P1, F2, "
        "P2, F4, P4, F5 or P5). Those with no activity recorded stay in the denominator."
    ),
    source="SSDA903 OC3 ACTIV (former NI 148)",
    numerator="Young people in education, employment or training",
    denominator="Relevant and former relevant young people aged 17 to 21",
    direction=Direction.HIGHER,
    default_target=60.0,
    default_tolerance=5.0,
    rows=rows,
    snapshot=True,
)
