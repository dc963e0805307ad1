"""Looked after reviews held in the period within their statutory timescale."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from hearth.children_in_care.models import PeriodOfCare, Review
from hearth.indicators.base import Area, ChildIds, Direction, Indicator, Period, Row, in_scope
from hearth.timescales.calendar import add_working_days
from hearth.timescales.rules import add_months


def review_deadline(period_start: date, earlier: list[date]) -> date:
    """The latest date a review may be held, given the reviews of the period before it."""
    if not earlier:
        return add_working_days(period_start, 20)
    if len(earlier) == 1:
        return add_months(earlier[0], 3)
    return add_months(earlier[-1], 6)


def rows(period: Period, children: ChildIds) -> list[Row]:
    held = list(
        in_scope(
            Review.objects.filter(held_on__gte=period.start, held_on__lte=period.end), children
        ).values_list("id", "child_id", "period_id", "held_on")
    )
    period_ids = {r[2] for r in held}
    starts = dict(PeriodOfCare.objects.filter(pk__in=period_ids).values_list("id", "start_date"))
    history: dict[int, list[tuple[date, int]]] = defaultdict(list)
    for period_id, held_on, pk in (
        Review.objects.filter(period_id__in=period_ids, held_on__lte=period.end)
        .order_by("held_on", "id")
        .values_list("period_id", "held_on", "id")
    ):
        history[period_id].append((held_on, pk))
    result = []
    for pk, child_id, period_id, held_on in held:
        earlier = [day for day, other in history[period_id] if (day, other) < (held_on, pk)]
        deadline = review_deadline(starts[period_id], earlier)
        ordinal = {0: "First review", 1: "Second review"}.get(len(earlier), "Later review")
        result.append(
            Row(
                key=f"cla_review:{pk}",
                child_id=child_id,
                on=held_on,
                detail=f"{ordinal}, due by {deadline:%d/%m/%Y}",
                in_numerator=held_on <= deadline,
            )
        )
    return result


INDICATOR = Indicator(
    id="cla_reviews_in_time",
    title="Looked after reviews held in time",
    area=Area.CHILDREN_IN_CARE,
    definition=(
        "Looked after reviews held in the period no later than their statutory date: the "
        "first within 20 working days of the child becoming looked after, the second within 3 "
        "months of the first, later ones within 6 months of the one before (counted within "
        "each period of care)."
    ),
    source="Care Planning, Placement and Case Review Regulations 2010, reg 33; SSDA903 REVIEW",
    numerator="Reviews held by their due date",
    denominator="Reviews held in the period",
    direction=Direction.HIGHER,
    default_target=95.0,
    default_tolerance=5.0,
    rows=rows,
)
