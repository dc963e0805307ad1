"""The hook for sealing a child's pre-adoption record after an adoption order.

Adoption law closes the child's pre-adoption social care record once the adoption order is
made. This app records the order date (`AdoptionJourney.adoption_order_on`) and calls
`adoption_order_made` inside the adoption order transaction; the sealing itself (who may
still read the record, how it is marked, how the child later gets access) is built by the
security issue. To plug it in, set `settings.HEARTH["ADOPTION_SEALING_HOOK"]` to the dotted
path of a function taking `(journey, user)`; it runs in the same transaction, so raising
refuses the order. Until then the audit log carries a "record to be sealed" entry per order and
`children_awaiting_sealing()` lists them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils.module_loading import import_string

from hearth.core.audit import Auditor
from hearth.core.models import AuditAction

if TYPE_CHECKING:
    from hearth.accounts.models import User
    from hearth.adoption.models import AdoptionJourney

SETTING = "ADOPTION_SEALING_HOOK"


def adoption_order_made(journey: AdoptionJourney, user: User) -> None:
    """Called once per adoption order, inside its transaction."""
    Auditor(user=user).record(
        AuditAction.UPDATE,
        obj=journey,
        child_id=journey.child_id,
        summary="Adoption order made: the pre-adoption record is to be sealed",
        changes={"adoption_order_on": [None, str(journey.adoption_order_on)]},
    )
    path = getattr(settings, "HEARTH", {}).get(SETTING)
    if path:
        import_string(path)(journey, user)


def children_awaiting_sealing() -> Any:
    """Adoption journeys ended by an order: the records the sealing work must act on."""
    from hearth.adoption.models import AdoptionJourney

    return AdoptionJourney.objects.filter(adoption_order_on__isnull=False).order_by(
        "adoption_order_on", "id"
    )
