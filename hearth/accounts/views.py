"""Sign in and sign out, GOV.UK style, with a second factor for the roles that need one.

Two-factor authentication applies at sign-in: a correct password (or a single sign-on without
the provider's MFA) does not sign the user in; it leaves a short-lived "pending" note in the
anonymous session, and only the second factor signs them in. So there is never a session that
is half signed in, and tests that use `force_login` are signed in as before.

Sessions end after `SESSION_COOKIE_AGE` seconds without activity (every request renews them).
To tell the user why they are back on the sign-in page, signing in also sets a small marker
cookie that lasts as long as the browser session; signing out removes it. When the sign-in
page sees the marker without a signed-in user, the session must have expired."""

import time
from typing import Any

import segno
from axes.helpers import get_client_username
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from hearth.accounts import services
from hearth.accounts.forms import FteForm, SecurityCodeForm, SetUpCodeForm, SignInForm
from hearth.accounts.models import Role, User
from hearth.core.audit import Auditor
from hearth.core.concurrency import edit_conflicts, guard_form, lock_for_edit
from hearth.core.models import AuditAction

SIGNED_IN_MARKER = "hearth_signed_in"
PENDING = "hearth_pending_sign_in"
SHOW_CODES = "hearth_recovery_codes"
# A second factor must follow the first within this time, in this many tries.
PENDING_SECONDS = 10 * 60
PENDING_ATTEMPTS = 5
# Set by casework for draft recovery (hearth/casework/recovery.py); signing out everywhere
# clears it so a shared computer keeps nothing that names the user.
NOTE_AUTHOR_COOKIE = "hearth_note_author"


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

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().get(request, *args, **kwargs)
        if _session_expired(request):
            # Say it once: a later visit to the sign-in page is not another expiry.
            response.delete_cookie(SIGNED_IN_MARKER, samesite="Lax")
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if _session_expired(self.request):
            context["session_expired_message"] = session_expired_message()
        context["sso_name"] = settings.OIDC_PROVIDER_NAME if settings.OIDC_ISSUER else ""
        return context

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        backend = getattr(user, "backend", settings.AUTHENTICATION_BACKENDS[-1])
        next_url = self.get_success_url()
        if services.two_factor_required(user):
            return begin_second_factor(self.request, user, backend=backend, next_url=next_url)
        return complete_sign_in(
            self.request, user, backend=backend, next_url=next_url, summary="Signed in"
        )


