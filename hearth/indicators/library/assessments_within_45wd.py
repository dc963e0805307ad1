"""Assessments authorised within 45 working days of their start (as the DfE measures)."""

from __future__ import annotations

from hearth.assessments.models import Assessment
from hearth.indicators.base import Area, ChildIds, Direction, Indicator, Period, Row, in_scope
from hearth.timescales.calendar import add_working_days, working_days_between

LIMIT = 45


def authorised(period: Period, children: ChildIds):  # type: ignore[no-untyped-def]
    return in_scope(
        Assessment.objects.filter(authorised_on__gte=period.start, authorised_on__lte=period.end),
        children,
    )


def rows(period: Period, children: ChildIds) -> list[Row]:
    result = []
    for pk, child_id, start, done in authorised(period, children).values_list(
        "id", "child_id", "start_date", "authorised_on"
    ):
        result.append(
            Row(
                key=f"assessment:{pk}",
                child_id=child_id,
                on=done,
                detail=f"{working_days_between(start, done)} working days from the start",
                in_numerator=done <= add_working_days(start, LIMIT),
            )
        )
    return result


INDICATOR = Indicator(
    id="assessments_within_45wd",
    title="Assessments completed within 45 working days",
    area=Area.ASSESSMENT,
    definition=(
        "Assessments authorised in the period whose authorisation date is no later than 45 "
        "working days after the assessment's start date (bank holidays excluded)."
    ),
    source="DfE CIN census: duration of assessments (AssessmentActualStartDate to "
    "AssessmentAuthorisationDate)",
    numerator="Assessments authorised within 45 working days of the start",
    denominator="Assessments authorised in the period",
    direction=Direction.HIGHER,
    default_target=85.0,
    default_tolerance=5.0,
    rows=rows,
)
