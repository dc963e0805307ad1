"""Issue 10's journey, in a browser: a senior leader opens the borough performance dashboard,
sees a red indicator, narrows it to a team, opens the figure (its 24-month trend chart and the
children behind it) and then one child's page. The dashboard and the figure's page are checked
with axe-core.

The referrals are written on today's date (the live server's real clock), so they fall in the
collection year the dashboard shows by default."""

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from hearth.indicators.tests.conftest import Records

pytestmark = pytest.mark.system


@pytest.fixture
def nfa_referrals(social_worker, allocated_child, other_child):
    records = Records(social_worker)
    today = date.today()
    # Borough: 2 NFA of 3 referrals (66.7%, red against 10%); team A: 1 of 2 (50%).
    records.episode(allocated_child, today, closed=today, nfa=True)
    records.episode(allocated_child, today)
    records.episode(other_child, today, closed=today, nfa=True)


def test_a_senior_leader_drills_from_a_red_borough_figure_to_a_team_and_a_child(
    page: Page, sign_in, assert_accessible, senior_leader, team_a, nfa_referrals, allocated_child
):
    sign_in(page, senior_leader)
    page.get_by_role("link", name="Performance").click()
    expect(page.get_by_role("heading", name="Performance: The borough")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Referrals leading to no further action")
    expect(row).to_contain_text("66.7%")
    expect(row).to_contain_text("Red: off target")
    assert_accessible(page)

    page.get_by_label("Figures for").select_option(label="Safeguarding Team A")
    page.get_by_role("button", name="Show figures").click()
    expect(page.get_by_role("heading", name="Performance: Safeguarding Team A")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Referrals leading to no further action")
    expect(row).to_contain_text("50.0%")
    expect(row).to_contain_text("1 of 2")

    row.get_by_role("link", name="Referrals leading to no further action").click()
    expect(
        page.get_by_role("heading", name="Referrals leading to no further action")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Trend over 24 months")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("Trend over 24 months"))).to_be_visible()
    expect(page.get_by_role("table", name="In the numerator (1)")).to_contain_text("Amara Okafor")
    assert_accessible(page)

    page.get_by_role("link", name="Amara Okafor").first.click()
    expect(page).to_have_url(re.compile(rf"/children/{allocated_child.pk}/$"))
