"""Children under 16 in care for 2.5 years or more, in the same placement for 2 years."""

from __future__ import annotations

from datetime import date

from hearth.children_in_care.models import PeriodOfCare
from hearth.indicators.base import Area, ChildIds, Direction, Indicator, Period, Row
from hearth.indicators.library._care import age_on, looked_after_on
from hearth.timescales.rules import add_months


def rows(period: Period, children: ChildIds) -> list[Row]:
    as_of = period.end
    looked_after = looked_after_on(
        as_of, children, "period_id", "placement_started_on", "child__date_of_birth"
    )
    periods: dict[int, date] = dict(
        PeriodOfCare.objects.filter(pk__in={r[2] for r in looked_after}).values_list(
            "id", "start_date"
        )
    )
    in_care_since = add_months(as_of, -30)
    placed_since = add_months(as_of, -24)
    result = []
    for episode_id, child_id, period_id, placed_on, born in looked_after:
        age = age_on(born, as_of)
        if age is None or age >= 16 or periods[period_id] > in_care_since:
            continue
        result.append(
            Row(
                key=f"episode:{episode_id}",
                child_id=child_id,
                on=placed_on,
                detail=f"In care since {periods[period_id]:%d/%m/%Y}, "
                f"placement since {placed_on:%d/%m/%Y}",
                in_numerator=placed_on <= placed_since,
            )
        )
    return result


INDICATOR = Indicator(
    id="cla_long_term_stability",
    title="Children in care long term living in the same placement for 2 years",
    area=Area.CHILDREN_IN_CARE,
    definition=(
        "Children under 16 at the end of the period, looked after continuously for at least "
        "two and a half years, who have lived in the same placement for at least two years. "
        "A placement is dated from its start, so a change of legal status alone does not "
        "restart it."
    ),
    source="DfE Children looked after in England, long-term stability (former NI 63)",
    numerator="Children in the same placement for 2 years or more",
    denominator="Children under 16 looked after for 2.5 years or more",
    direction=Direction.HIGHER,
    default_target=70.0,
    default_tolerance=5.0,
    rows=rows,
    snapshot=True,
)
