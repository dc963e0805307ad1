"""Sealed adoption records and the log of erasures. Subject access bundles are files, not rows
(each is audited as an export)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from hearth.core.models import TimeStampedModel


class SealedRecord(TimeStampedModel):
    """A child's pre-adoption record, sealed once the adoption order is made: from then on only
    the roles in `HEARTH["SEALED_RECORD_ROLES"]` may open it; everyone else gets "not found"."""

    child = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, related_name="sealed_record"
    )
    sealed_on = models.DateField()
    sealed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=200)
    adoption_journey_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-sealed_on", "-id"]

    def __str__(self) -> str:
        return f"Sealed record of person #{self.child_id} from {self.sealed_on}"


class ErasureRecord(models.Model):
    """What an erasure removed, when and by whom: counts by record type, never personal data.
    The audit log carries the same facts in its hash chain."""

    person_ref = models.BigIntegerField(help_text="The erased person's former id")
    record_type = models.CharField(max_length=40)
    retention_until = models.DateField(null=True, blank=True)
    erased_at = models.DateTimeField()
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField()
    removed = models.JSONField(default=dict)

    class Meta:
        ordering = ["-erased_at", "-id"]

    def __str__(self) -> str:
        return f"Erasure of person #{self.person_ref} at {self.erased_at:%Y-%m-%d %H:%M}"
