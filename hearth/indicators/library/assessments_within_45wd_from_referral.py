"""The referral-to-authorisation variant of assessments within 45 working days."""

from __future__ import annotations

from hearth.indicators.base import Area, ChildIds, Direction, Indicator, Period, Row
from hearth.indicators.library.assessments_within_45wd import LIMIT, authorised
from hearth.timescales.calendar import add_working_days, working_days_between


def rows(period: Period, children: ChildIds) -> list[Row]:
    result = []
    for pk, child_id, referred, done in authorised(period, children).values_list(
        "id", "child_id", "episode__referral_date", "authorised_on"
    ):
        result.append(
            Row(
                key=f"assessment:{pk}",
                child_id=child_id,
                on=done,
                detail=f"{working_days_between(referred, done)} working days from the referral",
                in_numerator=done <= add_working_days(referred, LIMIT),
            )
        )
    return result


INDICATOR = Indicator(
    id="assessments_within_45wd_from_referral",
    title="Assessments completed within 45 working days of the referral",
    area=Area.ASSESSMENT,
    definition=(
        "Assessments authorised in the period whose authorisation date is no later than 45 "
        "working days after the referral date of their CIN episode (Working Together's clock)."
    ),
    source="Working Together 2023: the assessment within 45 working days of the referral",
    numerator="Assessments authorised within 45 working days of the referral",
    denominator="Assessments authorised in the period",
    direction=Direction.HIGHER,
    default_target=85.0,
    default_tolerance=5.0,
    rows=rows,
)
