"""The portal's local settings, read from HEARTH with their defaults."""

from typing import Any

from django.conf import settings

DEFAULTS = {
    "PORTAL_MIN_AGE": 8,
    "PORTAL_CLOSE_AGE": 25,
    "PORTAL_INVITATION_DAYS": 7,
    "PORTAL_CODE_MINUTES": 10,
    "PORTAL_CODE_ATTEMPTS": 5,
    "PORTAL_MESSAGE_OVERDUE_HOURS": 48,
    "PORTAL_HELP_OVERDUE_HOURS": 24,
    # Hours a password reset link works (HEARTH["PORTAL_RESET_HOURS"] to change it).
    "PORTAL_RESET_HOURS": 24,
}


def get(name: str) -> int:
    value: Any = settings.HEARTH.get(name, DEFAULTS[name])
    return int(value)
