"""Journeys: signing in with two-factor authentication, setting it up the first time, and
signing out everywhere."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.system


def test_the_sign_in_page_has_no_accessibility_violations(page: Page, assert_accessible):
    page.goto("/accounts/login/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Hearth")
    assert_accessible(page)


def test_a_social_worker_signs_in_with_a_code_from_their_app_and_lands_on_my_work(
    page: Page, social_worker, second_factor, assert_accessible
):
    second_factor.give(social_worker)
    page.goto("/")
    expect(page).to_have_url("/accounts/login/?next=/")  # login is required everywhere

    page.get_by_label("Username", exact=True).fill(social_worker.username)
    page.get_by_label("Password", exact=True).fill("password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your security code")
    assert_accessible(page)
    second_factor.enter(page, social_worker)

    expect(page.get_by_role("heading", level=1)).to_have_text("My work")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    assert_accessible(page)


def test_a_wrong_password_shows_an_error_summary_and_does_not_sign_in(
    page: Page, social_worker, assert_accessible
):
    page.goto("/accounts/login/")
    page.get_by_label("Username", exact=True).fill(social_worker.username)
    page.get_by_label("Password", exact=True).fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Enter a correct username and password")
    expect(page).to_have_title("Error: Sign in – Hearth")
    assert_accessible(page)


def test_a_first_sign_in_sets_up_the_authenticator_app_and_shows_recovery_codes_once(
    page: Page, team_manager, assert_accessible
):
    page.goto("/accounts/login/")
    page.get_by_label("Username", exact=True).fill(team_manager.username)
    page.get_by_label("Password", exact=True).fill("password")
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your authenticator app")
    expect(page.get_by_role("img", name="QR code for adding Hearth")).to_be_visible()
    assert_accessible(page)
    device = TOTPDevice.objects.get(user=team_manager, confirmed=False)
    page.get_by_label("Code from your authenticator app").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    assert_accessible(page)
    page.get_by_role("button", name="I have saved my recovery codes").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_signing_out_everywhere_from_the_account_page(
    page: Page, social_worker, sign_in, assert_accessible
):
    sign_in(page, social_worker)
    page.goto("/accounts/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    assert_accessible(page)
    page.get_by_role("button", name="Sign out everywhere").click()
    expect(page.get_by_text("You have been signed out on every device and browser")).to_be_visible()
    page.goto("/my-work/")
    expect(page).to_have_url("/accounts/login/?next=/my-work/")
