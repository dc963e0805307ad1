"""Casework fixtures: a frozen 'today', clients signed in as personas, and helpers that build
records through the services (so tests exercise the real rules)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from hearth.accounts.models import Role
from hearth.accounts.tests.factories import UserFactory
from hearth.casework import services
from hearth.casework.models import CaseNote, CaseNoteType
from hearth.casework.tests.factories import AllocationFactory
from hearth.people.tests.factories import ChildFactory

TODAY = date(2026, 3, 10)  # a Tuesday; allocated_child was allocated on 5 January 2026


@pytest.fixture
def today(time_machine) -> date:
    time_machine.move_to(datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("Europe/London")), tick=False)
    return TODAY


@pytest.fixture
def signed_in() -> Callable[[Any], Client]:
    def make(user: Any) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def visit_note(today) -> Callable[..., CaseNote]:
    """A final visit note at which the child was seen, written through the services."""

    def make(child: Any, user: Any, on: date, **extra: Any) -> CaseNote:
        data = {
            "note_type": CaseNoteType.HOME_VISIT,
            "contact_date": on,
            "subject": "Home visit",
            "who_was_seen": "The child and their mother",
            "child_seen": True,
            "body": "Visited at home. Synthetic note.",
            **extra,
        }
        return services.case_note_finalise(user=user, child=child, data=data)

    return make


@pytest.fixture
def draft_note(today) -> Callable[..., CaseNote]:
    def make(child: Any, user: Any, **extra: Any) -> CaseNote:
        data = {
            "note_type": CaseNoteType.PHONE_CALL,
            "contact_date": today,
            "subject": "Call with school",
            "body": "Draft text.",
            **extra,
        }
        return services.case_note_save_draft(user=user, child=child, data=data)

    return make


@pytest.fixture
def caseload(social_worker, team_a, visit_note, draft_note, today) -> Callable[[int], list[Any]]:
    """Give the social worker `n` more children, each with a visit, a draft, an older
    allocation to a colleague and a chronology; used to show query counts do not grow."""

    def make(n: int) -> list[Any]:
        children = []
        previous = UserFactory(username="sw.previous", role=Role.SOCIAL_WORKER, team=team_a)
        for i in range(n):
            child = ChildFactory()
            AllocationFactory(
                child=child,
                team=team_a,
                worker=previous,
                start_date=date(2025, 6, 2),
                end_date=date(2026, 1, 5),
            )
            AllocationFactory(child=child, team=team_a, worker=social_worker)
            visit_note(child, social_worker, date(2026, 2, 2 + i % 20), significant=i % 2 == 0)
            draft_note(child, social_worker)
            children.append(child)
        return children

    return make
