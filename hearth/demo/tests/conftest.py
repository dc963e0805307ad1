from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction

REFERENCE_DATE = date(2026, 3, 16)
SMALL = 60
SEED = 7  # the shared borough's


@pytest.fixture
def on_reference_date():
    with time_machine.travel(REFERENCE_DATE, tick=False):
        yield REFERENCE_DATE


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def reset_and_build(seed: int) -> None:
    today = REFERENCE_DATE.isoformat()
    run("demo", "--reset", "--children", str(SMALL), "--seed", str(seed), "--today", today)


@pytest.fixture(scope="module")
def shared_borough(django_db_setup, django_db_blocker):
    """One 60-child borough built once for a module, in a transaction rolled back when the
    module ends (a build takes 4 to 6 s of CPU; building it for each test was most of the
    SQLite run's slowest tests).

    A module that uses this must hold only tests that use `borough` or no database: every test
    in it sees the borough until the module ends. Each test still runs in its own savepoint
    (the `db` fixture), so a test that writes leaves the borough as it found it."""
    atomic = transaction.atomic()
    with django_db_blocker.unblock():
        atomic.__enter__()
    try:
        with django_db_blocker.unblock(), time_machine.travel(REFERENCE_DATE, tick=False):
            today = REFERENCE_DATE.isoformat()
            run("demo", "--children", str(SMALL), "--seed", str(SEED), "--today", today)
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def borough(shared_borough, db, on_reference_date):
    return on_reference_date
