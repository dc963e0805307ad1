"""Care leavers journey in the browser: a 16-year-old in care is eligible (derived from the
care history) and on the transition list; the leaving care manager allocates a personal
adviser with a joint introductory visit; the adviser records a pathway plan; months pass
without contact (the clock is moved on with time-machine) and the young person shows as not
seen on the adviser's caseload and on the manager's list; care ends and the adviser moves
the case to themselves. Every page is checked with axe-core (WCAG 2.2 A/AA).

The care history is built through the children in care services; dates are relative to today
because the browser and the live server run on the real clock until the test moves it."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.system


def _fill_date(page: Page, name: str, on: date) -> None:
    page.locator(f'input[name="{name}-day"]').fill(str(on.day))
    page.locator(f'input[name="{name}-month"]').fill(str(on.month))
    page.locator(f'input[name="{name}-year"]').fill(str(on.year))


@pytest.fixture
def leaving_care(db):
    from hearth.accounts.models import Role, ServiceKind
    from hearth.accounts.tests.factories import ServiceFactory, TeamFactory, UserFactory

    service = ServiceFactory(name="Leaving care", kind=ServiceKind.LEAVING_CARE)
    team = TeamFactory(name="Leaving Care Team", service=service)
    manager = UserFactory(
        username="lc.manager", role=Role.TEAM_MANAGER, team=team, first_name="Grace"
    )
    team.manager = manager
    team.save()
    adviser = UserFactory(
        username="pa.journey",
        role=Role.PERSONAL_ADVISER,
        team=team,
        first_name="Sam",
        last_name="Adviser",
    )
    return manager, adviser


@pytest.fixture
def sixteen_in_care(social_worker, team_a, team_manager):
    from hearth.casework.tests.factories import AllocationFactory
    from hearth.children_in_care import services
    from hearth.children_in_care.models import Provider, ProviderKind
    from hearth.children_in_care.validation import Placement
    from hearth.people.tests.factories import ChildFactory

    today = date.today()
    child = ChildFactory(
        first_name="Jordan",
        last_name="Ellis",
        date_of_birth=today - timedelta(days=16 * 365 + 60),
    )
    AllocationFactory(
        child=child, team=team_a, worker=social_worker, start_date=today - timedelta(days=400)
    )
    carers = Provider.objects.create(
        name="The Okonjo household",
        kind=ProviderKind.IN_HOUSE_FOSTER,
        provider_code="PR1",
        urn="SC100002",
        postcode="E16 2QU",
        approved_on=date(2020, 1, 6),
        age_from=5,
        age_to=17,
        capacity=3,
    )
    start = today - timedelta(days=200)
    services.care_period_start(
        user=social_worker,
        child=child,
        start_date=start,
        decision_by=team_manager,
        decision_date=start,
        decision_reason="Synthetic: could not live safely at home",
        legal_status="C2",
        category_of_need="N1",
        placement=Placement(place="U1", provider=carers),
        home_postcode="E15 4HT",
    )
    return child


def test_a_sixteen_year_old_in_care_gets_an_adviser_a_plan_and_shows_as_not_seen(
    page: Page, sign_in, assert_accessible, leaving_care, sixteen_in_care
):
    manager, adviser = leaving_care
    child = sixteen_in_care
    today = date.today()

    # The leaving care manager sees the child on the transition list, eligible, no adviser.
    sign_in(page, manager)
    page.goto(reverse("care_leavers:transition"))
    expect(page.get_by_role("heading", name="Transition list")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Jordan Ellis")
    expect(row).to_contain_text("eligible: 28 weeks looked after since 14th birthday")
    expect(row).to_contain_text("No adviser")
    assert_accessible(page)

    # Allocate the adviser, with a joint introductory visit.
    page.get_by_role("link", name="Jordan Ellis").click()
    expect(page.get_by_text("No personal adviser is allocated.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Allocate a personal adviser").click()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Select the personal adviser")
    assert_accessible(page)
    page.get_by_label("Personal adviser").select_option(label="Sam Adviser")
    _fill_date(page, "start_date", today)
    _fill_date(page, "joint_visit_on", today)
    page.get_by_label("Who attended the joint visit").fill("Social worker, adviser and Jordan")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Personal adviser allocated")).to_be_visible()
    expect(page.get_by_text(f"Joint introductory visit on {today.day}")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    # The adviser records the first pathway plan.
    sign_in(page, adviser)
    page.goto(reverse("care_leavers:young_person", args=[child.pk]))
    page.get_by_role("link", name="Record the first pathway plan").click()
    assert_accessible(page)
    _fill_date(page, "plan_date", today)
    page.get_by_label("The young person's views on the plan overall").fill(
        "I want to stay with my carers until I am 18"
    )
    page.get_by_label("Accommodation: what we agreed").fill("Stay with the Okonjo family")
    page.get_by_label("Accommodation: in the young person's own words").fill("I feel at home")
    page.get_by_label("Accommodation: action").fill("Talk about staying put")
    page.get_by_label("Accommodation: who will do it").fill("Adviser and carers")
    _fill_date(page, "accommodation_by_when", today + timedelta(days=30))
    page.get_by_role("button", name="Save the plan").click()
    expect(page.get_by_text("Pathway plan recorded")).to_be_visible()
    expect(page.get_by_text("I feel at home")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()

    # Fourteen weeks pass with no contact (the session has long expired: sign in again).
    later = datetime.now() + timedelta(weeks=14)
    with time_machine.travel(later, tick=True):
        sign_in(page, adviser)
        page.goto(reverse("care_leavers:caseload"))
        expect(page.get_by_role("row", name="Jordan Ellis Be in touch with")).to_be_visible()
        row = page.get_by_role("row", name=re.compile(r"^Jordan Ellis 16 Eligible"))
        expect(row).to_contain_text("Never in touch (14 weeks); not seen for 14 weeks")
        assert_accessible(page)
        page.get_by_role("button", name="Sign out").click()
        sign_in(page, manager)
        page.goto(reverse("care_leavers:service") + "?show=not_seen")
        row = page.get_by_role("row", name=re.compile(r"^Jordan Ellis 16 Eligible"))
        expect(row).to_contain_text("not seen for 14 weeks (escalated)")
        assert_accessible(page)

        # Care ends: the adviser, allocated while Jordan was in care, is asked to take the case.
        from hearth.children_in_care import services as cic
        from hearth.children_in_care.models import PeriodOfCare

        cic.care_period_end(
            user=manager,
            period=PeriodOfCare.objects.get(child=child),
            on=later.date(),
            reason_episode_ceased="E5",
        )
        page.get_by_role("button", name="Sign out").click()
        sign_in(page, adviser)
        page.goto(reverse("care_leavers:young_person", args=[child.pk]))
        expect(page.get_by_text("but the case is still allocated to")).to_be_visible()
        page.get_by_role("link", name="Move the case to Sam Adviser").click()
        assert_accessible(page)
        page.get_by_role("button", name="Move the case").click()
        expect(page.get_by_text("The case has moved to the personal adviser")).to_be_visible()
        expect(page.get_by_text("Case held by: Sam Adviser")).to_be_visible()
