"""Generate a statutory return from the record and keep it, with its checksum, for download."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from hearth.core.audit import Auditor
from hearth.core.models import AuditAction
from hearth.returns.cin_census.extract import census_extract
from hearth.returns.cin_census.render import render
from hearth.returns.cin_census.validate import Failure, validate
from hearth.returns.models import GeneratedReturn, ReturnKind

RETURNS_DIR = "returns"


@dataclass
class Generated:
    record: GeneratedReturn
    failures: list[Failure]


def returns_root() -> Path:
    return Path(settings.MEDIA_ROOT) / RETURNS_DIR


def cin_census_generate(*, user: Any, year: int) -> Generated:
    """Extract, validate and write the CIN census for the collection ending 31 March `year`;
    record who made it and its SHA-256, and audit the export."""
    census = census_extract(year)
    failures = validate(census)
    root = returns_root()
    root.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S%f")
    relative = f"{RETURNS_DIR}/cin-census-{year}-{stamp}.xml"
    target = Path(settings.MEDIA_ROOT) / relative
    partial = target.with_suffix(".partial")
    with open(partial, "wb") as out:
        render(census, out)
    digest = hashlib.sha256(partial.read_bytes()).hexdigest()
    size = partial.stat().st_size
    os.replace(partial, target)
    with transaction.atomic():
        record = GeneratedReturn(
            kind=ReturnKind.CIN_CENSUS,
            year=year,
            created_by=user,
            path=relative,
            sha256=digest,
            size=size,
            children=len(census.children),
            errors=sum(1 for f in failures if f.severity == "error"),
            queries=sum(1 for f in failures if f.severity == "query"),
        )
        record.full_clean()
        record.save()
        Auditor(user=user).record(
            AuditAction.EXPORT,
            obj=record,
            summary=f"Generated the {record} return ({record.children} children, "
            f"sha256 {digest[:12]})",
        )
    return Generated(record=record, failures=failures)


def generated_return_open(*, user: Any, record: GeneratedReturn) -> Path:
    """The stored file of a generated return, auditing the download."""
    path = Path(settings.MEDIA_ROOT) / record.path
    Auditor(user=user).record(
        AuditAction.DOWNLOAD, obj=record, summary=f"Downloaded the {record} return"
    )
    return path
