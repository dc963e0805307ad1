"""Care leavers owed a pathway plan whose plan is in date."""

from __future__ import annotations

from hearth.indicators.base import Area, ChildIds, Direction, Indicator, Period, Row
from hearth.indicators.library._leavers import leaver_rows, rows_as_at


def _in_date(row: object, as_of: object) -> bool:
    review = getattr(row, "review", None)
    return review is not None and review.due >= as_of


def rows(period: Period, children: ChildIds) -> list[Row]:
    as_of = period.end
    cohort = [row for row in rows_as_at(as_of, children) if row.eligibility.needs_adviser]
    return leaver_rows(
        cohort,
        as_of,
        lambda row: _in_date(row, as_of),
        lambda row: (
            f"plan {row.latest_plan_on:%d/%m/%Y}, review due {row.review.due:%d/%m/%Y}"
            if row.latest_plan_on and row.review
            else "no pathway plan"
        ),
    )


INDICATOR = Indicator(
    id="care_leavers_pathway_plan_in_date",
    title="Care leavers with a pathway plan in date",
    area=Area.CARE_LEAVERS,
    definition=(
        "Eligible, relevant and former relevant young people open to the service at the end "
        "of the period whose pathway plan's next review is not overdue: reviewed within 6 "
        "months, or sooner after a move, a change of activity or another significant change."
    ),
    source="Care Leavers (England) Regulations 2010, reg 7; Annex A list 9 'latest pathway plan "
    "review date'",
    numerator="Young people whose pathway plan is in date",
    denominator="Eligible, relevant and former relevant young people",
    direction=Direction.HIGHER,
    default_target=95.0,
    default_tolerance=5.0,
    rows=rows,
    snapshot=True,
)
