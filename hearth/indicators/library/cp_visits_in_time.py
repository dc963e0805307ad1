"""Children on a child protection plan at the period's end whose visit is not overdue."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Max, Q

from hearth.casework.models import VISIT_TYPES, CaseNote
from hearth.child_protection.models import CPPlan
from hearth.indicators.base import Area, ChildIds, Direction, Indicator, Period, Row, in_scope
from hearth.timescales.calendar import add_working_days


def rows(period: Period, children: ChildIds) -> list[Row]:
    as_of = period.end
    plans = list(
        in_scope(
            CPPlan.objects.filter(start_date__lte=as_of).filter(
                Q(end_date__isnull=True) | Q(end_date__gt=as_of)
            ),
            children,
        ).values_list("id", "child_id", "start_date")
    )
    seen = dict(
        CaseNote.objects.final()
        .filter(
            child_id__in=[p[1] for p in plans],
            note_type__in=sorted(VISIT_TYPES),
            child_seen=True,
            contact_date__lte=as_of,
        )
        .values("child_id")
        .annotate(last=Max("contact_date"))
        .values_list("child_id", "last")
    )
    hearth: dict[str, Any] = settings.HEARTH
    interval = int(hearth["CP_VISIT_WORKING_DAYS"])
    result = []
    for pk, child_id, start in plans:
        last = seen.get(child_id)
        clock = max(last, start) if last else start
        due = add_working_days(clock, interval)
        result.append(
            Row(
                key=f"cp_plan:{pk}",
                child_id=child_id,
                on=last or start,
                detail=(f"Last seen {last:%d/%m/%Y}" if last else "Not seen on a visit")
                + f", next visit due {due:%d/%m/%Y}",
                in_numerator=as_of <= due,
            )
        )
    return result


INDICATOR = Indicator(
    id="cp_visits_in_time",
    title="Children on a child protection plan visited in time",
    area=Area.CHILD_PROTECTION,
    definition=(
        "Children on a child protection plan at the end of the period whose next visit is not "
        "yet overdue: seen on a visit (a final home, statutory or school visit note with the "
        "child seen) within the local cadence, counted from the later of the plan's start and "
        "the last visit at which they were seen."
    ),
    source="Local practice (setting CP_VISIT_WORKING_DAYS); Annex A list 7 last visit",
    numerator="Children on a plan whose visit is not overdue",
    denominator="Children on a plan at the end of the period",
    direction=Direction.HIGHER,
    default_target=90.0,
    default_tolerance=5.0,
    rows=rows,
    snapshot=True,
)
