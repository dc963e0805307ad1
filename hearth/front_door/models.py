"""Contacts, the people they concern, consent, MASH checks, threshold decisions and referrals.

Invariants on one row live here (clean() and database constraints); anything touching several
rows lives in services.py."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from hearth.core.models import TimeStampedModel
from hearth.front_door import rules
from hearth.front_door.querysets import (
    ContactPersonQuerySet,
    ContactQuerySet,
    MashCheckQuerySet,
    ReferralQuerySet,
)
from hearth.front_door.rules import (
    CONSENT_NEEDS_REASON,
    Agency,
    ConsentReason,
    ConsentStatus,
    ContactRoute,
    ContactStatus,
    FamilyAware,
    Outcome,
    Rag,
)


class Contact(TimeStampedModel):
    """Any approach to children's social care about a child, whatever the route."""

    route = models.CharField(max_length=30, choices=ContactRoute.choices)
    # The latest row of `status_history`, kept here so that the queue can filter on an index.
    # Written only by services.contact_transition, in the same transaction as the history row.
    status = models.CharField(
        max_length=30, choices=ContactStatus.choices, default=ContactStatus.NEW, editable=False
    )
    received_at = models.DateTimeField(db_index=True)
    referral_source = models.CharField(
        "Referral source (DfE code)", max_length=4, help_text="CIN ReferralSource code"
    )
    referrer_name = models.CharField(max_length=200, blank=True)
    referrer_agency = models.CharField(max_length=200, blank=True)
    referrer_role = models.CharField(max_length=200, blank=True)
    referrer_phone = models.CharField(max_length=40, blank=True)
    referrer_email = models.EmailField(blank=True)
    concern = models.TextField("The concern in the referrer's words")
    # The child as the referrer named them, before the MASH links a person record.
    named_child = models.CharField("Child as named by the referrer", max_length=200, blank=True)
    named_child_date_of_birth = models.DateField(null=True, blank=True)
    family_aware = models.CharField(
        max_length=10, choices=FamilyAware.choices, default=FamilyAware.UNKNOWN
    )
    family_knows = models.TextField("What the family knows", blank=True)

    consent_status = models.CharField(
        max_length=20, choices=ConsentStatus.choices, default=ConsentStatus.PENDING
    )
    consent_reason = models.CharField(max_length=40, choices=ConsentReason.choices, blank=True)
    consent_rationale = models.TextField(blank=True)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    consent_recorded_at = models.DateTimeField(null=True, blank=True)

    rag = models.CharField("RAG rating", max_length=5, choices=Rag.choices, default=Rag.AMBER)
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="front_door_contacts",
        help_text="Who is working on the contact",
    )
    # A partner referrer who submitted through the portal sees this contact's outcome.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="submitted_contacts",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    # Duplicate handling: the open contact this one may repeat, and the one it was merged into.
    possible_duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="possible_duplicates"
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_contacts"
    )
    # Feedback to the referrer (DOMAIN.md 1.2).
    feedback_given_at = models.DateTimeField(null=True, blank=True)
    feedback_method = models.CharField(max_length=100, blank=True)

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["received_at", "id"]
        indexes = [
            models.Index(fields=["status", "received_at"]),
            models.Index(fields=["rag", "received_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(consent_status__in=sorted(CONSENT_NEEDS_REASON))
                | (~models.Q(consent_reason="") & ~models.Q(consent_rationale="")),
                name="contact_consent_dispensed_needs_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(merged_into__isnull=True)
                | ~models.Q(merged_into=models.F("id")),
                name="contact_not_merged_into_itself",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"C{self.pk:06d}" if self.pk else "New contact"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.consent_status in CONSENT_NEEDS_REASON:
            verb = (
                "dispensed with" if self.consent_status == ConsentStatus.DISPENSED else "not sought"
            )
            if not self.consent_reason:
                errors["consent_reason"] = f"Select why consent was {verb}"
            if not self.consent_rationale.strip():
                errors["consent_rationale"] = f"Explain why consent was {verb}"
        codes = {code for code, _ in rules.referral_source_choices()}
        if self.referral_source and self.referral_source not in codes:
            errors["referral_source"] = "Select a referral source from the list"
        if self.received_at and self.received_at > timezone.now() + timedelta(minutes=5):
            errors["received_at"] = "Date of contact must be today or in the past"
        if errors:
            raise ValidationError(errors)


class ContactStatusChange(models.Model):
    """Append-only status history: the current status is the latest row."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="status_history")
    status = models.CharField(max_length=30, choices=ContactStatus.choices)
    reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["contact", "-id"])]

    def __str__(self) -> str:
        return f"{self.contact} {self.status}"


class RecordedAs(models.TextChoices):
    PENDING = "", "Not decided"
    REFERRAL = "referral", "Referral"
    OPEN_CASE = "open_case", "Contact on an open case"
    CLOSED = "closed", "Closed at the front door"
    EARLY_HELP = "early_help", "Stepped to early help"


class ContactPerson(models.Model):
    """A child or adult the contact concerns, linked to a Person record."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="people")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="front_door_contacts"
    )
    is_subject_child = models.BooleanField(default=True)
    relationship = models.CharField("Relationship to the child", max_length=100, blank=True)
    # What the decision made of this child's contact (DOMAIN.md 1.2: no referral if open).
    recorded_as = models.CharField(max_length=20, choices=RecordedAs.choices, blank=True)

    objects = ContactPersonQuerySet.as_manager()

    class Meta:
        ordering = ["-is_subject_child", "id"]
        constraints = [
            models.UniqueConstraint(fields=["contact", "person"], name="contact_person_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} on {self.contact}"


class MashCheck(models.Model):
    """An information request to a partner agency, with a RAG deadline and the response."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="checks")
    agency = models.CharField(max_length=30, choices=Agency.choices)
    rag = models.CharField("RAG rating", max_length=5, choices=Rag.choices)
    question = models.TextField("What you are asking", blank=True)
    requested_at = models.DateTimeField(default=timezone.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    due_at = models.DateTimeField()
    response = models.TextField(blank=True)
    responder_name = models.CharField(max_length=200, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    objects = MashCheckQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(responded_at__isnull=True) | ~models.Q(response=""),
                name="mash_check_response_has_text",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_agency_display()} check on {self.contact}"

    def clean(self) -> None:
        if self.responded_at is not None and not self.response.strip():
            raise ValidationError({"response": "Enter the agency's response"})


class ThresholdDecision(models.Model):
    """A decision on a contact. A later decision on the same contact overturns the earlier one
    (kept for the threshold consistency report)."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="decisions")
    level_of_need = models.PositiveSmallIntegerField(
        choices=[(1, "Level 1"), (2, "Level 2"), (3, "Level 3"), (4, "Level 4")]
    )
    descriptors = models.JSONField(default=list, blank=True)
    outcome = models.CharField(max_length=30, choices=Outcome.choices)
    rationale = models.TextField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)
    authorised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    authorised_at = models.DateTimeField(null=True, blank=True)
    # When the decision took effect: at once, or when a manager authorised it.
    applied_at = models.DateTimeField(null=True, blank=True, db_index=True)
    same_day_action = models.BooleanField(default=False)
    early_help_service_name = models.CharField(max_length=200, blank=True)
    superseded = models.BooleanField(default=False)

    class Meta:
        ordering = ["decided_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(authorised_at__isnull=True)
                | models.Q(authorised_by__isnull=False),
                name="decision_authorisation_names_manager",
            ),
            models.CheckConstraint(
                condition=~models.Q(outcome="strategy_discussion") | models.Q(level_of_need=4),
                name="decision_strategy_discussion_is_level_4",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} on {self.contact}"

    @property
    def is_authorised(self) -> bool:
        return self.authorised_at is not None

    @property
    def is_applied(self) -> bool:
        return self.applied_at is not None

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if not self.rationale.strip():
            errors["rationale"] = "Enter the reasons for the decision"
        if self.outcome == Outcome.STRATEGY_DISCUSSION and self.level_of_need != 4:
            errors["outcome"] = "An immediate strategy discussion needs level of need 4"
        if errors:
            raise ValidationError(errors)


class Referral(TimeStampedModel):
    """A request for services for a child not already open (DfE definition). The CIN episode
    that the assessment work opens links back here."""

    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="referrals")
    decision = models.ForeignKey(
        ThresholdDecision, on_delete=models.PROTECT, related_name="referrals"
    )
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="referrals")
    referral_date = models.DateField(db_index=True)
    source = models.CharField(max_length=4, help_text="CIN ReferralSource code")
    is_re_referral = models.BooleanField(default=False)
    strategy_discussion_needed = models.BooleanField(default=False)
    # The CIN episode (census CINdetails) this referral opened.
    cin_episode = models.ForeignKey(
        "assessments.CINEpisode",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-referral_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["contact", "child"], name="referral_once_per_contact")
        ]

    def __str__(self) -> str:
        return f"Referral of {self.child} on {self.referral_date}"
