"""Base models and the append-only, hash-chained audit log."""

import hashlib
import json
from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AuditAction(models.TextChoices):
    VIEW = "view", "Viewed"
    CREATE = "create", "Created"
    UPDATE = "update", "Changed"
    DELETE = "delete", "Deleted"
    DENIED = "denied", "Access refused"
    DOWNLOAD = "download", "Downloaded"
    EXPORT = "export", "Exported"
    LOGIN = "login", "Signed in"
    LOGOUT = "logout", "Signed out"


# Chain formats (docs/domain/retention.md, "The audit log's own retention"). Version 1, every
# entry written before the change: the hash covers the summary, changes and reason themselves.
# Version 2: the hash covers a salted digest of them instead, so an erasure can replace the text
# with "[erased <date>]" and the chain still proves nothing else changed.
CHAIN_V1_TEXT = 1
CHAIN_V2_DIGEST = 2
CURRENT_CHAIN_VERSION = CHAIN_V2_DIGEST


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str, separators=(",", ":"))


def erased_text(on: date) -> str:
    """What an erased entry's summary (and reason, if it had one) says instead."""
    return f"[erased {on.isoformat()}]"


class AuditEntry(models.Model):
    """One row per view or change. Rows are never deleted and never updated, except that an
    erasure (`hearth.core.audit.erase_entries`) replaces the personal text of the entries about
    the erased person; each carries the hash of the previous row so that `hearth audit verify`
    finds any other alteration or removal."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    system_job = models.CharField(max_length=100, blank=True)
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64, blank=True)
    child_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    summary = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    chain_version = models.PositiveSmallIntegerField(default=CURRENT_CHAIN_VERSION)
    # Version 2: a random salt and the digest of (salt, summary, changes, reason). The salt is
    # dropped on erasure, so the digest left behind cannot be matched against guessed names.
    content_salt = models.CharField(max_length=32, blank=True)
    content_digest = models.CharField(max_length=64, blank=True)
    # The audit entry of the erasure that replaced this entry's text (not covered by the hash:
    # it is written afterwards; the erasure entry's own hash covers which entries it erased).
    erased_by_entry = models.BigIntegerField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"

    def content(self) -> dict[str, Any]:
        """The personal text of the entry: what an erasure replaces."""
        return {"summary": self.summary, "changes": self.changes, "reason": self.reason}

    def digest_content(self, salt: str | None = None) -> str:
        salt = self.content_salt if salt is None else salt
        return hashlib.sha256((salt + _canonical(self.content())).encode()).hexdigest()

    def _fixed_fields(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "actor": self.actor_id,
            "system_job": self.system_job,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "child_id": self.child_id,
            "prev_hash": self.prev_hash,
        }

    def payload(self) -> dict[str, Any]:
        """The fields the hash covers, in a stable form (version 1 exactly as it always was)."""
        if self.chain_version == CHAIN_V1_TEXT:
            return {**self._fixed_fields(), **self.content()}
        return {
            **self._fixed_fields(),
            "chain_version": self.chain_version,
            "content_digest": self.content_digest,
        }

    def compute_hash(self) -> str:
        return hashlib.sha256(_canonical(self.payload()).encode()).hexdigest()

    @property
    def is_erased(self) -> bool:
        return self.erased_by_entry is not None

    def content_intact(self) -> bool:
        """Whether the text still matches what the hash covers (directly in version 1, through
        the digest in version 2). An erased entry's text is checked against its erasure."""
        if self.chain_version == CHAIN_V1_TEXT:
            return True
        return bool(self.content_salt) and self.digest_content() == self.content_digest

    def erasure_seal(self) -> str:
        """What the erasure entry commits to for this entry: everything but the text (its
        digest instead) and its hash. A version 1 entry's own hash cannot be checked once its
        text is gone, so this seal, written into the erasure entry's hashed content, is what
        keeps its time, actor, action and object from being changed afterwards."""
        fixed = {**self._fixed_fields(), "content_digest": self.content_digest}
        return hashlib.sha256(
            _canonical({"id": self.pk, "hash": self.hash, "fixed": fixed}).encode()
        ).hexdigest()


class AuditChainHead(models.Model):
    """A single row holding the newest hash: locking it serialises writers, and comparing it
    with the last entry detects removal of the newest rows."""

    last_hash = models.CharField(max_length=64, default="0" * 64)
    last_entry_id = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"Audit chain head at entry {self.last_entry_id}"
