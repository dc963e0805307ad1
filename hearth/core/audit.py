"""The one way to write the audit trail. Services call it explicitly; it refuses to run
without a user or a named system job.

Every entry carries the hash of the entry before it (`prev_hash`) and its own hash over its
content (`hash`). A single `AuditChainHead` row holds the newest hash: writers lock it before
appending, so the chain stays linear under concurrent writers, and `verify_chain` compares it
with the last entry to notice when the newest entries were removed.

Entries are written in chain format 2: the hash covers a salted digest of the personal text
(summary, changes, reason), not the text. `erase_entries`, called by an erasure, replaces that
text with "[erased <date>]" and writes one entry that commits to exactly which entries it
erased; `verify_chain` accepts an erased entry only when such an entry names it. Entries from
before format 2 (version 1) are re-anchored by the erasure itself: see `erase_entries`."""

import hashlib
import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection, models, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from hearth.core.models import (
    CHAIN_V1_TEXT,
    AuditAction,
    AuditChainHead,
    AuditEntry,
    erased_text,
)

GENESIS_HASH = "0" * 64
CHAIN_HEAD_PK = 1

_ACTIONS = frozenset(AuditAction.values)
_FIELD_LIMITS: dict[str, int] = {
    name: int(AuditEntry._meta.get_field(name).max_length or 0)
    for name in ("system_job", "object_type", "object_id", "summary")
}


