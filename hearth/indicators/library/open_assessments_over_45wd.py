"""Assessments open at the end of the period that started more than 45 working days before."""

from __future__ import annotations

from django.db.models import Q

from hearth.assessments.models import Assessment
from hearth.indicators.base import Area, ChildIds, Direction, Indicator, Period, Row, in_scope
from hearth.indicators.library.assessments_within_45wd import LIMIT
from hearth.timescales.calendar import add_working_days, working_days_between


def rows(period: Period, children: ChildIds) -> list[Row]:
    as_of = period.end
    open_then = in_scope(
        Assessment.objects.filter(start_date__lte=as_of).filter(
            Q(authorised_on__isnull=True) | Q(authorised_on__gt=as_of)
        ),
        children,
    ).values_list("id", "child_id", "start_date")
    return [
        Row(
            key=f"assessment:{pk}",
            child_id=child_id,
            on=start,
            detail=f"Open {working_days_between(start, as_of)} working days",
            in_numerator=as_of > add_working_days(start, LIMIT),
        )
        for pk, child_id, start in open_then
    ]


INDICATOR = Indicator(
    id="open_assessments_over_45wd",
    title="Open assessments over 45 working days",
    area=Area.ASSESSMENT,
    definition=(
        "Assessments open (not yet authorised) at the end of the period whose 45th working "
        "day after the start date has passed, as a share of all assessments open then."
    ),
    source="DfE CIN census query 8670Q (assessment open more than 45 working days)",
    numerator="Open assessments past their 45th working day",
    denominator="Assessments open at the end of the period",
    direction=Direction.LOWER,
    default_target=10.0,
    default_tolerance=5.0,
    rows=rows,
    snapshot=True,
)
