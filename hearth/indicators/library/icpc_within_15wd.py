"""Initial child protection conferences within 15 working days of the section 47 start."""

from __future__ import annotations

from hearth.child_protection.models import Conference, ConferenceKind
from hearth.indicators.base import Area, ChildIds, Direction, Indicator, Period, Row, in_scope
from hearth.timescales.calendar import add_working_days, working_days_between

LIMIT = 15


def rows(period: Period, children: ChildIds) -> list[Row]:
    conferences = in_scope(
        Conference.objects.filter(
            kind=ConferenceKind.INITIAL,
            enquiry__isnull=False,
            held_on__gte=period.start,
            held_on__lte=period.end,
        ),
        children,
    ).values_list("id", "child_id", "held_on", "enquiry__start_date")
    result = []
    for pk, child_id, held_on, s47_start in conferences:
        if held_on < s47_start:
            continue  # excluded as the DfE excludes them: a conference before its enquiry
        days = working_days_between(s47_start, held_on)
        result.append(
            Row(
                key=f"conference:{pk}",
                child_id=child_id,
                on=held_on,
                detail=f"{days} working days after the s47 start",
                in_numerator=held_on <= add_working_days(s47_start, LIMIT),
            )
        )
    return result


INDICATOR = Indicator(
    id="icpc_within_15wd",
    title="Initial child protection conferences within 15 working days",
    area=Area.CHILD_PROTECTION,
    definition=(
        "Initial conferences held in the period (transfer-in conferences left out) no later "
        "than 15 working days after the start of the section 47 enquiry. Conferences dated "
        "before their enquiry are left out."
    ),
    source="DfE Characteristics of children in need table C4; LG Inform metric 3217",
    numerator="Initial conferences within 15 working days of the s47 start",
    denominator="Initial conferences held in the period",
    direction=Direction.HIGHER,
    default_target=85.0,
    default_tolerance=7.0,
    rows=rows,
)
