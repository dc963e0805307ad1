from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse

from hearth.accounts.views import SIGNED_IN_MARKER
from hearth.core.models import AuditAction, AuditEntry

# These tests are about the password step, the page asked for and expiry; the second factor
# has its own tests (test_two_factor.py).
pytestmark = pytest.mark.usefixtures("password_only")

LOGIN = "/accounts/login/"
EXPIRED = "You were signed out after 30 minutes without activity. Sign in again."


def sign_in(client, user, password="password", next_url=None):
    data = {"username": user.username, "password": password}
    if next_url is not None:
        data["next"] = next_url
    return client.post(LOGIN, data)


@pytest.mark.django_db
class TestSigningIn:
    def test_the_sign_in_page_opens_without_signing_in(self, client):
        response = client.get(LOGIN)
        assert response.status_code == 200
        assert "Sign in to Hearth" in response.content.decode()

    def test_a_correct_password_signs_in_and_lands_on_the_start_page(self, client, social_worker):
        response = sign_in(client, social_worker)
        assert response.status_code == 302
        assert response.url == reverse("core:start")
        assert client.get(reverse("casework:my_work")).status_code == 200

    def test_signing_in_is_audited(self, client, social_worker):
        sign_in(client, social_worker)
        entry = AuditEntry.objects.get(actor=social_worker, action=AuditAction.LOGIN)
        assert entry.object_id == str(social_worker.pk)

    def test_a_wrong_password_shows_an_error_summary_linked_to_the_password(
        self, client, social_worker
    ):
        response = sign_in(client, social_worker, password="not-the-password")
        page = response.content.decode()
        assert response.status_code == 200
        assert "There is a problem" in page
        assert 'href="#id_password"' in page
        assert "Enter a correct username and password" in page
        assert "<title>Error: Sign in" in page
        assert "_auth_user_id" not in client.session
        assert not AuditEntry.objects.filter(action=AuditAction.LOGIN).exists()

    def test_an_unknown_username_gets_the_same_error_as_a_wrong_password(self, client, db):
        response = client.post(LOGIN, {"username": "nobody", "password": "password"})
        assert "Enter a correct username and password" in response.content.decode()

    def test_empty_boxes_are_each_explained(self, client, db):
        page = client.post(LOGIN, {"username": "", "password": ""}).content.decode()
        assert "Enter your username" in page
        assert "Enter your password" in page

    def test_a_suspended_account_cannot_sign_in(self, client, social_worker):
        social_worker.is_active = False
        social_worker.save()
        response = sign_in(client, social_worker)
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session

    def test_signing_in_returns_to_the_page_asked_for(self, client, social_worker):
        response = sign_in(client, social_worker, next_url="/people/search/?q=Okafor")
        assert response.url == "/people/search/?q=Okafor"

    @pytest.mark.parametrize(
        "unsafe",
        [
            "https://evil.example/steal",
            "//evil.example/",
            "https:/evil.example",
            "javascript:alert(1)",
        ],
    )
    def test_signing_in_never_sends_the_user_to_another_site(self, client, social_worker, unsafe):
        response = sign_in(client, social_worker, next_url=unsafe)
        assert response.url == reverse("core:start")

    def test_the_page_asked_for_is_carried_through_the_sign_in_form(self, client, db):
        response = client.get(reverse("casework:my_work"))
        assert response.url == f"{LOGIN}?next=/my-work/"
        page = client.get(response.url).content.decode()
        assert 'name="next" value="/my-work/"' in page

    def test_an_unsafe_next_is_not_carried_into_the_form(self, client, db):
        page = client.get(LOGIN, {"next": "https://evil.example/"}).content.decode()
        assert 'name="next" value=""' in page

    def test_a_signed_in_user_who_opens_the_sign_in_page_goes_to_the_start_page(
        self, client, social_worker
    ):
        client.force_login(social_worker)
        assert client.get(LOGIN).url == reverse("core:start")


@pytest.mark.django_db
class TestSigningOut:
    def test_signing_out_needs_a_post(self, client, social_worker):
        client.force_login(social_worker)
        assert client.get("/accounts/logout/").status_code == 405
        assert "_auth_user_id" in client.session

    def test_signing_out_ends_the_session_without_claiming_it_expired(self, client, social_worker):
        sign_in(client, social_worker)
        response = client.post("/accounts/logout/", follow=True)
        assert response.redirect_chain[-1][0] == LOGIN
        assert EXPIRED not in response.content.decode()
        assert client.get(reverse("casework:my_work")).status_code == 302

    def test_signing_out_is_audited(self, client, social_worker):
        sign_in(client, social_worker)
        client.post("/accounts/logout/")
        assert AuditEntry.objects.filter(actor=social_worker, action=AuditAction.LOGOUT).exists()

    def test_signing_out_removes_the_signed_in_marker(self, client, social_worker):
        sign_in(client, social_worker)
        assert client.cookies[SIGNED_IN_MARKER].value == "1"
        response = client.post("/accounts/logout/")
        assert response.cookies[SIGNED_IN_MARKER]["max-age"] == 0


@pytest.fixture
def morning(time_machine):
    time_machine.move_to(datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Europe/London")), tick=False)
    return time_machine


@pytest.mark.django_db
class TestSessionsExpireAfterInactivity:
    def test_the_idle_timeout_is_thirty_minutes(self):
        assert settings.SESSION_COOKIE_AGE == 30 * 60
        assert settings.SESSION_SAVE_EVERY_REQUEST

    def test_a_user_is_still_signed_in_after_twenty_nine_idle_minutes(
        self, client, social_worker, morning
    ):
        sign_in(client, social_worker)
        morning.shift(timedelta(minutes=29))
        assert client.get(reverse("casework:my_work")).status_code == 200

    def test_activity_keeps_the_session_alive(self, client, social_worker, morning):
        sign_in(client, social_worker)
        for _ in range(4):
            morning.shift(timedelta(minutes=20))
            assert client.get(reverse("casework:my_work")).status_code == 200

    def test_thirty_one_idle_minutes_end_the_session_and_the_sign_in_page_says_why(
        self, client, social_worker, morning
    ):
        sign_in(client, social_worker)
        morning.shift(timedelta(minutes=31))
        response = client.get(reverse("casework:my_work"))
        assert response.status_code == 302
        assert response.url == f"{LOGIN}?next=/my-work/"
        page = client.get(response.url).content.decode()
        assert EXPIRED in page

    def test_the_expiry_message_is_shown_once(self, client, social_worker, morning):
        sign_in(client, social_worker)
        morning.shift(timedelta(minutes=31))
        client.get(reverse("casework:my_work"))
        assert EXPIRED in client.get(LOGIN).content.decode()
        assert EXPIRED not in client.get(LOGIN).content.decode()

    def test_a_first_visit_to_the_sign_in_page_says_nothing_about_expiry(self, client, db):
        assert EXPIRED not in client.get(LOGIN).content.decode()

    def test_signing_in_again_after_expiry_returns_to_the_page(
        self, client, social_worker, morning
    ):
        sign_in(client, social_worker)
        morning.shift(timedelta(minutes=31))
        client.get(reverse("casework:my_work"))
        response = sign_in(client, social_worker, next_url="/my-work/")
        assert response.url == "/my-work/"
        assert client.get("/my-work/").status_code == 200
