"""Persona fixtures shared by every test (STYLE.md rule 16).

A social worker and their manager in one team, a worker in another team, an IRO, a personal
adviser, a senior leader, an administrator and a partner referrer. `allocated_child` is
allocated to the social worker in the first team; `other_child` to the other team."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from hearth.accounts.models import Role, ServiceKind
from hearth.accounts.tests.factories import ServiceFactory, TeamFactory, UserFactory
from hearth.casework.tests.factories import AllocationFactory
from hearth.core.data_migrations import run_data_migrations
from hearth.people.tests.factories import ChildFactory

# The restricted-record helpers every app's list tests share: their asserts report the values
# compared when they fail, as a test's own do.
pytest.register_assert_rewrite("hearth.people.tests.restricted")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_use_migrations, django_db_blocker):
    if not django_db_use_migrations:
        with django_db_blocker.unblock():
            run_data_migrations()


@pytest.fixture
def safeguarding_service(db):
    return ServiceFactory(name="Safeguarding and family support", kind=ServiceKind.SAFEGUARDING)


@pytest.fixture
def team_a(safeguarding_service):
    return TeamFactory(name="Safeguarding Team A", service=safeguarding_service)


@pytest.fixture
def team_b(safeguarding_service):
    return TeamFactory(name="Safeguarding Team B", service=safeguarding_service)


@pytest.fixture
def team_manager(team_a):
    manager = UserFactory(username="tm.alpha", role=Role.TEAM_MANAGER, team=team_a)
    team_a.manager = manager
    team_a.save()
    return manager


@pytest.fixture
def social_worker(team_a, team_manager):
    return UserFactory(username="sw.alpha", role=Role.SOCIAL_WORKER, team=team_a)


@pytest.fixture
def colleague(team_a):
    return UserFactory(username="sw.colleague", role=Role.SOCIAL_WORKER, team=team_a)


@pytest.fixture
def other_worker(team_b):
    return UserFactory(username="sw.bravo", role=Role.SOCIAL_WORKER, team=team_b)


@pytest.fixture
def iro(db):
    return UserFactory(username="iro.one", role=Role.IRO)


@pytest.fixture
def personal_adviser(db):
    return UserFactory(username="pa.one", role=Role.PERSONAL_ADVISER)


@pytest.fixture
def senior_leader(db):
    return UserFactory(username="dcs", role=Role.SENIOR_LEADER)


@pytest.fixture
def administrator(db):
    return UserFactory(username="admin.one", role=Role.ADMINISTRATOR)


@pytest.fixture
def partner_referrer(db):
    return UserFactory(
        username="partner.school", role=Role.PARTNER_REFERRER, organisation="Hearthside Primary"
    )


@pytest.fixture
def allocated_child(social_worker, team_a):
    child = ChildFactory(first_name="Amara", last_name="Okafor")
    AllocationFactory(child=child, team=team_a, worker=social_worker)
    return child


@pytest.fixture
def other_child(other_worker, team_b):
    child = ChildFactory(first_name="Ben", last_name="Taylor")
    AllocationFactory(child=child, team=team_b, worker=other_worker)
    return child


@pytest.fixture
def signed_in() -> Callable[[Any], Client]:
    """Makes a new test client signed in as the given user: `signed_in(social_worker)`. Each
    call gives its own client, so one test can act as two people side by side."""

    def make(user: Any) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make
