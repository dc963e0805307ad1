import subprocess
import sys
from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from hearth.accounts.models import User
from hearth.core.audit import (
    GENESIS_HASH,
    Auditor,
    AuditorError,
    diff,
    verify_chain,
)
from hearth.core.models import AuditAction, AuditChainHead, AuditEntry


def verify_output() -> tuple[int, str]:
    """Run `hearth audit verify` and return (exit status, message)."""
    from io import StringIO

    out = StringIO()
    try:
        call_command("audit", "verify", stdout=out)
    except CommandError as error:
        return error.returncode, str(error)
    return 0, out.getvalue().strip()


class TestTheAuditorRefusesToRunWithoutSomeoneResponsible:
    def test_the_auditor_refuses_to_run_without_a_user_or_system_job(self):
        with pytest.raises(AuditorError):
            Auditor()

    def test_the_auditor_refuses_an_anonymous_user(self):
        from django.contrib.auth.models import AnonymousUser

        with pytest.raises(AuditorError):
            Auditor(user=AnonymousUser())

    def test_the_auditor_refuses_a_blank_system_job_name(self):
        with pytest.raises(AuditorError):
            Auditor(system_job="   ")

    @pytest.mark.django_db
    def test_a_named_system_job_may_write_without_a_user(self):
        entry = Auditor(system_job="nightly-timescales").record(
            AuditAction.UPDATE, object_type="timescales.dueitem", object_id=7
        )
        assert entry.actor is None
        assert entry.system_job == "nightly-timescales"

    @pytest.mark.django_db
    def test_an_unknown_action_is_refused(self, social_worker):
        with pytest.raises(AuditorError):
            Auditor(user=social_worker).record("peeked", object_type="people.person")
        assert not AuditEntry.objects.exists()

    @pytest.mark.django_db
    def test_an_entry_must_name_the_kind_of_object(self, social_worker):
        with pytest.raises(AuditorError):
            Auditor(user=social_worker).record(AuditAction.VIEW)


@pytest.mark.django_db
class TestTheHashChain:
    def test_each_entry_carries_the_hash_of_the_one_before(self, audit_trail):
        assert audit_trail[0].prev_hash == GENESIS_HASH
        for before, after in zip(audit_trail, audit_trail[1:], strict=False):
            assert after.prev_hash == before.hash
        head = AuditChainHead.objects.get()
        assert head.last_hash == audit_trail[-1].hash
        assert head.last_entry_id == audit_trail[-1].pk

    def test_an_intact_trail_is_reported_with_the_number_of_entries(self, audit_trail):
        assert verify_output() == (0, "Audit trail intact: 5 entries checked")

    def test_an_empty_trail_is_intact(self, db):
        assert verify_output() == (0, "Audit trail intact: 0 entries checked")

    def test_a_summary_altered_by_a_raw_update_is_detected(self, audit_trail):
        target = audit_trail[2]
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {AuditEntry._meta.db_table} SET summary = %s WHERE id = %s",
                ["Nothing to see here", target.pk],
            )
        assert verify_output() == (1, f"Entry {target.pk} was altered")

    def test_a_changed_time_is_detected(self, audit_trail):
        from datetime import timedelta

        target = audit_trail[1]
        AuditEntry.objects.filter(pk=target.pk).update(at=target.at - timedelta(days=1))
        assert verify_output() == (1, f"Entry {target.pk} was altered")

    def test_a_deleted_middle_entry_is_detected(self, audit_trail):
        AuditEntry.objects.filter(pk=audit_trail[2].pk).delete()
        assert verify_output() == (
            1,
            f"Entry {audit_trail[3].pk} does not follow entry {audit_trail[1].pk}: "
            "an entry was removed",
        )

    def test_a_deleted_first_entry_is_detected(self, audit_trail):
        AuditEntry.objects.filter(pk=audit_trail[0].pk).delete()
        status, message = verify_output()
        assert status == 1
        assert message.startswith(f"Entry {audit_trail[1].pk} does not follow the start")

    def test_a_deleted_last_entry_is_detected(self, audit_trail):
        AuditEntry.objects.filter(pk=audit_trail[-1].pk).delete()
        status, message = verify_output()
        assert status == 1
        assert message == (
            f"The newest entries were removed: the audit trail ends at entry "
            f"{audit_trail[-2].pk} but entry {audit_trail[-1].pk} was written after it"
        )

    def test_every_entry_deleted_is_detected(self, audit_trail):
        AuditEntry.objects.all().delete()
        status, message = verify_output()
        assert status == 1
        assert "The newest entries were removed" in message

    def test_an_entry_rewritten_with_a_recomputed_hash_breaks_the_next_link(self, audit_trail):
        target = AuditEntry.objects.get(pk=audit_trail[1].pk)
        target.summary = "Rewritten"
        target.content_digest = target.digest_content()
        target.hash = target.compute_hash()
        target.save()
        status, message = verify_output()
        assert status == 1
        assert message.startswith(
            f"Entry {audit_trail[2].pk} does not follow entry {audit_trail[1].pk}"
        )

    def test_the_report_names_the_first_broken_link_only(self, audit_trail):
        AuditEntry.objects.filter(pk=audit_trail[1].pk).update(summary="x")
        AuditEntry.objects.filter(pk=audit_trail[3].pk).delete()
        report = verify_chain()
        assert report.first_broken_id == audit_trail[1].pk
        assert report.checked == 1

    def test_the_chain_is_checked_across_batches(self, audit_trail):
        report = verify_chain(batch_size=2)
        assert report.ok
        assert report.checked == 5

    def test_dates_and_decimals_in_changes_do_not_make_an_honest_entry_look_altered(
        self, social_worker, allocated_child
    ):
        Auditor(user=social_worker).changed(
            allocated_child,
            child_id=allocated_child.pk,
            changes={
                "date_of_birth": [date(2015, 3, 14), date(2015, 3, 15)],
                "score": [Decimal("1.50"), None],
                "nested": {"b": 1, "a": [date(2020, 1, 1)]},
            },
        )
        assert verify_chain().ok

    def test_diff_lists_only_the_fields_that_changed(self):
        assert diff({"a": 1, "b": "x"}, {"a": 2, "b": "x", "c": None}) == {"a": [1, 2]}


