"""Forms validate input only; the services hold the rules. Field names match the keys the
services use in their errors ("date", "place", "family" ...) so errors land on the field."""

from __future__ import annotations

from typing import Any

from django import forms

from hearth.adoption.models import (
    FFA_PLACEMENTS,
    STAGE_FIELDS,
    AdopterFamily,
    EnquirySource,
    LeavingReason,
    OrderKind,
)
from hearth.adoption.services import AdopterInput
from hearth.children_in_care.forms import PlacementFields
from hearth.children_in_care.models import ADOPTION_PLACEMENTS
from hearth.core.forms import GovukDateField
from hearth.reference.lookups import choices as code_choices

HINT = "For example, 27 3 2026"


def _date(label: str, *, required: bool = True) -> GovukDateField:
    return GovukDateField(label=label, required=required, help_text=HINT)


def _code(label: str, list_name: str, message: str, *, only: frozenset[str] | None = None) -> Any:
    def choices() -> list[tuple[str, str]]:
        found = code_choices(list_name)
        if only is not None:
            found = [c for c in found if c[0] in only]
        return [("", "Select"), *found]

    return forms.ChoiceField(label=label, choices=choices, error_messages={"required": message})


def _radios(label: str, choices: Any, message: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": message},
    )


class DecisionForm(forms.Form):
    date = _date("Date of the decision that the child should be placed for adoption")
    decision_maker = forms.CharField(
        label="Agency decision maker",
        max_length=200,
        help_text="Name and role",
        error_messages={"required": "Enter the name of the agency decision maker"},
    )


class DateForm(forms.Form):
    """A single milestone date (placement order)."""

    date = _date("Date of the placement order")


