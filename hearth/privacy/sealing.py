"""Sealing a child's pre-adoption record once the adoption order is made.

`settings.HEARTH["ADOPTION_SEALING_HOOK"]` names `sealed_record_from_adoption`, which the
adoption app calls inside the adoption order's transaction. From then on `visible_to` drops the
child for everyone whose role is not in `HEARTH["SEALED_RECORD_ROLES"]` (an exclusion
registered in `PrivacyConfig.ready`), so the record answers the same audited "not found" an
outsider gets."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction

from hearth.casework.services import chronology_record
from hearth.core.audit import Auditor
from hearth.privacy.models import SealedRecord

if TYPE_CHECKING:
    from hearth.accounts.models import User
    from hearth.adoption.models import AdoptionJourney
    from hearth.people.models import Person


def sealed_record_create(
    *, child: Person, user: User, sealed_on: date, reason: str, journey_id: int | None = None
) -> SealedRecord:
    """Seal the child's record (once: a second call returns the existing seal unchanged)."""
    with transaction.atomic():
        existing = SealedRecord.objects.filter(child=child).first()
        if existing is not None:
            return existing
        seal = SealedRecord(
            child=child,
            sealed_on=sealed_on,
            sealed_by=user,
            reason=reason,
            adoption_journey_id=journey_id,
        )
        seal.full_clean()
        seal.save()
        # The chronology line first: the child is still readable inside this transaction.
        chronology_record(
            child=child,
            occurred_on=sealed_on,
            category="Record sealed",
            summary="Pre-adoption record sealed: only named roles may open it",
            significant=True,
            source=seal,
            user=user,
        )
        Auditor(user=user).created(
            seal, child_id=child.pk, summary="Sealed the pre-adoption record", reason=reason
        )
        return seal


def sealed_record_from_adoption(journey: AdoptionJourney, user: User) -> None:
    """The adoption sealing hook: seal the record on the date of the adoption order."""
    sealed_record_create(
        child=journey.child,
        user=user,
        sealed_on=journey.adoption_order_on or date.today(),
        reason="Adoption order made",
        journey_id=journey.pk,
    )
