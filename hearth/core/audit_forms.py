"""Filters for the audit pages. They only validate input; the views read the trail."""

from datetime import date
from typing import Any

from django import forms

from hearth.core.forms import GovukDateField
from hearth.core.models import AuditAction


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label="Action", required=False)
    person = forms.TypedChoiceField(label="Person", required=False, coerce=int, empty_value=None)
    date_from = GovukDateField(label="From", required=False, label_for_errors="The start date")
    date_to = GovukDateField(label="To", required=False, label_for_errors="The end date")

    def __init__(self, *args: Any, people: list[tuple[int, str]] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", "Any action"), *AuditAction.choices]
        if people is None:
            del self.fields["person"]
        else:
            self.fields["person"].choices = [("", "Anyone"), *people]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start: date | None = cleaned.get("date_from")
        end: date | None = cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The end date must be the same as or after the start date")
        return cleaned


class AuditSearchForm(forms.Form):
    q = forms.CharField(
        label="Child's name or LA child ID",
        max_length=100,
        required=False,
        help_text="For example, HC000123 or Amara Okafor",
    )


class AuditUserSearchForm(forms.Form):
    who = forms.CharField(
        label="Name or username of a member of staff",
        max_length=100,
        required=False,
    )
