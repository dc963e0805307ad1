from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError

from hearth.casework import services
from hearth.casework.models import Allocation, CaseNote, CaseNoteStatus, ChronologyEntry
from hearth.core.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db


# --- Allocations -------------------------------------------------------------------------


def test_allocation_start_ends_the_current_allocation_the_day_the_new_one_starts(
    allocated_child, team_manager, colleague, team_a, social_worker, today
):
    new = services.allocation_start(
        user=team_manager,
        child=allocated_child,
        team=team_a,
        worker=colleague,
        start_date=date(2026, 3, 9),
        reason="Caseload balancing",
    )
    rows = list(Allocation.objects.filter(child=allocated_child).order_by("start_date"))
    assert [(a.worker, a.start_date, a.end_date) for a in rows] == [
        (social_worker, date(2026, 1, 5), date(2026, 3, 9)),
        (colleague, date(2026, 3, 9), None),
    ]
    assert list(Allocation.objects.filter(child=allocated_child).current(today)) == [new]


def test_allocation_start_writes_audit_and_a_chronology_line(
    allocated_child, team_manager, colleague, team_a, today
):
    allocation = services.allocation_start(
        user=team_manager,
        child=allocated_child,
        team=team_a,
        worker=colleague,
        start_date=today,
        reason="Caseload balancing",
    )
    actions = list(
        AuditEntry.objects.filter(
            child_id=allocated_child.pk, object_type="casework.allocation"
        ).values_list("action", flat=True)
    )
    assert actions == [AuditAction.UPDATE, AuditAction.CREATE]
    line = ChronologyEntry.objects.get(child=allocated_child, category="Allocation")
    assert line.summary == f"Reallocated to {colleague} in {team_a}: Caseload balancing"
    assert line.source_id == str(allocation.pk)


def test_allocation_cannot_start_before_the_current_allocation(
    allocated_child, team_manager, colleague, team_a, today
):
    with pytest.raises(ValidationError) as caught:
        services.allocation_start(
            user=team_manager,
            child=allocated_child,
            team=team_a,
            worker=colleague,
            start_date=date(2025, 12, 1),
        )
    assert "start_date" in caught.value.message_dict
    assert Allocation.objects.filter(child=allocated_child).count() == 1


def test_allocation_refuses_a_worker_from_another_team(
    allocated_child, team_manager, other_worker, team_a, today
):
    with pytest.raises(ValidationError):
        services.allocation_start(
            user=team_manager,
            child=allocated_child,
            team=team_a,
            worker=other_worker,
            start_date=today,
        )


def test_a_child_can_be_held_by_a_team_without_a_named_worker(
    allocated_child, team_manager, team_a, today
):
    allocation = services.allocation_start(
        user=team_manager, child=allocated_child, team=team_a, start_date=today
    )
    assert allocation.worker is None
    assert "no named worker" in ChronologyEntry.objects.get(category="Allocation").summary


# --- Case notes --------------------------------------------------------------------------


def test_saving_a_draft_twice_keeps_one_note_and_moves_the_version_on(
    allocated_child, social_worker, today
):
    note = services.case_note_save_draft(
        user=social_worker, child=allocated_child, data={"body": "First words"}
    )
    assert note.version == 1 and note.status == CaseNoteStatus.DRAFT
    again = services.case_note_save_draft(
        user=social_worker,
        child=allocated_child,
        note=note,
        version=1,
        data={"body": "First words, and more"},
    )
    assert again.pk == note.pk
    assert CaseNote.objects.get(pk=note.pk).version == 2
    assert CaseNote.objects.get(pk=note.pk).body == "First words, and more"


def test_a_stale_save_is_refused_and_writes_nothing(allocated_child, social_worker, today):
    note = services.case_note_save_draft(
        user=social_worker, child=allocated_child, data={"body": "Version one"}
    )
    services.case_note_save_draft(
        user=social_worker,
        child=allocated_child,
        note=note,
        version=1,
        data={"body": "Saved from another tab"},
    )
    with pytest.raises(services.StaleCaseNote) as caught:
        services.case_note_save_draft(
            user=social_worker,
            child=allocated_child,
            note=note,
            version=1,
            data={"body": "Typed in the first tab"},
        )
    assert caught.value.current.body == "Saved from another tab"
    assert CaseNote.objects.get(pk=note.pk).body == "Saved from another tab"


def test_a_save_over_a_newer_version_with_the_same_text_is_not_a_conflict(
    allocated_child, social_worker, today
):
    note = services.case_note_save_draft(
        user=social_worker, child=allocated_child, data={"body": "Start"}
    )
    services.case_note_save_draft(  # the autosave lands first
        user=social_worker, child=allocated_child, note=note, version=1, data={"body": "All of it"}
    )
    again = services.case_note_save_draft(  # the button, pressed with the version it opened
        user=social_worker, child=allocated_child, note=note, version=1, data={"body": "All of it"}
    )
    assert again.version == 3
    assert CaseNote.objects.get(pk=note.pk).body == "All of it"


