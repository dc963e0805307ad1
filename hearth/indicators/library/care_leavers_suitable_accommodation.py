"""Care leavers aged 17 to 21 in suitable accommodation."""

from __future__ import annotations

from hearth.indicators.base import Area, ChildIds, Direction, Indicator, Period, Row
from hearth.indicators.library._leavers import leaver_rows, outcome_cohort


def rows(period: Period, children: ChildIds) -> list[Row]:
    return leaver_rows(
        outcome_cohort(period.end, children),
        period.end,
        lambda row: row.accommodation is not None and row.accommodation.suitable,
        lambda row: (
            f"{row.accommodation.get_accommodation_type_display()}, "
            + ("suitable" if row.accommodation.suitable else "not suitable")
            if row.accommodation
            else "no accommodation recorded"
        ),
    )


INDICATOR = Indicator(
    id="care_leavers_suitable_accommodation",
    title="Care leavers in suitable accommodation",
    area=Area.CARE_LEAVERS,
    definition=(
        "Relevant and former relevant young people aged 17 to 21 at the end of the period "
        "whose accommodation then is recorded as suitable. Those with no accommodation "
        "recorded (including those not in touch) stay in the denominator, as the DfE counts "
        "them."
    ),
    source="SSDA903 OC3 ACCOM ending in 1 (former NI 147)",
    numerator="Young people in suitable accommodation",
    denominator="Relevant and former relevant young people aged 17 to 21",
    direction=Direction.HIGHER,
    default_target=90.0,
    default_tolerance=5.0,
    rows=rows,
    snapshot=True,
)
