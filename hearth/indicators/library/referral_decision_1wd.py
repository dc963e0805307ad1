"""Referrals whose threshold decision was made within one working day of the contact."""

from __future__ import annotations

from django.utils import timezone

from hearth.front_door.models import Referral
from hearth.indicators.base import Area, ChildIds, Direction, Indicator, Period, Row, in_scope
from hearth.timescales.calendar import add_working_days


def rows(period: Period, children: ChildIds) -> list[Row]:
    referrals = in_scope(
        Referral.objects.filter(referral_date__gte=period.start, referral_date__lte=period.end),
        children,
    ).values_list("id", "child_id", "referral_date", "contact__received_at", "decision__decided_at")
    result = []
    for pk, child_id, referral_date, received_at, decided_at in referrals:
        received = timezone.localtime(received_at).date()
        decided = timezone.localtime(decided_at).date()
        due = add_working_days(received, 1)
        result.append(
            Row(
                key=f"referral:{pk}",
                child_id=child_id,
                on=referral_date,
                detail=f"Contact {received:%d/%m/%Y}, decision {decided:%d/%m/%Y}",
                in_numerator=decided <= due,
            )
        )
    return result


INDICATOR = Indicator(
    id="referral_decision_1wd",
    title="Referral decisions within 1 working day",
    area=Area.FRONT_DOOR,
    definition=(
        "Referrals in the period whose threshold decision was made no later than one working "
        "day after the contact was received (the day of receipt is day 0)."
    ),
    source="Local measure (Working Together 2023: a decision within one working day)",
    numerator="Referrals decided within 1 working day of the contact",
    denominator="Referrals in the period",
    direction=Direction.HIGHER,
    default_target=95.0,
    default_tolerance=5.0,
    rows=rows,
)
