"""Login is required everywhere except the pages listed as public."""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.urls import Resolver404, resolve

# The young people's portal signs in its own way (hearth.portal: invitation, password, code).
PUBLIC_PREFIXES = (
    "/accounts/login/",
    "/static/",
    "/healthz",
    "/portal/welcome/",
    # The JSON API authenticates each request by bearer token (hearth.api).
    "/api/v1/",
    "/api/schema/",
)


class LoginRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            not request.user.is_authenticated
            and not request.path.startswith(PUBLIC_PREFIXES)
            and not _handles_expired_session(request)
        ):
            return redirect_to_login(request.get_full_path(), resolve_url(settings.LOGIN_URL))
        return self.get_response(request)


def _handles_expired_session(request: HttpRequest) -> bool:
    """Hook: a view marked `handles_expired_session = True` receives a POST that arrives after
    the session expired, so it can keep what the user typed (casework keeps draft case notes;
    see hearth/casework/recovery.py). Such a view must do its own sign-in check."""
    if request.method != "POST":
        return False
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return getattr(match.func, "handles_expired_session", False) is True
