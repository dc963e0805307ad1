from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError

from hearth.casework.models import ChronologyEntry
from hearth.core.models import AuditAction, AuditEntry
from hearth.people import services
from hearth.people.models import Address, Person, Relationship, RelationshipKind
from hearth.people.tests.factories import AddressFactory, AdultFactory, ChildFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today(time_machine):
    time_machine.move_to(datetime(2025, 6, 2, 10, 0), tick=False)


def _new_child(user, **overrides):
    data = {
        "first_name": "Amara",
        "last_name": "Okafor",
        "date_of_birth": date(2015, 3, 14),
        "sex": "F",
        "ethnicity": "BAFR",
        "disabilities": ["COMM", "LD"],
        "nhs_number": "943 476 5919",
        "upn": "B801200005001",
    }
    data.update(overrides)
    return services.person_create(user=user, **data)


class TestPersonCreate:
    def test_a_new_child_is_saved_and_audited(self, social_worker):
        child = _new_child(social_worker)
        assert child.la_child_id.startswith("HC")
        assert child.nhs_number == "9434765919"
        assert sorted(child.disabilities.values_list("code", flat=True)) == ["COMM", "LD"]
        entry = AuditEntry.objects.get(action=AuditAction.CREATE, object_type="people.person")
        assert entry.child_id == child.pk and entry.actor == social_worker
        assert entry.changes["first_name"] == [None, "Amara"]
        assert not ChronologyEntry.objects.exists()  # creating the record is not an event
        assert child.first_name_key == "A560" and child.last_name_key == "O216"

    def test_invalid_details_save_nothing(self, social_worker):
        with pytest.raises(ValidationError) as caught:
            _new_child(social_worker, nhs_number="9434765918", upn="A801200005001")
        assert set(caught.value.message_dict) >= {"nhs_number", "upn"}
        assert not Person.objects.exists()
        assert not AuditEntry.objects.exists()
        assert not ChronologyEntry.objects.exists()

    def test_an_unborn_child_must_have_sex_not_known(self, social_worker):
        with pytest.raises(ValidationError) as caught:
            _new_child(social_worker, date_of_birth=None, expected_date_of_birth=date(2025, 9, 1))
        assert "sex" in caught.value.message_dict
        unborn = _new_child(
            social_worker, date_of_birth=None, expected_date_of_birth=date(2025, 9, 1), sex="U"
        )
        assert unborn.is_unborn

    def test_no_disability_cannot_be_combined_with_a_disability(self, social_worker):
        with pytest.raises(ValidationError) as caught:
            _new_child(social_worker, disabilities=["NONE", "MOB"])
        assert "disabilities" in caught.value.message_dict
        assert not Person.objects.exists()

    def test_an_unknown_ethnicity_code_is_refused(self, social_worker):
        with pytest.raises(ValidationError) as caught:
            _new_child(social_worker, ethnicity="XXXX")
        assert "ethnicity" in caught.value.message_dict


class TestPersonUpdate:
    def test_changes_are_audited_as_a_difference_with_the_reason(self, social_worker):
        child = _new_child(social_worker)
        services.person_update(
            user=social_worker,
            person=child,
            changes={"known_as": "Mara", "disabilities": ["COMM"]},
            reason="Told by the child",
        )
        entry = AuditEntry.objects.filter(action=AuditAction.UPDATE).get()
        assert entry.changes == {
            "disabilities": [["COMM", "LD"], ["COMM"]],
            "known_as": ["", "Mara"],
        }
        assert entry.reason == "Told by the child"
        assert entry.child_id == child.pk
        assert child.known_as_key == "M600"

    def test_recording_a_death_is_a_significant_chronology_event(self, social_worker):
        child = _new_child(social_worker)
        services.person_update(
            user=social_worker, person=child, changes={"date_of_death": date(2025, 5, 30)}
        )
        line = ChronologyEntry.objects.get(child=child, significant=True)
        assert line.occurred_on == date(2025, 5, 30)
        assert "died" in line.summary

    def test_a_parents_death_lands_on_their_childrens_chronology(self, social_worker):
        child = _new_child(social_worker)
        mother = AdultFactory(first_name="Grace", last_name="Okafor")
        services.relationship_add(
            user=social_worker,
            child=child,
            relative=mother,
            kind=RelationshipKind.PARENT,
            lives_with=True,
            parental_responsibility=True,
        )
        services.person_update(
            user=social_worker, person=mother, changes={"date_of_death": date(2025, 5, 1)}
        )
        line = ChronologyEntry.objects.get(child=child, summary__contains="died")
        assert line.summary == "Grace Okafor, Amara's parent, died"
        rel = Relationship.objects.get(relative=mother)
        assert not rel.lives_with and not rel.parental_responsibility

    def test_invalid_changes_save_nothing_and_leave_the_person_as_it_was(self, social_worker):
        child = _new_child(social_worker)
        before = AuditEntry.objects.count()
        with pytest.raises(ValidationError):
            services.person_update(
                user=social_worker,
                person=child,
                changes={"first_name": "Amy", "date_of_death": date(2030, 1, 1)},
            )
        assert child.first_name == "Amara"
        child.refresh_from_db()
        assert child.first_name == "Amara" and child.date_of_death is None
        assert AuditEntry.objects.count() == before

    def test_unknown_fields_are_a_programming_error(self, social_worker):
        child = _new_child(social_worker)
        with pytest.raises(ValueError):
            services.person_update(user=social_worker, person=child, changes={"restricted": True})


