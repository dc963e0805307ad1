"""Child protection plans starting in the period within 2 years of the child's previous plan."""

from __future__ import annotations

from hearth.indicators.base import Area, ChildIds, Direction, Indicator, Period, Row
from hearth.indicators.library.cp_second_subsequent import earlier_plans, starting
from hearth.timescales.rules import add_months


def rows(period: Period, children: ChildIds) -> list[Row]:
    plans = starting(period, children)
    by_child = earlier_plans(plans)
    result = []
    for pk, child_id, start, _, previous_ended in plans:
        window_start = add_months(start, -24)
        ends = [e for p, s, e in by_child[child_id] if p != pk and s < start and e is not None]
        if previous_ended is not None:
            ends.append(previous_ended)
        recent = [e for e in ends if window_start <= e <= start]
        result.append(
            Row(
                key=f"cp_plan:{pk}",
                child_id=child_id,
                on=start,
                detail=(
                    f"Previous plan ended {max(recent):%d/%m/%Y}" if recent else "None in 2 years"
                ),
                in_numerator=bool(recent),
            )
        )
    return result


INDICATOR = Indicator(
    id="cp_second_subsequent_2y",
    title="Second or subsequent child protection plans within 2 years",
    area=Area.CHILD_PROTECTION,
    definition=(
        "Children starting a child protection plan in the period whose previous plan ended on "
        "or after the same date two years earlier, as a share of all plans starting in the period."
    ),
    source="Local measure beside LG Inform metric 100",
    numerator="Plans starting within 2 years of the end of the child's previous plan",
    denominator="Plans starting in the period",
    direction=Direction.LOWER,
    default_target=10.0,
    default_tolerance=3.0,
    rows=rows,
)
