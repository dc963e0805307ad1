"""Adoption scorecard A2: average days from the placement order to the match."""

from __future__ import annotations

from hearth.adoption.selectors import A2
from hearth.indicators.base import Area, ChildIds, Direction, Indicator, Measure, Period, Row
from hearth.indicators.library._adoption import adopted_in
from hearth.timescales.catalogue import rule as rule_by_id


def rows(period: Period, children: ChildIds) -> list[Row]:
    threshold = rule_by_id(A2)
    result = []
    for pk, child_id, _entered, order, matched, _placed, adopted in adopted_in(period, children):
        if order is None or matched is None:
            continue  # no court authority to place (consent), or no match recorded
        days = max((matched - order).days, 0)  # matched before the order counts as 0
        result.append(
            Row(
                key=f"adoption:{pk}",
                child_id=child_id,
                on=adopted,
                detail=f"{days} days from placement order ({order:%d/%m/%Y}) to match "
                f"({matched:%d/%m/%Y})",
                in_numerator=matched <= threshold.due_from(order),
                amount=float(days),
            )
        )
    return result


INDICATOR = Indicator(
    id="a2",
    title="A2: days from the placement order to the match with the adoptive family",
    area=Area.PERMANENCE,
    definition=(
        "For children adopted in the three years up to the end of the period who had a "
        "placement order, the average number of days between the order and the decision on "
        "the match with the adopters. A match before the order counts as 0 days. The list "
        "shows which children were matched within the 121-day threshold."
    ),
    source="Adoption scorecard A2; LG Inform metric 912; threshold 121 days",
    numerator="Children matched within 121 days",
    denominator="Children adopted in the three years with a placement order",
    direction=Direction.LOWER,
    default_target=121.0,
    default_tolerance=30.0,
    rows=rows,
    measure=Measure.AVERAGE,
    unit="days",
)
