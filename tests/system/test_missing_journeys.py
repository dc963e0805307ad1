"""Missing and exploitation in the browser: a social worker records Amara missing and her
return; an independent worker's return home interview is offered within 72 hours and names a
park (already linked to two other children) and an adult; a screening at high risk requires a
safety plan, which the worker agrees; the park's network view names the child the worker may
see and only counts the other. Every page is checked with axe-core (WCAG 2.2 A/AA).

The data is built through the services; the browser and the live server run on the real
clock, so times are relative to now."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.system


@pytest.fixture(autouse=True)
def patient(page: Page) -> None:
    """This journey has many steps; on the shared, loaded machine a page can take longer than
    the suite's 15 seconds. Give each step a minute."""
    page.set_default_timeout(60_000)
    expect.set_options(timeout=60_000)


@pytest.fixture
def park(social_worker, colleague, team_manager, team_a, other_child):
    """Hearthside Park, already linked by police information to Leo (in the social worker's
    team, so visible) and to Ben (another team's child, so counted, not named)."""
    from hearth.casework import services as casework
    from hearth.missing_exploitation import services
    from hearth.people.tests.factories import ChildFactory

    leo = ChildFactory(first_name="Leo", last_name="Grant")
    casework.allocation_start(
        user=team_manager,
        child=leo,
        team=team_a,
        worker=colleague,
        start_date=date.today() - timedelta(days=60),
    )
    place = services.context_create(
        user=social_worker, kind="place", name="Hearthside Park", place_type="park"
    )
    for child in (leo, other_child):
        services.context_link(
            user=social_worker,
            context=place,
            child=child,
            nature="frequents",
            source="police",
            linked_on=date.today() - timedelta(days=10),
        )
    return place


def fill_when(page: Page, name: str, moment: datetime, *, time_label: str | None = None) -> None:
    """A GOV.UK date input `<name>_date` and, when asked, its time field `<name>_time`."""
    local = timezone.localtime(moment)
    page.locator(f'input[name="{name}-day"]').fill(str(local.day))
    page.locator(f'input[name="{name}-month"]').fill(str(local.month))
    page.locator(f'input[name="{name}-year"]').fill(str(local.year))
    if time_label:
        page.get_by_label(time_label, exact=True).fill(local.strftime("%H:%M"))


def test_a_missing_child_returns_is_interviewed_screened_and_given_a_safety_plan(
    page: Page,
    sign_in,
    assert_accessible,
    social_worker,
    colleague,
    allocated_child,
    park,
):
    now = timezone.now()
    missing_from = now - timedelta(hours=30)
    returned = now - timedelta(hours=20)
    child_page = f"/missing-and-exploitation/child/{allocated_child.pk}/"

    sign_in(page, social_worker)
    page.goto(child_page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Missing and exploitation")
    assert_accessible(page)

    # Amara is reported missing from home; she is missing now.
    page.get_by_role("button", name="Record a missing episode").click()
    page.get_by_role("radio", name="Missing", exact=True).check()
    fill_when(page, "started_at_date", missing_from, time_label="Time missing from")
    page.get_by_label("Where the child went missing from").fill("Home")
    page.get_by_label("Who reported the child missing").fill("Mother")
    page.get_by_label("Police reference (optional)").fill("MPS-2026-4411")
    page.get_by_role("radio", name="High").check()
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    episodes = page.get_by_role("table", name="Episodes, most recent first")
    expect(episodes).to_contain_text("Missing now")
    page.goto("/missing-and-exploitation/")
    expect(page.locator("main")).to_contain_text("Amara")
    assert_accessible(page)

    # She returns: found in the park.
    page.goto(child_page)
    page.get_by_role("link", name="Record return").click()
    fill_when(page, "ended_at_date", returned, time_label="Time returned")
    page.get_by_label("Where the child was found").fill("Hearthside Park")
    page.get_by_label("Who the child was with (optional)").fill("An older man she calls Jay")
    page.get_by_role("button", name="Save").click()
    expect(episodes).to_contain_text("Found at Hearthside Park")

    # The return interview: offered by an independent worker within 72 hours, accepted, held.
    page.get_by_role("link", name="Offer a return interview").click()
    page.get_by_label("Who will carry out the interview").select_option(str(colleague.pk))
    fill_when(page, "offered_at_date", now - timedelta(hours=3), time_label="Time offered")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Record the answer").click()
    page.get_by_role("radio", name="Accepted").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Record the interview").click()
    fill_when(
        page, "completed_at_date", now - timedelta(hours=1), time_label="Time of the interview"
    )
    page.get_by_label("Why the child went missing").fill("Arguments at home about school.")
    page.get_by_label("Where the child went", exact=True).fill("The park, then a flat nearby.")
    page.get_by_label("Who the child was with", exact=True).fill("Jay and two older boys.")
    page.get_by_label("Harm experienced").fill("Asked to carry a package.")
    page.get_by_label("Hearthside Park").check()
    page.get_by_label("A new associate of concern the child named (optional)").fill("Jay")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(episodes).to_contain_text("Completed")
    expect(page.get_by_role("heading", name="What return interviews told us")).to_be_visible()

    # The network: the park links Amara to Leo (named) and to a child she may not see.
    network = page.locator("main")
    expect(network.get_by_role("link", name="Hearthside Park")).to_be_visible()
    expect(network.get_by_role("link", name="Leo Grant")).to_be_visible()
    expect(network).to_contain_text("1 child you do not have access to")
    expect(network).not_to_contain_text("Ben Taylor")
    expect(network.get_by_role("link", name="Jay")).to_be_visible()
    assert_accessible(page)

    # Screening at high risk: a safety plan is required.
    page.get_by_role("button", name="Record a screening").click()
    fill_when(page, "screened_on", now)
    page.get_by_label("Carrying a weapon or injuries from violence").check()
    page.get_by_label("Known to be running a county line").check()
    fill_when(page, "review_on", now + timedelta(days=90))
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("High risk")
    expect(page.get_by_text("A safety plan is required at high risk.")).to_be_visible()
    page.goto("/missing-and-exploitation/high-risk-without-safety-plan/")
    expect(page.locator("main")).to_contain_text("Amara")
    assert_accessible(page)

    # The safety plan, with a disruption action using police powers.
    page.goto(child_page)
    page.get_by_role("button", name="Agree a safety plan").click()
    fill_when(page, "agreed_on", now)
    fill_when(page, "review_on", now + timedelta(days=28))
    page.get_by_label("What the plan is for").fill("Keep Amara away from Jay and the county line.")
    page.locator('select[name="kind_1"]').select_option("disruption")
    page.locator('input[name="what_1"]').fill("Serve a child abduction warning notice on Jay")
    page.locator('input[name="power_1"]').fill("Child abduction warning notice")
    page.locator('input[name="who_1"]').fill("Police")
    fill_when(page, "due_1", now + timedelta(days=7))
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("A safety plan is required at high risk.")).to_have_count(0)
    actions = page.get_by_role("table", name="Actions")
    expect(actions).to_contain_text("power used: Child abduction warning notice")

    # The park's own page: every child linked to it, need-to-know respected.
    page.get_by_role("link", name="Hearthside Park").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hearthside Park")
    children = page.get_by_role("table", name="Children you can see")
    expect(children).to_contain_text("Amara Okafor")
    expect(children).to_contain_text("Leo Grant")
    expect(page.locator("main")).to_contain_text("1 other child is linked whom you do not")
    expect(page.locator("main")).not_to_contain_text("Ben Taylor")
    assert_accessible(page)
