"""Child protection plans starting in the period for a child who had a plan before (ever)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from hearth.child_protection.models import CPPlan
from hearth.indicators.base import Area, ChildIds, Direction, Indicator, Period, Row, in_scope


def starting(period: Period, children: ChildIds) -> list[tuple[int, int, date, int, date | None]]:
    return list(
        in_scope(
            CPPlan.objects.filter(start_date__gte=period.start, start_date__lte=period.end),
            children,
        ).values_list("id", "child_id", "start_date", "previous_plans", "previous_plan_ended_on")
    )


PlanSpan = tuple[int, date, date | None]


def earlier_plans(
    plans: list[tuple[int, int, date, int, date | None]],
) -> dict[int, list[PlanSpan]]:
    """Every plan of these children: (id, start, end), by child."""
    by_child: dict[int, list[PlanSpan]] = defaultdict(list)
    child_ids = {plan[1] for plan in plans}
    for pk, child_id, start, end in CPPlan.objects.filter(child_id__in=child_ids).values_list(
        "id", "child_id", "start_date", "end_date"
    ):
        by_child[child_id].append((pk, start, end))
    return by_child


def rows(period: Period, children: ChildIds) -> list[Row]:
    plans = starting(period, children)
    by_child = earlier_plans(plans)
    result = []
    for pk, child_id, start, previous_plans, _ in plans:
        before = [p for p in by_child[child_id] if p[0] != pk and p[1] < start]
        second = previous_plans > 0 or bool(before)
        result.append(
            Row(
                key=f"cp_plan:{pk}",
                child_id=child_id,
                on=start,
                detail="Second or subsequent plan" if second else "First plan",
                in_numerator=second,
            )
        )
    return result


INDICATOR = Indicator(
    id="cp_second_subsequent",
    title="Second or subsequent child protection plans (ever)",
    area=Area.CHILD_PROTECTION,
    definition=(
        "Children starting a child protection plan in the period who had been on a plan with "
        "this local authority before, at any time (a recorded earlier plan, or the census "
        "NumberOfPreviousCPP above zero), as a share of all plans starting in the period."
    ),
    source="LG Inform metric 100 (former NI 65); DfE Characteristics of children in need",
    numerator="Plans starting in the period for a child with an earlier plan",
    denominator="Plans starting in the period",
    direction=Direction.LOWER,
    default_target=23.0,
    default_tolerance=3.0,
    rows=rows,
)
