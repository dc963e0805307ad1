"""The front door in the browser: a school refers a child through the partner portal; a MASH
practitioner finds it in the queue, links the child through the duplicate matcher, merges it
into the open contact about the same child, records consent dispensed with (and is stopped
without a reason), requests a health check, and proposes a level 3 referral; the MASH manager
authorises it, which opens the child in need episode; the school sees the outcome. Every page
is checked with axe-core (WCAG 2.2 A/AA).

The data is built through the services; the browser and the live server run on the real
clock, so times are relative to now."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.system


@pytest.fixture
def mash_team(db):
    from hearth.accounts.models import ServiceKind
    from hearth.accounts.tests.factories import ServiceFactory, TeamFactory

    service = ServiceFactory(name="MASH and front door", kind=ServiceKind.MASH)
    return TeamFactory(name="MASH", service=service)


@pytest.fixture
def mash_practitioner(mash_team):
    from hearth.accounts.models import Role
    from hearth.accounts.tests.factories import UserFactory

    return UserFactory(
        username="mash.one", first_name="Priya", last_name="Shah", role=Role.MASH_PRACTITIONER,
        team=mash_team,
    )  # fmt: skip


@pytest.fixture
def mash_manager(mash_team):
    from hearth.accounts.models import Role
    from hearth.accounts.tests.factories import UserFactory

    manager = UserFactory(
        username="mash.manager", first_name="Tom", last_name="Reid", role=Role.TEAM_MANAGER,
        team=mash_team,
    )  # fmt: skip
    mash_team.manager = manager
    mash_team.save()
    return manager


@pytest.fixture
def maya(db):
    from hearth.people.tests.factories import ChildFactory

    return ChildFactory(first_name="Maya", last_name="Harris", date_of_birth=date(2016, 5, 1))


@pytest.fixture
def open_contact(maya, mash_practitioner):
    """The health visitor phoned about Maya an hour ago: an open contact about her."""
    from hearth.front_door import services

    contact = services.contact_create(
        user=mash_practitioner,
        route="phone",
        received_at=timezone.now() - timedelta(hours=1),
        referral_source="3B",
        referrer_name="Jo Evans",
        referrer_agency="Hearthside Health Visiting",
        concern="Mother disclosed that her partner hit her in front of Maya last night.",
    )
    services.contact_link_person(user=mash_practitioner, contact=contact, person=maya)
    return contact


@pytest.fixture(autouse=True)
def patient(page: Page) -> None:
    """This journey has many steps; on the shared, loaded machine a page can take longer than
    the suite's 15 seconds. Give each step a minute."""
    page.set_default_timeout(60_000)
    expect.set_options(timeout=60_000)


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def test_a_partner_referral_becomes_a_referral_and_the_partner_sees_the_outcome(
    page: Page,
    sign_in,
    assert_accessible,
    partner_referrer,
    mash_practitioner,
    mash_manager,
    senior_leader,
    maya,
    open_contact,
):
    from hearth.assessments.models import CINEpisode
    from hearth.front_door.models import Contact

    # 1. The school refers through the portal and is given a reference at once.
    sign_in(page, partner_referrer)
    page.goto("/front-door/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your referrals")
    page.get_by_role("button", name="Make a referral").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Make a referral to children's social care"
    )
    assert_accessible(page)
    page.get_by_label("Your name").fill("Sam Patel")
    page.get_by_label("Your role").fill("Designated safeguarding lead")
    page.get_by_label("Your phone number").fill("020 7946 0000")
    page.get_by_label("Which kind of agency are you referring from?").select_option("2A")
    page.get_by_label("Child's first name").fill("Maya")
    page.get_by_label("Child's last name").fill("Harris")
    page.locator('input[name="child_date_of_birth-day"]').fill("1")
    page.locator('input[name="child_date_of_birth-month"]').fill("5")
    page.locator('input[name="child_date_of_birth-year"]').fill("2016")
    page.get_by_label("What are you worried about?").fill(
        "Maya told her teacher that mum's boyfriend shouts and hits mum; she is scared to go home."
    )
    page.get_by_label("No, the family does not know").check()
    page.get_by_label("Refused").check()
    page.get_by_role("button", name="Send the referral").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("Referral received")
    reference = page.locator(".govuk-panel__body strong").inner_text().strip()
    assert re.fullmatch(r"C\d{6}", reference)
    expect(page.get_by_text("A decision is due within 1 working day")).to_be_visible()
    assert_accessible(page)
    portal = Contact.objects.get(submitted_by=partner_referrer)
    sign_out(page)

    # 2. The MASH practitioner finds it in the queue, by route, with the time waiting.
    sign_in(page, mash_practitioner)
    page.goto("/front-door/")
    row = page.get_by_role("row").filter(has_text=reference)
    expect(row).to_contain_text("Partner portal")
    expect(row).to_contain_text("Decision due")
    assert_accessible(page)
    row.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Contact {reference}")
    assert_accessible(page)

    # Links the child through the duplicate matcher: the existing record, not a new one.
    page.get_by_role("link", name="Add a child or adult").click()
    expect(page.get_by_label("First name")).to_have_value("Maya")
    page.get_by_role("button", name="Search for existing records").click()
    expect(page.get_by_role("heading", name="Possible matches")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Link the chosen record").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Maya Harris linked")

    # The health visitor's open contact about Maya is flagged; merge this one into it.
    warning = page.locator(".govuk-warning-text", has_text="Possible duplicate")
    expect(warning).to_contain_text(open_contact.reference)
    warning.get_by_role("link", name="Merge this contact").click()
    assert_accessible(page)
    page.get_by_label(re.compile(open_contact.reference)).check()
    page.get_by_label("Reason").fill("Same incident reported by school and health visitor")
    page.get_by_role("button", name="Merge").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Contact {open_contact.reference}")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"{reference} merged into {open_contact.reference}"
    )
    # Both sources are kept: the queue counts the merged contact by its route.
    page.goto("/front-door/")
    merged_row = page.get_by_role("row").filter(has_text=open_contact.reference)
    expect(merged_row).to_contain_text("1 merged (1 partner portal)")
    expect(page.get_by_role("row").filter(has_text=reference)).to_have_count(0)
    merged_row.get_by_role("link", name=open_contact.reference).click()

    # Consent dispensed with: refused without a reason, accepted with one.
    page.get_by_role("link", name="Change consent").click()
    page.get_by_role("radio", name="Dispensed with").check()
    page.get_by_role("button", name="Save consent").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select why consent was dispensed with")
    expect(summary).to_contain_text("Explain why consent was dispensed with")
    assert_accessible(page)
    page.get_by_label("Reason consent was not sought or was dispensed with").select_option(
        "significant_harm"
    )
    page.get_by_label("Rationale").fill(
        "Telling mother's partner could put Maya and her mother at risk."
    )
    page.get_by_role("button", name="Save consent").click()
    expect(page.locator(".govuk-summary-list")).to_contain_text(
        "Dispensed with: Seeking consent would place the child at risk of significant harm"
    )

    # A health check, red: due in 4 hours; the health visitor answers.
    page.get_by_role("link", name="Request a check from a partner agency").click()
    page.get_by_label("Agency").select_option("health")
    page.get_by_label("Red: response within 4 hours").check()
    page.get_by_label("What you are asking").fill("Any health concerns for Maya or her mother?")
    assert_accessible(page)
    page.get_by_role("button", name="Request the check").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Health check requested")
    page.get_by_role("link", name="Record the response from Health").click()
    page.get_by_label("The agency's response").fill(
        "Mother attended A&E in March with a facial injury."
    )
    page.get_by_label("Who gave the response").fill("Jo Evans, health visitor")
    page.get_by_role("button", name="Save the response").click()
    expect(
        page.get_by_role("table", name="Information requests to partner agencies")
    ).to_contain_text("facial injury")

    # The decision: level 3, a referral; it waits for the manager.
    page.get_by_role("link", name="Record the decision").click()
    expect(page.get_by_role("heading", name="Threshold guidance")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Level 3: Targeted: child in need").check()
    page.get_by_label("Level 3: Family: domestic abuse in the household").check()
    page.get_by_label("Referral to children's social care (assessment)").check()
    page.get_by_label("Reasons for the decision").fill(
        "Domestic abuse witnessed by Maya, reported by school and health; injury history."
    )
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Decision sent to a manager to authorise"
    )
    expect(page.locator(".govuk-inset-text")).to_contain_text("waiting for a manager")
    sign_out(page)

    # 3. The manager authorises: the referral opens Maya's child in need episode.
    sign_in(page, mash_manager)
    page.goto(f"/front-door/contacts/{open_contact.pk}/")
    page.get_by_role("link", name="Authorise or return it").click()
    assert_accessible(page)
    page.get_by_role("button", name="Authorise").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Decision authorised")
    expect(page.get_by_role("table", name="People on this contact")).to_contain_text("Referral")
    # Feedback to each referrer: the school's own (merged) contact records how it was told.
    page.goto(f"/front-door/contacts/{portal.pk}/")
    expect(page.locator(".govuk-inset-text")).to_contain_text(
        f"merged into {open_contact.reference}"
    )
    page.get_by_role("link", name="Record feedback to the referrer").click()
    page.get_by_label("How was the referrer told?").fill("Phone call to the school")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Feedback")
    episode = CINEpisode.objects.get(child=maya)
    assert episode.referral_date == timezone.localdate(open_contact.received_at)
    assert episode.referral_source == "3B"
    assert portal.pk != open_contact.pk
    sign_out(page)

    # The child's page shows both contacts, the decision and the referral.
    sign_in(page, senior_leader)
    page.goto(f"/children/{maya.pk}/")
    section = page.locator(".govuk-summary-card", has_text=f"Contact {open_contact.reference}")
    expect(section).to_contain_text("Level 3: Referral to children's social care (assessment)")
    expect(section).to_contain_text("opened the child in need episode")
    expect(page.locator(".govuk-summary-card", has_text=f"Contact {reference}")).to_contain_text(
        f"Merged into {open_contact.reference}"
    )
    assert_accessible(page)
    sign_out(page)

    # 4. The school sees the outcome in plain words, never the case record.
    sign_in(page, partner_referrer)
    page.goto("/front-door/portal/")
    row = page.get_by_role("row").filter(has_text=reference)
    expect(row).to_contain_text("accepted this as a referral and will assess the child's needs")
    row.get_by_role("link", name=reference).click()
    expect(page.get_by_text("The MASH gave you feedback")).to_contain_text(
        "Phone call to the school"
    )
    expect(page.locator("body")).not_to_contain_text("facial injury")
    assert_accessible(page)
