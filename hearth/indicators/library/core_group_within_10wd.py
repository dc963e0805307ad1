"""Child protection plans whose first core group met within 10 working days of the ICPC."""

from __future__ import annotations

from django.db.models import Min

from hearth.child_protection.models import CPPlan
from hearth.indicators.base import Area, ChildIds, Direction, Indicator, Period, Row, in_scope
from hearth.timescales.calendar import add_working_days

LIMIT = 10


def rows(period: Period, children: ChildIds) -> list[Row]:
    plans = (
        in_scope(
            CPPlan.objects.filter(start_date__gte=period.start, start_date__lte=period.end),
            children,
        )
        .annotate(first_core_group=Min("core_groups__held_on"))
        .values_list("id", "child_id", "initial_conference__held_on", "first_core_group")
    )
    result = []
    for pk, child_id, icpc, first in plans:
        due = add_working_days(icpc, LIMIT)
        if due > period.end and first is None:
            continue  # not yet due at the end of the period
        result.append(
            Row(
                key=f"cp_plan:{pk}",
                child_id=child_id,
                on=icpc,
                detail=f"First core group {first:%d/%m/%Y}" if first else "No core group yet",
                in_numerator=first is not None and first <= due,
            )
        )
    return result


INDICATOR = Indicator(
    id="core_group_within_10wd",
    title="First core group within 10 working days",
    area=Area.CHILD_PROTECTION,
    definition=(
        "Child protection plans starting in the period whose first core group met no later "
        "than 10 working days after the initial conference. Plans whose 10th working day falls "
        "after the period's end, with no core group yet, are left out until they are due."
    ),
    source="Local measure (Working Together 2023: first core group within 10 working days)",
    numerator="Plans with a first core group within 10 working days of the conference",
    denominator="Plans starting in the period (and due by its end)",
    direction=Direction.HIGHER,
    default_target=90.0,
    default_tolerance=5.0,
    rows=rows,
)
