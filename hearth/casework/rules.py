"""Casework's due items: the providers the timescale engine calls (registered in apps.py).

Each provider makes a fixed number of queries whatever the number of children: one per model
it reads, filtered by `child_id__in`. The rules themselves (offsets, sources) are declared in
hearth.timescales.catalogue; here we only say what starts each clock and what satisfies it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import Max
from django.utils import timezone

from hearth.accounts.models import Role
from hearth.casework.models import VISIT_TYPES, Allocation, CaseNote, CaseNoteStatus
from hearth.casework.presenters import url_builder
from hearth.timescales.engine import DueItem

FIRST_VISIT = "first_visit_after_allocation"
ALLOCATED_VISIT = "allocated_child_visit"
FINALISE_NOTE = "case_note_finalise"


@dataclass(frozen=True)
class _Holding:
    child_id: int
    start_date: date
    worker_id: int | None
    holder: str  # "Sam Patel" or the team's name
    worker_role: str


def _current_holdings(child_ids: Sequence[int], today: date) -> list[_Holding]:
    """Current allocations as plain rows (worktrays ask for thousands of children)."""
    rows = (
        Allocation.objects.current(today)
        .filter(child_id__in=child_ids)
        .order_by("child_id", "-start_date", "-id")
        .values_list(
            "child_id",
            "start_date",
            "worker_id",
            "worker__first_name",
            "worker__last_name",
            "worker__username",
            "worker__role",
            "team__name",
        )
    )
    holdings = []
    for child_id, start, worker_id, first, last, username, role, team in rows:
        worker = f"{first} {last}".strip() or username
        holdings.append(
            _Holding(child_id, start, worker_id, worker if worker_id else team, role or "")
        )
    return holdings


def _last_visits(child_ids: Sequence[int], today: date) -> dict[int, date]:
    """The latest date each child was seen on a final visit note."""
    rows = (
        CaseNote.objects.final()
        .filter(
            child_id__in=child_ids,
            note_type__in=list(VISIT_TYPES),
            child_seen=True,
            contact_date__lte=today,
        )
        .values("child_id")
        .annotate(last=Max("contact_date"))
    )
    return {row["child_id"]: row["last"] for row in rows}


def visits_due(child_ids: Sequence[int], today: date) -> Iterable[DueItem]:
    """First visit after allocation, then visits at the local cadence. Two queries.

    Until the child has been seen on a visit since the current allocation started, the first
    visit is due; after that the next visit is due from the last visit at which the child was
    seen (the cadence item would be later than the first-visit item, so only one is shown)."""
    # A personal adviser's contact with a care leaver is timed by the leaving care service's
    # keeping-in-touch rule (care_leavers.due), not by the statutory visits to a child.
    holdings = [
        holding
        for holding in _current_holdings(child_ids, today)
        if holding.worker_role != Role.PERSONAL_ADVISER
    ]
    if not holdings:
        return []
    last_visit = _last_visits([h.child_id for h in holdings], today)
    items: list[DueItem] = []
    seen_children: set[int] = set()
    child_url = url_builder("casework:child_detail")
    for allocation in holdings:
        if allocation.child_id in seen_children:
            continue  # never overlapping by design; be safe if history was imported badly
        seen_children.add(allocation.child_id)
        url = child_url(allocation.child_id)
        visited = last_visit.get(allocation.child_id)
        if visited is None or visited < allocation.start_date:
            items.append(
                DueItem.create(
                    FIRST_VISIT,
                    child_id=allocation.child_id,
                    subject="First visit after allocation",
                    clock_start=allocation.start_date,
                    clock_event=f"allocation to {allocation.holder}",
                    url=url,
                    assignee_id=allocation.worker_id,
                )
            )
        else:
            items.append(
                DueItem.create(
                    ALLOCATED_VISIT,
                    child_id=allocation.child_id,
                    subject="Visit (child to be seen)",
                    clock_start=visited,
                    clock_event="the last visit at which the child was seen",
                    url=url,
                    assignee_id=allocation.worker_id,
                )
            )
    return items


def drafts_due(child_ids: Sequence[int], today: date) -> Iterable[DueItem]:
    """Draft case notes waiting to be finalised. One query."""
    drafts = CaseNote.objects.filter(child_id__in=child_ids, status=CaseNoteStatus.DRAFT).only(
        "id", "child_id", "author_id", "subject", "note_type", "contact_date", "created_at"
    )
    items = []
    note_url = url_builder("casework:case_note", 2)
    for note in drafts:
        started = note.contact_date or timezone.localdate(note.created_at)
        label = note.subject or note.get_note_type_display() or "case note"
        items.append(
            DueItem.create(
                FINALISE_NOTE,
                child_id=note.child_id,
                subject=f"Finalise draft case note: {label}",
                clock_start=started,
                clock_event="the contact" if note.contact_date else "the draft was started",
                url=note_url(note.child_id, note.pk),
                assignee_id=note.author_id,
            )
        )
    return items


def register() -> None:
    from hearth.timescales.engine import register_provider

    register_provider("casework.visits", visits_due)
    register_provider("casework.case_note_drafts", drafts_due)
