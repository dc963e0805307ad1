from datetime import date

import pytest
from django.urls import reverse
from markupsafe import escape

from hearth.core.concurrency import token_in
from hearth.core.models import AuditAction, AuditEntry
from hearth.people.models import Address, Person, Relationship
from hearth.people.tests.factories import (
    AddressFactory,
    AdultFactory,
    ChildFactory,
    RelationshipFactory,
)

pytestmark = pytest.mark.django_db


def _child_post(**overrides):
    data = {
        "first_name": "Amara",
        "last_name": "Okafor",
        "date_of_birth-day": "14",
        "date_of_birth-month": "3",
        "date_of_birth-year": "2015",
        "sex": "F",
        "ethnicity": "BAFR",
        "disabilities": ["NONE"],
        "nhs_number": "943 476 5919",
    }
    data.update(overrides)
    return data


def _adult_post(**overrides):
    data = {
        "first_name": "Grace",
        "last_name": "Okafor",
        "date_of_birth-day": "2",
        "date_of_birth-month": "6",
        "date_of_birth-year": "1988",
        "sex": "F",
        "kind": "parent",
        "parental_responsibility": "on",
        "lives_with": "on",
    }
    data.update(overrides)
    return data


@pytest.fixture
def mother(allocated_child):
    mother = AdultFactory(first_name="Grace", last_name="Okafor")
    RelationshipFactory(child=allocated_child, relative=mother)
    return mother


class TestAddChild:
    def test_a_new_child_with_no_likely_match_is_created(self, client, mash_worker):
        client.force_login(mash_worker)
        response = client.post(reverse("people:add_child"), _child_post())
        child = Person.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("casework:child_detail", args=[child.pk])
        assert child.nhs_number == "9434765919"

    def test_missing_details_show_an_error_summary_and_save_nothing(self, client, mash_worker):
        client.force_login(mash_worker)
        response = client.post(
            reverse("people:add_child"),
            _child_post(
                first_name="",
                **{"date_of_birth-day": "", "date_of_birth-month": "", "date_of_birth-year": ""},
            ),
        )
        page = response.content.decode()
        assert response.status_code == 200
        assert "There is a problem" in page
        assert "Enter their first name" in page
        assert "Enter a date of birth, or an expected date of birth" in page
        assert not Person.objects.exists()

    def test_an_invalid_nhs_number_is_an_error(self, client, mash_worker):
        client.force_login(mash_worker)
        response = client.post(reverse("people:add_child"), _child_post(nhs_number="9434765918"))
        assert "the check digit does not match" in response.content.decode()
        assert not Person.objects.exists()

    def test_likely_matches_are_offered_before_a_new_record_is_made(
        self, client, mash_worker, allocated_child
    ):
        client.force_login(mash_worker)
        response = client.post(reverse("people:add_child"), _child_post(first_name="Amarah"))
        page = response.content.decode()
        assert "Check this child is not already recorded" in page
        assert allocated_child.la_child_id in page
        assert "None of these: create a new record" in page
        assert 'name="first_name" value="Amarah"' in page  # carried to the next step
        assert Person.objects.count() == 1

    def test_choosing_nothing_on_the_check_is_an_error(self, client, mash_worker, allocated_child):
        client.force_login(mash_worker)
        response = client.post(reverse("people:add_child"), {**_child_post(), "decision": ""})
        assert "Select the person if they are already recorded" in response.content.decode()
        assert Person.objects.count() == 1

    def test_choosing_an_existing_child_makes_no_new_record(
        self, client, mash_worker, allocated_child
    ):
        client.force_login(mash_worker)
        response = client.post(
            reverse("people:add_child"), {**_child_post(), "decision": str(allocated_child.pk)}
        )
        assert response["Location"] == reverse("casework:child_detail", args=[allocated_child.pk])
        assert Person.objects.count() == 1

    def test_none_of_these_creates_a_new_record(self, client, mash_worker, allocated_child):
        client.force_login(mash_worker)
        client.post(reverse("people:add_child"), {**_child_post(), "decision": "new"})
        assert Person.objects.count() == 2

    def test_a_match_outside_the_users_circle_is_mentioned_but_not_revealed(
        self, client, social_worker, other_child
    ):
        client.force_login(social_worker)
        response = client.post(
            reverse("people:add_child"),
            _child_post(first_name=other_child.first_name, last_name=other_child.last_name),
        )
        page = response.content.decode()
        assert "a record you do not have access to" in page
        assert "Ask the MASH team to check it" in page
        assert other_child.la_child_id not in page
        assert f'value="{other_child.pk}"' not in page

    def test_a_child_the_creator_cannot_see_yet_gets_a_confirmation(self, client, social_worker):
        client.force_login(social_worker)
        response = client.post(reverse("people:add_child"), _child_post())
        assert response.status_code == 200
        assert "Record created" in response.content.decode()

    def test_partner_referrers_cannot_add_children(self, client, partner_referrer):
        client.force_login(partner_referrer)
        assert client.get(reverse("people:add_child")).status_code == 404


