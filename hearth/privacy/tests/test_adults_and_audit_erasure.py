"""Adults on the retention review: kept while any child's record naming them is kept (family
network or front door contact), then for their own period; erasure refuses an adult a kept
child's record still needs and says why. Erasure empties the audit entries about the record of
their text while the chain still verifies."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from markupsafe import escape

from hearth.core.audit import Auditor, verify_chain
from hearth.core.models import AuditEntry
from hearth.front_door import services as front_door
from hearth.people import services as people
from hearth.people.models import Person, Relationship
from hearth.people.tests.factories import AdultFactory, ChildFactory, RelationshipFactory
from hearth.privacy import retention

pytestmark = pytest.mark.django_db


def dated_back(person: Person, year: int) -> Person:
    """A record last changed in `year` (the details and their family links)."""
    at = timezone.make_aware(datetime(year, 1, 10, 12))
    Person.objects.filter(pk=person.pk).update(updated_at=at)
    Relationship.objects.filter(relative=person).update(updated_at=at)
    return Person.objects.get(pk=person.pk)


@pytest.fixture
def family(allocated_child, social_worker):
    """A child known as a child in need, born 1990 (kept to about November 2029, three years
    after the last activity), with a mother whose own details last changed in 2010; the
    social worker's changes are in the audit trail."""
    Person.objects.filter(pk=allocated_child.pk).update(date_of_birth=date(1990, 1, 1))
    mother = AdultFactory(first_name="Grace", last_name="O'Connor")
    people.relationship_add(
        user=social_worker, child=allocated_child, relative=mother, kind="parent"
    )
    Auditor(user=social_worker).changed(
        mother,
        child_id=None,
        changes={"known_as": ["", "Gracie"]},
        summary=f"Changed the details of {mother.full_name}",
    )
    Auditor(user=social_worker).viewed(
        allocated_child, child_id=allocated_child.pk, summary=allocated_child.full_name
    )
    return allocated_child, dated_back(mother, 2010)


def test_an_adult_is_kept_while_a_childs_record_naming_them_is_kept(family):
    child, mother = family
    row = retention.retention_for(mother)
    child_row = retention.retention_for(child)
    assert row.kind == "adult" and row.own_until == date(2016, 1, 10)
    assert row.until == child_row.until
    assert [link.child_id for link in row.linked] == [child.pk]
    with time_machine.travel(date(2028, 6, 1)):
        assert mother.pk not in {r.person.pk for r in retention.review_list()}
        with pytest.raises(retention.ErasureRefused, match=f"record of child {child.pk}"):
            retention.person_erase(person=mother, user=child_row.person, reason="Too early")
    assert Person.objects.filter(pk=mother.pk).exists()
    with time_machine.travel(date(2030, 6, 1)):
        listed = {r.person.pk: r for r in retention.review_list()}
    assert listed[mother.pk].kind_label == "Adult in a child's record (parent, carer, relative)"
    assert child.pk in listed


def test_the_erase_page_says_which_kept_childs_record_needs_the_adult(client, family, dpo):
    child, mother = family
    with time_machine.travel(date(2028, 6, 1)):
        client.force_login(dpo)
        page = client.get(reverse("privacy:erase", args=[mother.pk])).content.decode()
    assert "Children&#39;s records this person appears in" in page or (
        "Children's records this person appears in" in page
    )
    assert f"it appears in the record of child {child.pk}" in page
    assert "Kept: inside its retention period" in page
    assert "Erase the record</button>" not in page
    assert str(escape(mother.full_name)) in page


def test_an_adult_named_on_no_childs_record_follows_their_own_period(dpo):
    lone = dated_back(AdultFactory(first_name="Ada"), 2018)
    row = retention.retention_for(lone)
    assert row.linked == () and row.until == date(2024, 1, 10)
    with time_machine.travel(date(2026, 11, 26)):
        assert lone.pk in {r.person.pk for r in retention.review_list()}


def test_an_adult_on_a_front_door_contact_is_kept_with_the_child(make_contact, mash_practitioner):
    child = ChildFactory(date_of_birth=date(2015, 4, 1))
    uncle = dated_back(AdultFactory(first_name="Tomas"), 2012)
    contact = make_contact(child)
    front_door.contact_link_person(
        user=mash_practitioner,
        contact=contact,
        person=uncle,
        is_subject_child=False,
        relationship="Uncle",
    )
    row = retention.retention_for(uncle)
    assert [link.child_id for link in row.linked] == [child.pk]
    assert row.until == retention.retention_for(child).until


def test_the_review_list_makes_the_same_number_of_queries_for_one_adult_or_several(family):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            retention.review_list(today=date(2030, 6, 1))
        return len(captured)

    one = queries()
    child, _ = family
    for n in range(3):
        aunt = AdultFactory(first_name=f"Aunt{n}")
        RelationshipFactory(child=child, relative=aunt, kind="aunt_uncle")
    assert queries() == one


def test_erasing_an_adult_past_retention_keeps_the_childs_record(family, dpo, social_worker):
    child, mother = family
    with time_machine.travel(date(2030, 6, 1)):
        record = retention.person_erase(person=mother, user=dpo, reason="Review June 2030")
    assert record.record_type == "adult"
    assert not Person.objects.filter(pk=mother.pk).exists()
    assert Person.objects.filter(pk=child.pk).exists()
    assert not Relationship.objects.filter(child=child).exists()
    entries = AuditEntry.objects.filter(erased_by_entry=record.removed["audit"]["erasure_entry"])
    assert entries.count() == record.removed["audit"]["entries_erased"] >= 1
    text = json.dumps([[e.summary, e.changes, e.reason] for e in AuditEntry.objects.all()])
    assert "Grace" not in text and "Gracie" not in text
    assert verify_chain().ok


def test_erasing_a_child_empties_the_audit_entries_about_the_record(family, dpo, social_worker):
    child, mother = family
    about = AuditEntry.objects.filter(child_id=child.pk).count()
    assert about >= 2
    with time_machine.travel(date(2030, 6, 1)):
        record = retention.person_erase(person=child, user=dpo, reason="Review June 2030")
    erasure = AuditEntry.objects.get(pk=record.removed["audit"]["erasure_entry"])
    erased = AuditEntry.objects.filter(erased_by_entry=erasure.pk)
    assert erased.count() == record.removed["audit"]["entries_erased"] >= about
    placeholder = f"[erased {timezone.localdate(erasure.at).isoformat()}]"
    assert {e.summary for e in erased} == {placeholder}
    text = json.dumps([[e.summary, e.changes, e.reason] for e in AuditEntry.objects.all()])
    assert child.last_name not in text and child.first_name not in text
    assert set(erased.values_list("actor_id", flat=True)) >= {social_worker.pk}
    report = verify_chain()
    assert report.ok and report.erased == erased.count()
    # The mother is no longer in a kept child's record: her own period (to 2016) applies.
    assert retention.retention_for(Person.objects.get(pk=mother.pk)).linked == ()
