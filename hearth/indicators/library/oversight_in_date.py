"""Allocated children whose management oversight is not overdue."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Max

from hearth.indicators.base import Area, ChildIds, Direction, Indicator, Period, Row
from hearth.indicators.library._workforce import current_allocations
from hearth.oversight import rules
from hearth.oversight.models import OversightEntry
from hearth.oversight.selectors import case_types


def rows(period: Period, children: ChildIds) -> list[Row]:
    as_of = period.end
    allocated: dict[int, tuple[int, date]] = {}
    for pk, child_id, start in (
        current_allocations(as_of, children)
        .order_by("child_id", "-start_date", "-id")
        .values_list("id", "child_id", "start_date")
    ):
        allocated.setdefault(child_id, (pk, start))
    # The borough reads every child's oversight and case types without a list of ids (a list
    # of 50,000 would pass SQLite's limit on query parameters).
    ids = None if children is None else list(allocated)
    entries = OversightEntry.objects.filter(occurred_on__lte=as_of)
    if ids is not None:
        entries = entries.filter(child_id__in=ids)
    last = dict(
        entries.values("child_id").annotate(last=Max("occurred_on")).values_list("child_id", "last")
    )
    types = case_types(ids, as_of)
    table = rules.interval_table()
    result = []
    for child_id, (pk, start) in allocated.items():
        case_type = rules.strictest(types.get(child_id, ()), table)
        previous = last.get(child_id)
        clock = previous if previous is not None and previous >= start else start
        due = clock + timedelta(weeks=table[case_type])
        result.append(
            Row(
                key=f"allocation:{pk}",
                child_id=child_id,
                on=clock,
                detail=(f"Last oversight {previous:%d/%m/%Y}" if previous else "No oversight")
                + f", next due {due:%d/%m/%Y} ({rules.CASE_TYPE_LABELS.get(case_type, case_type)})",
                in_numerator=as_of <= due,
            )
        )
    return result


INDICATOR = Indicator(
    id="oversight_in_date",
    title="Allocated children with management oversight in date",
    area=Area.OVERSIGHT,
    definition=(
        "Children allocated at the end of the period whose next management oversight is not "
        "overdue: recorded within the interval for their strictest open case type, counted "
        "from the last oversight or the allocation (the oversight app's own rule)."
    ),
    source="Local practice standard (setting OVERSIGHT_INTERVAL_WEEKS); the 2019 inspection",
    numerator="Children whose oversight is in date",
    denominator="Children allocated at the end of the period",
    direction=Direction.HIGHER,
    default_target=90.0,
    default_tolerance=10.0,
    rows=rows,
    snapshot=True,
)
