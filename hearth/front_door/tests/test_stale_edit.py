"""Optimistic concurrency on the consent page (hearth.core.concurrency)."""

from datetime import date

import pytest
from django.urls import reverse

from hearth.core.concurrency import carries_token
from hearth.core.tests.browser_form import form_data
from hearth.front_door import services
from hearth.front_door.models import Contact
from hearth.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


def test_a_stale_consent_edit_is_refused_and_shows_what_was_saved(
    client, mash_practitioner, mash_manager, make_contact
):
    contact = make_contact(ChildFactory(date_of_birth=date(2016, 5, 1)))
    url = reverse("front_door:contact_consent", args=[contact.pk])
    client.force_login(mash_practitioner)
    page = client.get(url).content.decode()
    assert carries_token(page)
    data = form_data(page)
    services.contact_record_consent(user=mash_manager, contact=contact, status="refused")
    data["consent_status"] = "given"
    page = client.post(url, data).content.decode()
    assert "changed this record after you opened it" in page
    assert "Refused" in page and 'id="edit-conflicts"' in page
    assert Contact.objects.get(pk=contact.pk).consent_status == "refused"


def test_a_stale_rag_change_is_refused_with_both_ratings_named(
    client, mash_practitioner, mash_manager, make_contact
):
    contact = make_contact(ChildFactory(date_of_birth=date(2016, 5, 1)))
    client.force_login(mash_practitioner)
    page = client.get(reverse("front_door:contact_detail", args=[contact.pk])).content.decode()
    data = form_data(page)
    services.contact_set_rag(user=mash_manager, contact=contact, rag="red")
    data["rag"] = "green"
    response = client.post(reverse("front_door:contact_rag", args=[contact.pk]), data, follow=True)
    assert "Someone changed the RAG rating to Red" in response.content.decode()
    assert Contact.objects.get(pk=contact.pk).rag == "red"
