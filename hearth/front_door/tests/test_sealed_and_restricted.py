"""A sealed (adopted) child's pre-adoption contacts leave the front door for everyone outside
the sealed-record roles: the queue, its counts, the contact page and the API all go through
`Contact.objects.visible_to`, which applies the people app's exclusion registry. A restricted
child's contacts stay hidden from everyone not named on the record."""

from datetime import date

import pytest
from django.urls import reverse

from hearth.api.selectors import referrals_for
from hearth.front_door.models import Contact
from hearth.privacy.sealing import sealed_record_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def sealed_contact(make_contact, allocated_child, social_worker):
    contact = make_contact(allocated_child)
    sealed_record_create(
        child=allocated_child, user=social_worker, sealed_on=date(2026, 6, 9), reason="Order"
    )
    return contact


def _listed(user, contact) -> bool:
    return Contact.objects.visible_to(user).filter(pk=contact.pk).exists()


def test_a_sealed_childs_contact_leaves_the_workers_and_the_mash_queues_list_and_counts(
    sealed_contact, social_worker, mash_practitioner
):
    assert not _listed(social_worker, sealed_contact)
    assert not _listed(mash_practitioner, sealed_contact)
    assert Contact.objects.visible_to(mash_practitioner).route_summary() == []
    assert not referrals_for(social_worker).filter(pk=sealed_contact.pk).exists()


def test_a_sealed_childs_contact_page_is_the_outsiders_not_found(
    client, sealed_contact, mash_practitioner
):
    client.force_login(mash_practitioner)
    url = reverse("front_door:contact_detail", args=[sealed_contact.pk])
    assert client.get(url).status_code == 404


def test_a_sealed_record_role_still_finds_and_opens_the_contact(
    client, sealed_contact, senior_leader
):
    assert _listed(senior_leader, sealed_contact)
    client.force_login(senior_leader)
    url = reverse("front_door:contact_detail", args=[sealed_contact.pk])
    assert client.get(url).status_code == 200


def test_a_contact_naming_a_restricted_sibling_is_left_out_for_everyone_not_named(
    make_contact, allocated_child, social_worker, mash_practitioner
):
    from hearth.people.tests.factories import ChildFactory

    sibling = ChildFactory(restricted=True)
    contact = make_contact(allocated_child, sibling)
    assert not _listed(social_worker, contact)
    assert not _listed(mash_practitioner, contact)
    sibling.restricted_to.add(social_worker)
    assert _listed(social_worker, contact)


def test_the_api_leaves_a_sealed_childs_referral_out_for_the_partner_who_sent_it(
    make_contact, allocated_child, social_worker, partner_referrer
):
    from django.core.cache import cache
    from django.test import Client

    from hearth.api.services import token_create

    cache.clear()
    contact = make_contact(allocated_child)
    Contact.objects.filter(pk=contact.pk).update(submitted_by=partner_referrer)
    secret = token_create(user=None, owner=partner_referrer, name="Test").secret
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert [r["id"] for r in client.get("/api/v1/referrals/").json()] == [contact.pk]

    sealed_record_create(
        child=allocated_child, user=social_worker, sealed_on=date(2026, 6, 9), reason="Order"
    )
    assert client.get("/api/v1/referrals/").json() == []
    assert client.get(f"/api/v1/referrals/{contact.pk}/").status_code == 404
