"""A generated statutory return: the file kept outside the web root, and who made it."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import models


class ReturnKind(models.TextChoices):
    CIN_CENSUS = "cin_census", "CIN census"
    SSDA903 = "ssda903", "SSDA903"
    ANNEX_A = "annex_a", "Ofsted Annex A"


CONTENT_TYPES = {
    ".xml": "application/xml",
    ".zip": "application/zip",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class GeneratedReturn(models.Model):
    kind = models.CharField(max_length=20, choices=ReturnKind.choices)
    year = models.PositiveIntegerField(help_text="The year the collection ends (31 March)")
    as_of = models.DateField(
        null=True, blank=True, help_text="Annex A: the date the lists run to (the inspection)"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="generated_returns"
    )
    path = models.CharField(max_length=300, help_text="Relative to MEDIA_ROOT")
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    children = models.PositiveIntegerField()
    # Blank when the return was not checked against the DfE rules when it was made.
    errors = models.PositiveIntegerField(null=True, blank=True)
    queries = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        if self.kind == ReturnKind.ANNEX_A:
            return f"{self.get_kind_display()} to {self.as_of:%d/%m/%Y}"
        return f"{self.get_kind_display()} {self.year - 1}-{str(self.year)[2:]}"

    @property
    def filename(self) -> str:
        if self.kind == ReturnKind.ANNEX_A:
            return f"annex-a-{self.as_of:%Y-%m-%d}-{self.pk}.xlsx"
        if self.kind == ReturnKind.SSDA903:
            return f"ssda903-{self.year - 1}-{str(self.year)[2:]}-{self.pk}.zip"
        return f"cin-census-{self.year - 1}-{str(self.year)[2:]}-{self.pk}.xml"

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES.get(Path(self.path).suffix, "application/octet-stream")
