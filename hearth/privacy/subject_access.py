"""Subject access: everything Hearth holds about a person, as a readable HTML bundle and as
JSON, with third-party information marked for redaction review.

What is marked for review (never removed: redaction is the data protection officer's call):
- a link to another person (a relative, a sibling, the child when the subject is an adult);
- every free-text field (notes, reasons, summaries), which may name other people;
- a whole row that belongs to another person's record (an adult's subject access reaching a
  child's record through a family link).
Staff names are shown, not marked: officers acting in their role are not third parties for
this purpose in most councils' practice (docs/security.md, T18)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone

from hearth.core.audit import Auditor
from hearth.core.models import AuditAction, AuditEntry
from hearth.people.models import Person
from hearth.privacy.graph import collect

# Housekeeping columns that say nothing about the person.
HIDDEN_FIELDS = frozenset({"first_name_key", "last_name_key", "known_as_key", "sha256"})


@dataclass
class Row:
    id: int
    values: dict[str, Any]
    review: list[str] = field(default_factory=list)


@dataclass
class Section:
    label: str
    model: str
    rows: list[Row]


@dataclass
class Bundle:
    person: Row
    subject: str
    generated_at: datetime
    sections: list[Section]
    access_log: list[dict[str, Any]]

    @property
    def review_count(self) -> int:
        return sum(len(r.review) for s in self.sections for r in s.rows) + len(self.person.review)

    def as_json(self) -> dict[str, Any]:
        def row(r: Row) -> dict[str, Any]:
            return {"id": r.id, "values": r.values, "redaction_review": r.review}

        return {
            "subject": self.subject,
            "person_id": self.person.id,
            "generated_at": self.generated_at.isoformat(),
            "person": row(self.person),
            "sections": [
                {"label": s.label, "model": s.model, "rows": [row(r) for r in s.rows]}
                for s in self.sections
            ],
            "access_log": self.access_log,
            "marked_for_redaction_review": self.review_count,
        }


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value.tzinfo else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list | dict | str | int | float | bool) or value is None:
        return value
    return str(value)


def _row(obj: models.Model, subject: Person, own_ids: set[int]) -> Row:
    values: dict[str, Any] = {}
    review: list[str] = []
    for f in obj._meta.concrete_fields:
        if f.name in HIDDEN_FIELDS or f.name == "id":
            continue
        label = str(f.verbose_name)
        if isinstance(f, models.FileField):
            values[label] = getattr(obj, f.attname).name.rsplit("/", 1)[-1] or ""
            continue
        if isinstance(f, models.ForeignKey):
            target = getattr(obj, f.name)
            if isinstance(target, Person):
                values[label] = target.full_name
                if target.pk != subject.pk:
                    review.append(f"{label}: another person ({target.full_name})")
            else:
                values[label] = "" if target is None else str(target)
            continue
        value = getattr(obj, f.attname)
        if f.choices and value not in (None, ""):
            value = getattr(obj, f"get_{f.attname}_display")()
        values[label] = _plain(value)
        if isinstance(f, models.TextField) and value:
            review.append(f"{label}: free text may name other people")
    child_id = getattr(obj, "child_id", None)
    if child_id is not None and child_id not in own_ids and child_id != subject.pk:
        review.insert(0, "Whole row: part of another person's record")
    return Row(id=int(obj.pk), values=values, review=review)


def _access_log(person: Person) -> list[dict[str, Any]]:
    """Who viewed, changed or was refused the record: from the audit log."""
    entries = (
        AuditEntry.objects.filter(
            models.Q(child_id=person.pk)
            | models.Q(object_type="people.person", object_id=str(person.pk))
        )
        .select_related("actor")
        .order_by("at", "id")
    )
    return [
        {
            "at": _plain(e.at),
            "who": e.actor.get_full_name() or e.actor.username if e.actor else e.system_job,
            "role": e.actor.get_role_display() if e.actor else "System",
            "action": e.get_action_display(),
            "what": e.summary or e.object_type,
        }
        for e in entries
    ]


def bundle_build(*, person: Person) -> Bundle:
    """Read everything held about the person (no audit: callers export and audit it)."""
    graph = collect(person, follow_nullable=True)
    own_children = {person.pk}
    sections = []
    ordered = sorted(
        (m for m in graph.rows if m is not Person),
        key=lambda m: (graph.depth[m], str(m._meta.verbose_name_plural)),
    )
    for model in ordered:
        objs = model._base_manager.filter(pk__in=graph.rows[model]).order_by("pk")
        rows = [_row(obj, person, own_children) for obj in objs]
        if rows:
            label = str(model._meta.verbose_name_plural).capitalize()
            sections.append(Section(label=label, model=model._meta.label_lower, rows=rows))
    return Bundle(
        person=_row(person, person, own_children),
        subject=person.full_name,
        generated_at=timezone.now(),
        sections=sections,
        access_log=_access_log(person),
    )


def bundle_html(bundle: Bundle) -> str:
    """The bundle as one self-contained HTML page (no scripts, no external assets)."""
    return render_to_string(
        "privacy/sar_bundle.html",
        {"bundle": bundle, "borough": settings.HEARTH.get("BOROUGH_NAME", "")},
    )


def subject_access_export(
    *, person: Person, auditor: Auditor, out_dir: Path | None = None
) -> Bundle:
    """Build the bundle, write it to `out_dir` (index.html and subject-access.json) when
    given, and audit the export (counts only, never the content)."""
    import json

    bundle = bundle_build(person=person)
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / "index.html").write_text(bundle_html(bundle), encoding="utf-8")
        (out_dir / "subject-access.json").write_text(
            json.dumps(bundle.as_json(), indent=2, ensure_ascii=False), encoding="utf-8"
        )
    auditor.record(
        AuditAction.EXPORT,
        obj=person,
        child_id=person.pk if person.is_child else None,
        summary=f"Subject access bundle: {len(bundle.sections)} record types, "
        f"{bundle.review_count} items marked for redaction review",
    )
    return bundle
