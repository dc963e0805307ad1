"""Children in care for 12 months whose health assessment is in date."""

from __future__ import annotations

from datetime import date

from django.db.models import Max

from hearth.children_in_care.models import HealthAssessment, PeriodOfCare
from hearth.indicators.base import Area, ChildIds, Direction, Indicator, Period, Row
from hearth.indicators.library._care import age_on, looked_after_on
from hearth.timescales.rules import add_months


def rows(period: Period, children: ChildIds) -> list[Row]:
    as_of = period.end
    looked_after = looked_after_on(as_of, children, "period_id", "child__date_of_birth")
    starts: dict[int, date] = dict(
        PeriodOfCare.objects.filter(pk__in={r[2] for r in looked_after}).values_list(
            "id", "start_date"
        )
    )
    latest: dict[int, date] = dict(
        HealthAssessment.objects.filter(
            child_id__in=[r[1] for r in looked_after], completed_on__lte=as_of
        )
        .values("child_id")
        .annotate(last=Max("completed_on"))
        .values_list("child_id", "last")
    )
    year_ago = add_months(as_of, -12)
    result = []
    for episode_id, child_id, period_id, born in looked_after:
        if starts[period_id] > year_ago:
            continue  # the DfE's OC2 cohort: looked after for 12 months or more
        age = age_on(born, as_of)
        months = 6 if age is not None and age < 5 else 12
        last = latest.get(child_id)
        in_date = last is not None and last >= add_months(as_of, -months)
        result.append(
            Row(
                key=f"episode:{episode_id}",
                child_id=child_id,
                on=last or starts[period_id],
                detail=(f"Last health assessment {last:%d/%m/%Y}" if last else "No assessment")
                + f" (due every {months} months)",
                in_numerator=in_date,
            )
        )
    return result


INDICATOR = Indicator(
    id="cla_health_assessments_in_time",
    title="Children in care with a health assessment in date",
    area=Area.CHILDREN_IN_CARE,
    definition=(
        "Children looked after at the end of the period who had then been looked after for at "
        "least 12 months (the 903 OC2 cohort), with a health assessment completed within the "
        "last 12 months, or the last 6 months for a child under 5."
    ),
    source="SSDA903 OC2 HEALTH_CHECK; Promoting the health and well-being of looked-after "
    "children (statutory guidance, 2015)",
    numerator="Children whose health assessment is in date",
    denominator="Children looked after for 12 months or more",
    direction=Direction.HIGHER,
    default_target=90.0,
    default_tolerance=5.0,
    rows=rows,
    snapshot=True,
)