class TestEditPerson:
    def test_the_form_shows_the_current_details(self, client, social_worker, allocated_child):
        client.force_login(social_worker)
        response = client.get(reverse("people:edit", args=[allocated_child.pk]))
        assert response.status_code == 200
        assert 'value="Amara"' in response.content.decode()

    def test_changes_are_saved_and_audited(self, client, social_worker, allocated_child):
        client.force_login(social_worker)
        url = reverse("people:edit", args=[allocated_child.pk])
        token = token_in(client.get(url).content.decode())
        data = _child_post(known_as="Mara", reason="Corrected", edit_token=token)
        response = client.post(url, data)
        assert response.status_code == 302
        allocated_child.refresh_from_db()
        assert allocated_child.known_as == "Mara"
        entry = AuditEntry.objects.get(action=AuditAction.UPDATE)
        assert entry.reason == "Corrected" and entry.child_id == allocated_child.pk

    def test_a_bad_upn_shows_an_error_and_changes_nothing(
        self, client, social_worker, allocated_child
    ):
        client.force_login(social_worker)
        response = client.post(
            reverse("people:edit", args=[allocated_child.pk]),
            _child_post(known_as="Mara", upn="A801200005001"),
        )
        assert "the check letter does not match" in response.content.decode()
        allocated_child.refresh_from_db()
        assert allocated_child.known_as == ""

    def test_a_date_of_death_before_birth_is_refused_by_the_service(
        self, client, social_worker, allocated_child
    ):
        client.force_login(social_worker)
        url = reverse("people:edit", args=[allocated_child.pk])
        response = client.post(
            url,
            _child_post(
                edit_token=token_in(client.get(url).content.decode()),
                **{
                    "date_of_death-day": "1",
                    "date_of_death-month": "1",
                    "date_of_death-year": "2010",
                },
            ),
        )
        assert "Date of death must be on or after the date of birth" in response.content.decode()

    def test_an_outsider_gets_not_found(self, client, other_worker, allocated_child):
        client.force_login(other_worker)
        response = client.get(reverse("people:edit", args=[allocated_child.pk]))
        assert response.status_code == 404
        assert AuditEntry.objects.filter(action=AuditAction.DENIED, actor=other_worker).exists()


class TestAddresses:
    def test_address_history_lists_addresses(self, client, social_worker, allocated_child):
        AddressFactory(person=allocated_child, line_1="1 Hearth Road")
        client.force_login(social_worker)
        response = client.get(reverse("people:addresses", args=[allocated_child.pk]))
        assert "1 Hearth Road" in response.content.decode()

    def test_a_new_address_is_saved(self, client, social_worker, allocated_child):
        client.force_login(social_worker)
        response = client.post(
            reverse("people:address_add", args=[allocated_child.pk]),
            {
                "line_1": "4 Hearth Road",
                "town": "London",
                "postcode": "e15 4bq",
                "start_date-day": "1",
                "start_date-month": "5",
                "start_date-year": "2025",
            },
        )
        assert response.status_code == 302
        assert allocated_child.addresses.get().postcode == "E15 4BQ"

    def test_a_bad_postcode_shows_an_error_summary(self, client, social_worker, allocated_child):
        client.force_login(social_worker)
        response = client.post(
            reverse("people:address_add", args=[allocated_child.pk]),
            {
                "line_1": "4 Hearth Road",
                "town": "London",
                "postcode": "E15",
                "start_date-day": "1",
                "start_date-month": "5",
                "start_date-year": "2025",
            },
        )
        page = response.content.decode()
        assert "There is a problem" in page and "Enter a full UK postcode" in page
        assert not Address.objects.exists()

    def test_moving_out_is_recorded(self, client, social_worker, allocated_child):
        address = AddressFactory(person=allocated_child, start_date=date(2020, 1, 1))
        client.force_login(social_worker)
        response = client.post(
            reverse("people:address_end", args=[allocated_child.pk, address.pk]),
            {"end_date-day": "1", "end_date-month": "1", "end_date-year": "2024"},
        )
        assert response.status_code == 302
        address.refresh_from_db()
        assert address.end_date == date(2024, 1, 1)

    @pytest.mark.parametrize("name", ["addresses", "address_add"])
    def test_an_outsider_gets_not_found(self, client, other_worker, allocated_child, name):
        client.force_login(other_worker)
        assert client.get(reverse(f"people:{name}", args=[allocated_child.pk])).status_code == 404

    def test_an_outsider_cannot_end_an_address(self, client, other_worker, allocated_child):
        address = AddressFactory(person=allocated_child)
        client.force_login(other_worker)
        url = reverse("people:address_end", args=[allocated_child.pk, address.pk])
        assert client.get(url).status_code == 404


