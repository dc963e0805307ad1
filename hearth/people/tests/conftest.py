import pytest

from hearth.accounts.models import Role
from hearth.accounts.tests.factories import UserFactory


@pytest.fixture
def mash_worker(db):
    return UserFactory(username="mash.one", role=Role.MASH_PRACTITIONER)
