"""Issue 4's journey, in a browser: a social worker completes a child and family assessment
with the child's views and a family network member; the manager finds it on My work and
authorises it; a strategy discussion with health and police starts a joint section 47; an
initial conference starts a child protection plan; the first core group, due 10 working days
later, shows on the worker's My work. Every page is checked with axe-core.

The referral and the started assessment are built through the services; everything else is
typed into the pages. Dates are relative to today (the live server runs on the real clock)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from hearth.assessments import services as assessments
from hearth.child_protection.models import CPPlan, Section47Enquiry
from hearth.people.tests.factories import AdultFactory, RelationshipFactory
from hearth.timescales.calendar import add_working_days

pytestmark = pytest.mark.system


def _working_day_before(on: date, days: int) -> date:
    day = on
    while days:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def _fill_date(page: Page, name: str, on: date) -> None:
    page.locator(f'[name="{name}-day"]').fill(str(on.day))
    page.locator(f'[name="{name}-month"]').fill(str(on.month))
    page.locator(f'[name="{name}-year"]').fill(str(on.year))


@pytest.fixture
def started_assessment(social_worker, allocated_child):
    today = date.today()
    grandmother = AdultFactory(first_name="Grace", last_name="Okafor")
    RelationshipFactory(
        child=allocated_child,
        relative=grandmother,
        kind="grandparent",
        parental_responsibility=False,
        lives_with=False,
    )
    episode = assessments.cin_episode_open(
        user=social_worker,
        child=allocated_child,
        referral_date=_working_day_before(today, 20),
        referral_source="2A",
        primary_need="N1",
    )
    return assessments.assessment_start(
        user=social_worker, episode=episode, start_date=_working_day_before(today, 18)
    )


def test_assessment_to_child_protection_plan_and_the_first_core_group_on_my_work(
    page: Page,
    sign_in,
    social_worker,
    team_manager,
    iro,
    allocated_child,
    started_assessment,
    assert_accessible,
):
    today = date.today()
    child = allocated_child
    seen = _working_day_before(today, 15)

    # The worker completes the assessment.
    sign_in(page, social_worker)
    page.goto(reverse("assessments:edit", args=[child.pk, started_assessment.pk]))
    expect(page.get_by_role("heading", name="The child's views")).to_be_visible()
    assert_accessible(page)
    _fill_date(page, "child_seen_on", seen)
    _fill_date(page, "child_seen_alone_on", seen)
    page.locator('[name="child_views"]').fill("I feel safe at Nana Grace's house.")
    for radio in page.locator('input[type="radio"][name^="network_"][value="yes"]').all():
        radio.check()
    page.locator('[name="history"]').fill("Synthetic: two earlier referrals about shouting.")
    page.locator('[name="analysis"]').fill("Synthetic: risk of emotional harm is increasing.")
    page.locator('input[name="factors"][value="3B"]').check()
    page.locator('[name="recommendation"]').fill("Synthetic: strategy discussion.")
    page.locator('input[name="outcome"]').first.check()
    page.locator('input[name="support_required"][value="yes"]').check()
    page.get_by_role("button", name="Submit for authorisation").click()
    page.wait_for_load_state()
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    page.get_by_role("button", name="Sign out").click()

    # The manager finds the authorisation on My work and authorises it.
    sign_in(page, team_manager)
    page.goto(reverse("casework:my_work"))
    link = page.get_by_role("link", name="Authorise the child and family assessment")
    expect(link.first).to_be_visible()
    assert_accessible(page)
    link.first.click()
    page.locator('input[name="decision"][value="authorise"]').check()
    _fill_date(page, "authorised_on", today)
    assert_accessible(page)
    page.get_by_role("button", name="Confirm decision").click()
    page.wait_for_load_state()
    started_assessment.refresh_from_db()
    assert started_assessment.authorised_on == today
    page.get_by_role("button", name="Sign out").click()

    # A strategy discussion with health and police starts a joint section 47 enquiry.
    sign_in(page, social_worker)
    page.goto(reverse("child_protection:child", args=[child.pk]))
    page.get_by_role("link", name="Record a strategy discussion").click()
    assert_accessible(page)
    page.locator('input[name="kind"][value="meeting"]').check()
    held = _working_day_before(today, 3)
    _fill_date(page, "held_on", held)
    page.locator('[name="held_at"]').fill("10:30")
    page.locator('[name="people_social_care"]').fill("Sam Social, social worker")
    page.locator('[name="people_police"]').fill("DC Morgan, child abuse investigation team")
    page.locator('[name="people_health"]').fill("Dr Hale, named nurse")
    page.locator('[name="information_shared"]').fill("Synthetic: school and GP information.")
    page.locator('[name="safety_actions"]').fill("Synthetic: stays with Nana Grace tonight.")
    page.locator('input[name="decision"][value="s47_joint"]').check()
    page.locator('[name="rationale"]').fill("Synthetic: unexplained bruising.")
    page.get_by_role("button", name="Save strategy discussion").click()
    page.wait_for_load_state()
    enquiry = Section47Enquiry.objects.get(child=child)
    assert enquiry.joint_agreed and enquiry.start_date == held
    expect(page).to_have_url(reverse("child_protection:enquiry", args=[child.pk, enquiry.pk]))
    assert_accessible(page)

    # The initial conference starts the child protection plan on the conference date.
    page.get_by_role("link", name="Record the initial child protection conference").click()
    _fill_date(page, "held_on", today)
    page.locator('[name="chair"]').select_option(str(iro.pk))
    page.locator('[name="attended_health"]').fill("Dr Hale")
    page.locator('[name="apologies"]').fill("Ms School, education")
    page.locator('input[name="parents_participation"][value="attended"]').check()
    page.locator('input[name="child_participation"][value="worker"]').check()
    page.locator('input[name="decision"][value="plan"]').check()
    page.locator('[name="category"]').select_option("NEG")
    page.locator('[name="rationale"]').fill("Synthetic: continuing risk of significant harm.")
    assert_accessible(page)
    page.get_by_role("button", name="Save conference").click()
    page.wait_for_load_state()
    plan = CPPlan.objects.get(child=child)
    assert plan.start_date == today

    # The first core group is due 10 working days after the conference, on My work.
    page.goto(reverse("casework:my_work"))
    due_table = page.locator("table", has=page.locator("caption", has_text="Everything due"))
    row = due_table.get_by_role("row").filter(has_text="First core group meeting")
    expect(row).to_have_count(1)
    first_core_group = add_working_days(today, 10)
    expect(row).to_contain_text(f"{first_core_group.day} {first_core_group:%B %Y}")
    assert_accessible(page)
