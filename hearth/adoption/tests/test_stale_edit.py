"""Optimistic concurrency on the adoption record pages (hearth.core.concurrency)."""

from datetime import date

import pytest
from django.urls import reverse

from hearth.adoption import services
from hearth.adoption.models import PreviousPermanence
from hearth.core.concurrency import carries_token
from hearth.core.tests.browser_form import form_data

pytestmark = pytest.mark.django_db


def test_a_second_worker_recording_previous_permanence_does_not_overwrite_the_first(
    client, today, social_worker, team_manager, allocated_child
):
    url = reverse("adoption:previous_permanence", args=[allocated_child.pk])
    client.force_login(social_worker)
    page = client.get(url).content.decode()
    assert carries_token(page)
    data = form_data(page)
    services.previous_permanence_record(
        user=team_manager,
        child=allocated_child,
        prev_perm="P2",
        la_perm="316",
        date_perm=date(2019, 3, 4),
    )
    data["prev_perm"] = "Z1"
    page = client.post(url, data).content.decode()
    assert "changed this record after you opened it" in page and 'id="edit-conflicts"' in page
    assert "4 March 2019" in page
    assert PreviousPermanence.objects.get(child=allocated_child).prev_perm == "P2"
