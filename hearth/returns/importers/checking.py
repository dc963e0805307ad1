"""Each imported record's own rules, checked as `Model.full_clean` does, for thousands of
records at a time.

`RecordChecks.full_clean(obj, exclude=...)` is `obj.full_clean(exclude=...,
validate_unique=False, validate_constraints=False)` (the importers leave the foreign keys,
unique checks and constraints out: each costs a query per record, and the checks before and
the database inside the one transaction hold them) with one difference in cost, none in
outcome: a field's checks (`Field.clean`: conversion, choices, null and blank, validators)
look at its value alone, so a value one field has passed once is not checked again. An
import repeats the same codes, dates and constants across every child: at 10,000 children,
238,000 field checks instead of 780,000, a small part of an import's time either way
(docs/how-to/import-legacy-returns.md, "Speed"). A value that fails is checked, and reported,
each time; the model's own `clean()` runs for every record.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.expressions import DatabaseDefault

# Values whose equals check the same (not Decimal: 1.0 and 1.00 are equal with different
# decimal places; not datetime: equal instants in different zones).
REMEMBERED = frozenset({str, int, bool, date, type(None)})


class RecordChecks:
    """Remembers the (field, value) pairs that passed, for one import."""

    def __init__(self) -> None:
        self._passed: dict[tuple[models.Field[Any, Any], type, Any], Any] = {}

    def full_clean(self, obj: models.Model, *, exclude: Collection[str] = ()) -> None:
        errors: dict[str, Any] = {}
        skip = set(exclude)
        for f in obj._meta.fields:
            if f.name in skip or getattr(f, "generated", False):
                continue
            raw = getattr(obj, f.attname)
            if (f.blank and raw in f.empty_values) or isinstance(raw, DatabaseDefault):
                continue
            if type(raw) not in REMEMBERED:
                cleaned = self._clean(f, obj, raw, errors)
            elif (key := (f, type(raw), raw)) in self._passed:
                cleaned = self._passed[key]
            else:
                cleaned = self._clean(f, obj, raw, errors)
                if f.name not in errors:
                    self._passed[key] = cleaned
            if f.name not in errors and cleaned is not raw:
                setattr(obj, f.attname, cleaned)
        try:
            obj.clean()
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def _clean(
        f: models.Field[Any, Any], obj: models.Model, raw: Any, errors: dict[str, Any]
    ) -> Any:
        try:
            return f.clean(raw, obj)
        except ValidationError as e:
            errors[f.name] = e.error_list
            return raw
