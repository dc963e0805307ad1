"""Assessment fixtures: a frozen 'today', signed-in clients, and records built through the
services so tests exercise the real rules."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from hearth.assessments import services
from hearth.assessments.models import Assessment, CINEpisode

TODAY = date(2026, 3, 10)  # a Tuesday
REFERRAL = date(2026, 1, 12)  # a Monday

COMPLETE = {
    "child_seen_on": date(2026, 1, 14),
    "child_seen_alone_on": date(2026, 1, 14),
    "child_views": "I like my school but I do not like it when they shout.",
    "history": "Two previous referrals about shouting at home.",
    "analysis": "Synthetic analysis of risk and need.",
    "recommendation": "Child in need plan.",
    "outcome": "OTHER",
    "support_required": True,
}


@pytest.fixture
def today(time_machine) -> date:
    time_machine.move_to(datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("Europe/London")), tick=False)
    return TODAY


@pytest.fixture
def episode(allocated_child, social_worker, today) -> CINEpisode:
    return services.cin_episode_open(
        user=social_worker,
        child=allocated_child,
        referral_date=REFERRAL,
        referral_source="2A",
        primary_need="N1",
    )


@pytest.fixture
def started(episode, social_worker) -> Assessment:
    return services.assessment_start(
        user=social_worker, episode=episode, start_date=date(2026, 1, 13)
    )


@pytest.fixture
def submit() -> Callable[..., Assessment]:
    """Complete and submit an assessment as its worker."""

    def make(
        assessment: Assessment, *, factors: list[str] | None = None, **extra: Any
    ) -> Assessment:
        assessment.refresh_from_db()
        return services.assessment_submit(
            user=assessment.worker,
            assessment=assessment,
            data={**COMPLETE, **extra},
            version=assessment.version,
            factors=factors if factors is not None else ["3B", "4B"],
            network=[],
        )

    return make


@pytest.fixture
def authorised(started, submit, team_manager) -> Assessment:
    submit(started)
    return services.assessment_authorise(
        user=team_manager, assessment=started, authorised_on=date(2026, 2, 20)
    )
