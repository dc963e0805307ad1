from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from hearth.core.forms import GovukDateField


class AnnexAForm(forms.Form):
    as_of = GovukDateField(
        label="Date the lists run to",
        label_for_errors="The date the lists run to",
        help_text="Usually the day the inspection starts. For example, 24 11 2026",
    )

    def clean_as_of(self) -> Any:
        as_of = self.cleaned_data["as_of"]
        if as_of is not None and as_of > timezone.localdate():
            raise forms.ValidationError("The date the lists run to must be today or in the past")
        return as_of