class MatchForm(forms.Form):
    date = _date("Date of the match")
    family = forms.ChoiceField(
        label="Prospective adopters",
        help_text="Approved families still in the process",
        error_messages={"required": "Select the prospective adopters"},
    )

    def __init__(self, *args: Any, families: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["family"].choices = [("", "Select"), *((str(f.pk), str(f)) for f in families)]


class _AdoptionPlacement(PlacementFields):
    date = _date("Date the child was placed")
    reason_place_change = _code(
        "Reason for the placement change", "reason_place_change", "Select the reason"
    )
    field_order = [
        "date",
        "place",
        "provider",
        "place_provider",
        "placement_postcode",
        "urn",
        "reason_place_change",
    ]


class FFAForm(_AdoptionPlacement):
    place = _code(
        "Placement type",
        "placement_type",
        "Select the placement type",
        only=FFA_PLACEMENTS,
    )
    family = forms.ChoiceField(
        label="Prospective adopters (if approved to foster for adoption)", required=False
    )

    def __init__(self, *args: Any, families: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["family"].choices = [
            ("", "Not yet known (concurrent planning carers)"),
            *((str(f.pk), str(f)) for f in families),
        ]


class PlacedForm(_AdoptionPlacement):
    place = _code(
        "Placement type",
        "placement_type",
        "Select the placement type",
        only=ADOPTION_PLACEMENTS,
    )


class AdoptionOrderForm(forms.Form):
    date = _date("Date of the adoption order")
    reason_ceased = _radios(
        "Was the order opposed?",
        [
            ("E11", "Unopposed (E11)"),
            ("E12", "Consent dispensed with (E12)"),
        ],
        "Select whether the order was unopposed (E11) or not",
    )


class ReverseForm(forms.Form):
    date = _date("Date of the decision that the child should no longer be placed for adoption")
    reason = _code(
        "Reason",
        "reason_placed_ceased",
        "Select why the child should no longer be placed for adoption",
    )
    notes = forms.CharField(
        label="What happened (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class PermanenceOrderForm(forms.Form):
    kind = _radios("Order", OrderKind.choices, "Select the order")
    made_on = _date("Date the order was made")
    carers = forms.CharField(
        label="Who the order was made to",
        max_length=200,
        error_messages={"required": "Enter who the order was made to"},
    )
    former_foster_carers = forms.BooleanField(
        label="They were the child's foster carers", required=False
    )
    relatives_or_friends = forms.BooleanField(
        label="They are relatives or friends of the child", required=False
    )


class PreviousPermanenceForm(forms.Form):
    prev_perm = _code(
        "Previous permanence option", "previous_permanence", "Select the previous permanence option"
    )
    la_perm = forms.CharField(
        label="Local authority that arranged it",
        required=False,
        max_length=3,
        help_text="Not needed for Z1. A 3-digit DfE code, NIR, SCO, WAL or NUK (outside "
        "England), or 999 if not known",
    )
    date_perm = _date("Date of the order (not needed for Z1)", required=False)


class LaterLifeLetterForm(forms.Form):
    written_on = _date("Date the letter was written")
    written_by = forms.CharField(
        label="Who wrote it",
        max_length=200,
        error_messages={"required": "Enter who wrote the letter"},
    )
    given_on = _date("Date given to the adopters (optional)", required=False)
    notes = forms.CharField(
        label="What it covers and where a copy is kept (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


SEX_CHOICES = [("", "Select"), ("F", "Female"), ("M", "Male"), ("U", "Not stated")]


class EnquiryForm(forms.Form):
    name = forms.CharField(
        label="Family name",
        max_length=200,
        help_text="For example, The Okafor family",
        error_messages={"required": "Enter the family name"},
    )
    enquiry_on = _date("Date the enquiry was received")
    source = forms.ChoiceField(
        label="Source of the enquiry",
        choices=[("", "Select"), *EnquirySource.choices],
        error_messages={"required": "Select the source of the enquiry"},
    )
    sex_code = _code("Who is adopting", "adopter_sex", "Select who is adopting")
    legal_status = _code(
        "Adopters' legal status", "adopter_legal_status", "Select the legal status"
    )
    fostering_for_adoption = forms.BooleanField(
        label="They want to be considered for fostering for adoption", required=False
    )
    first_name_1 = forms.CharField(
        label="First adopter: first name",
        max_length=100,
        error_messages={"required": "Enter the first adopter's first name"},
    )
    last_name_1 = forms.CharField(
        label="First adopter: last name",
        max_length=100,
        error_messages={"required": "Enter the first adopter's last name"},
    )
    sex_1 = forms.ChoiceField(
        label="First adopter: sex",
        choices=SEX_CHOICES,
        error_messages={"required": "Select the first adopter's sex"},
    )
    ethnicity_1 = _code("First adopter: ethnicity", "ethnicity", "")
    disability_1 = forms.BooleanField(label="The first adopter has a disability", required=False)
    first_name_2 = forms.CharField(
        label="Second adopter: first name (couples)", max_length=100, required=False
    )
    last_name_2 = forms.CharField(label="Second adopter: last name", max_length=100, required=False)
    sex_2 = forms.ChoiceField(label="Second adopter: sex", choices=SEX_CHOICES, required=False)
    ethnicity_2 = _code("Second adopter: ethnicity", "ethnicity", "")
    disability_2 = forms.BooleanField(label="The second adopter has a disability", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("ethnicity_1", "ethnicity_2"):
            self.fields[name].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("first_name_2") and not data.get("last_name_2"):
            self.add_error("last_name_2", "Enter the second adopter's last name")
        if data.get("first_name_2") and not data.get("sex_2"):
            self.add_error("sex_2", "Select the second adopter's sex")
        return data

    def adopters(self) -> list[AdopterInput]:
        data = self.cleaned_data
        found = []
        for n in (1, 2):
            if data.get(f"first_name_{n}"):
                found.append(
                    AdopterInput(
                        first_name=data[f"first_name_{n}"],
                        last_name=data.get(f"last_name_{n}", ""),
                        sex=data.get(f"sex_{n}") or "U",
                        ethnicity=data.get(f"ethnicity_{n}", ""),
                        disability=bool(data.get(f"disability_{n}")),
                    )
                )
        return found


class StageForm(forms.Form):
    stage = forms.ChoiceField(
        label="Stage reached",
        error_messages={"required": "Select the stage reached"},
    )
    date = _date("Date")

    def __init__(self, *args: Any, family: AdopterFamily, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        missing = [(n, label) for n, label in STAGE_FIELDS[1:] if getattr(family, n) is None]
        # The next stage first: that is nearly always the one being recorded.
        self.fields["stage"].choices = [("", "Select"), *missing]
        if missing and not self.is_bound:
            self.initial["stage"] = missing[0][0]


class LeaveForm(forms.Form):
    date = _date("Date they left the adoption process")
    reason = _radios("Reason", LeavingReason.choices, "Select why they left the adoption process")
    notes = forms.CharField(
        label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
