"""Two-factor authentication: set-up with a QR code, the second step at every password
sign-in for the roles that need it, recovery codes, an administrator's reset."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from hearth.accounts import services
from hearth.accounts.models import RecoveryCode, Role
from hearth.accounts.tests.factories import UserFactory
from hearth.core.models import AuditAction, AuditEntry

LOGIN = "/accounts/login/"
TWO_FACTOR = "/accounts/login/two-factor/"
SET_UP = "/accounts/login/two-factor/set-up/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Europe/London")), tick=False)
    return time_machine


def password(client, user, next_url=None):
    data = {"username": user.username, "password": "password"}
    if next_url:
        data["next"] = next_url
    return client.post(LOGIN, data)


def signed_in(client):
    return "_auth_user_id" in client.session


class TestEnforcementByRole:
    def test_a_password_alone_does_not_sign_a_social_worker_in(self, client, social_worker):
        response = password(client, social_worker)
        assert response.url == SET_UP
        assert not signed_in(client)
        assert client.get(reverse("casework:my_work")).status_code == 302

    @pytest.mark.parametrize("role", [Role.PARTNER_REFERRER, Role.ADMINISTRATOR, Role.IRO])
    def test_every_staff_and_partner_role_needs_it_by_default(self, client, role):
        user = UserFactory(username=f"2fa.{role}", role=role)
        assert password(client, user).url == SET_UP

    def test_a_role_left_out_of_the_setting_signs_in_with_a_password(
        self, client, settings, social_worker, partner_referrer
    ):
        settings.TWO_FACTOR_ROLES = ["partner_referrer"]
        assert password(client, social_worker).url == reverse("core:start")
        assert signed_in(client)
        client.logout()
        assert password(client, partner_referrer).url == SET_UP
        assert not signed_in(client)

    def test_the_second_step_cannot_be_reached_without_the_password(self, client, db):
        response = client.get(TWO_FACTOR)
        assert response.status_code == 200
        assert "Sign in again" in response.content.decode()
        assert client.get(SET_UP).status_code == 200
        assert not signed_in(client)


class TestSettingUpTheApp:
    def test_the_set_up_page_shows_a_qr_code_image_and_the_key(self, client, social_worker):
        password(client, social_worker)
        page = client.get(SET_UP).content.decode()
        device = TOTPDevice.objects.get(user=social_worker, confirmed=False)
        assert 'src="data:image/svg+xml' in page
        assert "<script" not in page.split('id="main-content"')[1].split("</main>")[0]
        assert "Set up your authenticator app" in page
        assert 'id="setup-key"' in page
        assert device.key not in page  # the raw hex key is never shown

    def test_a_right_code_signs_in_and_shows_ten_recovery_codes_once(
        self, client, social_worker, clock
    ):
        password(client, social_worker, next_url="/people/search/")
        client.get(SET_UP)
        device = TOTPDevice.objects.get(user=social_worker)
        response = client.post(SET_UP, {"code": f"{totp(device.bin_key):06d}"})
        assert response.url == reverse("accounts:recovery_codes")
        assert signed_in(client)
        device.refresh_from_db()
        assert device.confirmed
        page = client.get(response.url).content.decode()
        assert page.count("<li><code>") == 10
        assert 'href="/people/search/"' in page
        assert "<li><code>" not in client.get(response.url).content.decode()
        assert AuditEntry.objects.filter(
            actor=social_worker, summary__startswith="Set up two-factor"
        ).exists()

    def test_recovery_codes_are_stored_hashed(self, social_worker):
        TOTPDevice.objects.create(user=social_worker, confirmed=True)
        codes = services.recovery_codes_replace(user=social_worker)
        stored = set(RecoveryCode.objects.values_list("code_hash", flat=True))
        assert len(stored) == 10
        assert not any(code in stored or code.replace("-", "") in stored for code in codes)

    def test_a_wrong_code_says_so_and_does_not_sign_in(self, client, social_worker, clock):
        password(client, social_worker)
        client.get(SET_UP)
        response = client.post(SET_UP, {"code": "12345"})
        assert "Enter the code as 6 digits" in response.content.decode()
        assert not signed_in(client)
        assert not TOTPDevice.objects.filter(user=social_worker, confirmed=True).exists()


class TestTheSecondStep:
    def test_a_code_from_the_app_signs_in_to_the_page_asked_for(
        self, client, social_worker, authenticator, clock
    ):
        device = authenticator.add(social_worker)
        assert password(client, social_worker, next_url="/my-work/").url == TWO_FACTOR
        response = client.post(TWO_FACTOR, {"code": authenticator.code(device)})
        assert response.url == "/my-work/"
        assert signed_in(client)
        entry = AuditEntry.objects.get(actor=social_worker, action=AuditAction.LOGIN)
        assert entry.summary == "Signed in (password and authenticator app)"

    def test_a_code_cannot_be_used_twice(self, client, social_worker, authenticator, clock):
        device = authenticator.add(social_worker)
        code = authenticator.code(device)
        password(client, social_worker)
        client.post(TWO_FACTOR, {"code": code})
        client.logout()
        password(client, social_worker)
        response = client.post(TWO_FACTOR, {"code": code})
        assert "Enter a correct security code" in response.content.decode()
        assert not signed_in(client)

    def test_a_wrong_code_is_refused_and_audited(self, client, social_worker, authenticator):
        authenticator.add(social_worker)
        password(client, social_worker)
        response = client.post(TWO_FACTOR, {"code": "000000"})
        page = response.content.decode()
        assert "There is a problem" in page
        assert 'href="#id_code"' in page
        assert not signed_in(client)
        assert AuditEntry.objects.filter(
            actor=social_worker, action=AuditAction.DENIED, summary__contains="two-factor"
        ).exists()

    def test_five_wrong_codes_mean_starting_again(
        self, client, social_worker, authenticator, clock
    ):
        device = authenticator.add(social_worker)
        password(client, social_worker)
        for _ in range(5):
            clock.shift(timedelta(minutes=1))  # past django-otp's growing wait
            response = client.post(TWO_FACTOR, {"code": "000000"})
        assert "Sign in again" in response.content.decode()
        response = client.post(TWO_FACTOR, {"code": authenticator.code(device)})
        assert not signed_in(client)

    def test_the_second_step_expires_after_ten_minutes(
        self, client, social_worker, authenticator, clock
    ):
        device = authenticator.add(social_worker)
        password(client, social_worker)
        clock.shift(timedelta(minutes=11))
        client.post(TWO_FACTOR, {"code": authenticator.code(device)})
        assert not signed_in(client)

    def test_a_recovery_code_works_once(self, client, social_worker, authenticator):
        authenticator.add(social_worker)
        code = services.recovery_codes_replace(user=social_worker)[0]
        password(client, social_worker)
        assert client.post(TWO_FACTOR, {"code": code.upper()}).url == reverse("core:start")
        client.logout()
        password(client, social_worker)
        client.post(TWO_FACTOR, {"code": code})
        assert not signed_in(client)
        assert AuditEntry.objects.filter(
            summary="Used a recovery code to sign in (9 left)"
        ).exists()


class TestAccountAndReset:
    def test_new_recovery_codes_cancel_the_old_ones(self, client, social_worker, authenticator):
        authenticator.add(social_worker)
        old = services.recovery_codes_replace(user=social_worker)
        client.force_login(social_worker)
        response = client.post(reverse("accounts:recovery_codes_new"))
        assert response.url == reverse("accounts:recovery_codes")
        assert client.get(response.url).content.decode().count("<li><code>") == 10
        client.logout()
        password(client, social_worker)
        client.post(TWO_FACTOR, {"code": old[0]})
        assert not signed_in(client)

    def test_an_administrator_resets_a_lost_phone_and_it_is_audited(
        self, client, administrator, social_worker, authenticator
    ):
        authenticator.add(social_worker)
        client.force_login(administrator)
        listing = client.get(reverse("accounts:users")).content.decode()
        reset_url = reverse("accounts:two_factor_reset", args=[social_worker.pk])
        assert reset_url in listing
        response = client.post(reset_url)
        assert response.url == reverse("accounts:users")
        assert not TOTPDevice.objects.filter(user=social_worker).exists()
        assert AuditEntry.objects.filter(
            actor=administrator, object_id=str(social_worker.pk), summary__startswith="Reset two"
        ).exists()
        client.logout()
        assert password(client, social_worker).url == SET_UP

    def test_only_administrators_may_reset(self, client, team_manager, social_worker):
        client.force_login(team_manager)
        assert client.get(reverse("accounts:users")).status_code == 403
        url = reverse("accounts:two_factor_reset", args=[social_worker.pk])
        assert client.post(url).status_code == 403

    def test_the_user_list_makes_a_fixed_number_of_queries(
        self, client, administrator, django_assert_max_num_queries
    ):
        for n in range(5):
            UserFactory(username=f"listed.{n}")
        client.force_login(administrator)
        with django_assert_max_num_queries(8):
            assert client.get(reverse("accounts:users")).status_code == 200
