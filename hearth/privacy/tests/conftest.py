"""Privacy fixtures: the adoption fixtures (a child looked after from 1 May 2026, a decision
to place for adoption, approved adopters) for sealing, and a data protection officer."""

from __future__ import annotations

import pytest

from hearth.accounts.models import Role, User
from hearth.adoption.tests.conftest import (  # noqa: F401 (fixtures)
    approved,
    carers,
    enquiry,
    foster,
    journey,
    period,
    start,
    today,
)


@pytest.fixture
def dpo(db) -> User:
    return User.objects.create_user(
        username="dpo", password="x", role=Role.DATA_PROTECTION_OFFICER, first_name="Dana"
    )


from hearth.front_door.tests.conftest import (  # noqa: E402, F401 (fixtures)
    make_contact,
    mash_practitioner,
    mash_team,
)
