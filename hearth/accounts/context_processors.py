from typing import Any

from django.conf import settings
from django.http import HttpRequest


def session_timeout(request: HttpRequest) -> dict[str, Any]:
    """What the timeout warning (accounts/_timeout_warning.html) needs on every page."""
    warning = min(settings.SESSION_TIMEOUT_WARNING_SECONDS, settings.SESSION_COOKIE_AGE)
    return {
        "session_timeout_seconds": settings.SESSION_COOKIE_AGE,
        "session_warning_seconds": warning,
        "session_warning_words": _in_words(warning),
    }


def _in_words(seconds: int) -> str:
    if seconds >= 120:
        return f"{-(-seconds // 60)} minutes"
    if seconds >= 60:
        return "1 minute"
    return "1 second" if seconds == 1 else f"{seconds} seconds"
