"""Child protection plans of at least 3 months whose reviews were all held in time."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import Q

from hearth.child_protection.models import Conference, ConferenceKind, CPPlan
from hearth.indicators.base import Area, ChildIds, Direction, Indicator, Period, Row, in_scope
from hearth.timescales.rules import add_months


def first_late_review(start: date, reviews: list[date], stop: date) -> date | None:
    """The first review due date missed before `stop` (the plan's end or the period's end):
    the first review within 3 months of the start, each later one within 6 months."""
    due = add_months(start, 3)
    for held in sorted(reviews):
        if held > stop:
            break
        if held > due:
            return due
        due = add_months(held, 6)
    return due if due < stop else None


def rows(period: Period, children: ChildIds) -> list[Row]:
    plans = list(
        in_scope(
            CPPlan.objects.filter(start_date__lte=period.end).filter(
                Q(end_date__isnull=True) | Q(end_date__gte=period.start)
            ),
            children,
        ).values_list("id", "child_id", "start_date", "end_date")
    )
    reviews: dict[int, list[date]] = defaultdict(list)
    for plan_id, held_on in Conference.objects.filter(
        kind=ConferenceKind.REVIEW, plan_id__in=[p[0] for p in plans]
    ).values_list("plan_id", "held_on"):
        reviews[plan_id].append(held_on)
    result = []
    for pk, child_id, start, end in plans:
        stop = min(end, period.end) if end else period.end
        if add_months(start, 3) > stop:
            continue  # not yet 3 months on the plan: no review due
        missed = first_late_review(start, reviews[pk], stop)
        result.append(
            Row(
                key=f"cp_plan:{pk}",
                child_id=child_id,
                on=start,
                detail=f"Review due {missed:%d/%m/%Y} missed" if missed else "Every review in time",
                in_numerator=missed is None,
            )
        )
    return result


INDICATOR = Indicator(
    id="cp_reviews_in_time",
    title="Child protection plans reviewed in time",
    area=Area.CHILD_PROTECTION,
    definition=(
        "Plans open at some time in the period that had lasted at least 3 months (by their "
        "end or the period's end) whose reviews were all in time: the first within 3 months "
        "of the start, each later one within 6 months of the one before."
    ),
    source="COLLECT 'KI Children: CPPs reviewed within timescales'; Working Together 2023",
    numerator="Plans whose every review was held in time",
    denominator="Plans of at least 3 months open in the period",
    direction=Direction.HIGHER,
    default_target=95.0,
    default_tolerance=5.0,
    rows=rows,
)
