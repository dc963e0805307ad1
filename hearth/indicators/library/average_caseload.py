"""Average number of children allocated per FTE case-holding worker."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.conf import settings

from hearth.accounts.models import User
from hearth.indicators.base import Area, ChildIds, Direction, Indicator, Measure, Period, Row
from hearth.indicators.library._workforce import current_allocations, fte_on, name


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
        pk: (name(first, last, username), fte)
        for pk, first, last, username, fte in User.objects.filter(pk__in=counts).values_list(
            "pk", "first_name", "last_name", "username", "fte"
        )
    }
    ftes = fte_on(as_of, {pk: fte for pk, (_name, fte) in workers.items()})
    limit = threshold()
    result = []
    for worker_id, count in sorted(counts.items(), key=lambda item: -item[1]):
        fte = ftes.get(worker_id, 1.0)
        per_fte = count / fte
        result.append(
            Row(
                key=f"worker:{worker_id}",
                child_id=None,
                on=as_of,
                detail=f"{count} children allocated, {fte:g} FTE ({per_fte:.1f} per FTE)",
                in_numerator=per_fte <= limit,
                amount=float(count),
                label=workers.get(worker_id, (f"Worker {worker_id}", None))[0],
                weight=fte,
            )
        )
    return result


INDICATOR = Indicator(
    id="average_caseload",
    title="Average caseload per FTE case-holding worker",
    area=Area.OVERSIGHT,
    definition=(
        "The number of children allocated at the end of the period divided by the full-time "
        "equivalent (FTE) of the workers holding at least one of them, as the DfE workforce "
        "census counts caseloads. A worker's FTE is that of their staff record in post on the "
        "day, or else the FTE set on their account (1.0 unless changed). The list shows which "
        "workers hold no more than the caseload threshold per FTE (setting CASELOAD_THRESHOLD)."
    ),
    source="DfE Children's social work workforce census, average caseload per FTE",
    numerator="Workers at or under the caseload threshold per FTE",
    denominator="Case-holding workers",
    direction=Direction.LOWER,
    default_target=17.0,
    default_tolerance=3.0,
    rows=rows,
    measure=Measure.AVERAGE,
    snapshot=True,
    unit="children",
)
