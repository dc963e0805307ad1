"""Subject access bundles (command and the officer's pages), the retention schedule, the review
list and erasure (what is removed, what is kept, the audit chain still whole)."""

from __future__ import annotations

import io
import json
import os
from datetime import date

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from hearth.casework import services as casework
from hearth.casework.models import CaseNote, ChronologyEntry, Document
from hearth.core.audit import verify_chain
from hearth.core.models import AuditAction, AuditEntry
from hearth.people.models import Person, Relationship
from hearth.people.tests.factories import AdultFactory, RelationshipFactory
from hearth.privacy import retention
from hearth.privacy.models import ErasureRecord

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n% synthetic subject access document\n"


@pytest.fixture
def record(allocated_child, social_worker, client):
    """A child with a finalised visit note naming a neighbour, a document and a parent."""
    casework.case_note_save_draft(
        user=social_worker,
        child=allocated_child,
        data={
            "subject": "Home visit",
            "body": "Saw Mia at home; the neighbour Mr Okoro was present.",
            "contact_date": date(2026, 3, 2),
        },
    )
    casework.document_upload(
        user=social_worker,
        child=allocated_child,
        document_type="report",
        title="School report",
        upload=io.BytesIO(PDF),
        original_filename="school-report.pdf",
        content_type="application/pdf",
    )
    RelationshipFactory(child=allocated_child, relative=AdultFactory(first_name="Grace"))
    client.force_login(social_worker)
    client.get(reverse("casework:child_detail", args=[allocated_child.pk]))
    return allocated_child


def test_the_sar_command_writes_html_and_json_with_third_parties_marked(
    record, tmp_path, social_worker
):
    out = io.StringIO()
    call_command("sar", str(record.pk), "--out", str(tmp_path / "sar"), stdout=out)
    data = json.loads((tmp_path / "sar" / "subject-access.json").read_text())
    sections = {s["model"]: s for s in data["sections"]}
    note = sections["casework.casenote"]["rows"][0]
    assert note["values"]["body"].startswith("Saw Mia")
    assert any("free text" in item for item in note["redaction_review"])
    relative = sections["people.relationship"]["rows"][0]
    assert any("another person (Grace" in item for item in relative["redaction_review"])
    document = sections["casework.document"]["rows"][0]
    assert document["values"]["title"] == "School report"
    assert "%PDF" not in json.dumps(data)
    assert any(e["action"] == "Viewed" for e in data["access_log"])
    html = (tmp_path / "sar" / "index.html").read_text()
    assert "Review before release" in html and "Who has seen or changed the record" in html
    assert AuditEntry.objects.filter(
        action=AuditAction.EXPORT, system_job="hearth sar", child_id=record.pk
    ).exists()


def test_the_officer_opens_and_downloads_a_bundle_and_each_export_is_audited(client, record, dpo):
    client.force_login(dpo)
    found = client.post(reverse("privacy:subject_access"), {"q": record.last_name})
    assert reverse("privacy:subject_access_person", args=[record.pk]) in found.content.decode()
    page = client.get(reverse("privacy:subject_access_person", args=[record.pk]))
    assert page.status_code == 200 and "Saw Mia at home" in page.content.decode()
    download = client.get(reverse("privacy:subject_access_download", args=[record.pk, "json"]))
    assert download["Content-Disposition"].startswith("attachment;")
    assert json.loads(download.content)["person_id"] == record.pk
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, actor=dpo).count() == 2


def test_other_roles_get_the_audited_not_found_on_the_privacy_pages(
    client, allocated_child, senior_leader, social_worker
):
    for user in (senior_leader, social_worker):
        client.force_login(user)
        url = reverse("privacy:subject_access_person", args=[allocated_child.pk])
        assert client.get(url).status_code == 404
        assert client.get(reverse("privacy:retention_review")).status_code == 404
        assert AuditEntry.objects.filter(action=AuditAction.DENIED, actor=user).exists()