def _mark_signed_in(response: HttpResponse) -> HttpResponse:
    response.set_cookie(
        SIGNED_IN_MARKER,
        "1",
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


def complete_sign_in(
    request: HttpRequest, user: User, *, backend: str, next_url: str, summary: str
) -> HttpResponse:
    """Sign the user in (a new session key), audit it and go on to the page asked for."""
    request.session.pop(PENDING, None)
    auth_login(request, user, backend=backend)
    Auditor(user=user).record(AuditAction.LOGIN, obj=user, summary=summary)
    return _mark_signed_in(HttpResponseRedirect(next_url))


def begin_second_factor(
    request: HttpRequest, user: User, *, backend: str, next_url: str, via: str = "password"
) -> HttpResponse:
    """The first factor passed: remember who, briefly, and ask for the second."""
    request.session.cycle_key()
    request.session[PENDING] = {
        "user": user.pk,
        "backend": backend,
        "next": next_url,
        "at": time.time(),
        "via": via,
        "attempts": 0,
    }
    if services.has_two_factor(user):
        return redirect("accounts:two_factor")
    return redirect("accounts:two_factor_setup")


def _pending(request: HttpRequest) -> tuple[User, dict[str, Any]] | None:
    pending = request.session.get(PENDING)
    if not isinstance(pending, dict):
        return None
    if time.time() - float(pending.get("at", 0)) > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None
    user = User.objects.filter(pk=int(pending.get("user") or 0), is_active=True).first()
    if user is None:
        request.session.pop(PENDING, None)
        return None
    return user, pending


def _start_again(request: HttpRequest, message: str) -> HttpResponse:
    request.session.pop(PENDING, None)
    return render(request, "accounts/sign_in_again.html", {"message": message})


def _count_wrong_code(request: HttpRequest, pending: dict[str, Any]) -> bool:
    """Count a wrong code; True when the tries are used up and the user must start again."""
    pending["attempts"] = int(pending.get("attempts", 0)) + 1
    request.session[PENDING] = pending
    return pending["attempts"] >= PENDING_ATTEMPTS


def two_factor(request: HttpRequest) -> HttpResponse:
    """Second step of signing in: a code from the app, or a recovery code."""
    found = _pending(request)
    if found is None:
        return _start_again(request, "Sign in again: the time to enter your code ran out")
    user, pending = found
    if not services.has_two_factor(user):
        return redirect("accounts:two_factor_setup")
    form = SecurityCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        how = services.two_factor_verify(user=user, token=form.cleaned_data["code"])
        if how is not None:
            return complete_sign_in(
                request,
                user,
                backend=pending["backend"],
                next_url=pending["next"],
                summary=f"Signed in ({pending.get('via', 'password')} and {how})",
            )
        if _count_wrong_code(request, pending):
            return _start_again(request, "Sign in again: too many wrong codes")
        device = services.confirmed_device(user)
        allowed, detail = device.verify_is_allowed() if device else (True, None)
        locked_until = (detail or {}).get("locked_until")
        if not allowed and locked_until and (locked_until - timezone.now()).total_seconds() > 5:
            form.add_error("code", "Too many wrong codes: wait a minute, then enter a new code")
        else:
            form.add_error("code", "Enter a correct security code")
    return render(request, "accounts/two_factor.html", {"form": form})


def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """First sign-in for a role that needs two-factor: link an authenticator app."""
    found = _pending(request)
    if found is None:
        return _start_again(request, "Sign in again: the time to set up your app ran out")
    user, pending = found
    if services.has_two_factor(user):
        return redirect("accounts:two_factor")
    device = services.two_factor_setup_device(user=user)
    form = SetUpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.two_factor_confirm(
            user=user, device=device, token=form.cleaned_data["code"]
        )
        if codes is not None:
            next_url = pending["next"]
            complete_sign_in(
                request,
                user,
                backend=pending["backend"],
                next_url=next_url,
                summary=f"Signed in ({pending.get('via', 'password')} and a new authenticator app)",
            )
            request.session[SHOW_CODES] = {"codes": codes, "next": next_url}
            return _mark_signed_in(redirect("accounts:recovery_codes"))
        if _count_wrong_code(request, pending):
            return _start_again(request, "Sign in again: too many wrong codes")
        form.add_error("code", "Enter the code your app shows now: that code was not right")
    secret = device.config_url.split("secret=", 1)[1].split("&", 1)[0]
    context = {
        "form": form,
        "qr_code": segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=4),
        "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
    }
    return render(request, "accounts/two_factor_setup.html", context)


def recovery_codes(request: HttpRequest) -> HttpResponse:
    """Recovery codes, shown once just after they are made (never stored readable)."""
    shown = request.session.pop(SHOW_CODES, None)
    context = {
        "codes": shown["codes"] if shown else [],
        "next": shown["next"] if shown else "/",
    }
    return render(request, "accounts/recovery_codes.html", context)


def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    context = {
        "has_two_factor": services.has_two_factor(user),
        "two_factor_required": services.two_factor_required(user),
        "codes_left": user.recovery_codes.filter(used_at__isnull=True).count(),
    }
    return render(request, "accounts/account.html", context)


@require_POST
def recovery_codes_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    if not services.has_two_factor(user):
        return redirect("accounts:account")
    codes = services.recovery_codes_replace(user=user)
    request.session[SHOW_CODES] = {"codes": codes, "next": "/accounts/"}
    return redirect("accounts:recovery_codes")


@require_POST
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    """End every session of this user (other browsers find themselves signed out on their next
    click) and clear this browser's Hearth cookies and stored copies."""
    from hearth.accounts import sso

    user = request.user
    assert isinstance(user, User)
    at_provider = sso.end_session_url(request)  # signed in through the provider: there too
    services.sessions_end_everywhere(user=user)
    auth_logout(request)
    messages.success(request, "You have been signed out on every device and browser")
    response = HttpResponseRedirect(at_provider) if at_provider else redirect("accounts:login")
    response.delete_cookie(SIGNED_IN_MARKER, samesite="Lax")
    response.delete_cookie(NOTE_AUTHOR_COOKIE, samesite="Lax")
    # Browsers that support it also drop this site's local copies of typed text.
    response["Clear-Site-Data"] = '"storage"'
    return response


