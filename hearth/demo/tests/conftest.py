from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

REFERENCE_DATE = date(2026, 3, 16)
SMALL = 60


@pytest.fixture
def on_reference_date():
    with time_machine.travel(REFERENCE_DATE, tick=False):
        yield REFERENCE_DATE


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def borough(db, on_reference_date):
    run("demo", "--children", str(SMALL), "--seed", "7", "--today", REFERENCE_DATE.isoformat())
    return on_reference_date
