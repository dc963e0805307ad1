"""Casework business actions. Each is one transaction that also writes audit and chronology."""

from datetime import date

from django.db import models, transaction

from hearth.accounts.models import User
from hearth.casework.models import ChronologyEntry
from hearth.people.models import Person


def chronology_record(
    *,
    child: Person,
    occurred_on: date,
    category: str,
    summary: str,
    significant: bool = False,
    source: models.Model | None = None,
    user: User | None = None,
) -> ChronologyEntry:
    """Add a line to the child's chronology. Every service that records an event calls this."""
    with transaction.atomic():
        entry = ChronologyEntry(
            child=child,
            occurred_on=occurred_on,
            category=category,
            summary=summary[:500],
            significant=significant,
            source_type=source._meta.label_lower if source is not None else "",
            source_id=str(source.pk) if source is not None else "",
            recorded_by=user if user is not None and user.is_authenticated else None,
        )
        entry.full_clean()
        entry.save()
    return entry
