"""Repeated failed sign-ins lock the username for a while, with a GOV.UK page that says why
and for how long; the lockout is audited; a good sign-in before the limit clears the count."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from hearth.core.models import AuditAction, AuditEntry

PASSWORD = "password"
# Lockout counts passwords; with two-factor, only a complete sign-in clears the count.
pytestmark = pytest.mark.usefixtures("password_only")


def attempt(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_five_wrong_passwords_lock_the_username_even_with_the_right_one_after(
    client, social_worker, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, social_worker.username, "wrong").status_code == 200

    locked = attempt(client, social_worker.username, "wrong")
    assert locked.status_code == 429
    assert "You cannot sign in at the moment" in locked.content.decode()
    assert "try again in 15 minutes" in locked.content.decode()

    again = attempt(client, social_worker.username, PASSWORD)
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session
    denied = AuditEntry.objects.filter(action=AuditAction.DENIED, object_type="accounts.user")
    assert denied.exists()
    assert social_worker.username in denied.first().summary


def test_the_lock_lifts_after_the_cool_off(client, social_worker, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, social_worker.username, "wrong")
    with time_machine.travel(timedelta(minutes=16)):
        response = attempt(client, social_worker.username, PASSWORD)
    assert response.status_code == 302


def test_locking_one_username_does_not_lock_a_colleague(client, social_worker, colleague, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, social_worker.username, "wrong")
    assert attempt(client, colleague.username, PASSWORD).status_code == 302


def test_a_good_sign_in_before_the_limit_clears_the_failures(client, social_worker, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, social_worker.username, "wrong")
    assert attempt(client, social_worker.username, PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, social_worker.username, "wrong").status_code == 200
