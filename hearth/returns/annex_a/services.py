"""Generate Ofsted Annex A from the record and keep the workbook, with its checksum."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from hearth.core.audit import Auditor
from hearth.core.models import AuditAction
from hearth.returns.annex_a.lists import Rows, annex_a_lists
from hearth.returns.annex_a.workbook import write_workbook
from hearth.returns.models import GeneratedReturn, ReturnKind

RETURNS_DIR = "returns"


@dataclass
class AnnexA:
    as_of: date
    lists: dict[int, Rows]

    @property
    def rows(self) -> int:
        return sum(len(rows) for rows in self.lists.values())

    @property
    def children(self) -> int:
        ids = {row.get("Child Unique ID") for rows in self.lists.values() for row in rows}
        return len(ids - {None})


def la_code() -> str:
    return str(settings.HEARTH["LA_CODE"])


def annex_a_build(*, as_of: date) -> AnnexA:
    """Every list's rows for the inspection date `as_of` (nothing is written)."""
    return AnnexA(as_of=as_of, lists=annex_a_lists(as_of))


def annex_a_write(*, annex: AnnexA, stream: IO[bytes]) -> None:
    write_workbook(annex.lists, stream, as_of=annex.as_of, la_code=la_code())


def annex_a_generate(*, user: Any, as_of: date) -> GeneratedReturn:
    """Build Annex A for `as_of`, write the workbook outside the web root, record who made it
    and its SHA-256, and audit the export."""
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
        Auditor(user=user).record(
            AuditAction.EXPORT,
            obj=record,
            summary=f"Generated {record} ({annex.rows} rows, {annex.children} children, "
            f"sha256 {digest[:12]})",
        )
    return record
