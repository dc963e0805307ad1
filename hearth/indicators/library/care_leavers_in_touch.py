"""Care leavers aged 17 to 21 the service is in touch with."""

from __future__ import annotations

from hearth.indicators.base import Area, ChildIds, Direction, Indicator, Period, Row
from hearth.indicators.library._leavers import leaver_rows, outcome_cohort, when


def rows(period: Period, children: ChildIds) -> list[Row]:
    return leaver_rows(
        outcome_cohort(period.end, children),
        period.end,
        lambda row: row.gap is not None and not row.gap.not_in_touch,
        lambda row: when(row.last_in_touch, "last in touch", "never in touch"),
    )


INDICATOR = Indicator(
    id="care_leavers_in_touch",
    title="Care leavers in touch with the service",
    area=Area.CARE_LEAVERS,
    definition=(
        "Relevant and former relevant young people aged 17 to 21 at the end of the period, "
        "open to the leaving care service, who were in touch (a contact recorded as in touch) "
        "within the contact interval expected for their age (the service's own contact rule)."
    ),
    source="SSDA903 OC3 IN_TOUCH (DfE Children looked after in England, care leavers)",
    numerator="Young people in touch within the expected interval",
    denominator="Relevant and former relevant young people aged 17 to 21",
    direction=Direction.HIGHER,
    default_target=95.0,
    default_tolerance=5.0,
    rows=rows,
    snapshot=True,
)
