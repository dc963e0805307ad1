"""Children in care with a permanence plan whose life-story work is under way or done."""

from __future__ import annotations

from datetime import date

from hearth.children_in_care.models import LifeStoryStatus, LifeStoryWork, PermanencePlan
from hearth.indicators.base import Area, ChildIds, Direction, Indicator, Period, Row
from hearth.indicators.library._care import looked_after_on

IN_PLACE = frozenset({LifeStoryStatus.IN_PROGRESS, LifeStoryStatus.COMPLETE})


def rows(period: Period, children: ChildIds) -> list[Row]:
    as_of = period.end
    looked_after = looked_after_on(as_of, children, "period_id")
    period_ids = {r[2] for r in looked_after}
    planned = set(
        PermanencePlan.objects.filter(period_id__in=period_ids, agreed_on__lte=as_of).values_list(
            "period_id", flat=True
        )
    )
    latest: dict[int, tuple[date, str]] = {}
    for period_id, on, status in (
        LifeStoryWork.objects.filter(period_id__in=planned, updated_on__lte=as_of)
        .order_by("updated_on", "id")
        .values_list("period_id", "updated_on", "status")
    ):
        latest[period_id] = (on, status)  # newest last
    labels = dict(LifeStoryStatus.choices)
    result = []
    for episode_id, child_id, period_id in looked_after:
        if period_id not in planned:
            continue
        on, status = latest.get(period_id, (as_of, ""))
        result.append(
            Row(
                key=f"episode:{episode_id}",
                child_id=child_id,
                on=on,
                detail=(
                    f"Life-story work: {str(labels[status]).lower()}"
                    if status
                    else "No life-story work recorded"
                ),
                in_numerator=status in IN_PLACE,
            )
        )
    return result


INDICATOR = Indicator(
    id="life_story_work_in_place",
    title="Children with a permanence plan whose life-story work is in place",
    area=Area.PERMANENCE,
    definition=(
        "Children looked after at the end of the period with a permanence plan agreed, whose "
        "latest life-story work record then says it is in progress or complete."
    ),
    source="Local (the 2019 inspection: 'the quality of life-story work for all children'); "
    "Adoption statutory guidance 2013, chapter 2",
    numerator="Children with life-story work in progress or complete",
    denominator="Children in care with a permanence plan",
    direction=Direction.HIGHER,
    default_target=90.0,
    default_tolerance=10.0,
    rows=rows,
    snapshot=True,
)
