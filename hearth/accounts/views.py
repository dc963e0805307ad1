"""Sign in and sign out, GOV.UK style.

Sessions end after `SESSION_COOKIE_AGE` seconds without activity (every request renews them).
To tell the user why they are back on the sign-in page, signing in also sets a small marker
cookie that lasts as long as the browser session; signing out removes it. When the sign-in
page sees the marker without a signed-in user, the session must have expired."""

from typing import Any

from axes.helpers import get_client_username
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hearth.accounts.forms import SignInForm
from hearth.core.audit import Auditor
from hearth.core.models import AuditAction

SIGNED_IN_MARKER = "hearth_signed_in"


def idle_timeout_minutes() -> int:
    return max(1, settings.SESSION_COOKIE_AGE // 60)


def session_expired_message() -> str:
    minutes = idle_timeout_minutes()
    unit = "minute" if minutes == 1 else "minutes"
    return f"You were signed out after {minutes} {unit} without activity. Sign in again."


def _session_expired(request: HttpRequest) -> bool:
    return request.COOKIES.get(SIGNED_IN_MARKER) == "1" and not request.user.is_authenticated


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if _session_expired(self.request):
            context["session_expired_message"] = session_expired_message()
        return context

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().get(request, *args, **kwargs)
        if _session_expired(request):
            # Say it once: a later visit to the sign-in page is not another expiry.
            response.delete_cookie(SIGNED_IN_MARKER, samesite="Lax")
        return response

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
        Auditor(user=user).record(AuditAction.LOGIN, obj=user, summary="Signed in")
        response.set_cookie(
            SIGNED_IN_MARKER,
            "1",
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
        return response


class SignOutView(auth_views.LogoutView):
    """Sign out by POST only (the layout's "Sign out" button); GET answers 405."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            Auditor(user=user).record(AuditAction.LOGOUT, obj=user, summary="Signed out")
        response = super().post(request, *args, **kwargs)
        response.delete_cookie(SIGNED_IN_MARKER, samesite="Lax")
        return response


def locked_out(
    request: HttpRequest, response: HttpResponse | None, credentials: dict[str, Any] | None
) -> HttpResponse:
    """django-axes calls this instead of signing in once a username has failed too often."""
    username = get_client_username(request, credentials)[:150]
    Auditor(system_job="sign-in throttle").record(
        AuditAction.DENIED,
        object_type="accounts.user",
        summary=f"Sign-in locked after repeated failures for “{username}”",
    )
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)
