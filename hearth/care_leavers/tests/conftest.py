"""Care leavers fixtures: a frozen 'today', a leaving care team with an adviser and its
manager, and care histories (periods of care and SSDA903 episodes)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from hearth.accounts.models import Role, ServiceKind
from hearth.accounts.tests.factories import ServiceFactory, TeamFactory, UserFactory
from hearth.casework.tests.factories import AllocationFactory
from hearth.children_in_care.models import Episode, PeriodOfCare
from hearth.people.tests.factories import ChildFactory

# Wednesday 10 June 2026.
TODAY = date(2026, 6, 10)


@pytest.fixture
def today(time_machine) -> date:
    time_machine.move_to(datetime(2026, 6, 10, 10, 0, tzinfo=ZoneInfo("Europe/London")), tick=False)
    return TODAY


@pytest.fixture
def leaving_care_team(db):
    service = ServiceFactory(name="Leaving care", kind=ServiceKind.LEAVING_CARE)
    return TeamFactory(name="Leaving Care Team", service=service)


@pytest.fixture
def lc_manager(leaving_care_team):
    manager = UserFactory(username="lc.manager", role=Role.TEAM_MANAGER, team=leaving_care_team)
    leaving_care_team.manager = manager
    leaving_care_team.save()
    return manager


@pytest.fixture
def adviser(personal_adviser, leaving_care_team):
    personal_adviser.team = leaving_care_team
    personal_adviser.save()
    return personal_adviser


@pytest.fixture
def looked_after(team_manager) -> Callable[..., PeriodOfCare]:
    """Record a period of care directly (one episode): the care history eligibility reads."""

    def make(
        child: Any, start: date, end: date | None = None, rec: str = "", ls: str = "C2"
    ) -> PeriodOfCare:
        period = PeriodOfCare.objects.create(
            child=child,
            start_date=start,
            end_date=end,
            category_of_need="N1",
            decision_by=team_manager,
            decision_date=start,
            decision_reason="Synthetic test history",
        )
        Episode.objects.create(
            period=period,
            child=child,
            decom=start,
            rne="S",
            legal_status=ls,
            category_of_need="N1",
            place="U1",
            dec=end,
            rec=rec if end else "",
            placement_started_on=start,
        )
        return period

    return make


@pytest.fixture
def young_person(social_worker, team_a) -> Any:
    """Born 1 March 2009: 17 on TODAY."""
    child = ChildFactory(first_name="Kai", last_name="Okafor", date_of_birth=date(2009, 3, 1))
    AllocationFactory(child=child, team=team_a, worker=social_worker, start_date=date(2024, 1, 1))
    return child


@pytest.fixture
def eligible(young_person, looked_after) -> Any:
    """In care since September 2024, still looked after at 17: eligible."""
    looked_after(young_person, date(2024, 9, 1))
    return young_person


@pytest.fixture
def relevant(young_person, looked_after) -> Any:
    """In care from September 2024, left on 1 April 2026 (aged 17) to independent living."""
    looked_after(young_person, date(2024, 9, 1), date(2026, 4, 1), "E6")
    return young_person


@pytest.fixture
def relevant_other(social_worker, team_a, looked_after) -> Any:
    """Another young person, born 1 May 2009, who left care at 17 on 1 May 2026."""
    child = ChildFactory(first_name="Ama", last_name="Boateng", date_of_birth=date(2009, 5, 1))
    AllocationFactory(child=child, team=team_a, worker=social_worker, start_date=date(2024, 1, 1))
    looked_after(child, date(2024, 6, 1), date(2026, 5, 1), "E6")
    return child
