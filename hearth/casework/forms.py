"""Casework forms: they validate input only; services do the work."""

from __future__ import annotations

import codecs
import os
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from django import forms
from django.conf import settings
from django.utils import timezone

from hearth.accounts.models import Team, User
from hearth.casework.models import CaseNoteType, DocumentType
from hearth.core.forms import GovukDateField

# --- Case notes --------------------------------------------------------------------------


class CaseNoteForm(forms.Form):
    note_type = forms.ChoiceField(
        label="Type of case note",
        choices=[("", "Choose a type"), *CaseNoteType.choices],
        required=False,
    )
    contact_date = GovukDateField(label="Date of contact", required=False)
    subject = forms.CharField(label="Subject", max_length=200, required=False)
    who_was_seen = forms.CharField(
        label="Who was seen or spoken to",
        max_length=300,
        required=False,
        help_text="For example, Amara, her mother and her younger brother",
    )
    child_seen = forms.BooleanField(label="The child was seen", required=False)
    child_seen_alone = forms.BooleanField(label="The child was seen alone", required=False)
    significant = forms.BooleanField(
        label="This is a significant event",
        required=False,
        help_text="Significant events are highlighted on the child's chronology",
    )
    body = forms.CharField(
        label="Case note", required=False, widget=forms.Textarea(attrs={"rows": 14})
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, finalise: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.finalise = finalise

    def clean_subject(self) -> str:
        return self.cleaned_data["subject"].strip()

    def clean_contact_date(self) -> date | None:
        value = self.cleaned_data["contact_date"]
        if value is not None and value > timezone.localdate():
            raise forms.ValidationError("Date of contact must be today or in the past")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("child_seen_alone") and not data.get("child_seen"):
            self.add_error("child_seen_alone", "A child seen alone must also be recorded as seen")
        if self.finalise:
            if not data.get("note_type") and "note_type" not in self.errors:
                self.add_error("note_type", "Select the type of case note")
            if data.get("contact_date") is None and "contact_date" not in self.errors:
                self.add_error("contact_date", "Enter the date of contact")
            if not (data.get("body") or "").strip():
                self.add_error("body", "Enter the case note")
        return data

    def note_data(self) -> dict[str, Any]:
        """The valid values, for a service. After a failed validation this is what could be
        kept (used when keeping a draft whatever else is wrong)."""
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


# --- Documents ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FileKind:
    name: str  # as users know it
    extensions: tuple[str, ...]
    content_type: str


FILE_KINDS: tuple[FileKind, ...] = (
    FileKind("PDF", (".pdf",), "application/pdf"),
    FileKind(
        "DOCX",
        (".docx",),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    FileKind("ODT", (".odt",), "application/vnd.oasis.opendocument.text"),
    FileKind("DOC", (".doc",), "application/msword"),
    FileKind("JPEG", (".jpg", ".jpeg"), "image/jpeg"),
    FileKind("PNG", (".png",), "image/png"),
    FileKind("TXT", (".txt",), "text/plain"),
)
ALLOWED_TYPES_TEXT = "PDF, DOCX, ODT, DOC, JPEG, PNG or TXT"
OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def kind_for_filename(filename: str) -> FileKind | None:
    extension = os.path.splitext(filename)[1].lower()
    return next((k for k in FILE_KINDS if extension in k.extensions), None)


def _zip_names(stream: IO[bytes]) -> set[str]:
    try:
        with zipfile.ZipFile(stream) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return set()


def _odt_mimetype(stream: IO[bytes]) -> bytes:
    try:
        with zipfile.ZipFile(stream) as archive:
            return archive.read("mimetype").strip()
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return b""


def _looks_like_text(stream: IO[bytes]) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    for chunk in iter(lambda: stream.read(64 * 1024), b""):
        if b"\x00" in chunk:
            return False
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError:
            return False
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def content_matches(kind: FileKind, stream: IO[bytes]) -> bool:
    """Does the file's content agree with its extension? (Never trust the browser's type.)"""
    stream.seek(0)
    head = stream.read(16)
    stream.seek(0)
    try:
        if kind.name == "PDF":
            return head.startswith(b"%PDF-")
        if kind.name == "JPEG":
            return head.startswith(b"\xff\xd8\xff")
        if kind.name == "PNG":
            return head.startswith(PNG_MAGIC)
        if kind.name == "DOC":
            return head.startswith(OLE2_MAGIC)
        if kind.name == "DOCX":
            return head.startswith(b"PK\x03\x04") and "word/document.xml" in _zip_names(stream)
        if kind.name == "ODT":
            return head.startswith(b"PK\x03\x04") and _odt_mimetype(stream) == (
                kind.content_type.encode()
            )
        if kind.name == "TXT":
            return _looks_like_text(stream)
        return False
    finally:
        stream.seek(0)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"


class DocumentForm(forms.Form):
    document_type = forms.ChoiceField(
        label="Type of document",
        choices=[("", "Choose a type"), *DocumentType.choices],
        error_messages={"required": "Select the type of document"},
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={
            "required": "Enter a title for the document",
            "max_length": "Title must be 200 characters or fewer",
        },
    )
    file = forms.FileField(
        label="Upload a file",
        help_text=f"{ALLOWED_TYPES_TEXT}, smaller than {_megabytes(settings.DOCUMENT_MAX_BYTES)}",
        error_messages={
            "required": "Select a file",
            "empty": "The selected file is empty",
            "invalid": "Select a file",
            "missing": "Select a file",
        },
        max_length=255,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[
            "file"
        ].help_text = (
            f"{ALLOWED_TYPES_TEXT}, smaller than {_megabytes(settings.DOCUMENT_MAX_BYTES)}"
        )
        self.kind: FileKind | None = None

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > settings.DOCUMENT_MAX_BYTES:
            raise forms.ValidationError(
                f"The selected file must be smaller than {_megabytes(settings.DOCUMENT_MAX_BYTES)}"
            )
        kind = kind_for_filename(upload.name or "")
        if kind is None or not content_matches(kind, upload):
            raise forms.ValidationError(f"The selected file must be a {ALLOWED_TYPES_TEXT}")
        self.kind = kind
        return upload


# --- Allocations -------------------------------------------------------------------------


class WorkerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        team = f" ({obj.team})" if obj.team_id else ""
        return f"{obj}{team}"


class AllocationForm(forms.Form):
    team = forms.ModelChoiceField(
        label="Team",
        queryset=Team.objects.none(),
        empty_label=None,
        error_messages={"required": "Select the team", "invalid_choice": "Select the team"},
    )
    worker = WorkerChoiceField(
        label="Worker",
        queryset=User.objects.none(),
        required=False,
        empty_label="No named worker (held by the team)",
        error_messages={"invalid_choice": "Select a worker in the team"},
    )
    start_date = GovukDateField(label="Start date", required=True)
    reason = forms.CharField(
        label="Reason (optional)",
        max_length=300,
        required=False,
        help_text="For example, transfer from assessment team after the child and family "
        "assessment",
    )

    def __init__(self, *args: Any, teams: Iterable[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        team_ids = [t.pk for t in teams]
        self.fields["team"].queryset = Team.objects.filter(pk__in=team_ids)  # type: ignore[attr-defined]
        self.fields["worker"].queryset = (  # type: ignore[attr-defined]
            User.objects.filter(team_id__in=team_ids, is_active=True)
            .select_related("team")
            .order_by("team__name", "last_name", "first_name")
        )

    def clean_start_date(self) -> date:
        value = self.cleaned_data["start_date"]
        if value > timezone.localdate():
            raise forms.ValidationError("The start date must be today or in the past")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        team, worker = data.get("team"), data.get("worker")
        if team is not None and worker is not None and worker.team_id != team.pk:
            self.add_error("worker", f"Select a worker in {team}")
        return data


# --- Chronology --------------------------------------------------------------------------


class ChronologyFilterForm(forms.Form):
    significant = forms.BooleanField(label="Significant events only", required=False)
    category = forms.ChoiceField(label="Category", required=False, choices=[])
    date_from = GovukDateField(label="From", label_for_errors="The from date", required=False)
    date_to = GovukDateField(label="To", label_for_errors="The to date", required=False)

    def __init__(self, *args: Any, categories: Iterable[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "All categories"), *((c, c) for c in categories)]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The to date must be the same as or after the from date")
        return data
