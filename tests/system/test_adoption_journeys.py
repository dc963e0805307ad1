"""Adoption journeys in the browser: a social worker takes a looked after child from the
agency decision maker's decision through the placement order and match to placement for
adoption with their foster carers, and the adoption team works its list of adopters. Every
page is checked with axe-core (WCAG 2.2 A/AA).

The data is built through the services; dates are relative to today because the browser and
the live server run on the real clock."""

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


@pytest.fixture
def carers(db):
    from hearth.children_in_care.models import Provider, ProviderKind

    return Provider.objects.create(
        name="The Adeyemi household",
        kind=ProviderKind.IN_HOUSE_FOSTER,
        provider_code="PR1",
        urn="SC123456",
        postcode="E13 9PJ",
        approved_on=date(2020, 1, 6),
        age_from=0,
        age_to=12,
        capacity=2,
    )


@pytest.fixture
def looked_after(social_worker, team_manager, allocated_child, carers):
    from hearth.children_in_care import services
    from hearth.children_in_care.validation import Placement

    return services.care_period_start(
        user=social_worker,
        child=allocated_child,
        start_date=_weekday(120),
        decision_by=team_manager,
        decision_date=_weekday(120),
        decision_reason="Synthetic: parents unable to care safely",
        legal_status="C2",
        category_of_need="N1",
        placement=Placement(place="U6", provider=carers),
        home_postcode="E15 4HT",
    )


@pytest.fixture
def approved_family(social_worker):
    from hearth.adoption import services

    family = services.adopter_enquiry_record(
        user=social_worker,
        name="The Adeyemi family",
        source="foster_carer",
        enquiry_on=_weekday(300),
        sex_code="MF",
        legal_status="L11",
        adopters=[
            services.AdopterInput("Tunde", "Adeyemi", "M", "BAFR"),
            services.AdopterInput("Ruth", "Adeyemi", "F", "BAFR"),
        ],
    )
    for n, stage in enumerate(
        (
            "stage1_started_on",
            "stage1_ended_on",
            "application_on",
            "stage2_started_on",
            "stage2_ended_on",
            "panel_on",
            "approved_on",
        )
    ):
        family = services.adopter_stage_record(
            user=social_worker, family=family, stage=stage, on=_weekday(280 - n * 25)
        )
    return family


def _fill_date(page: Page, name: str, on: date) -> None:
    page.locator(f'input[name="{name}-day"]').fill(str(on.day))
    page.locator(f'input[name="{name}-month"]').fill(str(on.month))
    page.locator(f'input[name="{name}-year"]').fill(str(on.year))


def test_a_social_worker_takes_a_child_from_the_decision_to_placement_for_adoption(
    page: Page,
    sign_in,
    social_worker,
    allocated_child,
    looked_after,
    approved_family,
    carers,
    assert_accessible,
):
    sign_in(page, social_worker)
    page.goto(reverse("casework:child_detail", args=[allocated_child.pk]))
    page.get_by_role("link", name="Adoption, special guardianship").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Adoption and permanence")
    assert_accessible(page)

    page.get_by_role("link", name="Record a decision that Amara").click()
    page.get_by_role("button", name="Save decision").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the name of the agency decision maker")
    assert_accessible(page)

    _fill_date(page, "date", _weekday(90))
    page.get_by_label("Agency decision maker").fill("Priya Shah, Head of Service")
    page.get_by_role("button", name="Save decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Decision recorded")

    page.get_by_role("link", name="Record the placement order").click()
    _fill_date(page, "date", _weekday(60))
    page.get_by_role("button", name="Save placement order").click()
    expect(page.locator("body")).to_contain_text("Placement order to match (scorecard A2)")

    page.get_by_role("link", name="Record the match").click()
    _fill_date(page, "date", _weekday(30))
    page.get_by_label("Prospective adopters").select_option(label=str(approved_family))
    page.get_by_role("button", name="Save match").click()
    expect(page.locator("body")).to_contain_text(approved_family.family_identifier)

    page.get_by_role("link", name="Record the placement for adoption").click()
    assert_accessible(page)
    _fill_date(page, "date", _weekday(10))
    page.get_by_label("Placement type").select_option("A5")
    page.get_by_label("Carer or provider").select_option(str(carers.pk))
    page.get_by_label("Reason for the placement change").select_option("PLACE")
    page.get_by_role("button", name="Save placement").click()

    expect(page.get_by_role("heading", level=3).first).to_have_text("Placed for adoption")
    expect(page.locator("body")).to_contain_text("Record the adoption order")
    assert_accessible(page)
    episode = allocated_child.care_episodes.get(dec__isnull=True)
    assert (episode.place, episode.legal_status) == ("A5", "E1")


def test_the_adoption_team_works_its_list_of_adopters(
    page: Page, sign_in, social_worker, approved_family, assert_accessible
):
    sign_in(page, social_worker)
    page.goto(reverse("adoption:adopters"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Adopters")
    expect(page.locator("table")).to_contain_text("Approved, waiting")
    assert_accessible(page)

    page.get_by_role("link", name="Record a new enquiry").click()
    page.get_by_role("button", name="Save enquiry").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the family name")
    assert_accessible(page)
    page.get_by_label("Family name").fill("The Brown family")
    _fill_date(page, "enquiry_on", _weekday(3))
    page.get_by_label("Source of the enquiry").select_option("website")
    page.get_by_label("Who is adopting").select_option("F1")
    page.get_by_label("Adopters' legal status").select_option("L0")
    page.get_by_label("First adopter: first name").fill("Jess")
    page.get_by_label("First adopter: last name").fill("Brown")
    page.get_by_label("First adopter: sex").select_option("F")
    page.get_by_role("button", name="Save enquiry").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("The Brown family")
    page.get_by_role("link", name="Record the next stage").click()
    _fill_date(page, "date", _weekday(1))
    page.get_by_role("button", name="Save stage").click()
    expect(page.locator("table")).to_contain_text("Stage 1 started")
    assert_accessible(page)