@require_POST
def keep_alive(request: HttpRequest) -> HttpResponse:
    """ "Stay signed in" on the timeout warning: any signed-in request renews the session
    (SESSION_SAVE_EVERY_REQUEST); this one says how long it now has."""
    request.session.modified = True
    if request.headers.get("X-Requested-With") == "fetch":
        return JsonResponse({"expiresIn": request.session.get_expiry_age()})
    return HttpResponseRedirect(_safe_back(request))


def timed_out(request: HttpRequest) -> HttpResponse:
    """Where the timeout warning sends the browser when time runs out (a POST with the CSRF
    token, so no other site can sign a user out). The session ends here whatever else kept it
    alive (an autosave), then the sign-in page says why and returns the user to their page.
    Opened directly (GET), it is the GOV.UK "You have been signed out" page."""
    if request.method != "POST":
        return render(request, "accounts/timed_out.html")
    user = request.user
    if user.is_authenticated:
        Auditor(user=user).record(
            AuditAction.LOGOUT, obj=user, summary="Signed out by the session timeout"
        )
        auth_logout(request)
    back = _safe_back(request)
    target = reverse("accounts:login") + ("?" + urlencode({"next": back}) if back != "/" else "")
    # The marker makes the sign-in page say the session timed out.
    return _mark_signed_in(HttpResponseRedirect(target))


def _safe_back(request: HttpRequest) -> str:
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return back
    return "/"


def _require_administrator(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or user.role != Role.ADMINISTRATOR:
        raise PermissionDenied
    return user


def users(request: HttpRequest) -> HttpResponse:
    """Administrators: every account and whether it has two-factor set up."""
    _require_administrator(request)
    accounts = (
        User.objects.select_related("team")
        .annotate(has_app=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)))
        .order_by("last_name", "first_name", "username")
    )
    return render(request, "accounts/users.html", {"accounts": accounts})


def two_factor_reset(request: HttpRequest, user_id: int) -> HttpResponse:
    admin = _require_administrator(request)
    target = get_object_or_404(User, pk=user_id)
    if request.method == "POST":
        services.two_factor_reset(user=admin, target=target)
        messages.success(
            request,
            f"Two-factor authentication reset for {target}: they will set up their app "
            "again when they next sign in",
        )
        return redirect("accounts:users")
    return render(request, "accounts/two_factor_reset.html", {"target": target})


def user_fte(request: HttpRequest, user_id: int) -> HttpResponse:
    """Administrators: a worker's full-time equivalent, which the caseload indicator divides by
    where the worker has no staff record in post."""
    admin = _require_administrator(request)
    target = get_object_or_404(User, pk=user_id)
    form = FteForm(request.POST or None, initial={"fte": target.fte})
    guard_form(form, saved={"fte": target.fte})
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            lock_for_edit(target)
            if not edit_conflicts(form, saved={"fte": target.fte}, record=target):
                fte = form.cleaned_data["fte"]
                services.user_fte_change(user=admin, target=target, fte=fte)
                messages.success(request, f"FTE of {target} changed to {fte:g}")
                return redirect("accounts:users")
    return render(request, "accounts/user_fte.html", {"target": target, "form": form})


class SignOutView(auth_views.LogoutView):
    """Sign out by POST only (the layout's "Sign out" button); GET answers 405."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from hearth.accounts import sso

        user = request.user
        # Read before the session ends: someone who signed in through the provider signs out
        # there too (RP-initiated logout), and comes back to the sign-in page.
        at_provider = sso.end_session_url(request) if user.is_authenticated else None
        if user.is_authenticated:
            summary = "Signed out (and sent to sign out at the provider)" if at_provider else ""
            Auditor(user=user).record(AuditAction.LOGOUT, obj=user, summary=summary or "Signed out")
        response = super().post(request, *args, **kwargs)
        if at_provider:
            response = HttpResponseRedirect(at_provider)
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
    # The young people's portal signs in through the same lockout; its page speaks to them.
    portal = request.resolver_match is not None and request.resolver_match.namespace == "portal"
    template = "accounts/portal_locked_out.html" if portal else "accounts/locked_out.html"
    return render(request, template, {"minutes": minutes}, status=429)
