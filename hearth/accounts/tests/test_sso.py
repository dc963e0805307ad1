"""Single sign-on through OpenID Connect, against a real (small) provider that the tests start
on loopback (oidc_provider.py): discovery, the code flow, signed ID tokens, groups to roles,
and the two-factor policy unless the provider asserts MFA."""

from urllib.parse import parse_qs, urlparse

import pytest
import requests
from django.urls import reverse

from hearth.accounts.models import Role, User
from hearth.accounts.tests.factories import UserFactory
from hearth.accounts.tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, Provider
from hearth.core.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db

SOCIAL_WORKERS = "hearth-social-workers"
MANAGERS = "hearth-team-managers"


@pytest.fixture(scope="module")
def provider():
    running = Provider().start()
    yield running
    running.stop()


@pytest.fixture
def sso(settings, provider):
    settings.OIDC_ISSUER = provider.issuer
    settings.OIDC_CLIENT_ID = CLIENT_ID
    settings.OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_GROUP_ROLES = {SOCIAL_WORKERS: "social_worker", MANAGERS: "team_manager"}
    provider.tamper = False
    provider.person = {
        "sub": "entra-0001",
        "preferred_username": "amara.okafor@hearthside.example",
        "given_name": "Amara",
        "family_name": "Okafor",
        "email": "amara.okafor@hearthside.example",
        "groups": [SOCIAL_WORKERS],
        "amr": ["pwd", "mfa"],
    }
    return provider


