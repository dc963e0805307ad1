"""Returns from missing in the period where a return home interview was offered in 72 hours."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from hearth.indicators.base import Area, ChildIds, Direction, Indicator, Period, Row
from hearth.indicators.library._missing import returns_in

HOURS = 72


def rows(period: Period, children: ChildIds) -> list[Row]:
    result = []
    for pk, child_id, ended_at, offered_at, _status in returns_in(period, children):
        in_time = offered_at is not None and offered_at <= ended_at + timedelta(hours=HOURS)
        returned = timezone.localtime(ended_at)
        detail = f"Returned {returned:%d/%m/%Y %H:%M}, " + (
            f"interview offered {timezone.localtime(offered_at):%d/%m/%Y %H:%M}"
            if offered_at
            else "no interview offered"
        )
        result.append(
            Row(
                key=f"missing:{pk}",
                child_id=child_id,
                on=returned.date(),
                detail=detail,
                in_numerator=in_time,
            )
        )
    return result


INDICATOR = Indicator(
    id="rhi_offered_72h",
    title="Return home interviews offered within 72 hours",
    area=Area.MISSING,
    definition=(
        "Episodes of a child missing or away from home or care that ended in the period where "
        "an independent return home interview was offered no later than 72 hours (calendar "
        "hours, weekends included) after the child came back."
    ),
    source="Statutory guidance on children who run away or go missing from home or care "
    "(2014); Annex A list 8 'offered a return interview'",
    numerator="Returns with an interview offered within 72 hours",
    denominator="Returns in the period",
    direction=Direction.HIGHER,
    default_target=95.0,
    default_tolerance=5.0,
    rows=rows,
)