class TestFamily:
    def test_the_family_page_shows_the_diagram_and_its_text_alternative(
        self, client, social_worker, allocated_child, mother
    ):
        client.force_login(social_worker)
        response = client.get(reverse("people:family", args=[allocated_child.pk]))
        page = response.content.decode()
        assert 'role="img"' in page and '<title id="network-title-' in page
        assert "Grace Okafor" in page
        assert "<caption" in page and "Parental responsibility" in page

    def test_searching_finds_visible_people_to_add(
        self, client, social_worker, allocated_child, mother, other_child
    ):
        ChildFactory(first_name="Kemi", last_name="Okafor")
        client.force_login(social_worker)
        response = client.get(
            reverse("people:family_add", args=[allocated_child.pk]), {"q": "Okafor"}
        )
        page = response.content.decode()
        assert "Grace Okafor" not in page  # already in the network
        assert "Kemi" not in page  # not visible to this worker
        assert "Record a new adult" in page

    def test_an_existing_person_is_linked(self, client, mash_worker, allocated_child, other_child):
        client.force_login(mash_worker)
        response = client.post(
            reverse("people:family_link", args=[allocated_child.pk, other_child.pk]),
            {"kind": "sibling"},
        )
        assert response.status_code == 302
        assert Relationship.objects.filter(child=allocated_child, relative=other_child).exists()

    def test_linking_without_a_relationship_shows_an_error(
        self, client, mash_worker, allocated_child, other_child
    ):
        client.force_login(mash_worker)
        response = client.post(
            reverse("people:family_link", args=[allocated_child.pk, other_child.pk]), {}
        )
        assert "Select how they are related to the child" in response.content.decode()

    def test_a_new_adult_is_created_and_linked(self, client, social_worker, allocated_child):
        client.force_login(social_worker)
        response = client.post(
            reverse("people:family_new", args=[allocated_child.pk]), _adult_post()
        )
        assert response.status_code == 302
        rel = Relationship.objects.get(child=allocated_child)
        assert rel.relative.full_name == "Grace Okafor"
        assert rel.parental_responsibility and rel.lives_with

    def test_a_likely_match_is_offered_and_can_be_chosen_instead(
        self, client, social_worker, allocated_child, mother
    ):
        sibling = ChildFactory(first_name="Kemi")
        from hearth.casework.tests.factories import AllocationFactory

        AllocationFactory(child=sibling, team=social_worker.team, worker=social_worker)
        client.force_login(social_worker)
        url = reverse("people:family_new", args=[sibling.pk])
        page = client.post(url, _adult_post(first_name="Grayce")).content.decode()
        assert "Check this person is not already recorded" in page
        response = client.post(
            url, {**_adult_post(first_name="Grayce"), "decision": str(mother.pk)}
        )
        assert response.status_code == 302
        assert Relationship.objects.filter(child=sibling, relative=mother).exists()
        assert Person.objects.adults().count() == 1

    def test_a_relationship_is_ended(self, client, social_worker, allocated_child, mother):
        rel = Relationship.objects.get(relative=mother)
        client.force_login(social_worker)
        response = client.post(
            reverse("people:relationship_end", args=[allocated_child.pk, rel.pk]),
            {
                "end_date-day": "1",
                "end_date-month": "1",
                "end_date-year": "2024",
                "reason": "Moved away",
            },
        )
        assert response.status_code == 302
        rel.refresh_from_db()
        assert rel.end_date == date(2024, 1, 1) and rel.end_reason == "Moved away"

    def test_ending_without_a_date_shows_an_error(
        self, client, social_worker, allocated_child, mother
    ):
        rel = Relationship.objects.get(relative=mother)
        client.force_login(social_worker)
        response = client.post(
            reverse("people:relationship_end", args=[allocated_child.pk, rel.pk]), {}
        )
        assert "Enter the date the relationship ended" in response.content.decode()

    @pytest.mark.parametrize("name", ["family", "family_add", "family_new"])
    def test_an_outsider_gets_not_found(self, client, other_worker, allocated_child, name):
        client.force_login(other_worker)
        assert client.get(reverse(f"people:{name}", args=[allocated_child.pk])).status_code == 404

    def test_an_outsider_cannot_link_or_end(self, client, other_worker, allocated_child, mother):
        rel = Relationship.objects.get(relative=mother)
        client.force_login(other_worker)
        link = reverse("people:family_link", args=[allocated_child.pk, mother.pk])
        end = reverse("people:relationship_end", args=[allocated_child.pk, rel.pk])
        assert client.get(link).status_code == 404
        assert client.get(end).status_code == 404


