"""Early help forms: they validate input; the services apply the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from hearth.core.forms import GovukDateField
from hearth.early_help.models import EndReason, MeetingKind
from hearth.front_door.rules import Rag


class EpisodeUpdateForm(forms.Form):
    assessment_started_on = GovukDateField(
        label="Early help assessment started",
        required=False,
        label_for_errors="The assessment start date",
    )
    assessment_completed_on = GovukDateField(
        label="Early help assessment completed",
        required=False,
        label_for_errors="The assessment completion date",
    )
    assessment_organisation = forms.CharField(
        label="Organisation completing the assessment", required=False, max_length=200
    )
    lead_practitioner_name = forms.CharField(
        label="Lead practitioner", required=False, max_length=200
    )
    lead_organisation = forms.CharField(label="Lead organisation", required=False, max_length=200)
    family_views = forms.CharField(
        label="The family's views", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    child_views = forms.CharField(
        label="The child's views", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        today = timezone.localdate()
        for name in ("assessment_started_on", "assessment_completed_on"):
            if data.get(name) and data[name] > today:
                self.add_error(name, "The date must be today or in the past")
        return data


class TeamMemberForm(forms.Form):
    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter their name"}
    )
    agency = forms.CharField(
        label="Agency", max_length=200, error_messages={"required": "Enter their agency"}
    )
    role = forms.CharField(label="Role", required=False, max_length=200)


class EndForm(forms.Form):
    end_date = GovukDateField(label="Date early help ended", label_for_errors="The end date")
    end_reason = forms.ChoiceField(
        label="Why did early help end?",
        choices=[c for c in EndReason.choices if c[0] != EndReason.STEP_UP],
        widget=forms.RadioSelect,
        error_messages={"required": "Select why early help ended"},
    )

    def clean_end_date(self) -> Any:
        value = self.cleaned_data["end_date"]
        if value and value > timezone.localdate():
            raise forms.ValidationError("The end date must be today or in the past")
        return value


class StepUpForm(forms.Form):
    concern = forms.CharField(
        label="Why does this child need children's social care?",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter why the child needs children's social care"},
    )
    rag = forms.ChoiceField(
        label="How urgent is it?",
        choices=Rag.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how urgent it is"},
    )


class PlanActionForm(forms.Form):
    what = forms.CharField(
        label="What needs to happen",
        max_length=300,
        error_messages={"required": "Enter the action"},
    )
    who = forms.CharField(
        label="Who will do it", max_length=200, error_messages={"required": "Enter who will do it"}
    )
    due_on = GovukDateField(label="By when", label_for_errors="The date the action is due by")


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(
        label="Type of meeting",
        choices=MeetingKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of meeting"},
    )
    held_on = GovukDateField(
        label="Date of the meeting", label_for_errors="The date of the meeting"
    )
    attendees = forms.CharField(label="Who attended", required=False, max_length=500)
    notes = forms.CharField(
        label="What was discussed and agreed",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what was discussed and agreed"},
    )

    def clean_held_on(self) -> Any:
        value = self.cleaned_data["held_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError("The date of the meeting must be today or in the past")
        return value
