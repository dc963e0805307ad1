"""Backing up and restoring the whole database.

SQLite uses its online backup API (a consistent copy while Hearth keeps running); PostgreSQL
uses pg_dump's custom format and pg_restore. A restore goes only into an empty database, so it
can never merge two boroughs' records, and is checked afterwards: the audit chain must verify
and every table must hold the rows the backup's manifest counted.

Documents live outside the database (HEARTH_DOCUMENT_ROOT); back that directory up with the
council's file backups alongside these files."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper


class BackupError(RuntimeError):
    """A backup or restore that could not be done, with the reason in words."""


@dataclass(frozen=True)
class Manifest:
    vendor: str
    tables: dict[str, int]

    def write(self, path: Path) -> None:
        path.write_text(json.dumps({"vendor": self.vendor, "tables": self.tables}, indent=2))

    @classmethod
    def read(cls, path: Path) -> Manifest:
        if not path.exists():
            raise BackupError(f"{path} is missing: a backup is the file and its manifest.")
        data = json.loads(path.read_text())
        return cls(vendor=data["vendor"], tables={k: int(v) for k, v in data["tables"].items()})


def manifest_path(backup: Path) -> Path:
    return backup.with_name(backup.name + ".manifest.json")


def cache_tables() -> set[str]:
    """The database cache's tables: rate-limit counts that change between counting and
    copying, and that nothing needs back after a restore, so the manifest leaves them out."""
    return {
        str(cache["LOCATION"])
        for cache in settings.CACHES.values()
        if cache["BACKEND"].endswith("DatabaseCache")
    }


def table_counts(connection: BaseDatabaseWrapper) -> dict[str, int]:
    """Rows in every table of the database (migrations' own table included), apart from the
    database cache's."""
    counts: dict[str, int] = {}
    skipped = cache_tables()
    with connection.cursor() as cursor:
        for table in sorted(set(connection.introspection.table_names(cursor)) - skipped):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def backup_database(*, out: Path, using: str = DEFAULT_DB_ALIAS) -> Manifest:
    """Write a consistent copy of the database to `out` and its manifest beside it."""
    connection = connections[using]
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.exists():
        raise BackupError(f"{out} already exists: choose a new file name.")
    manifest = Manifest(vendor=connection.vendor, tables=table_counts(connection))
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(out)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    elif connection.vendor == "postgresql":
        _run_pg("pg_dump", "--format=custom", "--no-owner", f"--file={out}", _pg_url(connection))
    else:
        raise BackupError(f"Backups of {connection.vendor} databases are not supported.")
    manifest.write(manifest_path(out))
    return manifest


def restore_database(*, source: Path, using: str = DEFAULT_DB_ALIAS) -> Manifest:
    """Load `source` into the current, empty database; return the manifest it was checked
    against. Raises BackupError, changing nothing, when the database is not empty."""
    connection = connections[using]
    if not source.exists():
        raise BackupError(f"{source} does not exist.")
    manifest = Manifest.read(manifest_path(source))
    if manifest.vendor != connection.vendor:
        raise BackupError(
            f"{source} is a {manifest.vendor} backup; this database is {connection.vendor}."
        )
    occupied = {table: rows for table, rows in table_counts(connection).items() if rows}
    if occupied:
        raise BackupError(
            "Restore only into an empty database (a new one, before `migrate`): "
            f"{len(occupied)} tables already hold rows (e.g. {next(iter(occupied))})."
        )
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        # The backup API replaces the whole database, schema included, in one step.
        backup = sqlite3.connect(source)
        try:
            backup.backup(connection.connection)
        finally:
            backup.close()
    else:
        connection.close()
        _run_pg(
            "pg_restore",
            "--no-owner",
            "--exit-on-error",
            f"--dbname={_pg_url(connection)}",
            str(source),
        )
    connection.close()
    restored = table_counts(connection)
    missing = {t: n for t, n in manifest.tables.items() if restored.get(t) != n}
    if missing:
        table, rows = next(iter(missing.items()))
        raise BackupError(
            f"The restore is incomplete: {len(missing)} tables differ from the backup "
            f"(e.g. {table}: {rows} rows in the backup, {restored.get(table, 0)} restored)."
        )
    return manifest


def _pg_url(connection: BaseDatabaseWrapper) -> str:
    settings = connection.settings_dict
    user = settings.get("USER") or ""
    password = settings.get("PASSWORD") or ""
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings.get("HOST") or "localhost"
    port = settings.get("PORT") or "5432"
    return f"postgresql://{auth}{host}:{port}/{settings['NAME']}"


def _pg_binary(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if candidates:
        return str(candidates[-1])
    raise BackupError(f"{name} is not installed (Debian package postgresql-client).")


def _run_pg(program: str, *args: str) -> None:
    result = subprocess.run(
        [_pg_binary(program), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PGCONNECT_TIMEOUT": "10"},
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"{program} failed: {result.stderr.strip()[:500]}")
