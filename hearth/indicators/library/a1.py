"""Adoption scorecard A1: average days from entering care to moving in with the adoptive
family, for children adopted in the last three years."""

from __future__ import annotations

from hearth.adoption.selectors import A1
from hearth.indicators.base import Area, ChildIds, Direction, Indicator, Measure, Period, Row
from hearth.indicators.library._adoption import adopted_in
from hearth.timescales.catalogue import rule as rule_by_id


def rows(period: Period, children: ChildIds) -> list[Row]:
    threshold = rule_by_id(A1)
    result = []
    for pk, child_id, entered, _order, _matched, placed, adopted in adopted_in(period, children):
        days = (placed - entered).days
        result.append(
            Row(
                key=f"adoption:{pk}",
                child_id=child_id,
                on=adopted,
                detail=f"{days} days from entering care ({entered:%d/%m/%Y}) to placement "
                f"({placed:%d/%m/%Y})",
                in_numerator=placed <= threshold.due_from(entered),
                amount=float(days),
            )
        )
    return result


INDICATOR = Indicator(
    id="a1",
    title="A1: days from entering care to moving in with the adoptive family",
    area=Area.PERMANENCE,
    definition=(
        "For children adopted in the three years up to the end of the period, the average "
        "number of days between entering care (the start of the period of care) and being "
        "placed for adoption with the family who adopted them. The list shows which children "
        "were placed within the 426-day threshold."
    ),
    source="Adoption scorecard A1 (DfE, three-year average); threshold 426 days",
    numerator="Children placed within 426 days",
    denominator="Children adopted in the three years",
    direction=Direction.LOWER,
    default_target=426.0,
    default_tolerance=60.0,
    rows=rows,
    measure=Measure.AVERAGE,
    unit="days",
)
