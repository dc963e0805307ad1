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


def test_the_section_makes_three_queries_whatever_the_number_of_contacts(
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
    # The contacts, then their decisions and referrals at once.
    assert len(large) == len(small) == 3


def test_another_childs_contacts_are_behind_that_childs_page_which_an_outsider_cannot_open(
    frozen, client, social_worker, other_child, allocated_child, make_contact
):
    # The section is part of a page scoped by child_for: an outsider never reaches it.
    make_contact(other_child)
    make_contact(allocated_child)
    client.force_login(social_worker)
    assert client.get(reverse("casework:child_detail", args=[other_child.pk])).status_code == 404
    page = client.get(reverse("casework:child_detail", args=[allocated_child.pk]))
    assert len(allocated_child.front_door_contacts.child_section(social_worker).rows) == 1
    assert _section(page.content.decode()).count("/front-door/contacts/") == 1


def test_a_contact_that_also_names_a_restricted_child_hidden_from_the_worker_is_left_out(
    frozen, social_worker, other_child, allocated_child, make_contact
):
    contact = make_contact(allocated_child)
    ContactPerson.objects.create(contact=contact, person=other_child, is_subject_child=True)
    assert len(allocated_child.front_door_contacts.child_section(social_worker).rows) == 1
    other_child.restricted = True
    other_child.save(update_fields=["restricted"])
    assert allocated_child.front_door_contacts.child_section(social_worker).rows == []
