"""Child protection fixtures: a frozen 'today', an open CIN episode for the allocated child,
and helpers that build records through the services (so tests exercise the real rules)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from hearth.assessments.services import cin_episode_open
from hearth.child_protection import services
from hearth.child_protection.models import (
    Agency,
    ConferenceAttendance,
    ConferenceDecision,
    ConferenceKind,
    StrategyDecision,
    StrategyKind,
)

# Wednesday 10 June 2026. The referral was on Monday 4 May 2026 (the early May bank holiday),
# so working-day clocks here cross a bank holiday (25 May, spring bank holiday).
TODAY = date(2026, 6, 10)
REFERRAL = date(2026, 5, 1)


@pytest.fixture
def today(time_machine) -> date:
    time_machine.move_to(datetime(2026, 6, 10, 10, 0, tzinfo=ZoneInfo("Europe/London")), tick=False)
    return TODAY


@pytest.fixture
def episode(today, social_worker, allocated_child) -> Any:
    return cin_episode_open(
        user=social_worker,
        child=allocated_child,
        referral_date=REFERRAL,
        referral_source="1A",
        primary_need="N1",
    )


EVERYONE = (
    services.Participant(Agency.SOCIAL_CARE, "Sam Social", "Social worker"),
    services.Participant(Agency.POLICE, "PC Patel", "Child abuse investigation team"),
    services.Participant(Agency.HEALTH, "Dr Hale", "Named nurse"),
)
POLICE_AND_SOCIAL_CARE = EVERYONE[:2]


@pytest.fixture
def strategy(social_worker, allocated_child, episode) -> Callable[..., Any]:
    def make(on: date, **extra: Any) -> Any:
        data: dict[str, Any] = {
            "user": social_worker,
            "child": allocated_child,
            "episode": episode,
            "kind": StrategyKind.DISCUSSION,
            "held_on": on,
            "participants": EVERYONE,
            "information_shared": "Synthetic information shared.",
            "safety_actions": "Child to stay with grandmother tonight.",
            "decision": StrategyDecision.S47_JOINT,
            "rationale": "Injury unexplained.",
            **extra,
        }
        return services.strategy_discussion_record(**data)

    return make


@pytest.fixture
def icpc(social_worker, allocated_child, episode, iro) -> Callable[..., Any]:
    def make(enquiry: Any, on: date, **extra: Any) -> Any:
        data: dict[str, Any] = {
            "user": social_worker,
            "child": allocated_child,
            "episode": episode,
            "kind": ConferenceKind.INITIAL,
            "enquiry": enquiry,
            "held_on": on,
            "chair": iro,
            "parents_participation": "attended",
            "child_participation": "worker",
            "decision": ConferenceDecision.PLAN,
            "category": "NEG",
            "rationale": "Continuing risk of significant harm.",
            "attendees": [
                services.Attendee("Dr Hale", Agency.HEALTH, ConferenceAttendance.ATTENDED),
                services.Attendee("Ms School", Agency.EDUCATION, ConferenceAttendance.APOLOGIES),
            ],
            **extra,
        }
        return services.conference_record(**data)

    return make


@pytest.fixture
def review(social_worker, allocated_child, episode, iro) -> Callable[..., Any]:
    def make(plan: Any, on: date, **extra: Any) -> Any:
        data: dict[str, Any] = {
            "user": social_worker,
            "child": allocated_child,
            "episode": episode,
            "kind": ConferenceKind.REVIEW,
            "plan": plan,
            "held_on": on,
            "chair": iro,
            "parents_participation": "attended",
            "child_participation": "attended",
            "decision": ConferenceDecision.CONTINUE,
            "category": "EMO",
            "rationale": "Progress, risk remains.",
            **extra,
        }
        return services.conference_record(**data)

    return make