def through_provider(client, next_url="/my-work/"):
    """Start single sign-on in Hearth, let the provider sign the person in, come back."""
    start = client.get(reverse("accounts:sso_start"), {"next": next_url})
    assert start.status_code == 302
    at_provider = requests.get(start.url, allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302, at_provider.text
    back = urlparse(at_provider.headers["Location"])
    assert back.path == reverse("accounts:sso_callback")
    return client.get(back.path, {k: v[0] for k, v in parse_qs(back.query).items()})


def signed_in_as(client):
    return client.session.get("_auth_user_id")


def test_the_sign_in_page_offers_single_sign_on_only_when_it_is_set_up(client, sso, settings):
    assert "Sign in with your council account" in client.get("/accounts/login/").content.decode()
    settings.OIDC_ISSUER = ""
    assert "Sign in with your council" not in client.get("/accounts/login/").content.decode()


def test_a_first_sign_on_makes_the_account_with_the_role_from_the_groups(client, sso):
    response = through_provider(client)
    assert response.status_code == 302
    assert response.url == "/my-work/"
    user = User.objects.get(sso_subject="entra-0001")
    assert signed_in_as(client) == str(user.pk)
    assert user.role == Role.SOCIAL_WORKER
    assert (user.first_name, user.last_name) == ("Amara", "Okafor")
    assert not user.has_usable_password()
    login = AuditEntry.objects.get(actor=user, action=AuditAction.LOGIN)
    assert login.summary == "Signed in (single sign-on with the provider's MFA)"


def test_the_role_follows_the_groups_at_every_sign_on(client, sso):
    through_provider(client)
    client.logout()
    sso.person["groups"] = [MANAGERS, "all-staff"]
    through_provider(client)
    assert User.objects.get(sso_subject="entra-0001").role == Role.TEAM_MANAGER
    assert AuditEntry.objects.filter(summary__startswith="Role changed by the provider").exists()


def test_someone_in_no_mapped_group_cannot_sign_in(client, sso):
    sso.person["groups"] = ["all-staff"]
    response = through_provider(client)
    assert response.status_code == 200
    assert "not set up to use Hearth" in response.content.decode()
    assert not signed_in_as(client)
    assert not User.objects.filter(sso_subject="entra-0001").exists()
    assert AuditEntry.objects.filter(
        action=AuditAction.DENIED, summary__contains="no group maps"
    ).exists()


def test_without_the_providers_mfa_the_role_still_needs_hearths_second_factor(client, sso):
    sso.person["amr"] = ["pwd"]
    response = through_provider(client)
    assert response.url == reverse("accounts:two_factor_setup")
    assert not signed_in_as(client)


def test_a_role_that_needs_no_second_factor_signs_on_without_one(client, sso, settings):
    settings.TWO_FACTOR_ROLES = ["team_manager"]
    sso.person["amr"] = ["pwd"]
    assert through_provider(client).url == "/my-work/"
    assert signed_in_as(client)


def test_a_forged_id_token_is_refused(client, sso):
    sso.tamper = True
    response = through_provider(client)
    assert response.status_code == 200
    assert "Single sign-on did not finish" in response.content.decode()
    assert not signed_in_as(client)


def test_a_callback_with_another_state_is_refused(client, sso):
    client.get(reverse("accounts:sso_start"))
    response = client.get(reverse("accounts:sso_callback"), {"code": "x", "state": "forged"})
    assert "Single sign-on did not finish" in response.content.decode()
    assert not signed_in_as(client)


def test_a_suspended_hearth_account_cannot_sign_on(client, sso):
    UserFactory(username="suspended.sso", sso_subject="entra-0001", is_active=False)
    response = through_provider(client)
    assert "not set up to use Hearth" in response.content.decode()
    assert not signed_in_as(client)


def test_a_local_account_with_the_same_username_is_never_taken_over(client, sso):
    local = UserFactory(username="amara.okafor@hearthside.example")
    through_provider(client)
    made = User.objects.get(sso_subject="entra-0001")
    assert made.pk != local.pk
    assert made.username == "amara.okafor@hearthside.example.2"


def test_signing_out_after_single_sign_on_signs_out_at_the_provider_and_comes_back(client, sso):
    through_provider(client)
    user = User.objects.get(sso_subject="entra-0001")
    response = client.post(reverse("accounts:logout"))
    assert not signed_in_as(client)
    assert response.status_code == 302
    at_provider = urlparse(response.url)
    assert f"{at_provider.scheme}://{at_provider.netloc}{at_provider.path}" == (
        f"{sso.issuer}/logout"
    )
    query = {k: v[0] for k, v in parse_qs(at_provider.query).items()}
    assert query["post_logout_redirect_uri"] == "http://testserver/accounts/login/"
    assert query["client_id"] == CLIENT_ID and query["id_token_hint"]

    ended = requests.get(response.url, allow_redirects=False, timeout=10)
    assert ended.status_code == 302
    assert ended.headers["Location"] == "http://testserver/accounts/login/"
    assert sso.ended[-1] == "entra-0001"
    logout = AuditEntry.objects.get(actor=user, action=AuditAction.LOGOUT)
    assert logout.summary == "Signed out (and sent to sign out at the provider)"


def test_a_provider_without_an_end_session_endpoint_gets_a_local_sign_out(client, sso, monkeypatch):
    from hearth.accounts import sso as sso_module

    monkeypatch.setattr(sso_module, "_clients", {})  # discovery is read afresh
    sso.end_session = False
    try:
        through_provider(client)
        response = client.post(reverse("accounts:logout"))
    finally:
        sso.end_session = True
    assert response.url == reverse("accounts:login")
    assert not signed_in_as(client)


def test_a_password_sign_in_signs_out_locally_even_with_single_sign_on_on(
    client, sso, social_worker
):
    client.force_login(social_worker)
    response = client.post(reverse("accounts:logout"))
    assert response.url == reverse("accounts:login")
    assert not signed_in_as(client)


def test_signing_out_everywhere_after_single_sign_on_also_signs_out_at_the_provider(client, sso):
    through_provider(client)
    response = client.post(reverse("accounts:sign_out_everywhere"))
    assert not signed_in_as(client)
    assert response.url.startswith(f"{sso.issuer}/logout?")
    assert requests.get(response.url, allow_redirects=False, timeout=10).status_code == 302
