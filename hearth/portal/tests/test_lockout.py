"""The portal's sign-in locks out after repeated wrong passwords, like staff sign-in (the same
django-axes lockout by username, docs/security.md T16): the right password then does not
sign in either until the cool-off ends, and the lockout is audited."""

from datetime import timedelta

from django.urls import reverse

from hearth.core.models import AuditAction, AuditEntry


def _attempt(client, password):
    return client.post(reverse("portal:sign_in"), {"username": "amara", "password": password})


def test_wrong_passwords_lock_the_portal_sign_in_even_with_the_right_one_after(
    client, outbox, account, settings, time_machine
):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert "not right" in _attempt(client, "wrong").content.decode()

    locked = _attempt(client, "wrong")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "You cannot sign in at the moment" in page and "try again in 15 minutes" in page
    assert reverse("portal:forgot_password") in page and "IT service desk" not in page
    again = _attempt(client, "password")
    assert again.status_code == 429 and not outbox  # no code sent: the password was not tried
    assert AuditEntry.objects.filter(
        action=AuditAction.DENIED, summary__contains="“amara”"
    ).exists()

    time_machine.shift(settings.AXES_COOLOFF_TIME + timedelta(minutes=1))
    assert _attempt(client, "password").url == reverse("portal:code")
