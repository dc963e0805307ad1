"""The young people's portal on a phone-sized screen: a worker invites a 12-year-old in care
and shares an action from the care plan; the child sets up the account from the link (a
password and a one-time code), answers the questions before the review and reads the shared
plan; the IRO adds the child's words to the review, whose participation code becomes PN6; a
care leaver signs in with a code and downloads their health history, and the record shows
it was given. Every page is checked with axe-core (WCAG 2.2 A/AA).

Dates are relative to today: the browser and the live server run on the real clock."""

from __future__ import annotations

import re
from datetime import date, timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.system

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def outbox(settings):
    from hearth.portal.senders import MemorySender

    settings.HEARTH = {**settings.HEARTH, "PORTAL_SENDER": "hearth.portal.senders.MemorySender"}
    MemorySender.outbox.clear()
    return MemorySender.outbox


@pytest.fixture
def twelve_in_care(social_worker, team_manager, iro):
    from hearth.casework.tests.factories import AllocationFactory
    from hearth.children_in_care import services
    from hearth.children_in_care.models import Provider, ProviderKind
    from hearth.children_in_care.validation import Placement
    from hearth.people.tests.factories import ChildFactory

    today = date.today()
    child = ChildFactory(
        first_name="Maya", last_name="Brooks", date_of_birth=today - timedelta(days=12 * 365 + 40)
    )
    AllocationFactory(child=child, team=social_worker.team, worker=social_worker)
    carers = Provider.objects.create(
        name="The Lewis household",
        kind=ProviderKind.IN_HOUSE_FOSTER,
        provider_code="PR1",
        urn="SC123456",
        postcode="E13 9PJ",
        approved_on=date(2020, 1, 10),
        age_from=0,
        age_to=17,
        capacity=2,
    )
    start = today - timedelta(days=60)
    period = services.care_period_start(
        user=social_worker,
        child=child,
        start_date=start,
        decision_by=team_manager,
        decision_date=start,
        decision_reason="Parents unable to care safely",
        legal_status="C2",
        category_of_need="N1",
        placement=Placement(place="U4", provider=carers),
        home_postcode="E15 4HT",
        iro=iro,
    )
    services.care_plan_record(
        user=social_worker,
        period=period,
        agreed_on=start + timedelta(days=5),
        summary="Stay with the Lewis family",
        child_wishes="To see her gran",
        actions=[
            services.ActionInput(
                what="Visits to see your gran every month",
                who="Your social worker",
                due_on=today + timedelta(days=30),
            )
        ],
    )
    return period


def _code(outbox) -> str:
    return re.search(r"\b(\d{6})\b", outbox[-1]["body"]).group(1)


def test_a_child_gives_views_before_review_and_a_care_leaver_gets_their_health_history(
    page: Page, sign_in, assert_accessible, outbox, twelve_in_care, social_worker, iro
):
    page.set_viewport_size(PHONE)
    child = twelve_in_care.child
    # The worker invites Maya and shares the action about her gran.
    sign_in(page, social_worker)
    page.goto(reverse("portal:staff_child", args=[child.pk]))
    page.get_by_role("link", name="Invite Maya to the portal").click()
    page.get_by_role("radio", name="Email").check()
    page.get_by_label("Their email address or mobile number").fill("maya@example.com")
    assert_accessible(page)
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("Invitation sent to maya@example.com")).to_be_visible()
    action = twelve_in_care.care_plans.get().actions.get()
    page.get_by_label("What to share").select_option(f"plan_action:{action.pk}")
    page.get_by_role("button", name="Share", exact=True).click()
    expect(page.get_by_text("Shared with the young person")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Sign out")).click()

    # Maya sets up her account from the link, with a password and a code.
    link = re.search(r"(/portal/welcome/start/[^/\s]+/)", outbox[0]["body"]).group(1)
    page.goto(link)
    assert_accessible(page)
    page.get_by_label("Choose a username").fill("maya")
    page.get_by_label("Choose a password").fill("Sunflower-Kite-42")
    page.get_by_role("button", name="Set up my account").click()
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Code").fill(_code(outbox))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Hello Maya")).to_be_visible()
    assert_accessible(page)

    # Before her review.
    page.get_by_role("link", name="Before my meeting").click()
    page.get_by_label("My review").check()
    page.get_by_label("What is going well?").fill("I like living with the Lewis family")
    page.get_by_label("What worries you?").fill("I miss my gran")
    assert_accessible(page)
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_text("We have sent your answers")).to_be_visible()

    # Her plan, in plain words.
    page.get_by_role("link", name="My plan").first.click()
    expect(page.get_by_text("Visits to see your gran every month")).to_be_visible()
    expect(page.get_by_text("E13 9PJ")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="You have signed out")).to_be_visible()

    # The review is held; the IRO adds Maya's words to it.
    from hearth.children_in_care import services as cic
    from hearth.children_in_care.models import ViewsSought

    review = cic.review_record(
        user=iro,
        period=twelve_in_care,
        held_on=date.today(),
        iro=iro,
        attendance="Carer, social worker",
        participation="PN7",
        views_sought=ViewsSought.NOT_SOUGHT,
        child_views="Maya did not come to the review.",
    )
    sign_in(page, iro)
    page.goto(reverse("portal:staff_child", args=[child.pk]))
    page.get_by_role("link", name=re.compile("Add to the meeting record")).click()
    page.get_by_label("Which meeting record?").select_option(f"review:{review.pk}")
    assert_accessible(page)
    page.get_by_role("button", name="Add to the record").click()
    expect(page.get_by_text("in their own words").first).to_be_visible()
    page.goto(reverse("children_in_care:child", args=[child.pk]))
    expect(page.get_by_text(re.compile("participation PN6"))).to_be_visible()
    review.refresh_from_db()
    assert "What worries me: I miss my gran" in review.child_views
    page.get_by_role("button", name=re.compile("Sign out")).click()

    # A care leaver downloads their health history; the record shows it was given.
    from hearth.casework import services as casework
    from hearth.people.tests.factories import ChildFactory
    from hearth.portal import services
    from hearth.portal.tests.factories import portal_account

    leaver = portal_account(
        ChildFactory(
            first_name="Jordan", date_of_birth=date.today() - timedelta(days=19 * 365 + 100)
        ),
        "jordan",
    )
    document = casework.document_upload(
        user=social_worker,
        child=leaver.person,
        document_type="report",
        title="Your health history",
        upload=BytesIO(b"%PDF-1.4 health history"),
        original_filename="health-history.pdf",
        content_type="application/pdf",
    )
    services.share_add(
        user=social_worker, person=leaver.person, kind="health_history", object_id=document.pk
    )
    page.goto(reverse("portal:sign_in"))
    page.get_by_label("Username", exact=True).fill(leaver.user.username)
    page.get_by_label("Password", exact=True).fill("password")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Code").fill(_code(outbox))
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("link", name="My health history").click()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download Your health history").click()
    assert download.value.suggested_filename == "health-history.pdf"
    assert leaver.person.health_histories_given.filter(given_on=date.today()).exists()
    page.reload()
    expect(page.get_by_text("You got your health history on")).to_be_visible()
