from django import forms

from hearth.timescales.calendar import FIRST_YEAR, LAST_YEAR

YEAR_ERROR = f"Enter a year between {FIRST_YEAR} and {LAST_YEAR}, for example 2026"


class YearForm(forms.Form):
    year = forms.IntegerField(
        label="Year",
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages={
            "required": YEAR_ERROR,
            "invalid": YEAR_ERROR,
            "min_value": YEAR_ERROR,
            "max_value": YEAR_ERROR,
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
