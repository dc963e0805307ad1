"""Forms only validate input; the services apply the rules."""

from __future__ import annotations

from typing import Any

from django import forms

from hearth.accounts.models import Role, User
from hearth.care_leavers.models import (
    AccommodationType,
    ChangeKind,
    ContactMethod,
    ContactOutcome,
    DetentionPlace,
    EntitlementKind,
    InitiatedBy,
    PlanArea,
    PlanReason,
    ServiceEndReason,
)
from hearth.core.forms import GovukDateField
from hearth.reference.lookups import choices

YES_NO = [("yes", "Yes"), ("no", "No")]


def _text(label: str, *, required: bool = True, rows: int = 3, hint: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        help_text=hint,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": f"Enter {label[0].lower()}{label[1:]}"},
    )


def _choice(label: str, options: Any, what: str, *, radios: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=options if radios else [("", "Select"), *options],
        widget=forms.RadioSelect if radios else forms.Select,
        error_messages={"required": f"Select {what}", "invalid_choice": f"Select {what}"},
    )


def _date(label: str, words: str, *, required: bool = True, hint: str = "") -> GovukDateField:
    return GovukDateField(
        label=label,
        label_for_errors=words,
        required=required,
        help_text=hint or "For example, 27 3 2026",
    )


class AdviserForm(forms.Form):
    adviser = forms.ModelChoiceField(
        label="Personal adviser",
        queryset=User.objects.none(),
        empty_label="Select",
        error_messages={"required": "Select the personal adviser"},
    )
    start_date = _date("Date the adviser starts", "The date the adviser starts")
    joint_visit_on = _date(
        "Date of the joint introductory visit",
        "The date of the joint introductory visit",
        required=False,
        hint="The social worker introduces the adviser to the young person. For example, 27 3 2026",
    )
    joint_visit_attended = forms.CharField(
        label="Who attended the joint visit", required=False, max_length=300
    )
    no_joint_visit_reason = _text(
        "Why there was no joint visit", required=False, hint="Only if there was no joint visit"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["adviser"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            role=Role.PERSONAL_ADVISER, is_active=True
        ).order_by("last_name", "first_name")


class NeedsAssessmentForm(forms.Form):
    completed_on = _date("Date completed", "The date the assessment was completed")
    summary = _text("What the assessment found", rows=5)
    young_persons_views = _text("The young person's views")


class PathwayPlanForm(forms.Form):
    """One text box per area, the young person's own words, and one action per area (more
    actions can be added in later reviews)."""

    plan_date = _date("Date of the plan or review", "The date of the plan")
    reason = _choice(
        "Why is the plan being written?", PlanReason.choices, "why the plan is being written"
    )
    young_persons_views = _text("The young person's views on the plan overall")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for area, label in PlanArea.choices:
            self.fields[f"{area}_summary"] = _text(f"{label}: what we agreed", required=False)
            self.fields[f"{area}_own_words"] = _text(
                f"{label}: in the young person's own words", required=False, rows=2
            )
            self.fields[f"{area}_what"] = forms.CharField(
                label=f"{label}: action", required=False, max_length=300
            )
            self.fields[f"{area}_who"] = forms.CharField(
                label=f"{label}: who will do it", required=False, max_length=120
            )
            self.fields[f"{area}_by_when"] = _date(
                f"{label}: by when", f"The date the {label.lower()} action is due", required=False
            )

    def area_fields(self) -> list[tuple[str, list[Any]]]:
        return [
            (
                label,
                [
                    self[f"{area}_{part}"]
                    for part in ("summary", "own_words", "what", "who", "by_when")
                ],
            )
            for area, label in PlanArea.choices
        ]

    def sections(self) -> list[Any]:
        from hearth.care_leavers.services import ActionInput, SectionInput

        data = self.cleaned_data
        found = []
        for area, _label in PlanArea.choices:
            summary = data.get(f"{area}_summary") or ""
            what, who, by_when = (
                data.get(f"{area}_what") or "",
                data.get(f"{area}_who") or "",
                data.get(f"{area}_by_when"),
            )
            actions = [ActionInput(what, who, by_when)] if (what or who or by_when) else []
            if summary or actions:
                found.append(
                    SectionInput(area, summary, data.get(f"{area}_own_words") or "", actions)
                )
        return found


class ContactForm(forms.Form):
    contact_on = _date("Date of contact", "The date of contact")
    method = _choice("How were you in contact?", ContactMethod.choices, "how you were in contact")
    initiated_by = _choice("Who made the contact?", InitiatedBy.choices, "who made the contact")
    outcome = _choice("Outcome", ContactOutcome.choices, "the outcome of the contact")
    notes = _text("Notes", required=False)


class FrequencyForm(forms.Form):
    weeks = forms.IntegerField(
        label="Weeks between contacts",
        min_value=1,
        max_value=52,
        error_messages={
            "required": "Enter a number of weeks between 1 and 52",
            "invalid": "Enter a number of weeks between 1 and 52",
            "min_value": "Enter a number of weeks between 1 and 52",
            "max_value": "Enter a number of weeks between 1 and 52",
        },
    )
    reason = _text("Why this frequency meets the young person's needs")


class AccommodationForm(forms.Form):
    start_date = _date("Date they moved in", "The date they moved in")
    accommodation_type = _choice(
        "Type of accommodation",
        AccommodationType.choices,
        "the type of accommodation",
        radios=False,
    )
    with_parent = forms.BooleanField(
        label="Living with a parent or someone with parental responsibility", required=False
    )
    suitable = _choice(
        "Is the accommodation suitable?", YES_NO, "whether the accommodation is suitable"
    )
    suitability_reason = _text("Why it is or is not suitable")
    staying_close = forms.BooleanField(label="Staying close arrangement", required=False)


class ActivityForm(forms.Form):
    start_date = _date("Date the activity started", "The date the activity started")
    code = forms.ChoiceField(
        label="What is the young person doing?",
        choices=[],
        error_messages={
            "required": "Select what the young person is doing",
            "invalid_choice": "Select what the young person is doing",
        },
    )
    provider = forms.CharField(
        label="College, employer or provider", required=False, max_length=200
    )
    neet_reason = _text(
        "Why not in education, employment or training",
        required=False,
        hint="Only if not in education, employment or training",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        options = [c for c in choices("oc3_activity", show_code=False) if c[0] != "0"]
        self.fields["code"].choices = [("", "Select"), *options]  # type: ignore[attr-defined]


class ChangeForm(forms.Form):
    occurred_on = _date("Date of the change", "The date of the change")
    kind = _choice("What changed?", ChangeKind.choices, "what changed")
    description = _text("Describe the change")


class EntitlementForm(forms.Form):
    kind = _choice("Entitlement", EntitlementKind.choices, "the entitlement")
    given_on = _date("Date given", "The date it was given")
    amount = forms.DecimalField(
        label="Amount in pounds",
        required=False,
        min_value=0,
        max_digits=8,
        decimal_places=2,
        error_messages={
            "invalid": "Enter the amount in pounds, like 2000 or 2000.50",
            "min_value": "The amount must be 0 or more",
        },
    )
    notes = _text("Notes", required=False)


class SupportRequestForm(forms.Form):
    requested_on = _date("Date of the request", "The date of the request")
    notes = _text("Notes", required=False)


class HealthHistoryForm(forms.Form):
    given_on = _date("Date given", "The date the health history was given")
    notes = _text("Notes", required=False)


class ServiceEndForm(forms.Form):
    ended_on = _date("Date the service ended", "The date the service ended")
    reason = _choice("Why did the service end?", ServiceEndReason.choices, "why the service ended")
    notes = _text("Notes", required=False)


class DetentionForm(forms.Form):
    place = _choice(
        "Where were they on their 16th birthday?",
        DetentionPlace.choices,
        "whether they were in custody or in hospital",
    )
    since = _date(
        "Date they were detained or admitted to hospital",
        "The date they were detained or admitted to hospital",
    )
    notes = _text("Notes", required=False)