class TestAddresses:
    def test_a_new_address_ends_the_current_one_and_is_on_the_chronology(self, social_worker):
        child = ChildFactory()
        old = AddressFactory(person=child, start_date=date(2020, 1, 1))
        new = services.address_add(
            user=social_worker,
            person=child,
            line_1="4 Hearth Road",
            town="London",
            postcode="e15 4bq",
            start_date=date(2025, 5, 1),
        )
        old.refresh_from_db()
        assert old.end_date == date(2025, 5, 1)
        assert new.postcode == "E15 4BQ"
        assert list(child.addresses.current()) == [new]
        line = ChronologyEntry.objects.get(child=child, category="Address")
        assert line.summary == "Moved to 4 Hearth Road, London, E15 4BQ"
        assert (
            AuditEntry.objects.filter(object_type="people.address", child_id=child.pk).count() == 2
        )

    def test_a_bad_postcode_saves_nothing(self, social_worker):
        child = ChildFactory()
        with pytest.raises(ValidationError) as caught:
            services.address_add(
                user=social_worker,
                person=child,
                line_1="4 Hearth Road",
                town="London",
                postcode="E15",
                start_date=date(2025, 5, 1),
            )
        assert "postcode" in caught.value.message_dict
        assert not Address.objects.exists() and not AuditEntry.objects.exists()

    def test_a_move_before_the_current_address_started_is_refused(self, social_worker):
        child = ChildFactory()
        AddressFactory(person=child, start_date=date(2024, 1, 1))
        with pytest.raises(ValidationError) as caught:
            services.address_add(
                user=social_worker,
                person=child,
                line_1="4 Hearth Road",
                town="London",
                postcode="E15 4BQ",
                start_date=date(2023, 5, 1),
            )
        assert "start_date" in caught.value.message_dict
        assert child.addresses.count() == 1

    def test_an_adults_move_is_on_the_chronology_of_the_children_living_with_them(
        self, social_worker
    ):
        child = ChildFactory(first_name="Amara")
        mother = AdultFactory(first_name="Grace", last_name="Okafor")
        services.relationship_add(
            user=social_worker, child=child, relative=mother, kind="parent", lives_with=True
        )
        services.address_add(
            user=social_worker,
            person=mother,
            line_1="9 Ash Way",
            town="London",
            postcode="E13 9PJ",
            start_date=date(2025, 5, 1),
        )
        assert ChronologyEntry.objects.filter(
            child=child, category="Address", summary__startswith="Grace Okafor moved to"
        ).exists()

    def test_ending_an_address_records_the_move_out(self, social_worker):
        address = AddressFactory(start_date=date(2020, 1, 1))
        services.address_end(user=social_worker, address=address, end_date=date(2025, 1, 31))
        address.refresh_from_db()
        assert address.end_date == date(2025, 1, 31)
        assert AuditEntry.objects.get().changes == {"end_date": [None, "2025-01-31"]}

    def test_an_address_cannot_end_before_it_started(self, social_worker):
        address = AddressFactory(start_date=date(2020, 1, 1))
        with pytest.raises(ValidationError):
            services.address_end(user=social_worker, address=address, end_date=date(2019, 1, 1))
        address.refresh_from_db()
        assert address.end_date is None


