"""Contacts where consent was dispensed with or not sought without a recorded reason."""

from __future__ import annotations

from django.utils import timezone

from hearth.front_door.rules import CONSENT_NEEDS_REASON
from hearth.indicators.base import (
    Area,
    ChildIds,
    Direction,
    Indicator,
    Measure,
    Period,
    Row,
)
from hearth.indicators.library.contacts_to_referral import scoped_contacts, subject_children


def rows(period: Period, children: ChildIds) -> list[Row]:
    contacts = list(
        scoped_contacts(period, children)
        .filter(consent_status__in=sorted(CONSENT_NEEDS_REASON))
        .values_list("id", "received_at", "consent_reason", "consent_rationale")
    )
    child_of = subject_children([c[0] for c in contacts])
    result = []
    for pk, received_at, reason, rationale in contacts:
        missing = not reason.strip() or not rationale.strip()
        result.append(
            Row(
                key=f"contact:{pk}",
                child_id=child_of.get(pk),
                on=timezone.localtime(received_at).date(),
                detail="No reason recorded" if missing else "Reason recorded",
                in_numerator=missing,
            )
        )
    return result


INDICATOR = Indicator(
    id="consent_dispensed_without_reason",
    title="Consent dispensed with without a reason",
    area=Area.FRONT_DOOR,
    definition=(
        "Contacts received in the period where consent to share information was dispensed "
        "with or not sought, and the lawful reason or the rationale is blank. Should be zero."
    ),
    source="Local measure (Working Together 2023, information sharing)",
    numerator="Contacts with consent dispensed with or not sought and no reason or rationale",
    denominator="Contacts with consent dispensed with or not sought",
    direction=Direction.LOWER,
    default_target=0.0,
    default_tolerance=0.0,
    rows=rows,
    measure=Measure.COUNT,
)
