"""Front door personas and contacts, built through the services."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from hearth.accounts.models import Role, ServiceKind
from hearth.accounts.tests.factories import ServiceFactory, TeamFactory, UserFactory
from hearth.front_door import services
from hearth.front_door.rules import ContactRoute

LONDON = ZoneInfo("Europe/London")


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


@pytest.fixture
def mash_team(db):
    service = ServiceFactory(name="MASH and front door", kind=ServiceKind.MASH)
    return TeamFactory(name="MASH", service=service)


@pytest.fixture
def mash_practitioner(mash_team):
    return UserFactory(username="mash.one", role=Role.MASH_PRACTITIONER, team=mash_team)


@pytest.fixture
def mash_manager(mash_team):
    manager = UserFactory(username="mash.manager", role=Role.TEAM_MANAGER, team=mash_team)
    mash_team.manager = manager
    mash_team.save()
    return manager


@pytest.fixture
def make_contact(mash_practitioner):
    def make(*children, received_at=None, route=ContactRoute.PHONE, user=None, **kwargs):
        kwargs.setdefault("referral_source", "2A")
        kwargs.setdefault("concern", "Child came to school with bruising on the arm.")
        kwargs.setdefault("referrer_agency", "Hearthside Primary")
        contact = services.contact_create(
            user=user or mash_practitioner,
            route=route,
            received_at=received_at or at(2026, 11, 23),
            **kwargs,
        )
        for child in children:
            services.contact_link_person(
                user=user or mash_practitioner, contact=contact, person=child
            )
        return contact

    return make


def close_cin_episode(user, referral, closed_on):
    """End the CIN episode a referral opened (RC7), so the child can be referred again."""
    from hearth.assessments import services as assessments

    episode = assessments.cin_episode_set_primary_need(
        user=user, episode=referral.cin_episode, primary_need="N1"
    )
    return assessments.cin_episode_close(
        user=user, episode=episode, closure_date=closed_on, closure_reason="RC7"
    )
