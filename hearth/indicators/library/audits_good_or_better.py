"""Case audits completed in the period graded good or outstanding."""

from __future__ import annotations

from hearth.indicators.base import Area, ChildIds, Direction, Indicator, Period, Row, in_scope
from hearth.oversight.models import CaseAudit, Grade

GOOD_OR_BETTER = frozenset({Grade.GOOD, Grade.OUTSTANDING})


def rows(period: Period, children: ChildIds) -> list[Row]:
    labels = dict(Grade.choices)
    audits = in_scope(
        CaseAudit.objects.filter(
            completed_on__gte=period.start, completed_on__lte=period.end
        ).exclude(overall_grade="", agreed_grade=""),
        children,
    ).values_list("id", "child_id", "completed_on", "overall_grade", "agreed_grade")
    result = []
    for pk, child_id, completed_on, overall, agreed in audits:
        grade = agreed or overall
        result.append(
            Row(
                key=f"audit:{pk}",
                child_id=child_id,
                on=completed_on,
                detail=f"{labels.get(grade, grade)}"
                + (" (moderated)" if agreed and agreed != overall else ""),
                in_numerator=grade in GOOD_OR_BETTER,
            )
        )
    return result


INDICATOR = Indicator(
    id="audits_good_or_better",
    title="Case audits graded good or better",
    area=Area.OVERSIGHT,
    definition=(
        "Case audits completed in the period whose grade (the moderated grade where there is "
        "one, otherwise the auditor's) is good or outstanding."
    ),
    source="Local quality assurance framework",
    numerator="Audits graded good or outstanding",
    denominator="Audits completed and graded in the period",
    direction=Direction.HIGHER,
    default_target=60.0,
    default_tolerance=10.0,
    rows=rows,
)
