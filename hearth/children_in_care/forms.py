"""Forms validate input only; the services hold the rules (validation.py)."""

from __future__ import annotations

from typing import Any

from django import forms

from hearth.accounts.models import Role, User
from hearth.children_in_care.models import (
    MATCH_NEEDS,
    SDQ_REASONS,
    CarerRecordKind,
    EnquirySource,
    ExclusionKind,
    HealthAssessmentKind,
    HealthCheckKind,
    LeftReason,
    LifeStoryStatus,
    MatchLevel,
    PermanenceOption,
    Provider,
    ProviderKind,
    RecruitmentStage,
    SiblingDecision,
    ViewsSought,
)
from hearth.children_in_care.services import (
    ActionInput,
    DecisionInput,
    PreviousPermanenceAnswer,
    UpnAnswer,
)
from hearth.children_in_care.validation import Placement
from hearth.core.forms import GovukDateField
from hearth.people import codes as person_codes
from hearth.reference.lookups import choices as code_choices

ROWS = 3


def _blank(list_name: str) -> Any:
    return lambda: [("", "Select"), *code_choices(list_name)]


def _code(label: str, list_name: str, message: str, *, required: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=required,
        choices=_blank(list_name),
        error_messages={"required": message},
    )


def _date(label: str, *, required: bool = True) -> GovukDateField:
    return GovukDateField(label=label, required=required, help_text="For example, 27 3 2026")


def _text(label: str, *, required: bool = True, hint: str = "", rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        help_text=hint,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": f"Enter {label[0].lower()}{label[1:]}"},
    )


def _iro_choices() -> list[tuple[str, str]]:
    users = User.objects.filter(role=Role.IRO, is_active=True).order_by("last_name", "first_name")
    return [("", "Select"), *((str(u.pk), str(u)) for u in users)]


def _provider_choices() -> list[tuple[str, str]]:
    providers = Provider.objects.filter(active=True).order_by("name")
    return [
        ("", "None or not listed"),
        *((str(p.pk), f"{p.name} ({p.get_kind_display()})") for p in providers),
    ]


class PlacementFields(forms.Form):
    place = _code("Placement type", "placement_type", "Select the placement type")
    provider = forms.ChoiceField(
        label="Carer or provider",
        required=False,
        choices=_provider_choices,
        help_text="Their provider code, postcode and Ofsted URN are used when you leave those blank",  # noqa: E501
    )
    place_provider = _code("Placement provider", "placement_provider", "", required=False)
    placement_postcode = forms.CharField(label="Placement postcode", required=False, max_length=8)
    urn = forms.CharField(
        label="Ofsted URN",
        required=False,
        max_length=8,
        help_text="Leave blank for placements with parents, hospitals, custody and temporary placements",  # noqa: E501
    )

    def placement(self) -> Placement:
        data = self.cleaned_data
        provider = Provider.objects.filter(pk=data.get("provider") or 0).first()
        return Placement(
            place=data["place"],
            place_provider=data.get("place_provider", ""),
            provider=provider,
            postcode=data.get("placement_postcode", ""),
            urn=data.get("urn", ""),
        )


