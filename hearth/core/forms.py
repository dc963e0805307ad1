"""Form pieces shared by every app: the GOV.UK date input and error voice."""

import re
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

_BOX = re.compile(r"[0-9]{1,4}")


class DateInputsWidget(forms.Widget):
    """Reads the GOV.UK date input's three boxes: <name>-day, <name>-month, <name>-year."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> dict[str, str] | None:
        parts = {
            part: (data.get(f"{name}-{part}") or "").strip() for part in ("day", "month", "year")
        }
        if not any(parts.values()):
            return None
        return parts

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return not any(f"{name}-{part}" in data for part in ("day", "month", "year"))


class GovukDateField(forms.Field):
    widget = DateInputsWidget

    def __init__(self, *, label_for_errors: str = "", **kwargs: Any) -> None:
        self.label_for_errors = label_for_errors
        super().__init__(**kwargs)

    def _name(self) -> str:
        return self.label_for_errors or str(self.label or "The date")

    def to_python(self, value: Any) -> date | None:
        if value in (None, "", {}):
            return None
        if isinstance(value, date):
            return value
        name = self._name()
        missing = [part for part in ("day", "month", "year") if not value.get(part)]
        if missing:
            raise ValidationError(f"{name} must include a {' and '.join(missing)}")
        # Only the digits 0 to 9, at most 4 of them: int() alone would take "1_2", digits of
        # other scripts, and numbers too big for date() (found by tests/property).
        if not all(_BOX.fullmatch(str(value[part])) for part in ("day", "month", "year")):
            raise ValidationError(f"{name} must be a real date")
        day, month, year = int(value["day"]), int(value["month"]), int(value["year"])
        if year < 1900 or year > 2100:
            raise ValidationError(f"{name} must be a real date, with a 4-digit year")
        try:
            return date(year, month, day)
        except ValueError as exc:
            raise ValidationError(f"{name} must be a real date") from exc

    def validate(self, value: Any) -> None:
        if value is None and self.required:
            raise ValidationError(f"Enter {self._name()[0].lower()}{self._name()[1:]}")

    def prepare_value(self, value: Any) -> dict[str, str]:
        if isinstance(value, date):
            return {"day": str(value.day), "month": str(value.month), "year": str(value.year)}
        return value or {}


def date_parts(value: Any) -> dict[str, str]:
    if isinstance(value, date):
        return {"day": str(value.day), "month": str(value.month), "year": str(value.year)}
    if isinstance(value, dict):
        return value
    return {}


class EditTokenField(forms.CharField):
    """The hidden token an edit form carries (see hearth.core.concurrency). Never required:
    a missing token is treated as stale by the check, with a clear message, not a form error."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("strip", True)
        kwargs.setdefault("max_length", 4000)
        super().__init__(**kwargs)
