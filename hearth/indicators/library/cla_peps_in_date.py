"""Children in care of school age whose personal education plan is in date."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Max

from hearth.children_in_care.models import PeriodOfCare, PersonalEducationPlan
from hearth.indicators.base import Area, ChildIds, Direction, Indicator, Period, Row
from hearth.indicators.library._care import age_on, looked_after_on
from hearth.timescales.calendar import add_working_days
from hearth.timescales.rules import add_months


def school_age(born: date | None, on: date) -> bool:
    """Compulsory school age: from the 1 September after the 4th birthday (reception) to the
    end of year 11, the 31 August after the 16th birthday."""
    if born is None:
        return False
    year = on.year if on.month >= 9 else on.year - 1  # the school year's start
    age_at_31_august = age_on(born, date(year, 8, 31)) or 0
    return 4 <= age_at_31_august <= 15


def rows(period: Period, children: ChildIds) -> list[Row]:
    as_of = period.end
    looked_after = looked_after_on(as_of, children, "period_id", "child__date_of_birth")
    looked_after = [r for r in looked_after if school_age(r[3], as_of)]
    starts: dict[int, date] = dict(
        PeriodOfCare.objects.filter(pk__in={r[2] for r in looked_after}).values_list(
            "id", "start_date"
        )
    )
    latest: dict[int, date] = dict(
        PersonalEducationPlan.objects.filter(period_id__in=starts, held_on__lte=as_of)
        .values("period_id")
        .annotate(last=Max("held_on"))
        .values_list("period_id", "last")
    )
    hearth: dict[str, Any] = settings.HEARTH
    months = int(hearth.get("PEP_REVIEW_MONTHS", 4))
    result = []
    for episode_id, child_id, period_id, _born in looked_after:
        last = latest.get(period_id)
        due = add_months(last, months) if last else add_working_days(starts[period_id], 10)
        result.append(
            Row(
                key=f"episode:{episode_id}",
                child_id=child_id,
                on=last or starts[period_id],
                detail=(f"Last PEP {last:%d/%m/%Y}" if last else "No PEP yet")
                + f", next due {due:%d/%m/%Y}",
                in_numerator=as_of <= due,
            )
        )
    return result


INDICATOR = Indicator(
    id="cla_peps_in_date",
    title="Children in care of school age with a personal education plan in date",
    area=Area.CHILDREN_IN_CARE,
    definition=(
        "Children of compulsory school age looked after at the end of the period whose "
        "personal education plan is not overdue: the first within 10 working days of becoming "
        "looked after, then reviewed every PEP_REVIEW_MONTHS months (termly)."
    ),
    source="Promoting the education of looked-after children (statutory guidance, 2018); local "
    "cadence (setting PEP_REVIEW_MONTHS)",
    numerator="Children whose PEP is in date",
    denominator="Children of school age looked after at the end of the period",
    direction=Direction.HIGHER,
    default_target=95.0,
    default_tolerance=5.0,
    rows=rows,
    snapshot=True,
)