class TestAdultPage:
    def test_an_adult_linked_to_a_visible_child_can_be_seen(
        self, client, social_worker, allocated_child, mother
    ):
        client.force_login(social_worker)
        response = client.get(reverse("people:person_detail", args=[mother.pk]))
        page = response.content.decode()
        assert response.status_code == 200
        assert "Grace Okafor" in page and escape(allocated_child.full_name) in page
        assert AuditEntry.objects.filter(action=AuditAction.VIEW, object_id=str(mother.pk)).exists()

    def test_an_outsider_gets_not_found_and_the_attempt_is_audited(
        self, client, other_worker, mother
    ):
        client.force_login(other_worker)
        response = client.get(reverse("people:person_detail", args=[mother.pk]))
        assert response.status_code == 404
        assert AuditEntry.objects.filter(
            action=AuditAction.DENIED, actor=other_worker, object_id=str(mother.pk)
        ).exists()

    def test_a_childs_person_page_is_the_child_page(self, client, social_worker, allocated_child):
        client.force_login(social_worker)
        response = client.get(reverse("people:person_detail", args=[allocated_child.pk]))
        assert response["Location"] == reverse("casework:child_detail", args=[allocated_child.pk])

    def test_an_adult_can_be_seen_by_team_colleagues_through_the_child(
        self, colleague, mother, other_worker
    ):
        assert mother in Person.objects.visible_to(colleague)
        assert mother not in Person.objects.visible_to(other_worker)

    def test_an_adult_linked_only_to_a_restricted_child_is_hidden_too(
        self, social_worker, colleague, allocated_child, mother
    ):
        allocated_child.restricted = True
        allocated_child.save()
        allocated_child.restricted_to.add(social_worker)
        assert mother in Person.objects.visible_to(social_worker)
        assert mother not in Person.objects.visible_to(colleague)

    def test_an_adult_linked_to_an_ended_allocation_is_hidden(
        self, social_worker, allocated_child, mother
    ):
        allocated_child.allocations.update(end_date=date(2020, 1, 2), start_date=date(2020, 1, 1))
        assert mother not in Person.objects.visible_to(social_worker)


class TestSearch:
    def test_search_still_finds_visible_children(self, client, social_worker, allocated_child):
        client.force_login(social_worker)
        response = client.get(reverse("people:search"), {"q": "Okafor"})
        assert escape(allocated_child.full_name) in response.content.decode()


class TestChildSummaryPartial:
    def test_the_summary_renders_identity_identifiers_and_address(self, rf, allocated_child):
        from django.template.loader import render_to_string

        AddressFactory(person=allocated_child, line_1="7 Elm Row", postcode="E15 4BQ")
        html = render_to_string("people/_child_summary.html", {"child": allocated_child})
        assert "Personal details" in html
        assert allocated_child.la_child_id in html
        assert "7 Elm Row" in html
        assert reverse("people:edit", args=[allocated_child.pk]) in html
