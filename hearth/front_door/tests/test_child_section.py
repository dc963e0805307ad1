"""The front door section of the casework child page: contacts about the child, route,
consent, decision and referral, in a fixed number of queries."""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hearth.front_door import services
from hearth.front_door.models import ContactPerson
from hearth.front_door.rules import ConsentReason, ConsentStatus, ContactRoute, Outcome
from hearth.front_door.tests.conftest import at

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def frozen():
    with time_machine.travel(at(2026, 11, 24, 15), tick=False):
        yield


def _section(html: str) -> str:
    start = html.index('id="front-door"')
    return html[start : html.index("</h2>", html.index("<h2", start + 20))]


def _refer(make_contact, child, practitioner, manager, **kwargs):
    contact = make_contact(child, **kwargs)
    services.contact_record_consent(
        user=practitioner,
        contact=contact,
        status=ConsentStatus.DISPENSED,
        reason=ConsentReason.SIGNIFICANT_HARM,
        rationale="Father is the alleged abuser.",
    )
    decision = services.decision_record(
        user=practitioner,
        contact=contact,
        level_of_need=3,
        outcome=Outcome.CIN_REFERRAL,
        rationale="Domestic abuse reported twice this month.",
    )
    services.decision_authorise(user=manager, decision=decision)
    return contact


def test_the_childs_page_lists_contacts_with_route_consent_decision_and_referral(
    frozen,
    client,
    social_worker,
    team_manager,
    team_a,
    make_contact,
    mash_practitioner,
    mash_manager,
):
    from hearth.people.tests.factories import ChildFactory

    child = ChildFactory(first_name="Maya", date_of_birth=date(2016, 5, 1))
    referred = _refer(
        make_contact,
        child,
        mash_practitioner,
        mash_manager,
        route=ContactRoute.POLICE,
        referrer_name="PC Dale",
        referral_source="6",
        received_at=at(2026, 11, 23, 9),
    )
    still_open = make_contact(child, route=ContactRoute.EMAIL, received_at=at(2026, 11, 24, 9))
    client.force_login(social_worker)
    # The referral opened a CIN episode; allocate so the social worker may see the child.
    from hearth.casework import services as casework

    casework.allocation_start(
        user=team_manager,
        child=child,
        team=team_a,
        worker=social_worker,
        start_date=date(2026, 11, 24),
    )
    html = client.get(reverse("casework:child_detail", args=[child.pk])).content.decode()
    section = _section(html)
    assert "2 contacts about Maya, 1 still open at the front door" in section
    # Newest first.
    assert section.index(still_open.reference) < section.index(referred.reference)
    assert "by police notification" in section
    assert "PC Dale" in section
    assert "Dispensed with: Seeking consent would place the child at risk of significant harm" in (
        section
    )
    assert "Level 3: Referral to children&#39;s social care (assessment)" in section
    assert "authorised by" in section
    assert "Referral 23 November 2026 (opened the child in need episode)" in section
    assert "No decision yet" in section
    assert reverse("front_door:contact_detail", args=[referred.pk]) in section


def test_a_child_with_no_contacts_says_so(frozen, client, social_worker, allocated_child):
    client.force_login(social_worker)
    html = client.get(reverse("casework:child_detail", args=[allocated_child.pk])).content.decode()
    assert "No contacts about" in _section(html)


def test_the_section_makes_four_queries_whatever_the_number_of_contacts(
    frozen, social_worker, allocated_child, make_contact, mash_practitioner, mash_manager
):
    make_contact(allocated_child)
    links = ContactPerson.objects.filter(person=allocated_child)
    links.child_section(social_worker)  # warm the reference data cache
    with CaptureQueriesContext(connection) as small:
        first = links.child_section(social_worker)
    for day in range(2, 6):
        contact = make_contact(allocated_child, received_at=at(2026, 11, 16 + day))
        services.decision_record(
            user=mash_practitioner,
            contact=contact,
            level_of_need=1,
            outcome=Outcome.NFA,
            rationale="Universal services.",
        )
    with CaptureQueriesContext(connection) as large:
        section = links.child_section(social_worker)
    assert len(first.rows) == 1 and len(section.rows) == 5
    # The user's teams, the contacts, then their decisions and referrals at once.
    assert len(large) == len(small) == 4


def test_contacts_a_worker_may_not_see_are_left_out(
    frozen, social_worker, other_child, allocated_child, make_contact
):
    make_contact(other_child)
    assert other_child.front_door_contacts.child_section(social_worker).rows == []
    make_contact(allocated_child)
    assert len(allocated_child.front_door_contacts.child_section(social_worker).rows) == 1
