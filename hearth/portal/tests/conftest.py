"""Portal fixtures: a frozen 'today', a child in care (through the children in care service),
their portal account, and a sender that keeps what it sends."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from hearth.portal.senders import MemorySender
from hearth.portal.tests.factories import portal_account, verified_client

TODAY = date(2026, 6, 10)
START = date(2026, 5, 1)


@pytest.fixture
def today(time_machine) -> date:
    time_machine.move_to(datetime(2026, 6, 10, 10, 0, tzinfo=ZoneInfo("Europe/London")), tick=False)
    return TODAY


@pytest.fixture
def outbox(settings) -> list[dict[str, str]]:
    settings.HEARTH = {**settings.HEARTH, "PORTAL_SENDER": "hearth.portal.senders.MemorySender"}
    MemorySender.outbox.clear()
    return MemorySender.outbox


@pytest.fixture
def period(today, social_worker, team_manager, allocated_child, iro) -> Any:
    from hearth.children_in_care import services
    from hearth.children_in_care.models import Provider, ProviderKind
    from hearth.children_in_care.validation import Placement

    carers = Provider.objects.create(
        name="The Adeyemi household",
        kind=ProviderKind.IN_HOUSE_FOSTER,
        provider_code="PR1",
        urn="SC123456",
        postcode="E13 9PJ",
        approved_on=date(2022, 1, 10),
        age_from=0,
        age_to=12,
        capacity=2,
        emergency_beds=1,
    )
    return services.care_period_start(
        user=social_worker,
        child=allocated_child,
        start_date=START,
        decision_by=team_manager,
        decision_date=START,
        decision_reason="Parents unable to care safely; agreed with mother",
        legal_status="V2",
        category_of_need="N1",
        placement=Placement(place="U6", provider=carers),
        home_postcode="E15 4HT",
        iro=iro,
    )


@pytest.fixture
def account(period, allocated_child) -> Any:
    return portal_account(allocated_child, "amara")


@pytest.fixture
def young_person(client, account) -> Any:
    """A test client signed in as Amara, code entered."""
    return verified_client(client, account)
