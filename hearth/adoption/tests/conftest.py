"""Adoption fixtures: the children in care fixtures (a frozen 'today', 10 June 2026, and a
child looked after from 1 May 2026 in foster care through the real services), plus approved
adopters and a decision that the child should be placed for adoption."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from hearth.adoption import services
from hearth.adoption.models import AdopterFamily, AdoptionJourney
from hearth.children_in_care.tests.conftest import (  # noqa: F401 (fixtures)
    AGENCY,
    FOSTER,
    HOME,
    START,
    TODAY,
    carers,
    foster,
    period,
    start,
    today,
)


@pytest.fixture
def enquiry(today, social_worker) -> Callable[..., AdopterFamily]:  # noqa: F811
    def make(**overrides: Any) -> AdopterFamily:
        values: dict[str, Any] = {
            "user": social_worker,
            "name": "The Okafor-Lewis family",
            "source": "event",
            "enquiry_on": date(2025, 9, 1),
            "sex_code": "MF",
            "legal_status": "L11",
            "adopters": [
                services.AdopterInput("Chidi", "Okafor-Lewis", "M", "BAFR"),
                services.AdopterInput("Hannah", "Okafor-Lewis", "F", "WBRI", True),
            ],
            "fostering_for_adoption": True,
        }
        values.update(overrides)
        return services.adopter_enquiry_record(**values)

    return make


APPROVAL = (
    ("stage1_started_on", date(2025, 9, 15)),
    ("stage1_ended_on", date(2025, 11, 10)),
    ("application_on", date(2025, 11, 12)),
    ("stage2_started_on", date(2025, 11, 17)),
    ("stage2_ended_on", date(2026, 3, 6)),
    ("panel_on", date(2026, 3, 20)),
    ("approved_on", date(2026, 3, 27)),
)


@pytest.fixture
def approved(enquiry, social_worker) -> AdopterFamily:
    family = enquiry()
    for stage, on in APPROVAL:
        family = services.adopter_stage_record(
            user=social_worker, family=family, stage=stage, on=on
        )
    return family


@pytest.fixture
def journey(period, social_worker, allocated_child) -> AdoptionJourney:  # noqa: F811
    return services.adoption_decision_record(
        user=social_worker,
        child=allocated_child,
        decision_on=date(2026, 5, 8),
        decision_maker="Priya Shah, agency decision maker",
    )
