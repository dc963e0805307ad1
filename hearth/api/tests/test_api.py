from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from hearth.api import services
from hearth.api.models import ApiToken
from hearth.core.models import AuditAction, AuditEntry
from hearth.front_door.models import Contact

pytestmark = pytest.mark.django_db

REFERRAL = {
    "referrer_name": "Sam Teacher",
    "referrer_role": "Designated safeguarding lead",
    "referrer_phone": "01632 960000",
    "referral_source": "2A",
    "child_first_name": "Zara",
    "child_last_name": "Synthetic",
    "child_date_of_birth": "2016-04-02",
    "concern": "Synthetic: the child came to school with bruises and said home is scary.",
    "family_aware": "no",
    "consent_status": "dispensed",
    "consent_reason": "significant_harm",
    "consent_rationale": "Synthetic: asking could put the child at risk.",
    "urgent": True,
}


def test_a_request_without_a_token_is_refused_with_401():
    response = Client().get("/api/v1/children/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


def test_wrong_revoked_and_expired_tokens_are_refused_alike(social_worker, token_for):
    good = token_for(social_worker)
    assert (
        Client(HTTP_AUTHORIZATION="Bearer hth_000000000000_nope")
        .get("/api/v1/children/")
        .status_code
        == 401
    )
    tampered = good[:-2] + ("aa" if not good.endswith("aa") else "bb")
    assert (
        Client(HTTP_AUTHORIZATION=f"Bearer {tampered}").get("/api/v1/children/").status_code == 401
    )
    token = ApiToken.objects.get()
    services.token_revoke(user=None, token=token)
    assert Client(HTTP_AUTHORIZATION=f"Bearer {good}").get("/api/v1/children/").status_code == 401
    expiring = token_for(social_worker, expires_in_days=1)
    ApiToken.objects.filter(revoked_at__isnull=True).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert (
        Client(HTTP_AUTHORIZATION=f"Bearer {expiring}").get("/api/v1/children/").status_code == 401
    )


def test_only_a_hash_of_the_token_is_stored(social_worker):
    issued = services.token_create(user=None, owner=social_worker, name="Feed")
    stored = ApiToken.objects.get()
    assert issued.secret not in (stored.hashed, stored.prefix)
    assert issued.secret.startswith(f"hth_{stored.prefix}_")
    assert not AuditEntry.objects.filter(changes__icontains=stored.hashed).exists()


def test_the_children_list_shows_only_children_the_user_may_see_and_is_audited(
    api, social_worker, allocated_child, other_child
):
    response = api(social_worker).get("/api/v1/children/", {"q": ""})
    assert response.status_code == 200
    assert [c["id"] for c in response.json()["results"]] == [allocated_child.pk]
    assert AuditEntry.objects.filter(
        actor=social_worker, action=AuditAction.VIEW, summary__startswith="API: listed"
    ).exists()


def test_the_children_search_finds_by_name(api, senior_leader, allocated_child, other_child):
    response = api(senior_leader).get("/api/v1/children/", {"q": "Okafor"})
    assert [c["id"] for c in response.json()["results"]] == [allocated_child.pk]


def test_a_child_is_read_with_allocations_and_due_items_and_each_read_is_audited(
    api, social_worker, allocated_child
):
    client = api(social_worker)
    detail = client.get(f"/api/v1/children/{allocated_child.pk}/").json()
    assert detail["first_name"] == "Amara"
    assert detail["current_allocation"]["worker"]
    allocations = client.get(f"/api/v1/children/{allocated_child.pk}/allocations/").json()
    assert allocations[0]["current"] is True
    due = client.get(f"/api/v1/children/{allocated_child.pk}/due-items/").json()
    assert {"rule", "due", "status", "explanation"} <= set(due[0])
    views = AuditEntry.objects.filter(
        actor=social_worker, action=AuditAction.VIEW, child_id=allocated_child.pk
    )
    assert views.count() == 3


def test_an_outsider_gets_404_for_a_child_and_the_attempt_is_audited(
    api, other_worker, allocated_child
):
    client = api(other_worker)
    for suffix in ("", "allocations/", "due-items/"):
        assert client.get(f"/api/v1/children/{allocated_child.pk}/{suffix}").status_code == 404
    assert AuditEntry.objects.filter(actor=other_worker, action=AuditAction.DENIED).count() == 3


def test_my_due_items_are_the_users_own_work(api, social_worker, allocated_child):
    items = api(social_worker).get("/api/v1/due-items/").json()
    assert items and {i["child_id"] for i in items} == {allocated_child.pk}


def test_a_partner_token_that_may_write_sends_a_referral_into_the_front_door(api, partner_referrer):
    client = api(partner_referrer, can_write=True)
    response = client.post("/api/v1/referrals/", REFERRAL, content_type="application/json")
    assert response.status_code == 201, response.content
    contact = Contact.objects.get(pk=response.json()["id"])
    assert contact.submitted_by == partner_referrer
    assert contact.route == "portal" and contact.rag == "red"
    assert contact.referrer_agency == "Hearthside Primary"
    listed = client.get("/api/v1/referrals/").json()
    assert [r["id"] for r in listed] == [contact.pk]
    assert client.get(f"/api/v1/referrals/{contact.pk}/").status_code == 200


def test_a_referral_with_missing_consent_reasons_is_refused_with_the_fields_named(
    api, partner_referrer
):
    bad = {**REFERRAL, "consent_reason": "", "consent_rationale": ""}
    response = api(partner_referrer, can_write=True).post(
        "/api/v1/referrals/", bad, content_type="application/json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"consent_reason", "consent_rationale"}
    assert not Contact.objects.exists()


def test_a_read_only_token_or_a_staff_token_cannot_send_referrals(
    api, partner_referrer, social_worker
):
    for client in (api(partner_referrer), api(social_worker)):
        response = client.post("/api/v1/referrals/", REFERRAL, content_type="application/json")
        assert response.status_code == 403
    assert not Contact.objects.exists()


def test_only_partner_referrers_may_hold_write_tokens(social_worker):
    with pytest.raises(Exception, match="partner referrer"):
        services.token_create(user=None, owner=social_worker, name="x", can_write=True)


def test_another_partners_referral_answers_404(api, partner_referrer, token_for):
    from hearth.accounts.tests.factories import UserFactory

    other = UserFactory(username="partner.gp", role="partner_referrer")
    client = api(partner_referrer, can_write=True)
    made = client.post("/api/v1/referrals/", REFERRAL, content_type="application/json").json()
    assert api(other).get(f"/api/v1/referrals/{made['id']}/").status_code == 404


def test_reads_past_the_rate_limit_get_429(api, social_worker, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api_read": "2/minute", "api_write": "1/minute"},
    }
    from rest_framework.settings import api_settings
    from rest_framework.throttling import SimpleRateThrottle

    api_settings.reload()
    SimpleRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    try:
        client = api(social_worker)
        codes = [client.get("/api/v1/children/").status_code for _ in range(3)]
        assert codes == [200, 200, 429]
    finally:
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK}
        api_settings.reload()
        SimpleRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES


def test_the_openapi_description_and_docs_page_are_served(client, social_worker):
    schema = Client().get("/api/schema/", {"format": "json"})
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/children/{child_id}/" in paths and "/api/v1/referrals/" in paths
    client.force_login(social_worker)
    page = client.get("/api/docs/")
    assert page.status_code == 200 and b"/api/v1/children/" in page.content


def test_the_command_creates_lists_and_revokes_tokens(social_worker, capsys):
    call_command("api_token", "create", "--user", social_worker.username, "--name", "Feed")
    secret = capsys.readouterr().out.strip().splitlines()[-1]
    assert secret.startswith("hth_")
    token = ApiToken.objects.get()
    call_command("api_token", "list")
    assert secret not in capsys.readouterr().out
    call_command("api_token", "revoke", str(token.pk))
    token.refresh_from_db()
    assert token.revoked_at is not None
    call_command(
        "api_token",
        "create",
        "--integration",
        "Police gateway",
        "--role",
        "partner_referrer",
        "--name",
        "Referrals",
        "--write",
    )
    assert ApiToken.objects.get(name="Referrals").user.username == "integration-police-gateway"


def test_an_administrator_creates_and_revokes_a_token_on_the_page(client, administrator):
    client.force_login(administrator)
    assert client.get("/api/tokens/").status_code == 200
    response = client.post(
        "/api/tokens/new/",
        {
            "name": "Analytics feed",
            "kind": "integration",
            "integration": "Analytics",
            "role": "performance_analyst",
        },
    )
    assert response.status_code == 200 and b"hth_" in response.content
    token = ApiToken.objects.get()
    assert token.user.role == "performance_analyst" and not token.user.has_usable_password()
    client.post(f"/api/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_the_token_form_explains_what_is_missing(client, administrator):
    client.force_login(administrator)
    response = client.post("/api/tokens/new/", {"name": "", "kind": "user", "username": "nobody"})
    assert b"Enter what the token is for" in response.content
    assert b"There is no active user with that username" in response.content


def test_the_token_pages_are_404_for_everyone_but_administrators(client, senior_leader):
    client.force_login(senior_leader)
    assert client.get("/api/tokens/").status_code == 404
    assert client.get("/api/tokens/new/").status_code == 404
    assert AuditEntry.objects.filter(actor=senior_leader, action=AuditAction.DENIED).count() == 2
