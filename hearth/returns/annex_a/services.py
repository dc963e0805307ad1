"""Generate Ofsted Annex A from the record and keep the workbook, with its checksum."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from hearth.core.audit import Auditor
from hearth.core.models import AuditAction
from hearth.returns.annex_a.lists import Rows, annex_a_lists, sealed_rows
from hearth.returns.annex_a.workbook import write_workbook
from hearth.returns.models import GeneratedReturn, ReturnKind

RETURNS_DIR = "returns"


@dataclass
class AnnexA:
    as_of: date
    lists: dict[int, Rows]
    # Rows per list that are of a sealed pre-adoption record (kept, counted: annex-a.md).
    sealed: dict[int, int] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(len(rows) for rows in self.lists.values())

    @property
    def sealed_total(self) -> int:
        return sum(self.sealed.values())

    def sealed_summary(self) -> str:
        """'2 rows (list 1: 1, list 3: 1)', or '' when no row is of a sealed record."""
        if not self.sealed_total:
            return ""
        each = ", ".join(f"list {n}: {k}" for n, k in sorted(self.sealed.items()) if k)
        rows = "row" if self.sealed_total == 1 else "rows"
        return f"{self.sealed_total} {rows} ({each})"

    @property
    def children(self) -> int:
        ids = {row.get("Child Unique ID") for rows in self.lists.values() for row in rows}
        return len(ids - {None})


def la_code() -> str:
    return str(settings.HEARTH["LA_CODE"])


def annex_a_build(*, as_of: date) -> AnnexA:
    """Every list's rows for the inspection date `as_of`, and how many rows of each are of a
    sealed pre-adoption record (nothing is written)."""
    lists = annex_a_lists(as_of)
    return AnnexA(as_of=as_of, lists=lists, sealed=sealed_rows(lists))


def annex_a_write(*, annex: AnnexA, stream: IO[bytes]) -> None:
    write_workbook(annex.lists, stream, as_of=annex.as_of, la_code=la_code(), sealed=annex.sealed)


def annex_a_generate(*, user: Any, as_of: date) -> tuple[GeneratedReturn, AnnexA]:
    """Build Annex A for `as_of`, write the workbook outside the web root, record who made it
    and its SHA-256, and audit the export (with the count of sealed-record rows). Returns the
    record and the lists it holds."""
    annex = annex_a_build(as_of=as_of)
    root = Path(settings.MEDIA_ROOT) / RETURNS_DIR
    root.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S%f")
    relative = f"{RETURNS_DIR}/annex-a-{as_of:%Y-%m-%d}-{stamp}.xlsx"
    target = Path(settings.MEDIA_ROOT) / relative
    partial = target.with_suffix(".partial")
    with open(partial, "wb") as out:
        annex_a_write(annex=annex, stream=out)
    digest = hashlib.sha256(partial.read_bytes()).hexdigest()
    size = partial.stat().st_size
    os.replace(partial, target)
    with transaction.atomic():
        record = GeneratedReturn(
            kind=ReturnKind.ANNEX_A,
            year=as_of.year,
            as_of=as_of,
            created_by=user,
            path=relative,
            sha256=digest,
            size=size,
            children=annex.children,
            errors=None,  # Annex A has no validation rules: not checked
            queries=None,
        )
        record.full_clean()
        record.save()
        summary = (
            f"Generated {record} ({annex.rows} rows, {annex.children} children, "
            f"sha256 {digest[:12]})"
        )
        if sealed := annex.sealed_summary():
            summary += f"; sealed pre-adoption records: {sealed}"
        Auditor(user=user).record(AuditAction.EXPORT, obj=record, summary=summary[:300])
    return record, annex
