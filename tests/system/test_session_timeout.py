"""Journey: the session timeout warning, and a session that ends mid-form loses nothing typed."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.system

NOTE = (
    "Visited at home after school. Amara showed me her room and talked about her new friends "
    "at the youth club; she said she feels safe with her aunt and wants to stay."
)


def test_the_warning_lets_the_user_stay_and_an_expired_session_keeps_the_typed_note(
    page: Page, social_worker, allocated_child, sign_in, settings, assert_accessible
):
    sign_in(page, social_worker)
    # From here on the session lasts 20 seconds idle; the warning opens 17 seconds before
    # (room for the accessibility check while it is open, on a loaded machine).
    settings.SESSION_COOKIE_AGE = 20
    settings.SESSION_TIMEOUT_WARNING_SECONDS = 17
    page.goto(f"/children/{allocated_child.pk}/case-notes/new/")
    page.get_by_label("Case note", exact=True).fill(NOTE)

    dialog = page.get_by_role("dialog", name="You're about to be signed out")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("For your security, we will sign you out in")
    assert_accessible(page)
    dialog.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()

    # The user walks away: the warning comes back, then time runs out.
    expect(dialog).to_be_visible(timeout=30_000)
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=%2Fchildren%2F"), timeout=30_000)
    expect(page.get_by_text("You were signed out after")).to_be_visible()

    settings.SESSION_COOKIE_AGE = 30 * 60
    sign_in(page, social_worker, from_here=True)
    # The note's page (its autosave may have made it a draft meanwhile, with its own address).
    expect(page.get_by_role("heading", level=1)).to_contain_text("case note")
    expect(page.get_by_label("Case note", exact=True)).to_have_value(NOTE)
    expect(page.get_by_text("We kept what you typed before you were signed out")).to_be_visible()
    assert_accessible(page)
