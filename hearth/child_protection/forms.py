"""Forms validate input only; the services hold the rules."""

from __future__ import annotations

import functools
from typing import Any

from django import forms

from hearth.accounts.models import Role, User
from hearth.child_protection import services
from hearth.child_protection.models import (
    ActionStatus,
    Agency,
    ChildParticipation,
    CINPlanEndReason,
    CINReviewDecision,
    ConferenceAttendance,
    ConferenceDecision,
    CPPlanEndReason,
    GatewayDecision,
    ParentParticipation,
    PLOMeetingDecision,
    PLOMeetingKind,
    PoliceActionKind,
    StrategyDecision,
    StrategyKind,
)
from hearth.core.forms import GovukDateField
from hearth.reference.lookups import choices as code_choices

YES_NO = [("yes", "Yes"), ("no", "No")]


def _blank(choices: Any, text: str = "Select") -> list[tuple[str, str]]:
    return [("", text), *list(choices() if callable(choices) else choices)]


def _text(label: str, *, required: bool = True, hint: str = "", rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        help_text=hint,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": f"Enter {label[0].lower()}{label[1:]}"},
    )


def _date(label: str, *, required: bool = True, hint: str = "") -> GovukDateField:
    return GovukDateField(
        label=label, required=required, help_text=hint or "For example, 27 3 2026"
    )


def _radio(label: str, choices: Any, message: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": message},
    )


def _people_lines(text: str) -> list[tuple[str, str]]:
    """'Name, role' per line -> [(name, role)]."""
    found = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        name, _, role = line.partition(",")
        found.append((name.strip()[:200], role.strip()[:200]))
    return found


AGENCY_FIELDS = [(a.value, a.label) for a in Agency]


