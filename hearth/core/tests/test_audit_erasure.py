"""An erasure replaces the personal text of the audit entries about the erased person and the
chain still verifies; any other change to an erased entry, or an entry marked erased outside an
erasure, is still found. Entries from before chain format 2 are re-anchored by the erasure."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from hearth.core.audit import (
    ERASED_KEY,
    GENESIS_HASH,
    Auditor,
    AuditorError,
    erase_entries,
    verify_chain,
)
from hearth.core.models import (
    CHAIN_V1_TEXT,
    AuditAction,
    AuditChainHead,
    AuditEntry,
    erased_text,
)

pytestmark = pytest.mark.django_db


def erase_child(user, child_id: int) -> AuditEntry:
    return erase_entries(
        AuditEntry.objects.filter(child_id=child_id),
        auditor=Auditor(user=user),
        action=AuditAction.DELETE,
        object_type="people.person",
        object_id=child_id,
        summary=f"Erased person #{child_id}",
    )


@pytest.fixture
def named_trail(social_worker, allocated_child, other_child):
    """Entries naming two children, with reasons and changes."""
    auditor = Auditor(user=social_worker)
    for child in (allocated_child, other_child, allocated_child):
        auditor.changed(
            child,
            child_id=child.pk,
            changes={"known_as": ["", f"{child.first_name} the Brave"]},
            summary=f"Changed {child.full_name}",
            reason=f"{child.first_name} asked",
        )
    return AuditEntry.objects.order_by("id")


def as_version_1(entries) -> None:
    """Rewrite a chain as the code before format 2 wrote it (hash over the text)."""
    prev = GENESIS_HASH
    for entry in entries.order_by("id"):
        entry.chain_version = CHAIN_V1_TEXT
        entry.content_salt = entry.content_digest = ""
        entry.prev_hash = prev
        entry.hash = entry.compute_hash()
        entry.save()
        prev = entry.hash
    AuditChainHead.objects.update(last_hash=prev)


def test_new_entries_hash_a_salted_digest_of_their_text(named_trail):
    entry = named_trail.first()
    assert entry.chain_version == 2 and len(entry.content_salt) == 32
    assert entry.content_digest == entry.digest_content()
    assert "Brave" not in str(entry.payload())


def test_an_erasure_replaces_the_text_and_the_chain_still_verifies(
    named_trail, dpo_like, allocated_child, other_child
):
    erasure = erase_child(dpo_like, allocated_child.pk)
    placeholder = erased_text(timezone.localdate(erasure.at))
    erased = AuditEntry.objects.filter(erased_by_entry=erasure.pk)
    assert erased.count() == 2
    for entry in erased:
        assert (entry.summary, entry.changes, entry.reason) == (placeholder, {}, placeholder)
        assert entry.content_salt == ""
        assert entry.child_id == allocated_child.pk and entry.actor_id is not None
    kept = AuditEntry.objects.get(child_id=other_child.pk)
    assert kept.reason == f"{other_child.first_name} asked"
    assert erasure.changes[ERASED_KEY]["entries"] == 2
    report = verify_chain()
    assert report.ok, report.message()
    assert report.message() == (
        "Audit trail intact: 4 entries checked, 2 of them erased by 1 erasure"
    )


def test_erasing_twice_leaves_the_first_erasure_and_its_entries_alone(
    named_trail, dpo_like, allocated_child
):
    first = erase_child(dpo_like, allocated_child.pk)
    second = erase_child(dpo_like, allocated_child.pk)
    assert second.changes[ERASED_KEY]["entries"] == 0
    assert AuditEntry.objects.get(pk=first.pk).changes[ERASED_KEY]["entries"] == 2
    assert verify_chain().ok


def test_text_put_back_into_an_erased_entry_is_found(named_trail, dpo_like, allocated_child):
    erasure = erase_child(dpo_like, allocated_child.pk)
    target = AuditEntry.objects.filter(erased_by_entry=erasure.pk).first()
    AuditEntry.objects.filter(pk=target.pk).update(summary="Something else entirely")
    report = verify_chain()
    assert not report.ok
    assert report.first_broken_id == erasure.pk
    assert "not the ones it recorded" in report.message()


def test_an_entry_marked_erased_outside_an_erasure_is_found(named_trail, dpo_like, other_child):
    erasure = erase_child(dpo_like, other_child.pk)
    victim = AuditEntry.objects.filter(erased_by_entry__isnull=True).first()
    AuditEntry.objects.filter(pk=victim.pk).update(
        summary=erased_text(timezone.localdate(erasure.at)),
        reason=erased_text(timezone.localdate(erasure.at)),
        changes={},
        content_salt="",
        erased_by_entry=erasure.pk,
    )
    report = verify_chain()
    assert not report.ok and report.first_broken_id == erasure.pk


def test_an_entry_marked_erased_by_no_erasure_is_found(named_trail):
    victim = named_trail.first()
    AuditEntry.objects.filter(pk=victim.pk).update(summary="[erased]", erased_by_entry=10**9)
    report = verify_chain()
    assert report.message() == f"Entry {victim.pk} was erased without an erasure that names it"


def test_the_time_of_an_erased_entry_cannot_be_changed(named_trail, dpo_like, allocated_child):
    erasure = erase_child(dpo_like, allocated_child.pk)
    target = AuditEntry.objects.filter(erased_by_entry=erasure.pk).first()
    AuditEntry.objects.filter(pk=target.pk).update(at=target.at - timedelta(days=3))
    report = verify_chain()
    assert report.message() == f"Entry {target.pk} was altered"


def test_an_altered_entry_is_not_erased(named_trail, dpo_like, allocated_child):
    target = AuditEntry.objects.filter(child_id=allocated_child.pk).first()
    AuditEntry.objects.filter(pk=target.pk).update(reason="covered up")
    with pytest.raises(AuditorError, match=f"entry {target.pk} was altered"):
        erase_child(dpo_like, allocated_child.pk)
    assert AuditEntry.objects.get(pk=target.pk).reason == "covered up"
    assert not AuditEntry.objects.filter(erased_by_entry__isnull=False).exists()


def test_version_1_entries_are_re_anchored_by_the_erasure(
    named_trail, dpo_like, social_worker, allocated_child
):
    as_version_1(named_trail)
    Auditor(user=social_worker).viewed(allocated_child, child_id=allocated_child.pk)
    assert verify_chain().ok  # a chain of version 1 then version 2 entries
    erasure = erase_child(dpo_like, allocated_child.pk)
    assert erasure.changes[ERASED_KEY]["version_1_reanchored"] == 2
    erased = AuditEntry.objects.filter(erased_by_entry=erasure.pk, chain_version=CHAIN_V1_TEXT)
    assert erased.count() == 2
    assert all(len(e.content_digest) == 64 and not e.content_salt for e in erased)
    report = verify_chain()
    assert report.ok, report.message()
    assert report.erased == 3


def test_a_re_anchored_version_1_entry_keeps_its_other_fields(
    named_trail, dpo_like, social_worker, allocated_child
):
    as_version_1(named_trail)
    erasure = erase_child(dpo_like, allocated_child.pk)
    target = AuditEntry.objects.filter(erased_by_entry=erasure.pk).first()
    AuditEntry.objects.filter(pk=target.pk).update(actor=dpo_like)
    report = verify_chain()
    assert not report.ok and report.first_broken_id == erasure.pk


def test_hearth_audit_verify_counts_the_erased_entries(named_trail, dpo_like, allocated_child):
    from io import StringIO

    from django.core.management import call_command

    erase_child(dpo_like, allocated_child.pk)
    out = StringIO()
    call_command("audit", "verify", "--batch-size", "2", stdout=out)
    assert out.getvalue().strip() == (
        "Audit trail intact: 4 entries checked, 2 of them erased by 1 erasure"
    )


def test_audit_show_prints_the_erased_entries_without_their_wording(
    named_trail, dpo_like, allocated_child
):
    from io import StringIO

    from django.core.management import call_command

    erasure = erase_child(dpo_like, allocated_child.pk)
    out = StringIO()
    call_command("audit", "show", "--child", str(allocated_child.pk), stdout=out)
    text = out.getvalue()
    assert f"[erased {timezone.localdate(erasure.at).isoformat()}]" in text
    assert allocated_child.first_name not in text
