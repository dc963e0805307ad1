"""DfE and local code lists held as data, valid by collection year."""

from django.db import models


class CodeQuerySet(models.QuerySet["Code"]):
    def in_list(self, list_name: str) -> "CodeQuerySet":
        return self.filter(list_name=list_name)

    def valid_in(self, collection_year: int) -> "CodeQuerySet":
        """Codes valid in the collection year that starts on 1 April of `collection_year`."""
        return self.filter(valid_from__lte=collection_year).filter(
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=collection_year)
        )


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
            models.UniqueConstraint(fields=["list_name", "code"], name="code_unique_in_list")
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.description}"
