"""Adoption scorecard A3: children adopted who waited less than 14 months from entering care
to moving in with their adoptive family."""

from __future__ import annotations

from hearth.indicators.base import Area, ChildIds, Direction, Indicator, Period, Row
from hearth.indicators.library._adoption import adopted_in
from hearth.timescales.rules import add_months

MONTHS = 14


def rows(period: Period, children: ChildIds) -> list[Row]:
    result = []
    for pk, child_id, entered, _order, _matched, placed, adopted in adopted_in(period, children):
        limit = add_months(entered, MONTHS)
        result.append(
            Row(
                key=f"adoption:{pk}",
                child_id=child_id,
                on=adopted,
                detail=f"Entered care {entered:%d/%m/%Y}, placed {placed:%d/%m/%Y} "
                f"(14 months ends {limit:%d/%m/%Y})",
                in_numerator=placed < limit,
            )
        )
    return result


INDICATOR = Indicator(
    id="a3",
    title="A3: children adopted who waited less than 14 months to move in",
    area=Area.PERMANENCE,
    definition=(
        "Of the children adopted in the three years up to the end of the period, those placed "
        "with their adoptive family less than 14 months after entering care."
    ),
    source="Adoption scorecard A3 (DfE, three-year figure)",
    numerator="Children placed in less than 14 months",
    denominator="Children adopted in the three years",
    direction=Direction.HIGHER,
    default_target=60.0,
    default_tolerance=10.0,
    rows=rows,
)
