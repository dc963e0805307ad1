"""Nothing is visible to a young person unless staff shared it; addresses only when shared
and confirmed safe; nothing of anyone else's can be shared or opened."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from hearth.casework import services as casework
from hearth.people.tests.factories import AddressFactory
from hearth.portal import services
from hearth.portal.models import Share


@pytest.fixture
def plan_actions(period, social_worker):
    from hearth.children_in_care import services as cic

    cic_plan = cic.care_plan_record(
        user=social_worker,
        period=period,
        agreed_on=date(2026, 5, 20),
        summary="Stay with the Adeyemis while we plan for the long term",
        child_wishes="Wants to see her brother",
        actions=[
            cic.ActionInput(
                what="Arrange contact with your brother", who="Megan", due_on=date(2026, 7, 1)
            ),
            cic.ActionInput(what="Secret court work", who="Legal", due_on=date(2026, 7, 2)),
        ],
    )
    return list(cic_plan.actions.order_by("due_on"))


def _document(user, child, title):
    return casework.document_upload(
        user=user,
        child=child,
        document_type="letter",
        title=title,
        upload=BytesIO(b"%PDF-1.4 letter"),
        original_filename="letter.pdf",
        content_type="application/pdf",
    )


def test_nothing_unshared_reaches_the_young_person(
    young_person, plan_actions, social_worker, allocated_child
):
    _document(social_worker, allocated_child, "Letter from Mum")
    AddressFactory(person=allocated_child, line_1="12 Hidden Road", postcode="E13 9PJ")
    plan = young_person.get(reverse("portal:plan")).content.decode()
    story = young_person.get(reverse("portal:story")).content.decode()
    assert "Arrange contact" not in plan and "Secret court work" not in plan
    assert "Hidden Road" not in plan and "E13 9PJ" not in plan
    assert "Letter from Mum" not in story
    assert "Nothing has been shared with you yet" in plan


def test_a_shared_action_shows_in_plain_words_and_the_rest_stays_hidden(
    young_person, plan_actions, social_worker, allocated_child
):
    services.share_add(
        user=social_worker, person=allocated_child, kind="plan_action", object_id=plan_actions[0].pk
    )
    plan = young_person.get(reverse("portal:plan")).content.decode()
    assert "Arrange contact with your brother" in plan
    assert "Secret court work" not in plan
    assert "Your social worker" in plan and str(social_worker) in plan


def test_an_address_is_shared_only_when_staff_confirm_it_is_safe(
    young_person, account, social_worker, allocated_child
):
    address = AddressFactory(person=allocated_child, line_1="12 Hidden Road", postcode="E13 9PJ")
    with pytest.raises(ValidationError, match="safe"):
        services.share_add(
            user=social_worker, person=allocated_child, kind="address", object_id=address.pk
        )
    assert "Hidden Road" not in young_person.get(reverse("portal:plan")).content.decode()
    services.share_add(
        user=social_worker,
        person=allocated_child,
        kind="address",
        object_id=address.pk,
        address_is_safe=True,
    )
    assert "Hidden Road" in young_person.get(reverse("portal:plan")).content.decode()


def test_the_placement_address_never_shows_on_the_plan(
    young_person, plan_actions, social_worker, allocated_child
):
    for action in plan_actions:
        services.share_add(
            user=social_worker, person=allocated_child, kind="plan_action", object_id=action.pk
        )
    plan = young_person.get(reverse("portal:plan")).content.decode()
    assert "E13 9PJ" not in plan and "Adeyemi" not in plan


def test_nothing_of_another_childs_can_be_shared_or_opened(
    young_person, account, social_worker, other_worker, other_child, allocated_child
):
    theirs = _document(other_worker, other_child, "Ben's letter")
    with pytest.raises(ValidationError, match="this young person"):
        services.share_add(
            user=social_worker, person=allocated_child, kind="document", object_id=theirs.pk
        )
    share = Share.objects.create(
        person=other_child, kind="document", object_id=theirs.pk, shared_by=other_worker
    )
    assert young_person.get(reverse("portal:file", args=[share.pk])).status_code == 404


def test_a_shared_document_downloads_and_stops_when_withdrawn(
    young_person, account, social_worker, allocated_child
):
    document = _document(social_worker, allocated_child, "Photo of my first school")
    staff = Client()
    staff.force_login(social_worker)
    staff.post(
        reverse("portal:staff_share", args=[allocated_child.pk]),
        {"item": f"document:{document.pk}"},
    )
    share = Share.objects.current().get(person=allocated_child)
    assert "Photo of my first school" in young_person.get(reverse("portal:story")).content.decode()
    assert young_person.get(reverse("portal:file", args=[share.pk])).status_code == 200
    staff.post(reverse("portal:staff_share_withdraw", args=[allocated_child.pk, share.pk]))
    assert young_person.get(reverse("portal:file", args=[share.pk])).status_code == 404
    assert (
        "Photo of my first school" not in young_person.get(reverse("portal:story")).content.decode()
    )
