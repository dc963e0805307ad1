from __future__ import annotations

from datetime import date

from django import forms

RETURN_CHOICES = [("cin_census", "CIN census"), ("ssda903", "SSDA903 (children looked after)")]
FIRST_YEAR = 2025  # 2024-25: the first collection with Sex (M/F/U)


def year_choices(today: date | None = None) -> list[tuple[str, str]]:
    today = today or date.today()
    latest = today.year + 1 if today.month >= 4 else today.year
    return [
        (str(y), f"{y - 1} to {y} (ends 31 March {y})") for y in range(latest, FIRST_YEAR - 1, -1)
    ]


class GenerateForm(forms.Form):
    kind = forms.ChoiceField(
        label="Return", choices=RETURN_CHOICES, initial="cin_census", widget=forms.RadioSelect
    )
    year = forms.TypedChoiceField(label="Collection year", coerce=int, choices=[])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        choices = year_choices()
        self.fields["year"].choices = choices  # type: ignore[attr-defined]
        self.fields["year"].initial = choices[1][0] if len(choices) > 1 else choices[0][0]
        self.fields["year"].error_messages["invalid_choice"] = "Select a collection year"
        self.fields["year"].error_messages["required"] = "Select a collection year"
        self.fields["kind"].error_messages["required"] = "Select a return"


class YearForm(forms.Form):
    kind = forms.ChoiceField(
        label="Return", choices=RETURN_CHOICES, initial="cin_census", widget=forms.RadioSelect
    )
    year = forms.TypedChoiceField(label="Collection year", coerce=int, choices=[])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        choices = year_choices()
        self.fields["year"].choices = choices  # type: ignore[attr-defined]
        self.fields["year"].error_messages["invalid_choice"] = "Select a collection year"
        self.fields["kind"].error_messages["required"] = "Select a return"
        self.fields["kind"].required = False
