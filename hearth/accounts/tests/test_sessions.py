"""Signing out everywhere, and the session timeout warning's server side."""

import pytest
from django.test import Client
from django.urls import reverse

from hearth.core.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db


class TestSignOutEverywhere:
    def test_it_ends_the_users_sessions_in_every_browser(self, social_worker, colleague):
        laptop, phone, colleagues = Client(), Client(), Client()
        for browser, user in (
            (laptop, social_worker),
            (phone, social_worker),
            (colleagues, colleague),
        ):
            browser.force_login(user)
        response = laptop.post(reverse("accounts:sign_out_everywhere"))
        assert response.url == reverse("accounts:login")
        assert phone.get(reverse("casework:my_work")).status_code == 302
        assert laptop.get(reverse("casework:my_work")).status_code == 302
        assert colleagues.get(reverse("casework:my_work")).status_code == 200

    def test_it_is_audited_and_clears_the_draft_author_cookie(self, client, social_worker):
        client.force_login(social_worker)
        client.cookies["hearth_note_author"] = "signed-value"
        response = client.post(reverse("accounts:sign_out_everywhere"))
        assert response.cookies["hearth_note_author"]["max-age"] == 0
        assert response["Clear-Site-Data"] == '"storage"'
        assert AuditEntry.objects.filter(
            actor=social_worker, action=AuditAction.LOGOUT, summary="Signed out everywhere"
        ).exists()

    def test_signing_in_again_afterwards_works(self, client, social_worker):
        client.force_login(social_worker)
        client.post(reverse("accounts:sign_out_everywhere"))
        social_worker.refresh_from_db()  # as signing in loads the user afresh
        client.force_login(social_worker)
        assert client.get(reverse("casework:my_work")).status_code == 200

    def test_it_needs_a_post(self, client, social_worker):
        client.force_login(social_worker)
        assert client.get(reverse("accounts:sign_out_everywhere")).status_code == 405

    def test_the_account_page_offers_it(self, client, social_worker):
        client.force_login(social_worker)
        page = client.get(reverse("accounts:account")).content.decode()
        assert reverse("accounts:sign_out_everywhere") in page


class TestTimeoutWarning:
    def test_signed_in_pages_carry_the_warning_dialog_with_the_settings(
        self, client, social_worker, settings
    ):
        settings.SESSION_COOKIE_AGE = 600
        settings.SESSION_TIMEOUT_WARNING_SECONDS = 90
        client.force_login(social_worker)
        page = client.get(reverse("casework:my_work")).content.decode()
        assert '<dialog class="hearth-timeout-dialog"' in page
        assert 'data-timeout-seconds="600"' in page
        assert 'data-warning-seconds="90"' in page
        assert "we will sign you out in <strong" in page
        assert "accounts/timeout-warning.js" in page

    def test_the_sign_in_page_has_no_warning(self, client, db):
        assert "hearth-timeout-dialog" not in client.get(reverse("accounts:login")).content.decode()

    def test_staying_signed_in_renews_the_session(self, client, social_worker):
        client.force_login(social_worker)
        response = client.post(reverse("accounts:keep_alive"), HTTP_X_REQUESTED_WITH="fetch")
        assert response.json() == {"expiresIn": 30 * 60}

    def test_without_javascript_staying_signed_in_returns_to_the_page(self, client, social_worker):
        client.force_login(social_worker)
        response = client.post(reverse("accounts:keep_alive"), {"next": "/my-work/"})
        assert response.url == "/my-work/"
        response = client.post(reverse("accounts:keep_alive"), {"next": "https://evil.example/"})
        assert response.url == "/"


class TestTimedOut:
    def test_running_out_of_time_ends_the_session_and_returns_through_sign_in(
        self, client, social_worker
    ):
        client.force_login(social_worker)
        response = client.post(reverse("accounts:timed_out"), {"next": "/my-work/"})
        assert response.url == "/accounts/login/?next=%2Fmy-work%2F"
        assert "_auth_user_id" not in client.session
        assert AuditEntry.objects.filter(
            actor=social_worker, summary="Signed out by the session timeout"
        ).exists()
        page = client.get(response.url).content.decode()
        assert "You were signed out after 30 minutes without activity" in page

    def test_opened_directly_it_says_the_user_was_signed_out(self, client, db):
        page = client.get(reverse("accounts:timed_out")).content.decode()
        assert "You have been signed out" in page

    def test_it_never_sends_the_user_to_another_site(self, client, social_worker):
        client.force_login(social_worker)
        response = client.post(reverse("accounts:timed_out"), {"next": "//evil.example/"})
        assert response.url == "/accounts/login/"
