import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


@pytest.fixture
def password_only(settings):
    """No role needs a second factor: for tests about passwords, lockout and expiry."""
    settings.TWO_FACTOR_ROLES = []


@pytest.fixture
def authenticator():
    """Give a user a confirmed authenticator app; `code(device)` is what the app shows now."""

    class Authenticator:
        def add(self, user):
            return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)

        @staticmethod
        def code(device):
            return f"{totp(device.bin_key):06d}"

    return Authenticator()
