"""Single sign-on through OpenID Connect (authorization code flow), beside local accounts.

The provider is found by discovery (`OIDC_ISSUER` + /.well-known/openid-configuration); authlib
checks the state, the nonce, the ID token's signature (the provider's JWKS), issuer, audience
and expiry. The provider's groups decide the Hearth role (`OIDC_GROUP_ROLES`): someone in no
mapped group cannot sign in this way. The role is refreshed at every sign-in, so a change of
job in the council's directory reaches Hearth the next time the person signs in.

Two-factor: a role that needs it still needs it after single sign-on, unless the ID token's
`amr` claim says the provider did multi-factor authentication (`OIDC_MFA_AMR_VALUES`)."""

from typing import Any

from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.django_client import OAuth
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from joserfc.errors import JoseError

from hearth.accounts import services
from hearth.accounts.views import begin_second_factor, complete_sign_in

NEXT_KEY = "hearth_sso_next"
BACKEND = "django.contrib.auth.backends.ModelBackend"
_clients: dict[tuple[str, str], Any] = {}


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