class TestRelationships:
    def test_a_new_household_member_is_a_significant_event(self, social_worker):
        child = ChildFactory(first_name="Amara")
        partner = AdultFactory(first_name="Dean", last_name="Hollis")
        rel = services.relationship_add(
            user=social_worker,
            child=child,
            relative=partner,
            kind=RelationshipKind.CONNECTED_PERSON,
            lives_with=True,
        )
        assert rel.pk
        significant = ChronologyEntry.objects.get(child=child, significant=True)
        assert significant.summary.startswith("New household member: Dean Hollis")
        audit = AuditEntry.objects.get(object_type="people.relationship")
        assert audit.child_id == child.pk

    def test_a_child_cannot_be_their_own_relative(self, social_worker):
        child = ChildFactory()
        with pytest.raises(ValidationError) as caught:
            services.relationship_add(
                user=social_worker, child=child, relative=child, kind="sibling"
            )
        assert "A child cannot be their own relative" in str(caught.value)
        assert not Relationship.objects.exists()

    def test_a_child_cannot_hold_parental_responsibility(self, social_worker):
        child, sibling = ChildFactory(), ChildFactory()
        with pytest.raises(ValidationError) as caught:
            services.relationship_add(
                user=social_worker,
                child=child,
                relative=sibling,
                kind="sibling",
                parental_responsibility=True,
            )
        assert "parental_responsibility" in caught.value.message_dict

    def test_someone_who_has_died_cannot_be_a_household_member_or_hold_pr(self, social_worker):
        child = ChildFactory()
        late = AdultFactory(date_of_death=date(2024, 1, 1))
        with pytest.raises(ValidationError) as caught:
            services.relationship_add(
                user=social_worker,
                child=child,
                relative=late,
                kind="parent",
                lives_with=True,
                parental_responsibility=True,
            )
        assert set(caught.value.message_dict) == {"lives_with", "parental_responsibility"}
        services.relationship_add(user=social_worker, child=child, relative=late, kind="parent")

    def test_the_same_current_relationship_cannot_be_added_twice(self, social_worker):
        child, mother = ChildFactory(), AdultFactory()
        services.relationship_add(user=social_worker, child=child, relative=mother, kind="parent")
        with pytest.raises(ValidationError) as caught:
            services.relationship_add(
                user=social_worker, child=child, relative=mother, kind="parent"
            )
        assert "already in the child's family network" in str(caught.value)

    def test_a_sibling_gets_the_matching_relationship_and_both_end_together(self, social_worker):
        child, sibling = ChildFactory(), ChildFactory()
        rel = services.relationship_add(
            user=social_worker, child=child, relative=sibling, kind="half_sibling"
        )
        mirror = Relationship.objects.get(child=sibling, relative=child)
        assert mirror.kind == "half_sibling"
        services.relationship_end(
            user=social_worker, relationship=rel, end_date=date(2025, 6, 1), reason="Error"
        )
        mirror.refresh_from_db()
        assert mirror.end_date == date(2025, 6, 1)
        assert not Relationship.objects.current().exists()

    def test_ending_a_lives_with_relationship_is_significant(self, social_worker):
        child, carer = (
            ChildFactory(first_name="Amara"),
            AdultFactory(first_name="Joy", last_name="Ba"),
        )
        rel = services.relationship_add(
            user=social_worker, child=child, relative=carer, kind="carer", lives_with=True
        )
        services.relationship_end(user=social_worker, relationship=rel, end_date=date(2025, 6, 2))
        rel.refresh_from_db()
        assert rel.end_date == date(2025, 6, 2)
        last = ChronologyEntry.objects.filter(child=child).order_by("-id").first()
        assert last.significant
        assert "no longer lives with them" in last.summary
        # The same relationship may be recorded again once the old one has ended.
        services.relationship_add(user=social_worker, child=child, relative=carer, kind="carer")

    def test_changing_lives_with_is_audited_and_on_the_chronology(self, social_worker):
        child, father = ChildFactory(first_name="Amara"), AdultFactory(first_name="Tom")
        rel = services.relationship_add(
            user=social_worker, child=child, relative=father, kind="parent"
        )
        services.relationship_update(
            user=social_worker, relationship=rel, changes={"lives_with": True}
        )
        assert AuditEntry.objects.filter(
            action=AuditAction.UPDATE, changes__lives_with=[False, True]
        ).exists()
        assert ChronologyEntry.objects.filter(child=child, significant=True).count() == 1
