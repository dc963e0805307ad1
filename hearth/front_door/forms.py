"""Front door forms. They validate input only; the services apply the rules."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

# apply_service_errors moved to hearth.core.form_pages; the apps still import it from here.
from hearth.core.form_pages import apply_service_errors as apply_service_errors
from hearth.core.forms import GovukDateField
from hearth.front_door import rules
from hearth.front_door.rules import (
    CONSENT_NEEDS_REASON,
    Agency,
    ConsentReason,
    ConsentStatus,
    ContactRoute,
    FamilyAware,
    Outcome,
    Rag,
)
from hearth.people.models import Sex


def _blank_first(choices: list[tuple[str, str]], text: str = "Select") -> list[tuple[str, str]]:
    return [("", text), *choices]


class ConsentFields(forms.Form):
    consent_status = forms.ChoiceField(
        label="Has the parent or young person consented to this contact?",
        choices=ConsentStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether consent was given"},
    )
    consent_reason = forms.ChoiceField(
        label="Reason consent was not sought or was dispensed with",
        choices=_blank_first(list(ConsentReason.choices)),
        required=False,
        help_text="Only if consent was not sought or was dispensed with",
    )
    consent_rationale = forms.CharField(
        label="Rationale",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Why, in your own words. Required if consent was not sought or dispensed with.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        status = data.get("consent_status")
        if status in CONSENT_NEEDS_REASON:
            verb = "dispensed with" if status == ConsentStatus.DISPENSED else "not sought"
            if not data.get("consent_reason"):
                self.add_error("consent_reason", f"Select why consent was {verb}")
            if not (data.get("consent_rationale") or "").strip():
                self.add_error("consent_rationale", f"Explain why consent was {verb}")
        return data


class ContactForm(ConsentFields):
    route = forms.ChoiceField(
        label="How did the contact arrive?",
        choices=[c for c in ContactRoute.choices if c[0] != ContactRoute.STEP_UP],
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the contact arrived"},
    )
    received_on = GovukDateField(label="Date of contact", label_for_errors="The date of contact")
    received_time = forms.CharField(
        label="Time of contact",
        help_text="24-hour clock, for example 14:30",
        max_length=5,
        error_messages={"required": "Enter the time of contact"},
    )
    referral_source = forms.ChoiceField(
        label="Referral source",
        help_text="The DfE referral source code",
        error_messages={"required": "Select the referral source"},
    )
    referrer_name = forms.CharField(label="Referrer's name", required=False, max_length=200)
    referrer_agency = forms.CharField(
        label="Referrer's agency or organisation", required=False, max_length=200
    )
    referrer_role = forms.CharField(label="Referrer's role", required=False, max_length=200)
    referrer_phone = forms.CharField(label="Referrer's phone number", required=False, max_length=40)
    referrer_email = forms.EmailField(
        label="Referrer's email address",
        required=False,
        error_messages={"invalid": "Enter an email address in the correct format"},
    )
    concern = forms.CharField(
        label="The concern, in the referrer's words",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter the concern"},
    )
    family_aware = forms.ChoiceField(
        label="Does the family know about this contact?",
        choices=FamilyAware.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the family knows about this contact"},
    )
    family_knows = forms.CharField(
        label="What the family knows",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    rag = forms.ChoiceField(
        label="RAG rating",
        choices=Rag.choices,
        widget=forms.RadioSelect,
        initial=Rag.AMBER,
        error_messages={"required": "Select a RAG rating"},
    )

    field_order = [
        "route",
        "received_on",
        "received_time",
        "referral_source",
        "referrer_name",
        "referrer_agency",
        "referrer_role",
        "referrer_phone",
        "referrer_email",
        "concern",
        "family_aware",
        "family_knows",
        "rag",
        "consent_status",
        "consent_reason",
        "consent_rationale",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["referral_source"].choices = _blank_first(rules.referral_source_choices())

    def clean_received_time(self) -> time:
        value = self.cleaned_data["received_time"].strip()
        try:
            return datetime.strptime(value.replace(".", ":"), "%H:%M").time()
        except ValueError as exc:
            raise ValidationError(
                "Enter the time of contact as hours and minutes, like 14:30"
            ) from exc

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        day, moment = data.get("received_on"), data.get("received_time")
        if day and moment:
            received = timezone.make_aware(datetime.combine(day, moment))
            if received > timezone.now():
                self.add_error("received_on", "The date of contact must be today or in the past")
            data["received_at"] = received
        return data

    def service_values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for name in ("received_on", "received_time"):
            data.pop(name, None)
        return data


class PartnerReferralForm(ConsentFields):
    """The multi-agency referral form: same validation and consent questions as staff use."""

    referrer_name = forms.CharField(
        label="Your name", max_length=200, error_messages={"required": "Enter your name"}
    )
    referrer_role = forms.CharField(
        label="Your role", max_length=200, error_messages={"required": "Enter your role"}
    )
    referrer_phone = forms.CharField(
        label="Your phone number",
        max_length=40,
        error_messages={"required": "Enter a phone number we can call you on"},
    )
    referral_source = forms.ChoiceField(
        label="Which kind of agency are you referring from?",
        error_messages={"required": "Select the kind of agency you are referring from"},
    )
    child_first_name = forms.CharField(
        label="Child's first name",
        max_length=100,
        error_messages={"required": "Enter the child's first name"},
    )
    child_last_name = forms.CharField(
        label="Child's last name",
        max_length=100,
        error_messages={"required": "Enter the child's last name"},
    )
    child_date_of_birth = GovukDateField(
        label="Child's date of birth", label_for_errors="The child's date of birth"
    )
    concern = forms.CharField(
        label="What are you worried about?",
        help_text="Say what you have seen or heard, when, and what the child said, in your words.",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter what you are worried about"},
    )
    family_aware = forms.ChoiceField(
        label="Does the family know you are making this referral?",
        choices=FamilyAware.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the family knows about this referral"},
    )
    family_knows = forms.CharField(
        label="What have you told the family?",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    urgent = forms.BooleanField(
        label="I think the child is at immediate risk of significant harm", required=False
    )

    field_order = [
        "referrer_name",
        "referrer_role",
        "referrer_phone",
        "referral_source",
        "child_first_name",
        "child_last_name",
        "child_date_of_birth",
        "concern",
        "family_aware",
        "family_knows",
        "consent_status",
        "consent_reason",
        "consent_rationale",
        "urgent",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["referral_source"].choices = _blank_first(rules.referral_source_choices())
        self.fields["consent_status"].choices = [
            c for c in ConsentStatus.choices if c[0] != ConsentStatus.PENDING
        ]

    def clean_child_date_of_birth(self) -> Any:
        value = self.cleaned_data["child_date_of_birth"]
        if value and value > timezone.localdate():
            raise ValidationError("The child's date of birth must be today or in the past")
        return value


class ConsentForm(ConsentFields):
    pass


class RagForm(forms.Form):
    rag = forms.ChoiceField(
        label="RAG rating", choices=Rag.choices, error_messages={"required": "Select a RAG rating"}
    )


class PersonSearchForm(forms.Form):
    first_name = forms.CharField(
        label="First name", max_length=100, error_messages={"required": "Enter their first name"}
    )
    last_name = forms.CharField(
        label="Last name", max_length=100, error_messages={"required": "Enter their last name"}
    )
    date_of_birth = GovukDateField(
        label="Date of birth", required=False, label_for_errors="The date of birth"
    )
    nhs_number = forms.CharField(label="NHS number", required=False, max_length=12)
    is_child = forms.ChoiceField(
        label="Is this a child the contact is about, or an adult?",
        choices=[("child", "A child the contact is about"), ("adult", "An adult")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether this is a child or an adult"},
    )
    sex = forms.ChoiceField(label="Sex", choices=Sex.choices, required=False)
    relationship = forms.CharField(
        label="Relationship to the child",
        required=False,
        max_length=100,
        help_text="For adults, for example mother or mother's partner",
    )


class MashCheckForm(forms.Form):
    agency = forms.ChoiceField(
        label="Agency",
        choices=_blank_first(list(Agency.choices)),
        error_messages={"required": "Select the agency"},
    )
    rag = forms.ChoiceField(
        label="How urgent is the check?",
        choices=[
            (Rag.RED, "Red: response within 4 hours"),
            (Rag.AMBER, "Amber: response within 24 hours"),
            (Rag.GREEN, "Green: response within 3 working days"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select how urgent the check is"},
    )
    question = forms.CharField(
        label="What you are asking", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class MashCheckResponseForm(forms.Form):
    response = forms.CharField(
        label="The agency's response",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the agency's response"},
    )
    responder_name = forms.CharField(
        label="Who gave the response",
        max_length=200,
        error_messages={"required": "Enter who gave the response"},
    )


class MergeForm(forms.Form):
    into = forms.ChoiceField(
        label="Merge this contact into",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the contact to merge into"},
    )
    reason = forms.CharField(label="Reason", required=False, max_length=300)

    def __init__(self, *args: Any, targets: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["into"].choices = [
            (
                str(c.pk),
                f"{c.reference}, received {c.received_at:%d/%m/%Y %H:%M}, "
                f"{c.get_route_display().lower()}",
            )
            for c in targets
        ]


class DecisionForm(forms.Form):
    level_of_need = forms.TypedChoiceField(
        label="Level of need",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the level of need"},
    )
    descriptors = forms.MultipleChoiceField(
        label="Which descriptors apply?",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    outcome = forms.ChoiceField(
        label="Decision",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the decision"},
    )
    early_help_service = forms.ChoiceField(
        label="Early help service",
        required=False,
        help_text="Only if stepping to early help",
    )
    rationale = forms.CharField(
        label="Reasons for the decision",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the reasons for the decision"},
    )

    def __init__(self, *args: Any, early_help_services: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level_of_need"].choices = [
            (level.level, f"Level {level.level}: {level.title}")
            for level in rules.threshold_levels()
        ]
        self.fields["descriptors"].choices = rules.descriptor_choices()
        self.services = {str(s.pk): s for s in early_help_services}
        self.fields["early_help_service"].choices = _blank_first(
            [(pk, f"{s.name} (ages {s.min_age} to {s.max_age})") for pk, s in self.services.items()]
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("outcome") == Outcome.EARLY_HELP and not data.get("early_help_service"):
            self.add_error("early_help_service", "Select the early help service")
        if data.get("outcome") == Outcome.STRATEGY_DISCUSSION and data.get("level_of_need") != 4:
            self.add_error("outcome", "An immediate strategy discussion needs level of need 4")
        data["early_help_service_obj"] = self.services.get(data.get("early_help_service") or "")
        return data


class ReturnDecisionForm(forms.Form):
    reason = forms.CharField(
        label="Why are you returning this decision?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why you are returning the decision"},
    )


class FeedbackForm(forms.Form):
    method = forms.CharField(
        label="How was the referrer told?",
        max_length=100,
        help_text="For example phone call, email or portal",
        error_messages={"required": "Enter how the referrer was told"},
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="Why are you reopening this contact?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why you are reopening the contact"},
    )


class AssignForm(forms.Form):
    worker = forms.ChoiceField(
        label="Who should work on this contact?",
        error_messages={"required": "Select who should work on this contact"},
    )

    def __init__(self, *args: Any, workers: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.workers = {str(w.pk): w for w in workers}
        self.fields["worker"].choices = _blank_first(
            [(pk, str(w)) for pk, w in self.workers.items()]
        )
