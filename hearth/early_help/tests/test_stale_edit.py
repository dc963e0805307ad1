"""Optimistic concurrency on the early help episode update form (hearth.core.concurrency)."""

from datetime import date

import pytest
from django.urls import reverse

from hearth.accounts.models import Role, ServiceKind
from hearth.accounts.tests.factories import ServiceFactory, TeamFactory, UserFactory
from hearth.core.concurrency import carries_token
from hearth.core.tests.browser_form import form_data
from hearth.early_help import services
from hearth.early_help.models import EarlyHelpEpisode

pytestmark = pytest.mark.django_db


def test_a_stale_update_of_the_episode_is_refused(client, allocated_child):
    team = TeamFactory(service=ServiceFactory(kind=ServiceKind.EARLY_HELP))
    worker = UserFactory(role=Role.EARLY_HELP_PRACTITIONER, team=team)
    colleague = UserFactory(role=Role.EARLY_HELP_PRACTITIONER, team=team)
    episode = services.episode_start(
        user=worker,
        child=allocated_child,
        start_date=date(2026, 11, 2),
        reason="Routines",
        lead_practitioner_name="Ms Lee",
    )
    url = reverse("early_help:episode_detail", args=[episode.pk])
    client.force_login(worker)
    page = client.get(url).content.decode()
    assert carries_token(page)
    data = form_data(page)
    services.episode_update(
        user=colleague,
        episode=EarlyHelpEpisode.objects.get(pk=episode.pk),
        family_views="Mum wants help with mornings",
    )
    data["child_views"] = "Likes the breakfast club"
    data["action"] = "update"
    page = client.post(url, data).content.decode()
    assert "changed this record after you opened it" in page and 'id="edit-conflicts"' in page
    saved = EarlyHelpEpisode.objects.get(pk=episode.pk)
    assert (saved.family_views, saved.child_views) == ("Mum wants help with mornings", "")