@pytest.mark.parametrize(
    ("facts", "kind", "until"),
    [
        (dict(adoption_order_on=date(2000, 5, 1), looked_after=True), "adopted", date(2100, 5, 1)),
        (dict(looked_after=True), "looked_after", date(2085, 3, 14)),
        (
            dict(looked_after=True, date_of_death=date(2020, 1, 1)),
            "looked_after",
            date(2035, 1, 1),
        ),
        (dict(child_protection=True), "child_protection", date(2059, 6, 30)),
        (dict(), "child_in_need", date(2031, 3, 14)),
        (dict(last_activity=date(2035, 1, 2)), "child_in_need", date(2038, 1, 2)),
    ],
)
def test_the_schedule_keeps_each_record_type_for_its_period(facts, kind, until):
    base = dict(
        date_of_birth=date(2010, 3, 14),
        date_of_death=None,
        adoption_order_on=None,
        looked_after=False,
        child_protection=False,
        last_activity=date(2024, 6, 30),
    )
    f = retention.Facts(**{**base, **facts})
    assert retention.record_type(f) == kind
    assert retention.retain_until(f) == until


@pytest.fixture
def old_record(record):
    """The record of a child born in 1990 known only as a child in need: kept 3 years after
    the last activity (November 2026), so past retention from November 2029."""
    Person.objects.filter(pk=record.pk).update(date_of_birth=date(1990, 1, 1))
    return record


def test_the_review_lists_records_past_retention_and_erasure_removes_them(
    client, old_record, dpo, django_capture_on_commit_callbacks
):
    document = Document.objects.get(child=old_record)
    stored = document.file.path
    parent_id = Relationship.objects.get(child=old_record).relative_id
    with time_machine.travel(date(2029, 6, 1)):
        assert retention.review_list() == []
    with time_machine.travel(date(2030, 6, 1)):
        client.force_login(dpo)
        page = client.get(reverse("privacy:retention_review")).content.decode()
        assert f'href="{reverse("privacy:erase", args=[old_record.pk])}"' in page
        refused = client.post(reverse("privacy:erase", args=[old_record.pk]), {"reason": "x"})
        assert "Confirm that nothing needs this record" in refused.content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("privacy:erase", args=[old_record.pk]),
                {"reason": "Retention review June 2030", "confirm": "on"},
            )
    assert response.status_code == 302
    assert not Person.objects.filter(pk=old_record.pk).exists()
    assert not CaseNote.objects.filter(child_id=old_record.pk).exists()
    assert not ChronologyEntry.objects.filter(child_id=old_record.pk).exists()
    assert not Document.objects.filter(pk=document.pk).exists()
    assert Person.objects.filter(pk=parent_id).exists()  # the parent is not the subject
    assert not os.path.exists(stored)
    erasure = ErasureRecord.objects.get(person_ref=old_record.pk)
    assert erasure.erased_by == dpo and erasure.record_type == "child_in_need"
    assert erasure.removed["deleted"]["casework.casenote"] == 1
    entry = AuditEntry.objects.get(pk=erasure.removed["audit"]["erasure_entry"])
    assert entry.reason == "Retention review June 2030"
    assert old_record.last_name not in entry.summary + json.dumps(entry.changes)
    # Every earlier entry about the record (the views, the note and its text, the document)
    # keeps who and when but no longer its wording.
    left = json.dumps([[e.summary, e.changes, e.reason] for e in AuditEntry.objects.all()])
    assert "Okoro" not in left and "School report" not in left
    assert erasure.removed["audit"]["entries_erased"] >= 3
    with time_machine.travel(date(2030, 6, 1)):
        client.force_login(dpo)
        page = client.get(reverse("privacy:retention_review")).content.decode()
    assert f"the wording of {erasure.removed['audit']['entries_erased']} audit entries" in page
    assert verify_chain().ok


def test_a_record_inside_its_retention_period_is_not_erased(old_record, dpo):
    with pytest.raises(retention.ErasureRefused, match="kept until"):
        retention.person_erase(person=old_record, user=dpo, reason="Too early")
    assert Person.objects.filter(pk=old_record.pk).exists()


def test_the_retention_demo_leaves_records_on_the_review_list(social_worker):
    from hearth.privacy.demo import retention_demo

    made = retention_demo(today=date(2026, 11, 26), seed=7, limit=3)
    assert made == {"records_past_retention": 3, "adults_past_retention": 1}
    with time_machine.travel(date(2026, 11, 26)):
        rows = retention.review_list()
    assert {row.person.last_name for row in rows} == {"Marchbank", "Oyelaran", "Featherstone"}
    adults = [row for row in rows if row.kind == "adult"]
    assert [row.person.first_name for row in adults] == ["Morwenna"]
    assert [link.child_id for link in adults[0].linked] == [
        row.person.pk for row in rows if row.person.last_name == "Marchbank" and row.kind != "adult"
    ]