class StrategyDiscussionForm(forms.Form):
    kind = _radio("Was it a discussion or a meeting?", StrategyKind.choices, "Select the kind")
    held_on = _date("Date of the strategy discussion")
    held_at = forms.TimeField(
        label="Time (24-hour clock)",
        required=False,
        help_text="For example, 14:30",
        error_messages={"invalid": "Enter a time such as 14:30"},
    )
    information_shared = _text("Information shared", rows=5)
    safety_actions = _text("Immediate safety actions", rows=4)
    decision = _radio("Decision", StrategyDecision.choices, "Select the decision")
    rationale = _text("Reasons for the decision")
    agencies_reason = _text(
        "Why did only police and social care take part?",
        required=False,
        hint="Required when no one from health, education or another agency took part",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in AGENCY_FIELDS:
            self.fields[f"people_{value}"] = forms.CharField(
                label=f"Who took part from {label[0].lower()}{label[1:]}"
                if value != "other"
                else "Who took part from other agencies",
                required=False,
                help_text="One person a line: name, then a comma and their role",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def agency_fields(self) -> list[forms.BoundField]:
        return [self[f"people_{value}"] for value, _ in AGENCY_FIELDS]

    def participants(self) -> list[services.Participant]:
        return [
            services.Participant(value, name, role)
            for value, _ in AGENCY_FIELDS
            for name, role in _people_lines(self.cleaned_data.get(f"people_{value}", ""))
        ]


class PoliceActionForm(forms.Form):
    kind = forms.ChoiceField(
        label="Police action",
        choices=_blank(PoliceActionKind.choices),
        error_messages={"required": "Select the police action"},
    )
    action_date = _date("Date of the action")
    description = _text("What happened", required=False)
    social_worker_present = forms.ChoiceField(
        label="Was a social worker present?",
        choices=[("", "Not applicable"), *YES_NO],
        required=False,
        widget=forms.RadioSelect,
    )
    no_social_worker_reason = _text("Why no social worker was present", required=False)

    def clean_social_worker_present(self) -> bool | None:
        value = self.cleaned_data.get("social_worker_present")
        return None if not value else value == "yes"


class EnquiryOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome of the enquiry",
        choices=functools.partial(
            _blank, functools.partial(code_choices, "s47_outcome", show_code=False)
        ),
        error_messages={"required": "Select the outcome of the enquiry"},
    )
    outcome_date = _date("Date the enquiry concluded")
    icpc_required = _radio(
        "Is an initial child protection conference required?",
        YES_NO,
        "Select whether a conference is required",
    )
    carried_out_jointly = forms.ChoiceField(
        label="Was the enquiry carried out jointly with the police?",
        choices=YES_NO,
        required=False,
        widget=forms.RadioSelect,
    )
    single_agency_reason = _text("Why was it carried out by social care alone?", required=False)
    rationale = _text("Reasons", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["icpc_required"] = data.get("icpc_required") == "yes"
        joint = data.get("carried_out_jointly")
        data["carried_out_jointly"] = None if not joint else joint == "yes"
        return data


def _chairs() -> list[tuple[str, str]]:
    return _blank(
        [
            (str(u.pk), str(u))
            for u in User.objects.filter(role=Role.IRO, is_active=True).order_by(
                "last_name", "first_name"
            )
        ]
    )


class ConferenceForm(forms.Form):
    held_on = _date("Date of the conference")
    chair = forms.ChoiceField(
        label="Chair", choices=_chairs, error_messages={"required": "Select the chair"}
    )
    parents_participation = _radio(
        "Parents' participation", ParentParticipation.choices, "Select how the parents took part"
    )
    child_participation = _radio(
        "Child's participation", ChildParticipation.choices, "Select how the child took part"
    )
    child_views = _text("The child's views", required=False)
    reports_received = _text("Reports received", required=False, hint="Which agencies sent reports")
    decision = _radio("Decision", [], "Select the decision")
    category = forms.ChoiceField(
        label="Category of abuse",
        required=False,
        choices=functools.partial(
            _blank, functools.partial(code_choices, "abuse_category", show_code=False)
        ),
    )
    rationale = _text("Reasons for the decision")
    transferred_from = forms.CharField(label="Local authority the child moved from", required=False)
    contingency_plan = _text("Contingency plan", required=False)

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind == "review":
            allowed = [ConferenceDecision.CONTINUE, ConferenceDecision.END]
            self.fields["category"].help_text = "Latest category, when the plan continues"
        else:
            allowed = [ConferenceDecision.PLAN, ConferenceDecision.NO_PLAN]
        self.fields["decision"].choices = [(d.value, d.label) for d in allowed]
        for value, label in AGENCY_FIELDS:
            self.fields[f"attended_{value}"] = forms.CharField(
                label=f"Attended from {label[0].lower()}{label[1:]}"
                if value != "other"
                else "Attended from other agencies",
                required=False,
                help_text="One name a line",
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields["apologies"] = forms.CharField(
            label="Apologies",
            required=False,
            help_text=(
                "One a line: name, then a comma and the agency "
                "(police, health, education, social care or other)"
            ),
            widget=forms.Textarea(attrs={"rows": 2}),
        )

    def agency_fields(self) -> list[forms.BoundField]:
        return [self[f"attended_{value}"] for value, _ in AGENCY_FIELDS]

    def attendees(self) -> list[services.Attendee]:
        found = [
            services.Attendee(name, value, ConferenceAttendance.ATTENDED)
            for value, _ in AGENCY_FIELDS
            for name, _role in _people_lines(self.cleaned_data.get(f"attended_{value}", ""))
        ]
        words = {label.lower(): value for value, label in AGENCY_FIELDS}
        words.update({value.replace("_", " "): value for value, _ in AGENCY_FIELDS})
        for name, agency in _people_lines(self.cleaned_data.get("apologies", "")):
            value = words.get(agency.lower(), Agency.OTHER)
            found.append(services.Attendee(name, value, ConferenceAttendance.APOLOGIES))
        return found


class ActionForm(forms.Form):
    what = _text("What needs to happen")
    who = forms.CharField(
        label="Who will do it", error_messages={"required": "Enter who will do it"}
    )
    due_date = _date("By when")


class ActionUpdateForm(forms.Form):
    action_id = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label="Status", choices=ActionStatus.choices)
    note = forms.CharField(label="Progress", required=False)


class MemberForm(forms.Form):
    name = forms.CharField(label="Name", error_messages={"required": "Enter the name"})
    agency = forms.ChoiceField(
        label="Agency",
        choices=_blank(Agency.choices),
        error_messages={"required": "Select the agency"},
    )
    role = forms.CharField(label="Role", required=False)
    added_on = _date("Joined the core group on")


class CoreGroupForm(forms.Form):
    held_on = _date("Date of the core group")
    attended = forms.MultipleChoiceField(
        label="Who attended", required=False, widget=forms.CheckboxSelectMultiple, choices=[]
    )
    others_attending = _text("Others attending", required=False, rows=2)
    progress = _text("Progress on the plan", rows=5)

    def __init__(self, *args: Any, members: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = {str(m.pk): m for m in members}
        self.fields["attended"].choices = [(str(m.pk), str(m)) for m in members]

    def attended_members(self) -> list[Any]:
        return [self.members[v] for v in self.cleaned_data.get("attended", []) if v in self.members]


class ContingencyForm(forms.Form):
    contingency_plan = _text("Contingency plan", rows=5)


class CPPlanEndForm(forms.Form):
    end_date = _date("End date")
    reason = forms.ChoiceField(
        label="Why did the plan end?",
        choices=_blank([c for c in CPPlanEndReason.choices if c[0] != "review"]),
        error_messages={"required": "Select why the plan ended"},
    )
    note = _text("Notes", required=False)


class CINPlanStartForm(forms.Form):
    start_date = _date("Start date of the child in need plan")


class CINPlanEndForm(forms.Form):
    end_date = _date("End date")
    reason = forms.ChoiceField(
        label="Why did the plan end?",
        choices=_blank([c for c in CINPlanEndReason.choices if c[0] != "cp_plan"]),
        error_messages={"required": "Select why the plan ended"},
    )
    note = _text("Notes", required=False)


class CINReviewForm(forms.Form):
    held_on = _date("Date of the review")
    attendees = _text("Who attended", required=False, rows=2)
    child_views = _text("The child's views", required=False)
    progress = _text("Progress on the plan", rows=4)
    decision = _radio("Decision", CINReviewDecision.choices, "Select the decision")
    exit_plan = _text(
        "Step-down or closure plan", required=False, hint="Required to step down or close"
    )


class PLOStartForm(forms.Form):
    gateway_date = _date("Date of the legal gateway or planning meeting")
    gateway_decision = _radio("Decision", GatewayDecision.choices, "Select the decision")
    gateway_notes = _text("Notes", required=False)
    court_application_date = _date(
        "Date of the court application", required=False, hint="When issuing now"
    )


class PLOLetterForm(forms.Form):
    letter_sent_on = _date("Date the letter before proceedings was sent")


class PLOMeetingForm(forms.Form):
    kind = _radio("Meeting", PLOMeetingKind.choices, "Select the meeting")
    held_on = _date("Date of the meeting")
    parents_represented = forms.BooleanField(
        label="Parents had legal representation", required=False
    )
    notes = _text("Notes", required=False)
    decision = _radio("Decision", PLOMeetingDecision.choices, "Select the decision")
    next_review_on = _date("Next review on", required=False)
    court_application_date = _date(
        "Date of the court application", required=False, hint="When issuing"
    )
