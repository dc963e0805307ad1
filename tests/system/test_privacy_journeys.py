"""Issue 11's privacy journey, in a browser: the data protection officer finds the person a
subject access request is about and reads the bundle, then works the retention review and
erases a record past retention. Every page is checked with axe-core."""

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from hearth.accounts.tests.factories import UserFactory
from hearth.privacy.demo import retention_demo

pytestmark = pytest.mark.system


def test_the_data_protection_officer_answers_a_request_and_erases_a_record_past_retention(
    page: Page, sign_in, assert_accessible, social_worker
):
    dpo = UserFactory(username="journey.dpo", role="data_protection_officer")
    retention_demo(today=date.today(), seed=7, limit=2)
    sign_in(page, dpo)

    page.get_by_role("link", name="Subject access", exact=True).click()
    page.get_by_label("Name, LA child ID, NHS number, UPN or date of birth").fill("Marchbank")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Ellis Marchbank").click()
    expect(
        page.get_by_role("heading", name="Information held about Ellis Marchbank")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Who has seen or changed the record")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Retention", exact=True).click()
    expect(
        # Two children and a parent of one of them (adults are on the review too).
        page.get_by_role("table", name="3 records past retention, longest overdue first")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Review and erase").first.click()
    page.get_by_role("button", name="Erase the record").click()
    expect(page.get_by_role("link", name="Enter the reason for the erasure")).to_be_visible()
    page.get_by_label("Why is this record being erased?").fill("Retention review, November")
    page.get_by_label("I have checked that no legal hold").check()
    assert_accessible(page)
    page.get_by_role("button", name="Erase the record").click()
    expect(page.get_by_text("erased. The erasure is logged below.")).to_be_visible()
    expect(
        page.get_by_role("table", name="2 records past retention, longest overdue first")
    ).to_be_visible()
    expect(page.get_by_role("table", name="The 20 most recent erasures")).to_contain_text(
        "Child in need"
    )
