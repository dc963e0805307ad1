"""Children in care fixtures: a frozen 'today' and a child who became looked after through
the services (so tests exercise the real rules)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from hearth.children_in_care import services
from hearth.children_in_care.models import Provider, ProviderKind
from hearth.children_in_care.validation import Placement

# Wednesday 10 June 2026. Care starts on Friday 1 May 2026, so working-day clocks cross the
# early May (4 May) and spring (25 May) bank holidays.
TODAY = date(2026, 6, 10)
START = date(2026, 5, 1)
HOME = "E15 4HT"  # Newham
FOSTER = "E13 9PJ"  # Newham
AGENCY = "SE1 7PB"  # Lambeth


@pytest.fixture
def today(time_machine) -> date:
    time_machine.move_to(datetime(2026, 6, 10, 10, 0, tzinfo=ZoneInfo("Europe/London")), tick=False)
    return TODAY


@pytest.fixture
def carers(db) -> Provider:
    return Provider.objects.create(
        name="The Adeyemi household",
        kind=ProviderKind.IN_HOUSE_FOSTER,
        provider_code="PR1",
        urn="SC123456",
        postcode=FOSTER,
        approved_on=date(2022, 1, 10),
        age_from=0,
        age_to=12,
        capacity=2,
        emergency_beds=1,
    )


@pytest.fixture
def foster(carers) -> Placement:
    return Placement(place="U6", provider=carers)


@pytest.fixture
def start(today, social_worker, team_manager, allocated_child, foster) -> Callable[..., Any]:
    def make(**overrides: Any) -> Any:
        values: dict[str, Any] = {
            "user": social_worker,
            "child": allocated_child,
            "start_date": START,
            "decision_by": team_manager,
            "decision_date": START,
            "decision_reason": "Parents unable to care safely; agreed with mother",
            "legal_status": "V2",
            "category_of_need": "N1",
            "placement": foster,
            "home_postcode": HOME,
        }
        values.update(overrides)
        return services.care_period_start(**values)

    return make


@pytest.fixture
def period(start) -> Any:
    return start()
