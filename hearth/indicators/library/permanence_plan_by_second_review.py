"""Children whose permanence plan was agreed by their second looked after review."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import Min

from hearth.children_in_care.models import PermanencePlan, Review
from hearth.indicators.base import Area, ChildIds, Direction, Indicator, Period, Row, in_scope


def rows(period: Period, children: ChildIds) -> list[Row]:
    reviews: dict[int, list[tuple[date, int, int]]] = defaultdict(list)
    for pk, child_id, period_id, held_on in (
        in_scope(Review.objects.filter(held_on__lte=period.end), children)
        .order_by("held_on", "id")
        .values_list("id", "child_id", "period_id", "held_on")
    ):
        reviews[period_id].append((held_on, pk, child_id))
    second = {
        period_id: held[1]
        for period_id, held in reviews.items()
        if len(held) >= 2 and held[1][0] in period
    }
    first_plans: dict[int, date] = dict(
        PermanencePlan.objects.filter(period_id__in=second)
        .values("period_id")
        .annotate(first=Min("agreed_on"))
        .values_list("period_id", "first")
    )
    result = []
    for period_id, (held_on, pk, child_id) in second.items():
        agreed = first_plans.get(period_id)
        result.append(
            Row(
                key=f"cla_review:{pk}",
                child_id=child_id,
                on=held_on,
                detail=(f"Permanence plan agreed {agreed:%d/%m/%Y}" if agreed else "No plan")
                + f"; second review {held_on:%d/%m/%Y}",
                in_numerator=agreed is not None and agreed <= held_on,
            )
        )
    return sorted(result, key=lambda row: (row.on, row.key))


INDICATOR = Indicator(
    id="permanence_plan_by_second_review",
    title="Permanence plan agreed by the second review",
    area=Area.PERMANENCE,
    definition=(
        "Children whose second looked after review (in a period of care) was held in the "
        "period, with a permanence plan agreed on or before that review, as the care planning "
        "guidance expects."
    ),
    source="The Children Act 1989 guidance and regulations volume 2: care planning (2021), "
    "paragraph 2.45",
    numerator="Second reviews with a permanence plan agreed by then",
    denominator="Second reviews held in the period",
    direction=Direction.HIGHER,
    default_target=90.0,
    default_tolerance=10.0,
    rows=rows,
)
