"""Journeys through a social worker's day: find my overdue work, open a child, add a case note.

The data is built through the services (allocation_start, case_note_finalise) so the pages
show what the real rules make. Dates are relative to today: the browser and the live server
run on the real clock."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from hearth.casework import services

pytestmark = pytest.mark.system


@pytest.fixture
def overdue_child(team_manager, social_worker, team_a):
    """A child allocated to the social worker five weeks ago and not visited since, so the
    first visit after allocation is overdue."""
    from hearth.people.tests.factories import ChildFactory

    child = ChildFactory(first_name="Amara", last_name="Okafor")
    services.allocation_start(
        user=team_manager,
        child=child,
        team=team_a,
        worker=social_worker,
        start_date=date.today() - timedelta(weeks=5),
        reason="New referral",
    )
    return child


def due_row_for(page: Page, child_name: str):
    due_table = page.locator("table", has=page.locator("caption", has_text="Everything due"))
    return due_table.get_by_role("row").filter(has_text=child_name)


def test_a_social_worker_finds_their_overdue_work_from_the_start_page(
    page: Page, sign_in, social_worker, overdue_child, other_child, assert_accessible
):
    sign_in(page, social_worker)
    page.goto("/")

    expect(page.get_by_role("heading", level=1)).to_have_text("My work")
    row = due_row_for(page, "Amara")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("First visit after allocation")
    expect(row.locator(".govuk-tag")).to_have_text("Overdue")
    expect(row).to_contain_text("working days")  # the due date explains its rule
    # Another team's child is nowhere on my work.
    expect(page.locator("body")).not_to_contain_text("Ben Taylor")
    assert_accessible(page)


def test_a_social_worker_opens_a_child_from_their_work(
    page: Page, sign_in, social_worker, overdue_child, assert_accessible
):
    sign_in(page, social_worker)
    page.goto(reverse("casework:my_work"))

    due_row_for(page, "Amara").get_by_role("link", name="Amara").first.click()

    expect(page).to_have_url(reverse("casework:child_detail", args=[overdue_child.pk]))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Amara")
    expect(page.get_by_role("heading", name="Due and overdue")).to_be_visible()
    expect(page.get_by_role("heading", name="Case notes")).to_be_visible()
    assert_accessible(page)


def test_a_child_outside_the_social_worker_s_circle_is_not_found(
    page: Page, sign_in, social_worker, other_child
):
    sign_in(page, social_worker)

    response = page.goto(reverse("casework:child_detail", args=[other_child.pk]))

    assert response is not None and response.status == 404
    expect(page.locator("body")).not_to_contain_text("Ben")


def test_a_social_worker_adds_a_case_note_and_the_overdue_visit_is_done(
    page: Page, sign_in, social_worker, overdue_child, assert_accessible
):
    sign_in(page, social_worker)
    page.goto(reverse("casework:child_detail", args=[overdue_child.pk]))
    page.get_by_role("link", name="Add a case note").first.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Add a case note")
    assert_accessible(page)

    # Finalising an empty note shows the GOV.UK error summary, and nothing is saved.
    page.get_by_role("button", name="Finalise case note").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Select the type of case note")
    expect(summary).to_contain_text("Enter the case note")
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page)
    assert not overdue_child.case_notes.exists()

    yesterday = date.today() - timedelta(days=1)
    page.get_by_label("Type of case note").select_option(label="Home visit")
    contact_date = page.get_by_role("group", name="Date of contact")
    contact_date.get_by_label("Day").fill(str(yesterday.day))
    contact_date.get_by_label("Month").fill(str(yesterday.month))
    contact_date.get_by_label("Year").fill(str(yesterday.year))
    page.get_by_label("Subject", exact=True).fill("First home visit")
    page.get_by_label("Who was seen or spoken to").fill("Amara and her mother")
    page.get_by_label("The child was seen", exact=True).check()
    page.get_by_label("The child was seen alone").check()
    page.get_by_label("Case note", exact=True).fill(
        "Visited at home. Amara showed me her room and talked about school. Synthetic note."
    )
    page.get_by_role("button", name="Finalise case note").click()

    expect(page).to_have_url(
        reverse("casework:child_detail", args=[overdue_child.pk]) + "#case-notes"
    )
    banners = page.locator(".govuk-notification-banner").all_inner_texts()
    notes = page.locator("table", has=page.locator("caption", has_text="Case notes for"))
    expect(notes).to_contain_text("Home visit: First home visit")
    expect(notes).to_contain_text("Seen alone")
    assert_accessible(page)

    # The visit satisfies the overdue first visit: it has gone from my work.
    page.goto(reverse("casework:my_work"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My work")
    expect(page.locator("body")).not_to_contain_text("First visit after allocation")

    # Checked last so the checks above still run if it fails: the service's message was shown.
    assert any("Case note finalised" in banner for banner in banners), banners
