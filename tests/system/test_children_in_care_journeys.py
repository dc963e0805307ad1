"""Children in care in the browser: a child becomes looked after under section 20 with foster
carers, moves placement (a new episode), has a looked after review with their views (the
second review cannot complete without a permanence plan), an initial health assessment and a
personal education plan, and shows on the manager's permanence tracker. Every page is checked
with axe-core (WCAG 2.2 A/AA).

Dates are relative to today because the browser and the live server run on the real clock."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.system


def _weekday(days_ago: int) -> date:
    on = date.today() - timedelta(days=days_ago)
    while on.weekday() >= 5:
        on -= timedelta(days=1)
    return on


def _fill_date(page: Page, name: str, on: date) -> None:
    page.locator(f'input[name="{name}-day"]').fill(str(on.day))
    page.locator(f'input[name="{name}-month"]').fill(str(on.month))
    page.locator(f'input[name="{name}-year"]').fill(str(on.year))


@pytest.fixture
def homes(db):
    from hearth.children_in_care.models import Provider, ProviderKind

    foster = Provider.objects.create(
        name="The Adeyemi household",
        kind=ProviderKind.IN_HOUSE_FOSTER,
        provider_code="PR1",
        urn="SC123456",
        postcode="E13 9PJ",
        approved_on=date(2020, 1, 6),
        age_from=0,
        age_to=17,
        capacity=2,
        emergency_beds=1,
    )
    agency = Provider.objects.create(
        name="Bright Futures Fostering",
        kind=ProviderKind.AGENCY_FOSTER,
        provider_code="PR4",
        urn="SC654321",
        postcode="SE1 7PB",
        capacity=20,
    )
    return foster, agency


def test_a_child_comes_into_care_moves_is_reviewed_and_shows_on_the_tracker(
    page: Page,
    sign_in,
    social_worker,
    team_manager,
    iro,
    allocated_child,
    homes,
    assert_accessible,
):
    foster, agency = homes
    start = _weekday(60)
    sign_in(page, social_worker)
    page.goto(reverse("casework:child_detail", args=[allocated_child.pk]))
    page.get_by_role("link", name="Care episodes, plans, reviews and visits").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Looked after")
    assert_accessible(page)

    # Becoming looked after: errors first, then section 20 with in-house foster carers.
    page.get_by_role("link", name="Start a period of care").click()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the legal status")
    assert_accessible(page)
    _fill_date(page, "date", start)
    _fill_date(page, "decision_date", start)
    page.get_by_label("Who made the decision").select_option(str(team_manager.pk))
    page.get_by_label("Reason for the decision").fill("Synthetic: mother in hospital; agreed")
    page.get_by_label("Legal status", exact=True).select_option("V2")
    page.get_by_label("Category of need").select_option("N1")
    page.get_by_label("Home postcode").fill("E15 4HT")
    page.get_by_label("Placement type", exact=True).select_option("U6")
    page.get_by_label("Carer or provider").select_option(str(foster.pk))
    # Asked at the start so SSDA903 rules 630 and 442 cannot fail later.
    page.get_by_label("Before this care, was the child adopted").select_option("Z1")
    page.get_by_label("If the UPN is not known, why not").select_option("UN4")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Period of care started")
    expect(page.locator("body")).to_contain_text("Next review")
    assert_accessible(page)

    # A planned move to an agency foster home: a new episode.
    page.get_by_role("link", name="Change the placement").click()
    _fill_date(page, "date", _weekday(40))
    _fill_date(page, "notice_given_on", _weekday(50))
    page.get_by_label("Placement type", exact=True).select_option("U6")
    page.get_by_label("Carer or provider").select_option(str(agency.pk))
    page.get_by_label("Reason for the placement change").select_option("CARPL")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("a new episode")
    expect(page.locator("table").first.locator("tbody tr")).to_have_count(2)

    def review(on: date) -> None:
        page.get_by_role("link", name="Record a looked after review").click()
        _fill_date(page, "date", on)
        page.get_by_label("Independent reviewing officer who chaired it").select_option(str(iro.pk))
        page.get_by_label("Who attended").fill("Amara, carers, social worker, IRO")
        page.get_by_label("The child's participation").select_option("PN1")
        page.get_by_label("The child met the IRO before the review").check()
        page.get_by_label("The child's views, in their own words").fill(
            "I like my new carers. I want to see my brother every week."
        )
        page.get_by_role("button", name="Complete review").click()

    review(_weekday(35))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Review recorded")

    # The second review cannot complete without a permanence plan.
    review(_weekday(5))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("a review cannot be completed without one")
    assert_accessible(page)
    page.get_by_label("Permanence plan", exact=True).select_option("return_home")
    page.get_by_label("Parallel (contingency) plan").select_option("long_term_fostering")
    page.get_by_label("Why this is the plan for permanence").fill("Mother recovering well")
    page.get_by_label("Where the life-story work has got to").select_option("in_progress")
    page.get_by_role("button", name="Complete review").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Review recorded")
    expect(page.locator("body")).to_contain_text("Return to family")

    # Health: the initial health assessment.
    page.get_by_role("link", name="Health", exact=True).click()
    expect(page.locator("body")).to_contain_text("Initial health assessment")
    assert_accessible(page)
    page.get_by_role("link", name="Record a health assessment").click()
    page.get_by_label("Initial health assessment").check()
    _fill_date(page, "date", _weekday(45))
    page.get_by_label("Who carried it out").fill("Dr Asha Patel")
    page.get_by_label("Health needs found and the health plan").fill("Well; needs glasses")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Health assessment")
    expect(page.locator("body")).to_contain_text("Dr Asha Patel")
    expect(page.locator("body")).to_contain_text("Review health assessment")
    assert_accessible(page)

    # Education: the personal education plan.
    page.get_by_role("link", name="Back to looked after").click()
    page.get_by_role("link", name="Education", exact=True).click()
    page.get_by_role("link", name="Record a personal education plan meeting").click()
    _fill_date(page, "date", _weekday(50))
    page.get_by_label("Yes").check()
    page.get_by_label("The child's views").fill("I want to stay at my school")
    page.get_by_label("Targets and the support to meet them").fill("Tutor twice a week")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("education plan")
    expect(page.locator("body")).to_contain_text("Tutor twice a week")
    assert_accessible(page)

    # The manager sees the child on the permanence tracker and the sufficiency page.
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, team_manager)
    page.goto(reverse("children_in_care:permanence"))
    row = page.locator("tr", has_text=allocated_child.full_name)
    expect(row).to_contain_text("Return to family")
    expect(row).to_contain_text("2 reviews")
    assert_accessible(page)
    page.get_by_role("link", name="Sufficiency").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sufficiency")
    assert_accessible(page)
