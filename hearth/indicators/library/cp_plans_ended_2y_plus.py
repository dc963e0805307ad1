"""Child protection plans ending in the period that had lasted two years or more."""

from __future__ import annotations

from hearth.child_protection.models import CPPlan
from hearth.indicators.base import Area, ChildIds, Direction, Indicator, Period, Row, in_scope
from hearth.timescales.rules import add_months


def rows(period: Period, children: ChildIds) -> list[Row]:
    plans = in_scope(
        CPPlan.objects.filter(end_date__gte=period.start, end_date__lte=period.end), children
    ).values_list("id", "child_id", "start_date", "end_date")
    result = []
    for pk, child_id, start, end in plans:
        long = end >= add_months(start, 24)
        result.append(
            Row(
                key=f"cp_plan:{pk}",
                child_id=child_id,
                on=end,
                detail=f"Lasted {(end - start).days} days",
                in_numerator=long,
            )
        )
    return result


INDICATOR = Indicator(
    id="cp_plans_ended_2y_plus",
    title="Child protection plans ended after 2 years or more",
    area=Area.CHILD_PROTECTION,
    definition=(
        "Plans ending in the period whose end date is on or after the second anniversary of "
        "their start, as a share of all plans ending in the period."
    ),
    source="DfE Characteristics of children in need table D7; COLLECT 'CPP 2 years or more'",
    numerator="Plans ending in the period that lasted 2 years or more",
    denominator="Plans ending in the period",
    direction=Direction.LOWER,
    default_target=2.0,
    default_tolerance=2.0,
    rows=rows,
)
