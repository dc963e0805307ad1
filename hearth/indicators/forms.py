from __future__ import annotations

from typing import Any

from django import forms

from hearth.core.forms import GovukDateField
from hearth.indicators.scope import Scope


class DashboardForm(forms.Form):
    as_of = GovukDateField(
        label="Figures as at",
        required=False,
        label_for_errors="The date",
        help_text="The collection year up to this date (1 April onwards). For example, 31 3 2026",
    )
    scope = forms.ChoiceField(label="Figures for", required=False)

    def __init__(self, *args: Any, scopes: list[Scope], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = [(scope.key, scope.name) for scope in scopes]
