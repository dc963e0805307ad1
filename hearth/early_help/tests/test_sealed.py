"""A sealed (adopted) child's early help episodes leave every route into early help (early
help staff, the lead practitioner, the allocated worker) outside the sealed-record roles,
through the people app's exclusion registry; a restricted child's episode stays with the
users named on the record, even for its lead practitioner."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from hearth.accounts.models import Role, ServiceKind
from hearth.accounts.tests.factories import ServiceFactory, TeamFactory, UserFactory
from hearth.early_help import services
from hearth.early_help.models import EarlyHelpEpisode, EarlyHelpService
from hearth.privacy.sealing import sealed_record_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def early_help_worker(db):
    service = ServiceFactory(name="Early help", kind=ServiceKind.EARLY_HELP)
    team = TeamFactory(name="Family Hub North", service=service)
    return UserFactory(username="eh.one", role=Role.EARLY_HELP_PRACTITIONER, team=team)


@pytest.fixture
def episode(early_help_worker, allocated_child, other_worker):
    hub = EarlyHelpService.objects.create(
        name="Family Hub North", organisation="Hearthside Council", min_age=0, max_age=19
    )
    with time_machine.travel(date(2026, 11, 24), tick=False):
        return services.episode_start(
            user=early_help_worker,
            child=allocated_child,
            start_date=date(2026, 11, 2),
            reason="Attendance and routines",
            service=hub,
            lead_practitioner=other_worker,
        )


@pytest.fixture
def sealed(episode, allocated_child, social_worker):
    sealed_record_create(
        child=allocated_child, user=social_worker, sealed_on=date(2026, 6, 9), reason="Order"
    )
    return episode


def test_a_sealed_childs_episode_is_not_listed_and_404s_outside_the_sealed_record_roles(
    client, sealed, early_help_worker, social_worker, other_worker
):
    page = reverse("early_help:episode_detail", args=[sealed.pk])
    for user in (early_help_worker, social_worker, other_worker):
        assert not EarlyHelpEpisode.objects.visible_to(user).exists()
        client.force_login(user)
        assert client.get(page).status_code == 404
        assert (
            "Attendance and routines"
            not in client.get(reverse("early_help:episodes")).content.decode()
        )


def test_a_sealed_record_role_still_opens_the_episode(client, sealed, senior_leader):
    assert EarlyHelpEpisode.objects.visible_to(senior_leader).filter(pk=sealed.pk).exists()
    client.force_login(senior_leader)
    page = reverse("early_help:episode_detail", args=[sealed.pk])
    assert client.get(page).status_code == 200


def test_a_restricted_childs_episode_is_hidden_from_a_lead_practitioner_not_named(
    episode, allocated_child, other_worker
):
    allocated_child.restricted = True
    allocated_child.save()
    assert not EarlyHelpEpisode.objects.visible_to(other_worker).exists()
    allocated_child.restricted_to.add(other_worker)
    assert EarlyHelpEpisode.objects.visible_to(other_worker).exists()
