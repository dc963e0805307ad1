"""Optimistic concurrency on the supervision agreement (hearth.core.concurrency)."""

import datetime as dt

import pytest
from django.urls import reverse

from hearth.core.concurrency import carries_token
from hearth.core.tests.browser_form import form_data
from hearth.oversight import services
from hearth.oversight.models import SupervisionAgreement

pytestmark = pytest.mark.django_db


def test_a_stale_supervision_agreement_edit_is_refused(
    client, agreement, social_worker, team_manager
):
    url = reverse("oversight:agreement_edit", args=[social_worker.pk])
    client.force_login(team_manager)
    page = client.get(url).content.decode()
    assert carries_token(page)
    data = form_data(page)
    services.supervision_agreement_set(
        user=team_manager,
        worker=social_worker,
        supervisor=team_manager,
        frequency="",
        start_date=dt.date(2026, 2, 2),
    )
    data["start_date-day"] = "9"
    page = client.post(url, data).content.decode()
    assert "changed this record after you opened it" in page and 'id="edit-conflicts"' in page
    assert "2 February 2026" in page
    assert SupervisionAgreement.objects.get(worker=social_worker).start_date == dt.date(2026, 2, 2)
