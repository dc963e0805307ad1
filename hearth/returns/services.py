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
from hearth.returns.ssda903.extract import Return903, ssda903_extract
from hearth.returns.ssda903.render import write_zip

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


@dataclass
class Checked:
    """What the native SSDA903 rules found, or None when they could not run."""

    errors: int | None
    queries: int | None


def ssda903_check(result: Return903, previous: Return903 | None) -> Checked:
    """Run Hearth's SSDA903 rules over the files exactly as written (with last year's for
    the year-on-year rules)."""
    from hearth.returns.ssda903.live import check_written

    _, failures = check_written(result, previous)
    errors = sum(1 for f in failures if f.severity == "error")
    return Checked(errors=errors, queries=len(failures) - errors)


def ssda903_generate(*, user: Any, year: int) -> GeneratedReturn:
    """Extract the SSDA903 for the collection ending 31 March `year`, check it with the
    native rules (last year's return alongside), write the tables as one zip, record who made
    it and its SHA-256, and audit the export."""
    result = ssda903_extract(year)
    checked = ssda903_check(result, ssda903_extract(year - 1))
    root = returns_root()
    root.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S%f")
    relative = f"{RETURNS_DIR}/ssda903-{year}-{stamp}.zip"
    target = Path(settings.MEDIA_ROOT) / relative
    partial = target.with_suffix(".partial")
    with open(partial, "wb") as out:
        write_zip(result, out)
    digest = hashlib.sha256(partial.read_bytes()).hexdigest()
    size = partial.stat().st_size
    os.replace(partial, target)
    with transaction.atomic():
        record = GeneratedReturn(
            kind=ReturnKind.SSDA903,
            year=year,
            created_by=user,
            path=relative,
            sha256=digest,
            size=size,
            children=result.children,
            errors=checked.errors,
            queries=checked.queries,
        )
        record.full_clean()
        record.save()
        tables = ", ".join(f"{name} {len(rows)}" for name, rows in result.tables.items() if rows)
        Auditor(user=user).record(
            AuditAction.EXPORT,
            obj=record,
            summary=f"Generated the {record} return ({record.children} children; {tables}; "
            f"sha256 {digest[:12]})",
        )
    return record


def generated_return_open(*, user: Any, record: GeneratedReturn) -> Path:
    """The stored file of a generated return, auditing the download."""
    path = Path(settings.MEDIA_ROOT) / record.path
    Auditor(user=user).record(
        AuditAction.DOWNLOAD, obj=record, summary=f"Downloaded the {record} return"
    )
    return path
