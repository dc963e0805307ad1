"""Journey: a social worker signs in and lands on their own work."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.system


def test_the_sign_in_page_has_no_accessibility_violations(page: Page, assert_accessible):
    page.goto("/accounts/login/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Hearth")
    assert_accessible(page)


def test_a_social_worker_signs_in_and_lands_on_my_work(
    page: Page, social_worker, assert_accessible
):
    page.goto("/")
    expect(page).to_have_url("/accounts/login/?next=/")  # login is required everywhere

    page.get_by_label("Username", exact=True).fill(social_worker.username)
    page.get_by_label("Password", exact=True).fill("password")
    page.get_by_role("button", name="Sign in").click()

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
