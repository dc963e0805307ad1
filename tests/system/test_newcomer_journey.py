"""The issue's 'done when', in a browser: a newcomer signs in to the demo borough as the demo
social worker, sees their overdue work, opens a child with a family network, chronology and
due dates that explain themselves, and cannot open a child outside their circle."""

from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from hearth.accounts.models import User
from hearth.demo.generator import build
from hearth.people.models import Person

pytestmark = pytest.mark.system

DEMO_PASSWORD = "hearth-demo-2026"  # the Makefile's DEMO_PASSWORD


@pytest.fixture
def demo_borough(transactional_db):
    build(children_count=60, seed=2026, today=date.today(), password=DEMO_PASSWORD)
    return User.objects.get(username="social.worker")


def test_a_newcomer_signs_in_as_the_demo_social_worker_and_finds_their_overdue_work(
    page: Page, sign_in, demo_borough, assert_accessible
):
    sign_in(page, demo_borough, password=DEMO_PASSWORD)
    page.goto("/")

    expect(page.get_by_role("heading", level=1)).to_have_text("My work")
    due = page.locator("table", has=page.locator("caption", has_text="Everything due"))
    overdue_rows = due.get_by_role("row").filter(has=page.locator(".govuk-tag", has_text="Overdue"))
    expect(overdue_rows.first).to_be_visible()
    assert_accessible(page)

    overdue_rows.first.get_by_role("link").first.click()

    expect(page.get_by_role("heading", name="Family network")).to_be_visible()
    expect(page.get_by_role("heading", name="Due and overdue")).to_be_visible()
    expect(page.get_by_role("heading", name="Recent chronology")).to_be_visible()
    expect(page.locator("body")).to_contain_text("Rule:")  # each due date says which rule
    assert_accessible(page)


def test_the_demo_social_worker_cannot_open_a_child_outside_their_circle(
    page: Page, sign_in, demo_borough
):
    visible = Person.objects.children().visible_to(demo_borough).values("pk")
    outsider = Person.objects.children().exclude(pk__in=visible).first()
    assert outsider is not None, "the demo borough should have children in other teams"
    sign_in(page, demo_borough, password=DEMO_PASSWORD)

    response = page.goto(reverse("casework:child_detail", args=[outsider.pk]))

    assert response is not None and response.status == 404
    expect(page.locator("body")).not_to_contain_text(outsider.full_name)
