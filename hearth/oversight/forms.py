"""Oversight forms: they validate input only; services do the work."""

from __future__ import annotations

from typing import Any

from django import forms

from hearth.accounts.models import Service, Team, User
from hearth.core.forms import GovukDateField
from hearth.oversight.models import (
    RAG,
    Attendance,
    AuditTemplate,
    EngagementKind,
    Grade,
    ImprovementActionStatus,
    ImprovementArea,
    OversightOccasion,
    SampleKind,
    SupervisionFrequency,
    TargetCriterion,
    Wellbeing,
)

GRADE_CHOICES = [("", "Choose a grade"), *Grade.choices]


class AgreementForm(forms.Form):
    supervisor = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label="Supervisor",
        error_messages={"required": "Select the supervisor"},
    )
    frequency = forms.ChoiceField(
        label="How often",
        choices=SupervisionFrequency.choices,
        required=False,
        help_text="The standard is monthly, or fortnightly for a newly qualified social worker "
        "in their first six months",
    )
    start_date = GovukDateField(
        label="Agreement starts", error_messages={"required": "Enter the date the agreement starts"}
    )

    def __init__(self, *args: Any, supervisors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = supervisors


class SessionForm(forms.Form):
    held_on = GovukDateField(
        label="Date of supervision", error_messages={"required": "Enter the date of supervision"}
    )
    attendance = forms.ChoiceField(
        label="Did the supervision take place?",
        choices=Attendance.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the supervision took place"},
    )
    wellbeing = forms.ChoiceField(
        label="How is the worker?",
        choices=Wellbeing.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    wellbeing_notes = forms.CharField(label="Wellbeing", widget=forms.Textarea, required=False)
    workload = forms.CharField(label="Workload", widget=forms.Textarea, required=False)
    going_well = forms.CharField(label="What is going well", widget=forms.Textarea, required=False)
    worries = forms.CharField(label="What worries us", widget=forms.Textarea, required=False)
    needs_to_happen = forms.CharField(
        label="What needs to happen", widget=forms.Textarea, required=False
    )
    learning = forms.CharField(label="Learning", widget=forms.Textarea, required=False)
    professional_development = forms.CharField(
        label="Professional development", widget=forms.Textarea, required=False
    )

    REFLECTIVE = (
        "wellbeing",
        "wellbeing_notes",
        "workload",
        "going_well",
        "worries",
        "needs_to_happen",
        "learning",
        "professional_development",
    )


class SupervisionActionForm(forms.Form):
    description = forms.CharField(label="Action", max_length=500, required=False)
    due_on = GovukDateField(label="Complete by", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("description") and not data.get("due_on"):
            self.add_error("due_on", "Enter the date the action is due")
        if data.get("due_on") and not data.get("description"):
            self.add_error("description", "Enter the action")
        return data


class OversightFieldsForm(forms.Form):
    """Direction, reasons, one action (owner, date) or "no new actions" with a reason."""

    direction = forms.CharField(label="Management direction", widget=forms.Textarea, required=False)
    reasons = forms.CharField(label="Reasons", widget=forms.Textarea, required=False)
    action = forms.CharField(label="Action", max_length=500, required=False)
    action_owner = forms.ModelChoiceField(
        queryset=User.objects.none(), label="Who will do it", required=False
    )
    action_due_on = GovukDateField(label="Complete by", required=False)
    no_new_actions = forms.BooleanField(label="No new actions", required=False)
    no_actions_reason = forms.CharField(
        label="Why no new actions are needed", widget=forms.Textarea, required=False
    )

    direction_required = True

    def __init__(self, *args: Any, owners: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if owners is not None:
            self.fields["action_owner"].queryset = owners

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.direction_required and not (data.get("direction") or "").strip():
            self.add_error("direction", "Enter the management direction")
        has_action = bool(data.get("action"))
        if has_action:
            if not data.get("action_owner"):
                self.add_error("action_owner", "Select who will do the action")
            if not data.get("action_due_on"):
                self.add_error("action_due_on", "Enter the date the action is due")
            if data.get("no_new_actions"):
                self.add_error("no_new_actions", "Either add an action or select no new actions")
        elif data.get("no_new_actions"):
            if not (data.get("no_actions_reason") or "").strip():
                self.add_error("no_actions_reason", "Enter why no new actions are needed")
        elif self.direction_required:
            self.add_error("action", "Enter an action with a date, or select no new actions")
        return data


class OversightForm(OversightFieldsForm):
    occasion = forms.ChoiceField(
        label="When is this oversight given?",
        choices=[("", "Choose"), *OversightOccasion.choices],
        error_messages={"required": "Select when this oversight is given"},
    )
    occurred_on = GovukDateField(
        label="Date of oversight", error_messages={"required": "Enter the date of oversight"}
    )
    field_order = ["occasion", "occurred_on"]


class CaseDiscussionForm(OversightFieldsForm):
    """One case discussion in a supervision; blank when no child is chosen."""

    child = forms.TypedChoiceField(label="Child discussed", coerce=int, required=False)
    field_order = ["child"]

    def __init__(self, *args: Any, children: list[tuple[int, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["child"].choices = [("", "No case discussion"), *children]

    def clean(self) -> dict[str, Any]:
        self.direction_required = bool(self.cleaned_data.get("child"))
        return super().clean()


class CompleteForm(forms.Form):
    completed_on = GovukDateField(
        label="Date completed", error_messages={"required": "Enter the date completed"}
    )


class ProgrammeForm(forms.Form):
    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter a name"}
    )
    month = GovukDateField(
        label="Month (any day in it)", error_messages={"required": "Enter the month"}
    )
    template = forms.ModelChoiceField(
        queryset=AuditTemplate.objects.filter(active=True),
        label="Audit template",
        error_messages={"required": "Select the audit template"},
    )
    service = forms.ModelChoiceField(
        queryset=Service.objects.all(),
        label="Service",
        error_messages={"required": "Select the service"},
    )
    kind = forms.ChoiceField(
        label="How are cases chosen?",
        choices=SampleKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how cases are chosen"},
    )
    criterion = forms.ChoiceField(
        label="Criteria (targeted audits)",
        choices=[("", "None"), *TargetCriterion.choices],
        required=False,
    )
    sample_size = forms.IntegerField(
        label="Number of cases",
        min_value=1,
        max_value=200,
        error_messages={"required": "Enter the number of cases"},
    )
    auditors = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        label="Auditors",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one auditor"},
    )

    def __init__(self, *args: Any, auditors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["auditors"].queryset = auditors

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("kind") == SampleKind.TARGETED and not data.get("criterion"):
            self.add_error("criterion", "Select the criteria for a targeted audit")
        return data


class AuditForm(forms.Form):
    """One grade and evidence per question, built from the template."""

    overall_grade = forms.ChoiceField(
        label="Overall grade",
        choices=GRADE_CHOICES,
        error_messages={"required": "Select the overall grade"},
    )
    summary = forms.CharField(label="Summary of findings", widget=forms.Textarea, required=False)
    action = forms.CharField(label="Action for the case", max_length=500, required=False)
    action_owner = forms.ModelChoiceField(
        queryset=User.objects.none(), label="Who will do it", required=False
    )
    action_due_on = GovukDateField(label="Complete by", required=False)

    def __init__(self, *args: Any, questions: Any, owners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        self.fields["action_owner"].queryset = owners
        for q in self.questions:
            self.fields[f"grade_{q.pk}"] = forms.ChoiceField(
                label=q.text,
                choices=GRADE_CHOICES,
                help_text=q.get_standard_display(),
                error_messages={"required": "Select a grade"},
            )
            self.fields[f"evidence_{q.pk}"] = forms.CharField(
                label="Evidence",
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={"required": "Enter the evidence for the grade"},
            )

    def question_fields(self) -> list[tuple[Any, Any, Any]]:
        return [(q, self[f"grade_{q.pk}"], self[f"evidence_{q.pk}"]) for q in self.questions]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("action") and not (data.get("action_owner") and data.get("action_due_on")):
            self.add_error("action_due_on", "Enter who will do the action and by when")
        return data


class ResponseForm(forms.Form):
    practitioner_response = forms.CharField(
        label="Your response",
        widget=forms.Textarea,
        error_messages={"required": "Enter your response to the audit"},
    )


class ModerationForm(forms.Form):
    agreed_grade = forms.ChoiceField(
        label="Agreed grade",
        choices=GRADE_CHOICES,
        error_messages={"required": "Select the agreed grade"},
    )
    moderation_notes = forms.CharField(
        label="Moderation notes",
        widget=forms.Textarea,
        required=False,
        help_text="Explain any change to the auditor's grade",
    )


def action_inputs(data: dict[str, Any]) -> list[Any]:
    """The single action on an oversight or audit form, as the service takes it."""
    from hearth.oversight.services import ActionInput

    if not data.get("action"):
        return []
    return [
        ActionInput(
            description=data["action"], owner=data["action_owner"], due_on=data["action_due_on"]
        )
    ]


def discussion_inputs(discussions: list[CaseDiscussionForm], user: User) -> list[Any]:
    """The filled-in case discussions; the child is re-read through the user's scope."""
    from hearth.oversight.services import CaseDiscussionInput
    from hearth.people.models import Person

    chosen = [f.cleaned_data for f in discussions if f.cleaned_data.get("child")]
    children = Person.objects.children().visible_to(user).in_bulk([d["child"] for d in chosen])
    out = []
    for data in chosen:
        child = children.get(data["child"])
        if child is None:
            continue
        out.append(
            CaseDiscussionInput(
                child=child,
                direction=data["direction"],
                reasons=data["reasons"],
                actions=action_inputs(data),
                no_new_actions=data["no_new_actions"],
                no_actions_reason=data["no_actions_reason"],
            )
        )
    return out


# --- Improvement plan and leadership engagement --------------------------------------------


def _staff() -> Any:
    return (
        User.objects.filter(is_active=True)
        .exclude(role="partner_referrer")
        .order_by("last_name", "first_name")
    )


class AreaForm(forms.Form):
    title = forms.CharField(
        label="What needs to improve",
        max_length=300,
        error_messages={"required": "Enter what needs to improve"},
    )
    finding = forms.CharField(
        label="What the inspection or our own audit found", widget=forms.Textarea, required=False
    )
    lead = forms.ModelChoiceField(queryset=User.objects.none(), label="Lead", required=False)
    indicators = forms.CharField(
        label="How we will know it has improved (indicators)",
        widget=forms.Textarea,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = _staff()


class RatingForm(forms.Form):
    rag = forms.ChoiceField(
        label="RAG rating",
        choices=RAG.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the RAG rating"},
    )
    rated_on = GovukDateField(
        label="Date of the rating", error_messages={"required": "Enter the date of the rating"}
    )
    note = forms.CharField(
        label="Why this rating",
        widget=forms.Textarea,
        error_messages={"required": "Enter why the area has this rating"},
    )


class ImprovementActionForm(forms.Form):
    description = forms.CharField(
        label="What will be done",
        max_length=500,
        error_messages={"required": "Enter what will be done"},
    )
    owner = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label="Owner",
        error_messages={"required": "Select who owns the action"},
    )
    due_on = GovukDateField(label="Due by", error_messages={"required": "Enter the date it is due"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _staff()


class ProgressForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=ImprovementActionStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the status"},
    )
    recorded_on = GovukDateField(
        label="Date of the update", error_messages={"required": "Enter the date of the update"}
    )
    note = forms.CharField(
        label="Progress made",
        widget=forms.Textarea,
        error_messages={"required": "Enter the progress made"},
    )
    evidence = forms.CharField(
        label="Evidence of impact",
        help_text="Needed to mark the action complete: what is different for children or staff.",
        widget=forms.Textarea,
        required=False,
    )


class EngagementForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of engagement",
        choices=EngagementKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what kind of engagement"},
    )
    held_on = GovukDateField(label="Date", error_messages={"required": "Enter the date"})
    team = forms.ModelChoiceField(
        queryset=Team.objects.order_by("name"), label="Team (if one team)", required=False
    )
    staff_count = forms.IntegerField(
        label="Number of staff taking part",
        min_value=1,
        error_messages={
            "required": "Enter the number of staff taking part",
            "invalid": "Number of staff taking part must be a whole number",
            "min_value": "Number of staff taking part must be 1 or more",
        },
    )
    heard = forms.CharField(
        label="What staff told you",
        help_text="Themes, not names: staff speak freely when they are not identified.",
        widget=forms.Textarea,
        error_messages={"required": "Enter what staff told you"},
    )
    area = forms.ModelChoiceField(
        queryset=ImprovementArea.objects.all(),
        label="Improvement area it relates to",
        required=False,
    )


class EngagementChangeForm(forms.Form):
    changed = forms.CharField(
        label="What you changed as a result",
        widget=forms.Textarea,
        error_messages={"required": "Enter what changed as a result"},
    )
    changed_on = GovukDateField(
        label="Date of the change", error_messages={"required": "Enter the date of the change"}
    )