def test_finalising_makes_the_note_read_only_and_puts_it_on_the_chronology(
    allocated_child, social_worker, today
):
    note = services.case_note_save_draft(
        user=social_worker, child=allocated_child, data={"body": "Visit"}
    )
    final = services.case_note_finalise(
        user=social_worker,
        child=allocated_child,
        note=note,
        version=note.version,
        data={
            "note_type": "home_visit",
            "contact_date": today,
            "subject": "Disclosure at home visit",
            "child_seen": True,
            "child_seen_alone": True,
            "significant": True,
            "body": "Amara said she was frightened.",
        },
    )
    assert final.status == CaseNoteStatus.FINAL and final.finalised_at is not None
    line = ChronologyEntry.objects.get(child=allocated_child, category="Case note")
    assert line.significant is True
    assert line.summary == "Home visit (child seen alone): Disclosure at home visit"
    with pytest.raises(services.CaseNoteReadOnly):
        services.case_note_save_draft(
            user=social_worker,
            child=allocated_child,
            note=final,
            version=final.version,
            data={"body": "Changed later"},
        )
    assert CaseNote.objects.get(pk=note.pk).body == "Amara said she was frightened."


def test_a_final_note_needs_its_type_date_and_text(allocated_child, social_worker, today):
    with pytest.raises(ValidationError) as caught:
        services.case_note_finalise(user=social_worker, child=allocated_child, data={})
    assert set(caught.value.message_dict) == {"note_type", "contact_date", "body"}
    assert not CaseNote.objects.exists()


def test_only_the_author_may_change_a_draft(allocated_child, social_worker, colleague, today):
    note = services.case_note_save_draft(
        user=social_worker, child=allocated_child, data={"body": "Mine"}
    )
    with pytest.raises(PermissionDenied):
        services.case_note_save_draft(
            user=colleague, child=allocated_child, note=note, version=1, data={"body": "Yours"}
        )


def test_saving_and_finalising_are_audited(allocated_child, social_worker, today):
    note = services.case_note_save_draft(
        user=social_worker, child=allocated_child, data={"body": "Draft"}
    )
    services.case_note_finalise(
        user=social_worker,
        child=allocated_child,
        note=note,
        version=1,
        data={"note_type": "phone_call", "contact_date": today, "body": "Final"},
    )
    entries = AuditEntry.objects.filter(object_type="casework.casenote", object_id=str(note.pk))
    assert [e.action for e in entries] == [AuditAction.CREATE, AuditAction.UPDATE]
    assert entries.last().changes["status"] == ["draft", "final"]


def test_text_posted_after_the_session_expired_is_kept_in_the_draft(
    allocated_child, social_worker, today
):
    note = services.case_note_save_draft(
        user=social_worker, child=allocated_child, data={"body": "Start"}
    )
    kept = services.case_note_keep_after_expiry(
        user=social_worker,
        child=allocated_child,
        note=note,
        version=1,
        data={"body": "Start and the rest of the visit"},
    )
    assert kept.note.pk == note.pk and not kept.copied
    assert CaseNote.objects.get(pk=note.pk).body == "Start and the rest of the visit"


def test_text_posted_after_expiry_over_a_newer_version_becomes_a_new_draft(
    allocated_child, social_worker, today
):
    note = services.case_note_save_draft(
        user=social_worker, child=allocated_child, data={"body": "Start"}
    )
    services.case_note_save_draft(
        user=social_worker, child=allocated_child, note=note, version=1, data={"body": "Newer"}
    )
    kept = services.case_note_keep_after_expiry(
        user=social_worker,
        child=allocated_child,
        note=note,
        version=1,
        data={"body": "Older tab text"},
    )
    assert kept.copied and kept.note.pk != note.pk
    assert CaseNote.objects.get(pk=note.pk).body == "Newer"
    assert kept.note.body == "Older tab text" and kept.note.author == social_worker


# --- Documents ---------------------------------------------------------------------------


def test_an_uploaded_document_is_stored_outside_the_web_root_under_a_generated_name(
    allocated_child, social_worker, today
):
    document = services.document_upload(
        user=social_worker,
        child=allocated_child,
        document_type="letter",
        title="Letter to family",
        upload=BytesIO(b"%PDF-1.4 synthetic"),
        original_filename="Amara Okafor letter.pdf",
        content_type="application/pdf",
    )
    path = Path(document.file.path)
    assert path.is_file() and path.is_relative_to(Path(settings.MEDIA_ROOT))
    assert "Okafor" not in path.name
    assert document.size_bytes == len(b"%PDF-1.4 synthetic")
    assert len(document.sha256) == 64
    assert AuditEntry.objects.filter(object_type="casework.document", action="create").exists()
    assert ChronologyEntry.objects.filter(category="Document").exists()
