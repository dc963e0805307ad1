"""Single sign-on through OpenID Connect (authorization code flow), beside local accounts.

The provider is found by discovery (`OIDC_ISSUER` + /.well-known/openid-configuration); authlib
checks the state, the nonce, the ID token's signature (the provider's JWKS), issuer, audience
and expiry. The provider's groups decide the Hearth role (`OIDC_GROUP_ROLES`): someone in no
mapped group cannot sign in this way. The role is refreshed at every sign-in, so a change of
job in the council's directory reaches Hearth the next time the person signs in.

Two-factor: a role that needs it still needs it after single sign-on, unless the ID token's
`amr` claim says the provider did multi-factor authentication (`OIDC_MFA_AMR_VALUES`).

Sign-out (RP-initiated logout): the ID token is kept in the session, and signing out of Hearth
sends someone who signed in this way on to the provider's `end_session_endpoint` (from
discovery) with `id_token_hint` and a `post_logout_redirect_uri` back to Hearth's sign-in
page (the council registers it with the provider), so a shared computer is not left signed in
to the council account. A provider that advertises no such endpoint, or cannot be reached,
gets a local sign-out."""

import logging
from typing import Any
from urllib.parse import urlencode

from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.django_client import OAuth
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from joserfc.errors import JoseError

from hearth.accounts import services
from hearth.accounts.views import begin_second_factor, complete_sign_in

NEXT_KEY = "hearth_sso_next"
ID_TOKEN_KEY = "hearth_sso_id_token"
BACKEND = "django.contrib.auth.backends.ModelBackend"
_clients: dict[tuple[str, str], Any] = {}
logger = logging.getLogger(__name__)


def enabled() -> bool:
    return bool(settings.OIDC_ISSUER and settings.OIDC_CLIENT_ID)


def _client() -> Any:
    key = (settings.OIDC_ISSUER, settings.OIDC_CLIENT_ID)
    if key not in _clients:
        oauth = OAuth()
        oauth.register(
            name="hearth",
            client_id=settings.OIDC_CLIENT_ID,
            client_secret=settings.OIDC_CLIENT_SECRET,
            server_metadata_url=settings.OIDC_ISSUER.rstrip("/")
            + "/.well-known/openid-configuration",
            client_kwargs={"scope": "openid profile email", "timeout": 10},
        )
        _clients[key] = oauth.create_client("hearth")
    return _clients[key]


def sso_start(request: HttpRequest) -> HttpResponse:
    """ "Sign in with your council account": off to the provider."""
    if not enabled():
        return _refused(request, "Single sign-on is not turned on for this Hearth")
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    request.session[NEXT_KEY] = next_url or reverse(settings.LOGIN_REDIRECT_URL)
    callback = request.build_absolute_uri(reverse("accounts:sso_callback"))
    response: HttpResponse = _client().authorize_redirect(request, callback)
    return response


def _refused(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "accounts/sign_in_again.html", {"message": message, "sso": True})


def sso_callback(request: HttpRequest) -> HttpResponse:
    """Back from the provider: check everything, find or make the user, then the second
    factor when the role needs it and the provider did not assert MFA."""
    if not enabled():
        return _refused(request, "Single sign-on is not turned on for this Hearth")
    if "state" not in request.GET:
        return _refused(request, "Single sign-on did not finish")
    try:
        token = _client().authorize_access_token(request)
    except (OAuthError, JoseError, ValueError) as error:
        services.sso_refused(reason=f"the provider's answer failed its checks ({error})")
        return _refused(request, "Single sign-on did not finish")
    claims = dict(token.get("userinfo") or {})
    user = services.sso_user_for_claims(claims=claims)
    if user is None:
        return _refused(request, "Your council account is not set up to use Hearth")
    next_url = request.session.pop(NEXT_KEY, None) or reverse(settings.LOGIN_REDIRECT_URL)
    # Kept for sign-out at the provider (the session key changes at sign-in; its data stays).
    request.session[ID_TOKEN_KEY] = token.get("id_token", "")
    amr = claims.get("amr") or []
    provider_mfa = bool(set(amr) & set(settings.OIDC_MFA_AMR_VALUES))
    if services.two_factor_required(user) and not provider_mfa:
        return begin_second_factor(
            request, user, backend=BACKEND, next_url=next_url, via="single sign-on"
        )
    how = "single sign-on with the provider's MFA" if provider_mfa else "single sign-on"
    return complete_sign_in(
        request, user, backend=BACKEND, next_url=next_url, summary=f"Signed in ({how})"
    )


def end_session_url(request: HttpRequest) -> str | None:
    """Where to send the browser to sign out at the provider too, or None for a local sign-out
    only: the user did not sign in through the provider, single sign-on is off, or the
    provider's discovery metadata has no `end_session_endpoint` (or cannot be read)."""
    id_token = request.session.get(ID_TOKEN_KEY)
    if not id_token or not enabled():
        return None
    try:
        metadata = _client().load_server_metadata()
    except Exception:  # the provider is down: never let that stop a sign-out
        logger.warning("Could not read the provider's metadata; signing out locally only")
        return None
    endpoint = metadata.get("end_session_endpoint")
    if not endpoint:
        return None
    query = urlencode(
        {
            "id_token_hint": id_token,
            "post_logout_redirect_uri": request.build_absolute_uri(
                resolve_url(settings.LOGOUT_REDIRECT_URL)
            ),
            "client_id": settings.OIDC_CLIENT_ID,
        }
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"
