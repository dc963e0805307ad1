"""Assessment and CIN episode forms: they validate input only; services do the work."""

from __future__ import annotations

import functools
from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from hearth.assessments.models import AssessmentKind
from hearth.assessments.services import ASSESSMENT_FIELDS, EXTENDED_FAMILY_KINDS, NetworkAnswer
from hearth.core.forms import GovukDateField
from hearth.reference.lookups import choices

YES_NO = [("yes", "Yes"), ("no", "No")]


def _bool(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


def _past(value: date | None, label: str) -> date | None:
    if value is not None and value > timezone.localdate():
        raise forms.ValidationError(f"{label} must be today or in the past")
    return value


class OpenEpisodeForm(forms.Form):
    referral_date = GovukDateField(label="Referral date", label_for_errors="The referral date")
    referral_source = forms.ChoiceField(
        label="Referral source",
        choices=lambda: [("", "Choose a source"), *choices("referral_source")],
        error_messages={"required": "Select the source of the referral"},
    )
    primary_need = forms.ChoiceField(
        label="Primary need (optional until the episode closes)",
        choices=lambda: [("", "Not yet known"), *choices("primary_need")],
        required=False,
    )
    referral_nfa = forms.BooleanField(label="No further action on this referral", required=False)

    def clean_referral_date(self) -> date | None:
        return _past(self.cleaned_data["referral_date"], "The referral date")


class PrimaryNeedForm(forms.Form):
    primary_need = forms.ChoiceField(
        label="Primary need",
        choices=functools.partial(choices, "primary_need"),
        widget=forms.RadioSelect,
        error_messages={"required": "Select the primary need"},
    )


class CloseEpisodeForm(forms.Form):
    closure_date = GovukDateField(label="Closure date", label_for_errors="The closure date")
    closure_reason = forms.ChoiceField(
        label="Reason for closure",
        choices=functools.partial(choices, "closure_reason"),
        widget=forms.RadioSelect,
        error_messages={"required": "Select the reason for closure"},
    )
    step_down_reason = forms.CharField(
        label="Why the child is referred to early help (RC9 only)",
        help_text=(
            "An early help episode starts on the closure date unless the child already has one"
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    step_down_lead = forms.CharField(
        label="Who will lead the early help (RC9 only)",
        help_text="The lead practitioner and their organisation",
        max_length=200,
        required=False,
    )
    note = forms.CharField(label="Closure summary (optional)", max_length=500, required=False)

    def clean_closure_date(self) -> date | None:
        return _past(self.cleaned_data["closure_date"], "The closure date")


class StartAssessmentForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of assessment",
        choices=AssessmentKind.choices,
        widget=forms.RadioSelect,
        initial=AssessmentKind.CHILD_AND_FAMILY,
        error_messages={"required": "Select the kind of assessment"},
    )
    start_date = GovukDateField(label="Start date", label_for_errors="The start date")

    def clean_start_date(self) -> date | None:
        return _past(self.cleaned_data["start_date"], "The start date")


class AssessmentForm(forms.Form):
    """The long assessment form. Every field is optional while a draft; `assessment_submit`
    says what is missing. Family network members are added as fields `network_<person id>`
    (considered yes/no) and `network_<person id>_reason`."""

    child_seen_on = GovukDateField(
        label="Date the child was seen",
        label_for_errors="The date the child was seen",
        required=False,
    )
    child_seen_alone_on = GovukDateField(
        label="Date the child was seen alone",
        label_for_errors="The date the child was seen alone",
        required=False,
    )
    child_views = forms.CharField(
        label="The child's views, in their own words",
        help_text=(
            "Write what the child said, wrote or showed you, in their words. Required to submit"
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    network_notes = forms.CharField(
        label="Anyone else in the family network considered",
        help_text="People not yet on the child's record, and how they were considered",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    history = forms.CharField(
        label="History and significant events",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    analysis = forms.CharField(
        label="Analysis of risk and need", required=False, widget=forms.Textarea(attrs={"rows": 10})
    )
    factors = forms.MultipleChoiceField(
        label="Factors identified at the end of the assessment",
        help_text="Select all that apply. Select 21 only when no factors were identified",
        choices=functools.partial(choices, "assessment_factor"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    recommendation = forms.CharField(
        label="Recommendation", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=lambda: [("", ""), *choices("assessment_outcome", show_code=False)],
        widget=forms.RadioSelect,
        required=False,
    )
    support_required = forms.ChoiceField(
        label="Was the child assessed as needing children's social care support?",
        choices=[("", ""), *YES_NO],
        widget=forms.RadioSelect,
        required=False,
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, network: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.network_members = list(network.members) if network is not None else []
        for member in self.network_members:
            pid = member.person.pk
            kind = member.relationship.get_kind_display()
            via = f" (through {member.via.full_name})" if member.via is not None else ""
            extended = member.relationship.kind in EXTENDED_FAMILY_KINDS
            self.fields[f"network_{pid}"] = forms.ChoiceField(
                label=f"Was {member.person.full_name}, {kind.lower()}{via}, considered?",
                choices=[("", ""), *YES_NO],
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[f"network_{pid}_reason"] = forms.CharField(
                label=f"Why {member.person.full_name} was not considered"
                + (" (required for extended family)" if extended else " (optional)"),
                max_length=500,
                required=False,
            )

    def network_rows(self) -> list[tuple[Any, forms.BoundField, forms.BoundField]]:
        return [
            (m, self[f"network_{m.person.pk}"], self[f"network_{m.person.pk}_reason"])
            for m in self.network_members
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name, label in (
            ("child_seen_on", "The date the child was seen"),
            ("child_seen_alone_on", "The date the child was seen alone"),
        ):
            value = data.get(name)
            if value is not None and value > timezone.localdate():
                self.add_error(name, f"{label} must be today or in the past")
        return data

    def assessment_data(self) -> dict[str, Any]:
        """The valid values for a service (after failed validation: what could be kept)."""
        data = {k: v for k, v in self.cleaned_data.items() if k in ASSESSMENT_FIELDS}
        if "support_required" in data:
            data["support_required"] = _bool(data["support_required"])
        return data

    def factor_codes(self) -> list[str]:
        return list(self.cleaned_data.get("factors") or [])

    def network_answers(self) -> list[NetworkAnswer]:
        answers = []
        for member in self.network_members:
            pid = member.person.pk
            answers.append(
                NetworkAnswer(
                    person_id=pid,
                    relationship_kind=member.relationship.kind,
                    considered=_bool(self.cleaned_data.get(f"network_{pid}")),
                    reason=self.cleaned_data.get(f"network_{pid}_reason") or "",
                )
            )
        return answers

    def network_names(self) -> dict[int, str]:
        return {m.person.pk: m.person.full_name for m in self.network_members}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("authorise", "Authorise the assessment"), ("return", "Return it to the worker")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to authorise or return the assessment"},
    )
    authorised_on = GovukDateField(
        label="Authorisation date", label_for_errors="The authorisation date", required=False
    )
    reason = forms.CharField(
        label="Why it is being returned",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision") == "authorise":
            if data.get("authorised_on") is None and "authorised_on" not in self.errors:
                self.add_error("authorised_on", "Enter the authorisation date")
            elif data.get("authorised_on") and data["authorised_on"] > timezone.localdate():
                self.add_error(
                    "authorised_on", "The authorisation date must be today or in the past"
                )
        if data.get("decision") == "return" and not (data.get("reason") or "").strip():
            self.add_error("reason", "Enter why the assessment is being returned")
        return data
