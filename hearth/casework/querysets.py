from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Q


class AllocationQuerySet(models.QuerySet):
    def current(self, on: date) -> AllocationQuerySet:
        return self.filter(start_date__lte=on).filter(Q(end_date__isnull=True) | Q(end_date__gt=on))


class CaseNoteQuerySet(models.QuerySet):
    def final(self) -> CaseNoteQuerySet:
        return self.filter(status="final")

    def drafts_by(self, user: object) -> CaseNoteQuerySet:
        return self.filter(status="draft", author=user)


class ChronologyQuerySet(models.QuerySet):
    def significant(self) -> ChronologyQuerySet:
        return self.filter(significant=True)
