"""The one way to write the audit trail. Services call it explicitly; it refuses to run
without a user or a named system job."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction

from hearth.core.models import AuditAction, AuditChainHead, AuditEntry

GENESIS_HASH = "0" * 64


class AuditorError(RuntimeError):
    pass


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


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


@dataclass(frozen=True)
class Auditor:
    user: Any = None
    system_job: str = ""

    def __post_init__(self) -> None:
        has_user = self.user is not None and getattr(self.user, "is_authenticated", False)
        if not has_user and not self.system_job:
            raise AuditorError("The audit trail needs a signed-in user or a named system job.")

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
        if obj is not None:
            object_type = object_type or obj._meta.label_lower
            object_id = object_id or obj.pk
        with transaction.atomic():
            head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
            entry = AuditEntry(
                actor=self.user if self.user is not None and self.user.is_authenticated else None,
                system_job=self.system_job,
                action=action,
                object_type=object_type,
                object_id=str(object_id),
                child_id=child_id,
                summary=summary[:300],
                changes=changes or {},
                reason=reason,
                prev_hash=head.last_hash,
            )
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

    def denied(self, *, object_type: str, object_id: str | int, summary: str = "") -> AuditEntry:
        return self.record(
            AuditAction.DENIED, object_type=object_type, object_id=object_id, summary=summary
        )


@dataclass(frozen=True)
class ChainReport:
    checked: int
    first_broken_id: int | None
    problem: str

    @property
    def ok(self) -> bool:
        return self.first_broken_id is None and not self.problem


def verify_chain(batch_size: int = 5000) -> ChainReport:
    """Walk the chain in id order; report the first row whose hash or link does not hold."""
    expected_prev = GENESIS_HASH
    checked = 0
    last_id = 0
    while True:
        batch = list(AuditEntry.objects.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not batch:
            break
        for entry in batch:
            if entry.prev_hash != expected_prev:
                return ChainReport(
                    checked,
                    entry.pk,
                    f"entry {entry.pk} does not follow the entry before it "
                    "(an entry was removed or altered before it)",
                )
            if entry.compute_hash() != entry.hash:
                return ChainReport(checked, entry.pk, f"entry {entry.pk} was altered")
            expected_prev = entry.hash
            checked += 1
            last_id = entry.pk
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and head.last_hash != expected_prev:
        return ChainReport(
            checked,
            head.last_entry_id,
            f"the newest entries after {last_id or 'the start'} were removed "
            f"(the chain head names entry {head.last_entry_id})",
        )
    return ChainReport(checked, None, "")
