"""Casework business actions. Each is one transaction that also writes audit and chronology."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from hearth.accounts.models import Team, User
from hearth.casework.models import (
    Allocation,
    CaseNote,
    CaseNoteStatus,
    ChronologyEntry,
    Document,
)
from hearth.core.audit import Auditor, diff, snapshot
from hearth.core.models import AuditAction
from hearth.core.presenters import format_date
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


# --- Allocations -------------------------------------------------------------------------


def allocation_start(
    *,
    user: User,
    child: Person,
    team: Team,
    worker: User | None = None,
    start_date: date,
    reason: str = "",
) -> Allocation:
    """Allocate the child to a team (and usually a worker) from `start_date`, ending the
    current allocation that day. Allocations never overlap and history is never rewritten."""
    if worker is not None and worker.team_id != team.pk:
        raise ValidationError({"worker": f"Choose a worker in {team}"})
    with transaction.atomic():
        # Lock the child's row so two managers cannot allocate the same child at once.
        Person.objects.select_for_update().filter(pk=child.pk).first()
        open_rows = list(
            child.allocations.select_for_update().filter(
                Q(end_date__isnull=True) | Q(end_date__gt=start_date)
            )
        )
        auditor = Auditor(user=user)
        for previous in open_rows:
            if previous.start_date > start_date:
                raise ValidationError(
                    {
                        "start_date": "The start date must be on or after "
                        f"{format_date(previous.start_date)}, when the current allocation "
                        "started"
                    }
                )
            before = snapshot(previous, ["end_date"])
            previous.end_date = start_date
            previous.full_clean()
            previous.save(update_fields=["end_date", "updated_at"])
            auditor.changed(
                previous,
                child_id=child.pk,
                changes=diff(before, snapshot(previous, ["end_date"])),
                summary="Ended the allocation",
                reason=reason,
            )
        allocation = Allocation(
            child=child,
            team=team,
            worker=worker,
            start_date=start_date,
            reason=reason,
            created_by=user,
        )
        allocation.full_clean()
        allocation.save()
        auditor.created(allocation, child_id=child.pk, summary="Allocated the child", reason=reason)
        who = f"{worker} in {team}" if worker is not None else f"{team} (no named worker)"
        verb = "Reallocated" if open_rows else "Allocated"
        chronology_record(
            child=child,
            occurred_on=start_date,
            category="Allocation",
            summary=f"{verb} to {who}" + (f": {reason}" if reason else ""),
            source=allocation,
            user=user,
        )
    return allocation


# --- Case notes --------------------------------------------------------------------------

CASE_NOTE_FIELDS = (
    "note_type",
    "contact_date",
    "subject",
    "who_was_seen",
    "child_seen",
    "child_seen_alone",
    "significant",
    "body",
)


class StaleCaseNote(Exception):
    """The note changed since the user opened it; their save was refused, nothing written."""

    def __init__(self, current: CaseNote) -> None:
        super().__init__("The case note was changed since it was opened")
        self.current = current


class CaseNoteReadOnly(Exception):
    """Final notes cannot be changed."""


def _note_values(data: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in CASE_NOTE_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name in {"child_seen", "child_seen_alone", "significant"}:
            value = bool(value)
        elif name != "contact_date":
            value = value or ""
        values[name] = value
    return values


def _editable_note(*, user: User, child: Person, note: CaseNote) -> None:
    if note.child_id != child.pk:
        raise PermissionDenied("The case note belongs to another child")
    if note.author_id != user.pk:
        raise PermissionDenied("Only the author may change a draft case note")


def _write_note(
    *,
    user: User,
    child: Person,
    note: CaseNote | None,
    data: dict[str, Any],
    version: int | None,
    finalise: bool,
    summary: str,
) -> CaseNote:
    values = _note_values(data)
    auditor = Auditor(user=user)
    if note is None:
        note = CaseNote(child=child, author=user, **values)
        if finalise:
            note.status = CaseNoteStatus.FINAL
            note.finalised_at = timezone.now()
        note.full_clean()
        note.save()
        auditor.created(note, child_id=child.pk, summary=summary)
        return note

    _editable_note(user=user, child=child, note=note)
    current = CaseNote.objects.select_for_update().get(pk=note.pk)
    if current.status == CaseNoteStatus.FINAL:
        raise CaseNoteReadOnly("This case note is final and cannot be changed")
    if version is None or current.version != version:
        # A save over a newer version is refused unless it says exactly what is saved already
        # (e.g. an autosave landed just before the user pressed the button): nothing is lost.
        if any(getattr(current, name) != value for name, value in values.items()):
            raise StaleCaseNote(current)
        version = current.version
    before = snapshot(current, [*CASE_NOTE_FIELDS, "status"])
    for name, value in values.items():
        setattr(current, name, value)
    if finalise:
        current.status = CaseNoteStatus.FINAL
        current.finalised_at = timezone.now()
    current.full_clean()
    # The version check is repeated in the UPDATE itself, so two saves racing each other
    # cannot both win even where the database ignores SELECT ... FOR UPDATE (SQLite).
    current.updated_at = timezone.now()
    written = CaseNote.objects.filter(pk=current.pk, version=version, status=CaseNoteStatus.DRAFT)
    changed_fields = [*values, "status", "finalised_at", "updated_at"]
    if not written.update(version=version + 1, **{n: getattr(current, n) for n in changed_fields}):
        raise StaleCaseNote(CaseNote.objects.get(pk=current.pk))
    current.version = version + 1
    auditor.changed(
        current,
        child_id=child.pk,
        changes=diff(before, snapshot(current, [*CASE_NOTE_FIELDS, "status"])),
        summary=summary,
    )
    return current


def case_note_save_draft(
    *,
    user: User,
    child: Person,
    data: dict[str, Any],
    note: CaseNote | None = None,
    version: int | None = None,
) -> CaseNote:
    """Create or update the user's draft. `version` must be the version the user opened;
    a stale save raises StaleCaseNote and writes nothing."""
    with transaction.atomic():
        return _write_note(
            user=user,
            child=child,
            note=note,
            data=data,
            version=version,
            finalise=False,
            summary="Saved a draft case note",
        )


def case_note_finalise(
    *,
    user: User,
    child: Person,
    data: dict[str, Any],
    note: CaseNote | None = None,
    version: int | None = None,
) -> CaseNote:
    """Save and finalise the note: it becomes read-only and lands on the chronology."""
    with transaction.atomic():
        note = _write_note(
            user=user,
            child=child,
            note=note,
            data=data,
            version=version,
            finalise=True,
            summary="Finalised a case note",
        )
        label = note.get_note_type_display()
        seen = ""
        if note.child_seen_alone:
            seen = " (child seen alone)"
        elif note.child_seen:
            seen = " (child seen)"
        chronology_record(
            child=child,
            occurred_on=note.contact_date or timezone.localdate(),
            category="Case note",
            summary=f"{label}{seen}" + (f": {note.subject}" if note.subject else ""),
            significant=note.significant,
            source=note,
            user=user,
        )
    return note


@dataclass(frozen=True)
class KeptDraft:
    note: CaseNote
    copied: bool  # True when the text was kept as a new draft rather than saved in place


def case_note_keep_after_expiry(
    *,
    user: User,
    child: Person,
    data: dict[str, Any],
    note: CaseNote | None = None,
    version: int | None = None,
) -> KeptDraft:
    """Keep what the user typed when their session expired before they saved.

    The text is saved into their draft when nothing else changed it; otherwise (a newer
    version, a final note, someone else's note) it is kept as a new draft, so nothing is lost
    and nothing is overwritten."""
    with transaction.atomic():
        if note is not None:
            try:
                with transaction.atomic():
                    kept = _write_note(
                        user=user,
                        child=child,
                        note=note,
                        data=data,
                        version=version,
                        finalise=False,
                        summary="Kept a draft case note after the session expired",
                    )
                return KeptDraft(kept, copied=False)
            except (StaleCaseNote, CaseNoteReadOnly, PermissionDenied):
                pass
        kept = _write_note(
            user=user,
            child=child,
            note=None,
            data=data,
            version=None,
            finalise=False,
            summary="Kept a draft case note after the session expired",
        )
        return KeptDraft(kept, copied=note is not None)


# --- Documents ---------------------------------------------------------------------------


def document_upload(
    *,
    user: User,
    child: Person,
    document_type: str,
    title: str,
    upload: IO[bytes],
    original_filename: str,
    content_type: str,
) -> Document:
    """Store a checked upload (see forms.DocumentForm) under a generated name."""
    digest = hashlib.sha256()
    upload.seek(0)
    size = 0
    for chunk in iter(lambda: upload.read(64 * 1024), b""):
        digest.update(chunk)
        size += len(chunk)
    upload.seek(0)
    with transaction.atomic():
        document = Document(
            child=child,
            document_type=document_type,
            title=title,
            original_filename=original_filename[:255],
            content_type=content_type,
            size_bytes=size,
            sha256=digest.hexdigest(),
            uploaded_by=user,
        )
        document.file.save("upload.bin", File(upload), save=False)
        try:
            document.full_clean()
            document.save()
            Auditor(user=user).created(document, child_id=child.pk, summary="Added a document")
            chronology_record(
                child=child,
                occurred_on=timezone.localdate(),
                category="Document",
                summary=f"{document.get_document_type_display()} added: {title}",
                source=document,
                user=user,
            )
        except Exception:
            document.file.delete(save=False)
            raise
    return document


def document_open(*, user: User, document: Document) -> IO[bytes]:
    """Open a document for download, auditing it. The caller has scoped the child."""
    Auditor(user=user).record(
        AuditAction.DOWNLOAD,
        obj=document,
        child_id=document.child_id,
        summary=f"Downloaded {document.title}"[:300],
    )
    return document.file.open("rb")
