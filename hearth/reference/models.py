"""DfE and local code lists held as data, valid by collection year.

Collection years are named by their starting year: 2024 means 1 April 2024 to 31 March 2025.
A code is valid in year Y when ``valid_from <= Y`` and ``valid_to`` is blank or ``>= Y``.
Retired codes keep their row with ``valid_to`` set; they are never deleted."""

from django.core.exceptions import ValidationError
from django.db import models


class CodeQuerySet(models.QuerySet["Code"]):
    def in_list(self, list_name: str) -> "CodeQuerySet":
        return self.filter(list_name=list_name)

    def valid_in(self, collection_year: int) -> "CodeQuerySet":
        """Codes valid in the collection year that starts on 1 April of `collection_year`."""
        return self.filter(valid_from__lte=collection_year).filter(
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=collection_year)
        )

    def retired_by(self, collection_year: int) -> "CodeQuerySet":
        """Codes whose last valid year is before `collection_year`."""
        return self.filter(valid_to__lt=collection_year)


class Code(models.Model):
    list_name = models.CharField(max_length=50, db_index=True)
    code = models.CharField(max_length=10)
    description = models.CharField(max_length=300)
    # Collection years are named by their starting year: 2024 means 2024-25.
    valid_from = models.PositiveSmallIntegerField(default=2000)
    valid_to = models.PositiveSmallIntegerField(null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)
    source = models.CharField(max_length=200, blank=True)

    objects = CodeQuerySet.as_manager()

    class Meta:
        ordering = ["list_name", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["list_name", "code"], name="code_unique_in_list"),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="code_valid_to_not_before_valid_from",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.description}"

    def clean(self) -> None:
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": "The last valid year must not be before the first"})

    def is_valid_in(self, collection_year: int) -> bool:
        return self.valid_from <= collection_year and (
            self.valid_to is None or self.valid_to >= collection_year
        )


class CodeLabel(models.Model):
    """An earlier wording of a code's description, for the years it was in use.

    ``Code.description`` is always the current wording; a label row says what the code was
    called in earlier collection years (e.g. N1 was "Abuse or neglect" up to 2024-25)."""

    code = models.ForeignKey(Code, on_delete=models.CASCADE, related_name="labels")
    description = models.CharField(max_length=300)
    valid_from = models.PositiveSmallIntegerField(default=2000)
    valid_to = models.PositiveSmallIntegerField()
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["code", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="code_label_unique_from"),
            models.CheckConstraint(
                condition=models.Q(valid_to__gte=models.F("valid_from")),
                name="code_label_valid_to_not_before_valid_from",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code.code}: {self.description} ({self.valid_from}-{self.valid_to})"
