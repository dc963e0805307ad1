"""Portal accounts made directly, for tests that are not about setting one up."""

from __future__ import annotations

from typing import Any

from hearth.accounts.models import Role
from hearth.accounts.tests.factories import UserFactory
from hearth.portal.models import Channel, PortalAccount


def portal_account(person: Any, username: str = "") -> PortalAccount:
    user: Any = UserFactory(
        username=username or f"yp{person.pk}",
        role=Role.YOUNG_PERSON,
        first_name=person.first_name,
        last_name=person.last_name,
    )
    return PortalAccount.objects.create(
        person=person, user=user, channel=Channel.EMAIL, send_to=f"yp{person.pk}@example.com"
    )


def verified_client(client: Any, account: PortalAccount) -> Any:
    """A test client signed in as the young person who has entered their code."""
    client.force_login(account.user)
    session = client.session
    session["portal_verified"] = True
    session.save()
    return client