# Subprocesses use the test settings pointed at the database named in HEARTH_AUDIT_TEST_DB.
PRELUDE = (
    "import json, os, sys, django;"
    "from django.conf import settings;"
    "settings.DATABASES['default'].update(json.loads(os.environ['HEARTH_AUDIT_TEST_DB']));"
    "django.setup();"
)


def _run(code: str, env: dict[str, str], *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", PRELUDE + code, *args],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(process: subprocess.Popen) -> str:
    out, err = process.communicate(timeout=180)
    assert process.returncode == 0, err
    return out


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_the_chain_linear(tmp_path):
    """Several processes append at once (as gunicorn workers would); every entry still follows
    exactly one other. On SQLite the processes share a database file; on PostgreSQL they use
    the test database itself."""
    import json
    import os

    writers, per_writer = 4, 15
    if connection.vendor == "sqlite":
        database = {"NAME": str(tmp_path / "audit.sqlite3")}
    else:
        database = {"NAME": connection.settings_dict["NAME"]}
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="config.settings.test",
        HEARTH_AUDIT_TEST_DB=json.dumps(database),
    )
    if connection.vendor == "sqlite":
        # A file copy of the (already migrated) in-memory test database.
        import sqlite3

        connection.ensure_connection()
        target = sqlite3.connect(database["NAME"])
        connection.connection.backup(target)
        target.close()
    write = (
        "from hearth.core.audit import Auditor;"
        "from hearth.core.models import AuditAction;"
        "a = Auditor(system_job='writer-' + sys.argv[1]);"
        f"[a.record(AuditAction.EXPORT, object_type='core.test', object_id=n)"
        f" for n in range({per_writer})]"
    )
    processes = [_run(write, env, str(n)) for n in range(writers)]
    for process in processes:
        _finish(process)
    check = (
        "from hearth.core.audit import verify_chain;"
        "from hearth.core.models import AuditEntry;"
        "r = verify_chain();"
        "links = AuditEntry.objects.values_list('prev_hash', flat=True);"
        "print(r.checked, r.ok, AuditEntry.objects.count(), len(set(links)))"
    )
    expected = writers * per_writer
    checked, ok, count, distinct_links = _finish(_run(check, env)).split()
    assert (int(checked), ok, int(count), int(distinct_links)) == (
        expected,
        "True",
        expected,
        expected,
    )


@pytest.mark.django_db
def test_audit_show_prints_the_recent_entries_about_a_child(
    audit_trail, allocated_child, social_worker
):
    from io import StringIO

    Auditor(user=social_worker).changed(
        allocated_child,
        child_id=allocated_child.pk,
        changes={"known_as": ["", "Mara"]},
        reason="Amara asked to be called Mara",
    )
    out = StringIO()
    call_command("audit", "show", "--child", str(allocated_child.pk), "--limit", "3", stdout=out)
    lines = out.getvalue().splitlines()
    name = social_worker.get_full_name()
    assert lines[0].startswith("#")
    assert f"{name} (Social worker, Safeguarding Team A)" in lines[0]
    assert f"Changed: Person record {allocated_child.pk}" in lines[0]
    assert "    Known as: (blank) -> Mara" in lines
    assert "    Reason: Amara asked to be called Mara" in lines
    assert sum(1 for line in lines if line.startswith("#")) == 3


@pytest.mark.django_db
def test_audit_show_says_when_a_child_has_no_entries():
    from io import StringIO

    out = StringIO()
    call_command("audit", "show", "--child", "999999", stdout=out)
    assert out.getvalue().strip() == "No audit entries for child 999999."


@pytest.mark.django_db
def test_audit_verify_exits_with_status_one_when_a_link_is_broken(audit_trail):
    AuditEntry.objects.filter(pk=audit_trail[0].pk).update(summary="tampered")
    with pytest.raises(CommandError) as raised:
        call_command("audit", "verify")
    assert raised.value.returncode == 1


def test_users_are_the_audit_actor_model():
    assert AuditEntry._meta.get_field("actor").related_model is User