class PeriodStartForm(PlacementFields):
    date = _date("Date the child became looked after")
    decision_date = _date("Date of the decision")
    decision_by = forms.ChoiceField(
        label="Who made the decision",
        choices=lambda: [
            ("", "Select"),
            *(
                (str(u.pk), f"{u} ({u.get_role_display()})")
                for u in User.objects.filter(
                    role__in=[Role.TEAM_MANAGER, Role.SERVICE_MANAGER, Role.SENIOR_LEADER],
                    is_active=True,
                ).order_by("last_name")
            ),
        ],
        error_messages={"required": "Select who made the decision"},
    )
    decision_reason = _text("Reason for the decision")
    legal_status = _code("Legal status", "legal_status", "Select the legal status")
    category_of_need = _code(
        "Category of need", "category_of_need_903", "Select the category of need"
    )
    home_postcode = forms.CharField(
        label="Home postcode",
        max_length=8,
        error_messages={"required": "Enter the postcode of the child's home"},
    )
    iro = forms.ChoiceField(
        label="Independent reviewing officer", required=False, choices=_iro_choices
    )
    prev_perm = _code(
        "Before this care, was the child adopted, or under a special guardianship or child "
        "arrangements order?",
        "previous_permanence",
        "Select whether the child had a previous permanence option",
    )
    la_perm = forms.CharField(
        label="Local authority that arranged it",
        required=False,
        max_length=3,
        help_text="Not needed for Z1. A 3-digit DfE code, NIR, SCO, WAL or NUK (outside "
        "England), or 999 if not known",
    )
    date_perm = _date("Date of the order", required=False)
    upn = forms.CharField(
        label="Unique pupil number (UPN)",
        required=False,
        max_length=15,
        help_text="13 characters. Leave blank if not known and select why",
    )
    upn_unknown_reason = forms.ChoiceField(
        label="If the UPN is not known, why not",
        required=False,
        choices=lambda: [
            ("", "Select"),
            *((code, f"{code}: {text}") for code, text in person_codes.choices("upn_unknown")),
        ],
    )

    field_order = [
        "date",
        "decision_date",
        "decision_by",
        "decision_reason",
        "legal_status",
        "category_of_need",
        "home_postcode",
        "place",
        "provider",
        "place_provider",
        "placement_postcode",
        "urn",
        "iro",
        "prev_perm",
        "la_perm",
        "date_perm",
        "upn",
        "upn_unknown_reason",
    ]

    def previous_permanence(self) -> PreviousPermanenceAnswer:
        data = self.cleaned_data
        return PreviousPermanenceAnswer(
            prev_perm=data["prev_perm"],
            la_perm=data.get("la_perm", ""),
            date_perm=data.get("date_perm"),
        )

    def upn_answer(self) -> UpnAnswer:
        data = self.cleaned_data
        return UpnAnswer(upn=data.get("upn", ""), unknown_reason=data.get("upn_unknown_reason", ""))


class LegalStatusForm(forms.Form):
    date = _date("Date the legal status changed")
    legal_status = _code("New legal status", "legal_status", "Select the new legal status")


class PlacementChangeForm(PlacementFields):
    date = _date("Date the placement started")
    reason_place_change = _code(
        "Reason for the placement change", "reason_place_change", "", required=False
    )
    same_carer = forms.BooleanField(
        label="The child stays with the same carers (only the placement type changes)",
        required=False,
    )
    legal_status = _code(
        "Legal status changed at the same time to", "legal_status", "", required=False
    )
    notice_given_on = _date("Date the child and carers were told of the move", required=False)

    field_order = [
        "date",
        "notice_given_on",
        "place",
        "provider",
        "place_provider",
        "placement_postcode",
        "urn",
        "reason_place_change",
        "same_carer",
        "legal_status",
    ]


class CareEndForm(forms.Form):
    date = _date("Date care ended")
    reason_episode_ceased = _code(
        "Reason care ended", "reason_episode_ceased", "Select the reason care ended"
    )


