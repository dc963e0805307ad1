"""Forms only validate input; the services decide and save."""

from __future__ import annotations

from typing import Any

from django import forms

from hearth.core.forms import GovukDateField
from hearth.people import codes, identifiers
from hearth.people.models import RelationshipKind, Sex

_CHILD_ONLY = ("expected_date_of_birth", "uasc", "upn", "former_upn", "upn_unknown_reason")


def _text(
    label: str, *, required: bool = False, max_length: int = 100, **kw: Any
) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=max_length, **kw)


class PersonForm(forms.Form):
    """A child's or an adult's details. Code lists come from reference data when the form is
    built, so a newly loaded code shows without a restart."""

    first_name = _text(
        "First name", required=True, error_messages={"required": "Enter their first name"}
    )
    middle_names = _text("Middle names (optional)")
    last_name = _text(
        "Last name", required=True, error_messages={"required": "Enter their last name"}
    )
    known_as = _text("Known as (optional)", help_text="A name they prefer to be called")
    date_of_birth = GovukDateField(
        label="Date of birth", required=False, help_text="For example, 27 3 2015"
    )
    expected_date_of_birth = GovukDateField(
        label="Expected date of birth (unborn child only)",
        label_for_errors="Expected date of birth",
        required=False,
        help_text="Leave blank if the child has been born",
    )
    sex = forms.ChoiceField(
        label="Sex",
        widget=forms.RadioSelect,
        help_text="As recorded for the DfE. Select ‘Not known’ for an unborn child",
        error_messages={"required": "Select their sex"},
    )
    gender_identity = _text("Gender identity (optional)")
    ethnicity = forms.ChoiceField(label="Ethnicity", required=False)
    disabilities = forms.MultipleChoiceField(
        label="Disabilities", required=False, widget=forms.CheckboxSelectMultiple
    )
    first_language = _text("First language (optional)", max_length=60)
    interpreter_needed = forms.BooleanField(label="An interpreter is needed", required=False)
    religion = _text("Religion (optional)", max_length=60)
    immigration_status = _text("Immigration status (optional)")
    uasc = forms.BooleanField(label="Unaccompanied asylum-seeking child", required=False)
    nhs_number = _text(
        "NHS number (optional)", max_length=14, help_text="10 digits, like 943 476 5919"
    )
    upn = _text("Unique pupil number (UPN) (optional)", max_length=15, help_text="13 characters")
    former_upn = _text("Former UPN (optional)", max_length=15)
    upn_unknown_reason = forms.ChoiceField(label="If the UPN is not known, why not", required=False)
    date_of_death = GovukDateField(label="Date of death", required=False)

    def __init__(self, *args: Any, is_child: bool = True, editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.is_child = is_child
        sexes = [c for c in codes.choices("sex") if c[0] in Sex.values] or list(Sex.choices)
        self.fields["sex"].choices = sexes
        self.fields["ethnicity"].choices = [("", "Select ethnicity"), *codes.choices("ethnicity")]
        self.fields["disabilities"].choices = codes.choices("disability")
        self.fields["upn_unknown_reason"].choices = [
            ("", "Not applicable"),
            *((code, f"{code}: {text}") for code, text in codes.choices("upn_unknown")),
        ]
        if not is_child:
            for name in _CHILD_ONLY:
                del self.fields[name]
            self.fields["date_of_birth"].label = "Date of birth (optional)"
            self.fields["date_of_birth"].label_for_errors = "Date of birth"
        if not editing:
            del self.fields["date_of_death"]

    def clean_nhs_number(self) -> str:
        value = identifiers.normalise_nhs_number(self.cleaned_data["nhs_number"])
        if value and (message := identifiers.nhs_number_error(value)):
            raise forms.ValidationError(message)
        return value

    def _clean_upn(self, name: str) -> str:
        value = identifiers.normalise_upn(self.cleaned_data[name])
        if value and (message := identifiers.upn_error(value)):
            raise forms.ValidationError(message)
        return value

    def clean_upn(self) -> str:
        return self._clean_upn("upn")

    def clean_former_upn(self) -> str:
        return self._clean_upn("former_upn")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        dates_ok = (
            "date_of_birth" not in self.errors and "expected_date_of_birth" not in self.errors
        )
        no_date = not data.get("date_of_birth") and not data.get("expected_date_of_birth")
        if self.is_child and dates_ok and no_date:
            self.add_error("date_of_birth", "Enter a date of birth, or an expected date of birth")
        return data

    def person_data(self) -> dict[str, Any]:
        """The cleaned values as the services take them."""
        return {
            name: self.cleaned_data[name] for name in self.fields if name in PersonForm.base_fields
        }


class RelationshipFieldsMixin(forms.Form):
    kind = forms.ChoiceField(
        label="How are they related to the child?",
        choices=RelationshipKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how they are related to the child"},
    )
    parental_responsibility = forms.BooleanField(
        label="They have parental responsibility for the child", required=False
    )
    lives_with = forms.BooleanField(label="The child lives with them", required=False)
    start_date = GovukDateField(
        label="When did this relationship start? (optional)",
        label_for_errors="The date the relationship started",
        required=False,
        help_text="For example, a carer's start date. For example, 27 3 2024",
    )
    notes = _text("Notes (optional)", max_length=300, widget=forms.Textarea(attrs={"rows": 3}))

    def relationship_data(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name]
            for name in ("kind", "parental_responsibility", "lives_with", "start_date", "notes")
        }


