"""Children under 16 in care for 2.5 years or more, in the same placement for 2 years (or
placed for adoption, with the adoptive placement and the one before it together lasting 2
years)."""

from __future__ import annotations

from datetime import date

from hearth.children_in_care.models import ADOPTION_PLACEMENTS, PeriodOfCare
from hearth.indicators.base import Area, ChildIds, Direction, Indicator, Period, Row
from hearth.indicators.library._care import age_on, episodes_of, looked_after_on
from hearth.timescales.rules import add_months


def _previous_placement_start(
    episodes: list[tuple[int, date, date]], period_id: int, placed_on: date
) -> date | None:
    """The start of the placement before the one that started on `placed_on`, in the same
    period of care (episodes as (period id, decom, placement start), oldest first)."""
    earlier = [
        started
        for episode_period, decom, started in episodes
        if episode_period == period_id and started < placed_on and decom <= placed_on
    ]
    return max(earlier) if earlier else None


def rows(period: Period, children: ChildIds) -> list[Row]:
    as_of = period.end
    looked_after = looked_after_on(
        as_of, children, "period_id", "placement_started_on", "child__date_of_birth", "place"
    )
    periods: dict[int, date] = dict(
        PeriodOfCare.objects.filter(pk__in={r[2] for r in looked_after}).values_list(
            "id", "start_date"
        )
    )
    in_care_since = add_months(as_of, -30)
    placed_since = add_months(as_of, -24)
    eligible = [
        r
        for r in looked_after
        if (age := age_on(r[4], as_of)) is not None and age < 16 and periods[r[2]] <= in_care_since
    ]
    adopted = [r[1] for r in eligible if r[5] in ADOPTION_PLACEMENTS]
    history = episodes_of(adopted, "period_id", "decom", "placement_started_on")
    result = []
    for episode_id, child_id, period_id, placed_on, _born, place in eligible:
        stable_since = placed_on
        detail = f"placement since {placed_on:%d/%m/%Y}"
        if place in ADOPTION_PLACEMENTS:
            before = _previous_placement_start(history.get(child_id, []), period_id, placed_on)
            if before is not None:
                stable_since = before
                detail = (
                    f"placed for adoption ({place}) on {placed_on:%d/%m/%Y}, "
                    f"the placement before from {before:%d/%m/%Y}"
                )
        result.append(
            Row(
                key=f"episode:{episode_id}",
                child_id=child_id,
                on=placed_on,
                detail=f"In care since {periods[period_id]:%d/%m/%Y}, {detail}",
                in_numerator=stable_since <= placed_since,
            )
        )
    return result


INDICATOR = Indicator(
    id="cla_long_term_stability",
    title="Children in care long term living in the same placement for 2 years",
    area=Area.CHILDREN_IN_CARE,
    definition=(
        "Children under 16 at the end of the period, looked after continuously for at least "
        "two and a half years, who have lived in the same placement for at least two years, "
        "or who are placed for adoption (A3 to A6) and whose adoptive placement and the "
        "placement before it together have lasted at least two years. A placement is dated "
        "from its start, so a change of legal status alone does not restart it."
    ),
    source="DfE Children looked after in England, long-term stability (former NI 63)",
    numerator="Children in the same placement for 2 years or more (adoptive placement and "
    "the one before it together)",
    denominator="Children under 16 looked after for 2.5 years or more",
    direction=Direction.HIGHER,
    default_target=70.0,
    default_tolerance=5.0,
    rows=rows,
    snapshot=True,
)
