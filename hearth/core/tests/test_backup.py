"""`hearth backup` and `hearth restore`: a backup restored into an empty database holds every
record and an intact audit chain (SQLite through its backup API, PostgreSQL through
pg_dump/pg_restore, whichever database the suite runs on)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections
from django.db.utils import load_backend

from hearth.core.audit import Auditor, verify_chain
from hearth.core.backup import table_counts
from hearth.core.models import AuditEntry
from hearth.people.models import Person

TARGET = "restore_target"


@pytest.fixture
def empty_database(tmp_path: Path) -> Iterator[str]:
    """A second, empty database of the suite's own kind, under its own alias."""
    default = connections["default"]
    settings = copy.deepcopy(default.settings_dict)
    if default.vendor == "sqlite":
        settings["NAME"] = str(tmp_path / "restored.sqlite3")
        settings["TEST"] = {"NAME": settings["NAME"]}
    else:
        name = f"{default.settings_dict['NAME']}_restore"
        with default.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
        settings["NAME"] = name
    # Registered as a connection only, not in settings: Django's test case then treats it as
    # a dynamically created connection, outside the per-test database isolation.
    target = load_backend(settings["ENGINE"]).DatabaseWrapper(settings, TARGET)
    connections[TARGET] = target
    try:
        yield TARGET
    finally:
        target.close()
        del connections[TARGET]
        if default.vendor != "sqlite":
            with default.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{settings["NAME"]}"')


@pytest.fixture
def recorded(transactional_db, social_worker, allocated_child, other_child):
    """Committed records with an audit trail, as a backup would find them."""
    auditor = Auditor(user=social_worker)
    for child in (allocated_child, other_child):
        auditor.viewed(child, child_id=child.pk)
    return allocated_child


def run(command: str, *args: str) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


pytestmark = pytest.mark.django_db(transaction=True)


def test_a_backup_restored_into_an_empty_database_has_every_record_and_the_audit_chain(
    recorded, empty_database, tmp_path
):
    backup = tmp_path / "hearth.backup"
    assert "Backed up" in run("backup", "--out", str(backup))
    before = table_counts(connections["default"])

    said = run("restore", str(backup), "--database", empty_database)

    assert "every table matches the manifest" in said
    assert table_counts(connections[empty_database]) == before
    restored_child = Person.objects.using(empty_database).get(pk=recorded.pk)
    assert restored_child.full_name == recorded.full_name
    assert AuditEntry.objects.using(empty_database).count() == AuditEntry.objects.count() >= 2
    assert verify_chain(using=empty_database).ok


def test_a_restore_refuses_a_database_that_already_holds_records(recorded, tmp_path):
    backup = tmp_path / "hearth.backup"
    run("backup", "--out", str(backup))
    people = Person.objects.count()

    with pytest.raises(CommandError, match="Restore only into an empty database"):
        run("restore", str(backup))
    assert Person.objects.count() == people


def test_a_backup_is_refused_when_the_audit_chain_is_broken(recorded, tmp_path):
    AuditEntry.objects.filter(pk=AuditEntry.objects.order_by("pk").first().pk).update(
        summary="changed after the fact"
    )
    backup = tmp_path / "hearth.backup"
    with pytest.raises(CommandError, match="Not backed up"):
        run("backup", "--out", str(backup))
    assert not backup.exists()


def test_a_backup_without_its_manifest_is_not_restored(empty_database, tmp_path, transactional_db):
    backup = tmp_path / "stray.backup"
    backup.write_bytes(b"not a backup")
    with pytest.raises(CommandError, match="manifest"):
        run("restore", str(backup), "--database", empty_database)


def test_the_manifest_leaves_out_the_database_cache_whose_rows_change_while_copying(db, settings):
    from django.core.management import call_command
    from django.db import connection

    from hearth.core.backup import table_counts

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "backup_test_cache",
        }
    }
    call_command("createcachetable", "backup_test_cache")
    counts = table_counts(connection)
    assert "backup_test_cache" not in counts
    assert "core_auditentry" in counts
