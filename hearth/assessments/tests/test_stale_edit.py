"""Optimistic concurrency on the episode's primary need (hearth.core.concurrency). Assessments
themselves carry a version number (services.StaleAssessment), tested in test_assessments."""

import pytest
from django.urls import reverse

from hearth.assessments import services
from hearth.assessments.models import CINEpisode
from hearth.core.concurrency import carries_token
from hearth.core.tests.browser_form import form_data

pytestmark = pytest.mark.django_db


def test_a_stale_primary_need_edit_is_refused(
    episode, social_worker, team_manager, allocated_child, signed_in
):
    url = reverse("assessments:episode_primary_need", args=[allocated_child.pk, episode.pk])
    client = signed_in(social_worker)
    page = client.get(url).content.decode()
    assert carries_token(page)
    data = form_data(page)
    services.cin_episode_set_primary_need(
        user=team_manager, episode=CINEpisode.objects.get(pk=episode.pk), primary_need="N2"
    )
    data["primary_need"] = "N3"
    page = client.post(url, data).content.decode()
    assert "changed this record after you opened it" in page and 'id="edit-conflicts"' in page
    assert CINEpisode.objects.get(pk=episode.pk).primary_need == "N2"