class RelationshipForm(RelationshipFieldsMixin):
    pass


class NewRelativeForm(PersonForm, RelationshipFieldsMixin):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["is_child"] = False
        super().__init__(*args, **kwargs)


class MatchDecisionForm(forms.Form):
    """The duplicate check: one of the offered people, or a new record."""

    decision = forms.ChoiceField(
        label="Is this one of these people?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the person if they are already recorded, or choose to create "
            "a new record",
            "invalid_choice": "Select one of the people listed, or choose to create a new record",
        },
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [*choices, ("new", "None of these: create a new record")]


class AddressForm(forms.Form):
    line_1 = _text(
        "Address line 1",
        required=True,
        max_length=200,
        error_messages={"required": "Enter the first line of the address"},
    )
    line_2 = _text("Address line 2 (optional)", max_length=200)
    town = _text(
        "Town or city", required=True, error_messages={"required": "Enter the town or city"}
    )
    postcode = _text(
        "Postcode", required=True, max_length=10, error_messages={"required": "Enter a postcode"}
    )
    start_date = GovukDateField(
        label="When did they move in?",
        label_for_errors="The date they moved in",
        required=True,
        help_text="For example, 27 3 2024",
    )

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"]
        if message := identifiers.postcode_error(value):
            raise forms.ValidationError(message)
        return identifiers.normalise_postcode(value)


class EndDateForm(forms.Form):
    end_date = GovukDateField(label="Date", required=True)
    reason = _text("Reason (optional)", max_length=300, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, label: str, label_for_errors: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["end_date"].label = label
        self.fields["end_date"].label_for_errors = label_for_errors
        self.fields["end_date"].help_text = "For example, 27 3 2025"


class ReasonForm(forms.Form):
    reason = _text(
        "Why are you making this change? (optional)",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class EmergencySearchForm(forms.Form):
    reason = forms.CharField(
        label="Why do you need to open a record outside your work?",
        help_text=(
            "For example, a police officer has called out of hours about a child in danger. "
            "Your reason is recorded and sent to the child's team manager."
        ),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why you need to open a record outside your work"},
    )
    q = forms.CharField(
        label="Child's name, LA child ID, NHS number, UPN or date of birth",
        max_length=200,
        error_messages={"required": "Enter the child's name or an identifier"},
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if len(reason) < 20:
            raise forms.ValidationError(
                "Explain why you need to open this record now, in at least 20 characters"
            )
        return reason


class EmergencyOpenForm(forms.Form):
    reason = forms.CharField(max_length=1000, widget=forms.HiddenInput)
    child_id = forms.IntegerField(widget=forms.HiddenInput)
