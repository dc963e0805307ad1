"""Average number of children allocated to each case-holding worker."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.conf import settings

from hearth.accounts.models import User
from hearth.indicators.base import Area, ChildIds, Direction, Indicator, Measure, Period, Row
from hearth.indicators.library._workforce import current_allocations, name


def threshold() -> int:
    hearth: dict[str, Any] = settings.HEARTH
    return int(hearth.get("CASELOAD_THRESHOLD", 18))


def rows(period: Period, children: ChildIds) -> list[Row]:
    as_of = period.end
    counts: Counter[int] = Counter(
        worker_id
        for worker_id, _child in current_allocations(as_of, children)
        .exclude(worker_id__isnull=True)
        .values_list("worker_id", "child_id")
        .distinct()
    )
    workers = {
        pk: name(first, last, username)
        for pk, first, last, username in User.objects.filter(pk__in=counts).values_list(
            "pk", "first_name", "last_name", "username"
        )
    }
    limit = threshold()
    return [
        Row(
            key=f"worker:{worker_id}",
            child_id=None,
            on=as_of,
            detail=f"{count} children allocated",
            in_numerator=count <= limit,
            amount=float(count),
            label=workers.get(worker_id, f"Worker {worker_id}"),
        )
        for worker_id, count in sorted(counts.items(), key=lambda item: -item[1])
    ]


INDICATOR = Indicator(
    id="average_caseload",
    title="Average caseload of case-holding workers",
    area=Area.OVERSIGHT,
    definition=(
        "The number of children allocated at the end of the period divided by the number of "
        "workers holding at least one of them (a headcount, not FTE; the DfE workforce census "
        "divides by case-holding FTE at 30 September). The list shows which workers hold no "
        "more than the caseload threshold (setting CASELOAD_THRESHOLD)."
    ),
    source="DfE Children's social work workforce census, average caseload (headcount here)",
    numerator="Workers at or under the caseload threshold",
    denominator="Case-holding workers",
    direction=Direction.LOWER,
    default_target=17.0,
    default_tolerance=3.0,
    rows=rows,
    measure=Measure.AVERAGE,
    snapshot=True,
    unit="children",
)