class AuditorError(RuntimeError):
    pass


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _normalised_changes(changes: dict[str, Any] | None) -> dict[str, Any]:
    """What the database will hand back: the hash must be computed over exactly that, so a
    date or Decimal in `changes` cannot make an honest entry look altered later."""
    return json.loads(json.dumps(_jsonable(changes or {}), sort_keys=True))


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Field-by-field changes as {field: [old, new]} for the fields that differ."""
    return {
        key: [_jsonable(before.get(key)), _jsonable(after.get(key))]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    names = fields or [f.attname for f in obj._meta.concrete_fields]
    return {name: _jsonable(getattr(obj, name)) for name in names}


def _lock_chain_head() -> AuditChainHead:
    """Take the chain head for writing.

    Where the database can lock a row (PostgreSQL), SELECT ... FOR UPDATE alone takes it: the
    row is then updated once per entry, after the insert, instead of twice. SQLite cannot lock
    a row, so there a no-op UPDATE comes first to take its database write lock before reading
    (a deferred read-then-write would fail under contention)."""
    heads = AuditChainHead.objects.filter(pk=CHAIN_HEAD_PK)
    if connection.features.has_select_for_update:
        head = heads.select_for_update().first()
        if head is not None:
            return head
    elif heads.update(last_entry_id=F("last_entry_id")):
        return heads.get()
    AuditChainHead.objects.get_or_create(pk=CHAIN_HEAD_PK)
    return heads.select_for_update().get()


@dataclass(frozen=True)
class Auditor:
    user: Any = None
    system_job: str = ""

    def __post_init__(self) -> None:
        has_user = self.user is not None and getattr(self.user, "is_authenticated", False)
        if not has_user and not self.system_job.strip():
            raise AuditorError("The audit trail needs a signed-in user or a named system job.")
        if len(self.system_job) > _FIELD_LIMITS["system_job"]:
            raise AuditorError("The system job name is too long for the audit trail.")

    @property
    def _actor(self) -> Any:
        if self.user is not None and getattr(self.user, "is_authenticated", False):
            return self.user
        return None

    def record(
        self,
        action: str,
        *,
        obj: models.Model | None = None,
        object_type: str = "",
        object_id: str | int = "",
        child_id: int | None = None,
        summary: str = "",
        changes: dict[str, Any] | None = None,
        reason: str = "",
    ) -> AuditEntry:
        if action not in _ACTIONS:
            raise AuditorError(f"{action!r} is not an audit action.")
        if obj is not None:
            object_type = object_type or obj._meta.label_lower
            object_id = object_id if object_id not in ("", None) else obj.pk
        if not object_type:
            raise AuditorError("An audit entry must say what kind of object it is about.")
        object_id = "" if object_id is None else str(object_id)
        if len(object_type) > _FIELD_LIMITS["object_type"]:
            raise AuditorError("The object type is too long for the audit trail.")
        if len(object_id) > _FIELD_LIMITS["object_id"]:
            raise AuditorError("The object id is too long for the audit trail.")
        with transaction.atomic():
            head = _lock_chain_head()
            entry = AuditEntry(
                # Taken under the lock, so the times run in chain order.
                at=timezone.now(),
                actor=self._actor,
                system_job=self.system_job,
                action=action,
                object_type=object_type,
                object_id=object_id,
                child_id=child_id,
                summary=summary[: _FIELD_LIMITS["summary"]],
                changes=_normalised_changes(changes),
                reason=reason,
                prev_hash=head.last_hash,
                content_salt=secrets.token_hex(16),
            )
            entry.content_digest = entry.digest_content()
            entry.hash = entry.compute_hash()
            entry.save(force_insert=True)
            head.last_hash = entry.hash
            head.last_entry_id = entry.pk
            head.save(update_fields=["last_hash", "last_entry_id"])
        return entry

    def viewed(self, obj: models.Model, *, child_id: int | None, summary: str = "") -> AuditEntry:
        return self.record(AuditAction.VIEW, obj=obj, child_id=child_id, summary=summary)

    def created(
        self, obj: models.Model, *, child_id: int | None, summary: str = "", reason: str = ""
    ) -> AuditEntry:
        return self.record(
            AuditAction.CREATE,
            obj=obj,
            child_id=child_id,
            summary=summary,
            changes={k: [None, v] for k, v in snapshot(obj).items() if v not in (None, "")},
            reason=reason,
        )

    def changed(
        self,
        obj: models.Model,
        *,
        child_id: int | None,
        changes: dict[str, Any],
        summary: str = "",
        reason: str = "",
    ) -> AuditEntry:
        return self.record(
            AuditAction.UPDATE,
            obj=obj,
            child_id=child_id,
            changes=changes,
            summary=summary,
            reason=reason,
        )

    def deleted(
        self, obj: models.Model, *, child_id: int | None, summary: str = "", reason: str = ""
    ) -> AuditEntry:
        return self.record(
            AuditAction.DELETE,
            obj=obj,
            child_id=child_id,
            changes={k: [v, None] for k, v in snapshot(obj).items() if v not in (None, "")},
            summary=summary,
            reason=reason,
        )

    def denied(
        self,
        *,
        object_type: str,
        object_id: str | int,
        summary: str = "",
        child_id: int | None = None,
    ) -> AuditEntry:
        return self.record(
            AuditAction.DENIED,
            object_type=object_type,
            object_id=object_id,
            child_id=child_id,
            summary=summary,
        )


ERASED_KEY = "audit_erased"


def _seal_of(seals: Iterable[str]) -> str:
    return hashlib.sha256("\n".join(seals).encode()).hexdigest()


def erase_entries(
    entries: QuerySet[AuditEntry],
    *,
    auditor: Auditor,
    action: str,
    object_type: str,
    object_id: str | int = "",
    child_id: int | None = None,
    summary: str = "",
    changes: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEntry:
    """Replace the personal text (summary, changes, reason) of `entries` with "[erased
    <date>]" and write the erasure's own entry, whose hashed content commits to exactly which
    entries it erased (their count and a seal over each one's id, hash and every field but the
    text). Under the chain lock, so no entry about the person can slip in between.

    Each entry is checked first: an entry already altered is refused, so an erasure cannot
    launder tampering. A version 1 entry (hash over the text itself) is re-anchored by the
    erasure: it is given a digest of its text under a salt that is then thrown away, and the
    erasure's seal over its other fields and hash replaces the check its own hash can no
    longer give. Version 2 entries keep their digest, which the hash covers."""
    with transaction.atomic():
        _lock_chain_head()
        # Another erasure's own entry is never erased: it is what proves that erasure.
        unerased = entries.filter(erased_by_entry__isnull=True).exclude(changes__has_key=ERASED_KEY)
        targets = list(unerased.order_by("id"))
        reanchored = 0
        for target in targets:
            if target.compute_hash() != target.hash or not target.content_intact():
                raise AuditorError(
                    f"Audit entry {target.pk} was altered: run `hearth audit verify` and "
                    "resolve it before erasing"
                )
            if target.chain_version == CHAIN_V1_TEXT:
                target.content_digest = target.digest_content(secrets.token_hex(16))
                reanchored += 1
        commitment = {
            "entries": len(targets),
            "seal": _seal_of(t.erasure_seal() for t in targets),
            "version_1_reanchored": reanchored,
        }
        entry = auditor.record(
            action,
            object_type=object_type,
            object_id=object_id,
            child_id=child_id,
            summary=summary,
            changes={**(changes or {}), ERASED_KEY: commitment},
            reason=reason,
        )
        placeholder = erased_text(timezone.localdate(entry.at))
        for target in targets:
            target.summary = placeholder
            target.changes = {}
            target.reason = placeholder if target.reason else ""
            target.content_salt = ""
            target.erased_by_entry = entry.pk
        AuditEntry.objects.bulk_update(
            targets,
            ["summary", "changes", "reason", "content_salt", "content_digest", "erased_by_entry"],
            batch_size=500,
        )
    return entry


@dataclass(frozen=True)
class ChainReport:
    checked: int
    first_broken_id: int | None
    problem: str
    last_hash: str = GENESIS_HASH
    erased: int = 0
    erasures: int = 0

    @property
    def ok(self) -> bool:
        return self.first_broken_id is None and not self.problem

    def message(self) -> str:
        if self.ok:
            text = f"Audit trail intact: {self.checked} entries checked"
            if self.erased:
                text += (
                    f", {self.erased} of them erased by {self.erasures} "
                    f"{'erasure' if self.erasures == 1 else 'erasures'}"
                )
            return text
        return self.problem


def _erased_text_ok(entry: AuditEntry, placeholder: str) -> bool:
    return (
        entry.summary == placeholder
        and entry.changes == {}
        and entry.reason in ("", placeholder)
        and not entry.content_salt
    )


class _Broken(Exception):
    def __init__(self, entry_id: int, problem: str) -> None:
        super().__init__(problem)
        self.entry_id = entry_id
        self.problem = problem


class _Erasures:
    """Erased entries met on the walk, waiting for the erasure entry that names them (always
    later in the chain)."""

    def __init__(self) -> None:
        self.pending: dict[int, list[AuditEntry]] = {}
        self.erased = 0
        self.erasures = 0

    def erased_entry(self, entry: AuditEntry) -> None:
        by = int(entry.erased_by_entry or 0)
        if by <= entry.pk:
            raise _Broken(entry.pk, f"Entry {entry.pk} was altered")
        if entry.chain_version != CHAIN_V1_TEXT and entry.compute_hash() != entry.hash:
            raise _Broken(entry.pk, f"Entry {entry.pk} was altered")
        self.pending.setdefault(by, []).append(entry)

    def maybe_erasure(self, entry: AuditEntry) -> None:
        claim = entry.changes.get(ERASED_KEY) if isinstance(entry.changes, dict) else None
        found = self.pending.pop(entry.pk, [])
        if claim is None and not found:
            return
        if not isinstance(claim, dict):
            raise _Broken(
                found[0].pk, f"Entry {found[0].pk} was erased without an erasure that names it"
            )
        placeholder = erased_text(timezone.localdate(entry.at))
        honest = (
            claim.get("entries") == len(found)
            and claim.get("seal") == _seal_of(e.erasure_seal() for e in found)
            and all(_erased_text_ok(e, placeholder) for e in found)
        )
        if not honest:
            raise _Broken(
                entry.pk,
                f"The entries erased by entry {entry.pk} are not the ones it recorded: "
                "an erased entry was altered, or an entry was marked erased outside an erasure",
            )
        self.erased += len(found)
        self.erasures += 1

    def leftover(self) -> None:
        if self.pending:
            first = min(e.pk for found in self.pending.values() for e in found)
            raise _Broken(first, f"Entry {first} was erased without an erasure that names it")


def verify_chain(batch_size: int = 5000, *, using: str = "default") -> ChainReport:
    """Walk the chain in id order and report the first link that does not hold.

    Each entry's own hash is checked before its link, so a row whose content was changed
    in place is named as altered (in format 2 the text is checked against the digest the hash
    covers); an entry whose `prev_hash` is not the hash of the entry before it means that entry
    (or several) was removed; a chain head that names a newer entry than the last one found
    means the newest entries were removed. An erased entry holds only if the erasure entry it
    names (later in the chain) recorded exactly it, with the text an erasure writes."""
    expected_prev = GENESIS_HASH
    checked = 0
    last_id: int | None = None
    erasures = _Erasures()
    try:
        while True:
            batch = list(
                AuditEntry.objects.using(using)
                .filter(id__gt=last_id or 0)
                .order_by("id")[:batch_size]
            )
            if not batch:
                break
            for entry in batch:
                if entry.is_erased:
                    erasures.erased_entry(entry)
                elif entry.compute_hash() != entry.hash or not entry.content_intact():
                    raise _Broken(entry.pk, f"Entry {entry.pk} was altered")
                if entry.prev_hash != expected_prev:
                    if last_id is None:
                        problem = (
                            f"Entry {entry.pk} does not follow the start of the audit trail: "
                            "the earliest entries were removed"
                        )
                    elif entry.pk == last_id + 1:
                        problem = (
                            f"Entry {entry.pk} does not follow entry {last_id}: "
                            "one of them was altered and its hash recomputed"
                        )
                    else:
                        problem = (
                            f"Entry {entry.pk} does not follow entry {last_id}: "
                            "an entry was removed"
                        )
                    raise _Broken(entry.pk, problem)
                if not entry.is_erased:
                    erasures.maybe_erasure(entry)
                expected_prev = entry.hash
                checked += 1
                last_id = entry.pk
        erasures.leftover()
    except _Broken as broken:
        return ChainReport(checked, broken.entry_id, broken.problem)
    head = AuditChainHead.objects.using(using).filter(pk=CHAIN_HEAD_PK).first()
    if head is None:
        if checked:
            return ChainReport(
                checked,
                last_id,
                "The chain head is missing: the newest entries cannot be checked",
                expected_prev,
            )
        return ChainReport(0, None, "", expected_prev)
    if head.last_hash != expected_prev:
        newest = f"entry {last_id}" if last_id is not None else "the start"
        if head.last_entry_id and head.last_entry_id != last_id:
            problem = (
                f"The newest entries were removed: the audit trail ends at {newest} "
                f"but entry {head.last_entry_id} was written after it"
            )
        else:
            problem = (
                f"The newest entries were removed or altered: the audit trail ends at {newest} "
                "and its hash does not match the chain head"
            )
        return ChainReport(checked, head.last_entry_id or last_id, problem, expected_prev)
    return ChainReport(
        checked, None, "", expected_prev, erased=erasures.erased, erasures=erasures.erasures
    )
