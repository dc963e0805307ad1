"""Child protection plans open at the period's end that have lasted two years or more."""

from __future__ import annotations

from django.db.models import Q

from hearth.child_protection.models import CPPlan
from hearth.indicators.base import Area, ChildIds, Direction, Indicator, Period, Row, in_scope
from hearth.timescales.rules import add_months


def rows(period: Period, children: ChildIds) -> list[Row]:
    as_of = period.end
    plans = in_scope(
        CPPlan.objects.filter(start_date__lte=as_of).filter(
            Q(end_date__isnull=True) | Q(end_date__gt=as_of)
        ),
        children,
    ).values_list("id", "child_id", "start_date")
    return [
        Row(
            key=f"cp_plan:{pk}",
            child_id=child_id,
            on=start,
            detail=f"Open {(as_of - start).days} days",
            in_numerator=as_of >= add_months(start, 24),
        )
        for pk, child_id, start in plans
    ]


INDICATOR = Indicator(
    id="cp_plans_open_2y_plus",
    title="Child protection plans open for 2 years or more",
    area=Area.CHILD_PROTECTION,
    definition=(
        "Plans open at the end of the period that had reached their second anniversary by "
        "then, as a share of all plans open at the end of the period."
    ),
    source="DfE Characteristics of children in need (plans open at 31 March by duration)",
    numerator="Plans open at the period's end for 2 years or more",
    denominator="Plans open at the period's end",
    direction=Direction.LOWER,
    default_target=2.0,
    default_tolerance=2.0,
    rows=rows,
    snapshot=True,
)
