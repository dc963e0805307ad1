"""Administrators set a worker's full-time equivalent (FTE) from the user list."""

from decimal import Decimal

import pytest
from django.urls import reverse

from hearth.core.concurrency import TOKEN_FIELD, carries_token, token_in
from hearth.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_an_administrator_changes_a_workers_fte_and_it_is_audited(
    client, administrator, social_worker
):
    client.force_login(administrator)
    url = reverse("accounts:user_fte", args=[social_worker.pk])
    assert url in client.get(reverse("accounts:users")).content.decode()
    page = client.get(url)
    assert page.status_code == 200 and carries_token(page.content.decode())
    response = client.post(url, {"fte": "0.6", TOKEN_FIELD: token_in(page.content.decode())})
    assert response.url == reverse("accounts:users")
    social_worker.refresh_from_db()
    assert social_worker.fte == Decimal("0.6")
    entry = AuditEntry.objects.get(actor=administrator, object_id=str(social_worker.pk))
    assert entry.changes == {"fte": ["1.00", "0.6"]}


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the full-time equivalent"),
        ("0", "Enter a full-time equivalent of 0.1 or more"),
        ("1.2", "Enter a full-time equivalent of 1.0 or less"),
        ("half", "Enter the full-time equivalent as a number, like 0.6"),
        ("0.125", "Enter the full-time equivalent to no more than 2 decimal places"),
    ],
)
def test_a_bad_fte_gets_a_govuk_error_and_nothing_is_saved(
    client, administrator, social_worker, typed, message
):
    client.force_login(administrator)
    url = reverse("accounts:user_fte", args=[social_worker.pk])
    token = token_in(client.get(url).content.decode())
    response = client.post(url, {"fte": typed, TOKEN_FIELD: token})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and message in page
    social_worker.refresh_from_db()
    assert social_worker.fte == Decimal("1.00")
    assert not AuditEntry.objects.filter(actor=administrator).exists()


def test_only_administrators_may_change_an_fte(client, team_manager, social_worker):
    client.force_login(team_manager)
    url = reverse("accounts:user_fte", args=[social_worker.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"fte": "0.5"}).status_code == 403
    social_worker.refresh_from_db()
    assert social_worker.fte == Decimal("1.00")


def test_a_second_administrators_stale_fte_is_refused_and_the_first_change_kept(
    client, administrator, social_worker
):
    client.force_login(administrator)
    url = reverse("accounts:user_fte", args=[social_worker.pk])
    seen = token_in(client.get(url).content.decode())
    social_worker.fte = Decimal("0.8")  # someone else saved first
    social_worker.save(update_fields=["fte"])
    response = client.post(url, {"fte": "0.5", TOKEN_FIELD: seen})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    social_worker.refresh_from_db()
    assert social_worker.fte == Decimal("0.8")