class EpisodeCorrectForm(PlacementFields):
    """Correct an episode's dates and codes. The end date and the reason care ended are asked
    only where the episode has them (an open episode has no end; an episode followed by
    another ended with X1)."""

    decom = _date("Date the episode started")
    dec = _date("Date the episode ended", required=False)
    legal_status = _code("Legal status", "legal_status", "Select the legal status")
    reason_episode_ceased = _code(
        "Reason care ended", "reason_episode_ceased", "Select the reason care ended"
    )

    field_order = [
        "decom",
        "dec",
        "legal_status",
        "place",
        "place_provider",
        "urn",
        "reason_episode_ceased",
    ]

    def __init__(self, *args: Any, ended: bool, last: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The carer, postcodes and reasons for a move stay as recorded: a different carer
        # is a move, recorded on the placement page.
        for name in ("provider", "placement_postcode"):
            del self.fields[name]
        if not ended:
            del self.fields["dec"]
        if not (ended and last):
            del self.fields["reason_episode_ceased"]


class ReviewCorrectForm(forms.Form):
    date = _date("Date of the review")
    participation = _code(
        "The child's participation", "review_participation", "Select the child's participation code"
    )
    views_sought = forms.ChoiceField(
        label="How the child's views were sought",
        choices=ViewsSought.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the child's views were sought"},
    )


class ActionRows(forms.Form):
    """Up to three rows of what, who and by when."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(1, ROWS + 1):
            self.fields[f"what_{i}"] = forms.CharField(
                label=f"Action {i}: what", required=False, max_length=300
            )
            self.fields[f"who_{i}"] = forms.CharField(
                label=f"Action {i}: who", required=False, max_length=200
            )
            self.fields[f"due_{i}"] = _date(f"Action {i}: by when", required=False)

    def row_fields(self) -> list[list[Any]]:
        return [[self[f"what_{i}"], self[f"who_{i}"], self[f"due_{i}"]] for i in range(1, ROWS + 1)]

    def rows(self) -> list[tuple[str, str, Any]]:
        found = []
        for i in range(1, ROWS + 1):
            what = self.cleaned_data.get(f"what_{i}", "")
            who = self.cleaned_data.get(f"who_{i}", "")
            due = self.cleaned_data.get(f"due_{i}")
            if what or who or due:
                found.append((what, who, due))
        return found

    def actions(self) -> list[ActionInput]:
        return [ActionInput(what, who, due) for what, who, due in self.rows()]

    def decisions(self) -> list[DecisionInput]:
        return [DecisionInput(what, who, due) for what, who, due in self.rows()]


class CarePlanForm(ActionRows):
    date = _date("Date the care plan was agreed")
    summary = _text("What the plan is for", rows=4)
    child_wishes = _text("The child's wishes and feelings", rows=4)


class PlacementPlanForm(ActionRows):
    date = _date("Date the placement plan was agreed")
    agreed_with_carer = forms.BooleanField(label="Agreed with the carer", required=False)
    summary = _text("How the placement will meet the child's needs", rows=4)


PERMANENCE = [("", "Select"), *PermanenceOption.choices]


class ReviewForm(ActionRows):
    date = _date("Date of the review")
    iro = forms.ChoiceField(
        label="Independent reviewing officer who chaired it",
        choices=_iro_choices,
        error_messages={"required": "Select the independent reviewing officer"},
    )
    attendance = _text("Who attended")
    participation = _code(
        "The child's participation", "review_participation", "Select the child's participation code"
    )
    views_sought = forms.ChoiceField(
        label="How the child's views were sought",
        choices=ViewsSought.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the child's views were sought"},
    )
    child_views = _text(
        "The child's views, in their own words", hint="Or why they could not be given", rows=5
    )
    recommendations = _text("Recommendations", required=False)
    plan = forms.ChoiceField(
        label="Permanence plan",
        required=False,
        choices=PERMANENCE,
        help_text="Required from the second review if there is no permanence plan yet",
    )
    contingency = forms.ChoiceField(
        label="Parallel (contingency) plan", required=False, choices=PERMANENCE
    )
    rationale = _text("Why this is the plan for permanence", required=False)
    life_story_status = forms.ChoiceField(
        label="Where the life-story work has got to",
        required=False,
        choices=[("", "Select"), *LifeStoryStatus.choices],
        help_text="Required once there is a permanence plan",
    )

    def iro_user(self) -> User | None:
        return User.objects.filter(pk=self.cleaned_data.get("iro") or 0, role=Role.IRO).first()

    def permanence(self) -> dict | None:
        data = self.cleaned_data
        if not (data.get("plan") or data.get("contingency") or data.get("rationale")):
            return None
        return {
            "plan": data.get("plan", ""),
            "contingency": data.get("contingency", ""),
            "rationale": data.get("rationale", ""),
        }


class PermanenceForm(forms.Form):
    date = _date("Date the permanence plan was agreed")
    plan = forms.ChoiceField(
        label="Permanence plan",
        choices=PERMANENCE,
        error_messages={"required": "Select the permanence plan"},
    )
    contingency = forms.ChoiceField(
        label="Parallel (contingency) plan",
        choices=PERMANENCE,
        error_messages={"required": "Select the parallel (contingency) plan"},
    )
    rationale = _text("Why this is the plan for permanence")


class ChallengeForm(forms.Form):
    date = _date("Date the challenge was raised")
    issue = _text("What the IRO is challenging", rows=4)
    addressed_to = forms.CharField(
        label="Addressed to",
        max_length=200,
        error_messages={"required": "Enter who the challenge is addressed to"},
    )


class EscalateForm(forms.Form):
    date = _date("Date of the escalation")
    outcome = _text("Outcome of the current stage")
    addressed_to = forms.CharField(
        label="Next stage addressed to",
        max_length=200,
        error_messages={"required": "Enter who the next stage is addressed to"},
    )


class ResolveForm(forms.Form):
    date = _date("Date the challenge was resolved")
    resolution = _text("How it was resolved")


class IROContactForm(forms.Form):
    date = _date("Date of the contact")
    how = forms.CharField(
        label="How",
        max_length=100,
        help_text="For example, visit, video call",
        error_messages={"required": "Enter how the IRO was in contact"},
    )
    notes = _text("What was discussed")


class BedroomForm(forms.Form):
    bedroom_seen = forms.ChoiceField(
        label="Was the child's bedroom seen?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the child's bedroom was seen"},
    )
    bedroom_notes = forms.CharField(label="Notes about the bedroom", required=False, max_length=300)


# --- Health ------------------------------------------------------------------------------------

YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(label: str, message: str, *, required: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=required,
        error_messages={"required": message},
    )


def yes(value: str | None) -> bool | None:
    return None if not value else value == "yes"


class HealthAssessmentForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of assessment",
        choices=HealthAssessmentKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of assessment"},
    )
    date = _date("Date of the assessment")
    practitioner = forms.CharField(
        label="Who carried it out",
        max_length=200,
        help_text="For example, Dr Asha Patel, looked after children's nurse",
        error_messages={"required": "Enter who carried out the assessment"},
    )
    outcome = _text("Health needs found and the health plan")


class HealthCheckForm(forms.Form):
    kind = forms.ChoiceField(
        label="What was checked",
        choices=HealthCheckKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what was checked"},
    )
    date = _date("Date of the check")
    up_to_date = _yes_no(
        "Is the child up to date for their age?", "Select whether the child is up to date"
    )
    notes = _text("Notes", required=False)


class SDQForm(forms.Form):
    date = _date("Date the questionnaire was completed")
    score = forms.IntegerField(
        label="Total difficulties score",
        required=False,
        min_value=0,
        max_value=40,
        help_text="0 to 40. Leave blank if there is no score and select why",
        error_messages={
            "invalid": "The SDQ score must be a whole number",
            "min_value": "The SDQ score must be 0 to 40",
            "max_value": "The SDQ score must be 0 to 40",
        },
    )
    reason = forms.ChoiceField(
        label="Reason there is no score", required=False, choices=[("", "Select"), *SDQ_REASONS]
    )


class SubstanceMisuseForm(forms.Form):
    date = _date("Date the problem was identified")
    intervention_received = _yes_no(
        "Did the child receive an intervention?", "Select whether an intervention was received"
    )
    intervention_refused = _yes_no(
        "Was an intervention offered and refused?",
        "Select whether an intervention was offered and refused",
    )
    notes = _text("Notes", required=False)


class ConvictionForm(forms.Form):
    date = _date("Date of the conviction or caution")
    offence = forms.CharField(
        label="Offence", max_length=300, error_messages={"required": "Enter the offence"}
    )


class HealthHistoryForm(forms.Form):
    date = _date("Date the health history was given to the young person")
    notes = _text("Notes", required=False)


# --- Education ---------------------------------------------------------------------------------


class SchoolForm(forms.Form):
    school_name = forms.CharField(
        label="School, nursery or college",
        max_length=200,
        error_messages={"required": "Enter the name of the school"},
    )
    school_urn = forms.CharField(
        label="School URN (optional)", required=False, max_length=6, help_text="6 digits"
    )
    date = _date("Date the child started")


class VirtualSchoolForm(forms.Form):
    date = _date("Date of the contact")
    officer = forms.CharField(
        label="Virtual school officer",
        max_length=200,
        error_messages={"required": "Enter the virtual school officer's name"},
    )
    notes = _text("What the virtual school did", hint="Advice, challenge to the school, funding")


class PEPForm(forms.Form):
    date = _date("Date of the PEP meeting")
    virtual_school_attended = _yes_no(
        "Did the virtual school attend?", "Select whether the virtual school attended"
    )
    child_views = _text("The child's views")
    targets = _text("Targets and the support to meet them")


class ExclusionForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of exclusion",
        choices=ExclusionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of exclusion"},
    )
    date = _date("Date the exclusion started")
    school_days = forms.IntegerField(
        label="Length of a suspension in school days",
        required=False,
        min_value=1,
        error_messages={
            "invalid": "Enter the length as a whole number of school days",
            "min_value": "The length must be at least 1 school day",
        },
    )
    reason = _text("Reason for the exclusion")


class AttendanceForm(forms.Form):
    period_from = _date("Attendance from")
    period_to = _date("Attendance to")
    sessions_possible = forms.IntegerField(
        label="Sessions possible",
        min_value=1,
        help_text="Two sessions a school day",
        error_messages={
            "required": "Enter the number of sessions possible",
            "invalid": "Sessions possible must be a whole number",
            "min_value": "Sessions possible must be at least 1",
        },
    )
    sessions_attended = forms.IntegerField(
        label="Sessions attended",
        min_value=0,
        error_messages={
            "required": "Enter the number of sessions attended",
            "invalid": "Sessions attended must be a whole number",
            "min_value": "Sessions attended cannot be negative",
        },
    )


# --- Placements ---------------------------------------------------------------------------------


class SiblingAssessmentForm(forms.Form):
    sibling = forms.ChoiceField(
        label="Brother or sister",
        choices=[],
        error_messages={"required": "Select a brother or sister who is looked after"},
    )
    date = _date("Date of the assessment")
    decision = forms.ChoiceField(
        label="Decision",
        choices=SiblingDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether they are placed together or apart"},
    )
    reasons = _text("Why, including the children's wishes and feelings")
    contact_plan = _text(
        "How they will keep in touch", required=False, hint="Required when placed apart"
    )

    def __init__(self, *args: Any, siblings: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sibling"].choices = [
            ("", "Select"),
            *((str(s.pk), s.full_name) for s in siblings),
        ]


class PlacementMatchForm(forms.Form):
    notes = _text("How needs not met will be supported", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in MATCH_NEEDS:
            self.fields[key] = forms.ChoiceField(
                label=label,
                choices=MatchLevel.choices,
                widget=forms.RadioSelect,
                error_messages={"required": f"Select how the placement meets: {label.lower()}"},
            )
        self.order_fields([key for key, _ in MATCH_NEEDS] + ["notes"])

    def levels(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(key, "") for key, _ in MATCH_NEEDS}


class LifeStoryForm(forms.Form):
    date = _date("Date of the update")
    status = forms.ChoiceField(
        label="Where the work has got to",
        choices=LifeStoryStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select where the work has got to"},
    )
    worker = forms.CharField(label="Who is doing it", max_length=200, required=False)
    materials = _text("Materials (book, memory box, digital)", required=False)


def _number(label: str, message: str, *, required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        error_messages={
            "required": message,
            "invalid": f"{label} must be a whole number",
            "min_value": f"{label} cannot be negative",
        },
    )


class ProviderForm(forms.Form):
    name = forms.CharField(
        label="Household or provider name",
        max_length=200,
        error_messages={"required": "Enter the household or provider's name"},
    )
    kind = forms.ChoiceField(
        label="Kind",
        choices=[("", "Select"), *ProviderKind.choices],
        error_messages={"required": "Select the kind of provider"},
    )
    provider_code = _code(
        "Placement provider code", "placement_provider", "Select the placement provider code"
    )
    urn = forms.CharField(label="Ofsted URN", required=False, max_length=8)
    postcode = forms.CharField(label="Postcode", required=False, max_length=8)
    approved_on = _date("Approval date", required=False)
    age_from = _number("Youngest age", "", required=False)
    age_to = _number("Oldest age", "", required=False)
    capacity = _number("Places (capacity)", "Enter how many children they can care for")
    emergency_beds = _number("Emergency beds", "Enter how many emergency beds (0 if none)")
    skills = _text("Skills", required=False, hint="Teenagers, sibling groups, disability")
    out_of_hours_support = forms.CharField(
        label="Out-of-hours support", required=False, max_length=300
    )


class CarerRecordForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of record",
        choices=CarerRecordKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of record"},
    )
    date = _date("Date")
    notes = _text("What happened")


class EnquiryForm(forms.Form):
    household = forms.CharField(
        label="Household",
        max_length=200,
        error_messages={"required": "Enter the name of the household"},
    )
    source = forms.ChoiceField(
        label="How they heard about fostering with us",
        choices=[("", "Select"), *EnquirySource.choices],
        error_messages={"required": "Select how they heard about us"},
    )
    date = _date("Date of the enquiry")
    postcode = forms.CharField(label="Postcode (optional)", required=False, max_length=8)
    interested_in_ages = forms.CharField(
        label="Ages they would foster (optional)", required=False, max_length=100
    )


class EnquiryProgressForm(forms.Form):
    stage = forms.ChoiceField(
        label="Stage reached",
        choices=[("", "Select"), *RecruitmentStage.choices[1:]],
        error_messages={"required": "Select a later stage"},
    )
    date = _date("Date")
    left_reason = forms.ChoiceField(
        label="Why they left (if they left)",
        required=False,
        choices=[("", "Select"), *LeftReason.choices],
    )


class CouncilMeetingForm(forms.Form):
    date = _date("Date of the meeting")
    attendance = _number(
        "Children and young people who came", "Enter how many children and young people came"
    )
    notes = _text("What the council discussed", rows=5)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(1, ROWS + 1):
            self.fields[f"issue_{i}"] = forms.CharField(
                label=f"Issue {i} raised", required=False, max_length=500
            )
            self.fields[f"raised_with_{i}"] = forms.CharField(
                label=f"Issue {i} raised with", required=False, max_length=200
            )

    def issues(self) -> list[Any]:
        from hearth.children_in_care.services import IssueInput

        data = self.cleaned_data
        return [
            IssueInput(data.get(f"issue_{i}", ""), data.get(f"raised_with_{i}", ""))
            for i in range(1, ROWS + 1)
            if data.get(f"issue_{i}") or data.get(f"raised_with_{i}")
        ]


class CouncilResponseForm(forms.Form):
    date = _date("Date of the response")
    response = _text("The service's response")


class LongTermMatchForm(forms.Form):
    provider = forms.ChoiceField(
        label="Foster carers",
        choices=_provider_choices,
        error_messages={"required": "Select the foster carers"},
    )
    panel_on = _date("Date of the fostering panel")
    agency_decision_on = _date("Date of the agency decision")
