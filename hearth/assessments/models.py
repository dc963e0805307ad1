"""CIN episodes (the census `CINdetails`) and child and family assessments.

Rules touching one row live here (`clean()` and database constraints); rules across rows
(overlaps, one open assessment, closure only when everything is concluded) are in services.py.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from hearth.assessments.querysets import AssessmentQuerySet, CINEpisodeQuerySet
from hearth.core.models import TimeStampedModel

NO_FACTORS = "21"
STEP_DOWN_REASON = "RC9"
AFTER_ASSESSMENT_REASONS = frozenset({"RC8", "RC9"})


class CINEpisode(TimeStampedModel):
    """An episode of need: from the referral to the closure (census `CINdetails`).

    Episodes of one child never overlap and only the latest may be open (DfE 8820, 8815,
    8816); open NFA referrals are the census's one exception, so the database allows one open
    episode per child among those that are not NFA. The front door's Referral points at its
    episode; this app never imports the front door."""

    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="cin_episodes"
    )
    referral_date = models.DateField(db_index=True)
    referral_source = models.CharField(max_length=4, help_text="CIN ReferralSource code")
    primary_need = models.CharField(max_length=2, blank=True, help_text="N0 to N9")
    referral_nfa = models.BooleanField("Referral NFA", default=False)
    closure_date = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(max_length=4, blank=True, help_text="RC1 to RC9")
    closure_note = models.CharField(max_length=500, blank=True)
    # Step-down at closure (RC9): the early help episode the child was referred to.
    step_down_to = models.ForeignKey(
        "early_help.EarlyHelpEpisode",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="stepped_down_from_cin",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = CINEpisodeQuerySet.as_manager()

    class Meta:
        ordering = ["-referral_date", "-id"]
        verbose_name = "CIN episode"
        indexes = [models.Index(fields=["child", "referral_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(closure_date__isnull=True)
                | Q(closure_date__gte=models.F("referral_date")),
                name="cin_episode_closes_after_referral",
            ),
            models.CheckConstraint(
                condition=(Q(closure_date__isnull=True) & Q(closure_reason=""))
                | (Q(closure_date__isnull=False) & ~Q(closure_reason="")),
                name="cin_episode_closure_date_and_reason_together",
            ),
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(closure_date__isnull=True, referral_nfa=False),
                name="cin_episode_one_open_per_child",
            ),
        ]

    def __str__(self) -> str:
        return f"CIN episode from {self.referral_date}"

    @property
    def is_open(self) -> bool:
        return self.closure_date is None

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.closure_date is not None and self.closure_date < self.referral_date:
            errors["closure_date"] = (
                "The closure date must be the same as or after the referral date"
            )
        if self.closure_date is not None and not self.closure_reason:
            errors["closure_reason"] = "Select the reason for closure"
        if self.closure_reason and self.closure_date is None:
            errors["closure_date"] = "Enter the closure date"
        if not self.referral_nfa and not self.primary_need and self.closure_date is not None:
            errors["primary_need"] = "Select the primary need before the episode is closed"
        if errors:
            raise ValidationError(errors)


class AssessmentKind(models.TextChoices):
    CHILD_AND_FAMILY = "child_and_family", "Child and family assessment"
    CONTINUOUS = "continuous", "Continuous assessment (child already open)"


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Awaiting authorisation"
    RETURNED = "returned", "Returned to the worker"
    AUTHORISED = "authorised", "Authorised"


# The allowed moves (STYLE.md rule 6). A returned assessment is edited like a draft.
TRANSITIONS: dict[str, frozenset[str]] = {
    "": frozenset({AssessmentStatus.DRAFT}),
    AssessmentStatus.DRAFT: frozenset({AssessmentStatus.SUBMITTED}),
    AssessmentStatus.RETURNED: frozenset({AssessmentStatus.SUBMITTED}),
    AssessmentStatus.SUBMITTED: frozenset({AssessmentStatus.AUTHORISED, AssessmentStatus.RETURNED}),
    AssessmentStatus.AUTHORISED: frozenset(),
}
EDITABLE_STATUSES = frozenset({AssessmentStatus.DRAFT, AssessmentStatus.RETURNED})


class Assessment(TimeStampedModel):
    """A child and family assessment (census `Assessments`), or a continuous assessment of a
    child already open. The authorisation date completes it.

    `status` repeats the latest AssessmentStatusChange row so lists can filter on it; only the
    services write either, together."""

    episode = models.ForeignKey(CINEpisode, on_delete=models.PROTECT, related_name="assessments")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="assessments")
    kind = models.CharField(
        max_length=20, choices=AssessmentKind.choices, default=AssessmentKind.CHILD_AND_FAMILY
    )
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    start_date = models.DateField()
    child_seen_on = models.DateField("Date the child was seen", null=True, blank=True)
    child_seen_alone_on = models.DateField("Date the child was seen alone", null=True, blank=True)
    child_views = models.TextField("The child's views, in their own words", blank=True)
    network_notes = models.TextField("Others in the family network considered", blank=True)
    history = models.TextField("History and significant events", blank=True)
    analysis = models.TextField("Analysis of risk and need", blank=True)
    recommendation = models.TextField(blank=True)
    outcome = models.CharField(max_length=10, blank=True, help_text="Local assessment_outcome code")
    support_required = models.BooleanField(
        "Assessed as requiring children's social care support", null=True, blank=True
    )
    status = models.CharField(
        max_length=12, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    submitted_on = models.DateField(null=True, blank=True)
    authorised_on = models.DateField("Authorisation date", null=True, blank=True)
    authorised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Optimistic concurrency: a save must name the version it edited.
    version = models.PositiveIntegerField(default=1)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-id"]
        indexes = [
            models.Index(fields=["child", "start_date"]),
            models.Index(fields=["status", "worker"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["episode"],
                condition=Q(authorised_on__isnull=True),
                name="assessment_one_open_per_episode",
            ),
            models.CheckConstraint(
                condition=Q(authorised_on__isnull=True)
                | Q(authorised_on__gte=models.F("start_date")),
                name="assessment_authorised_after_start",
            ),
            models.CheckConstraint(
                condition=(Q(status="authorised") & Q(authorised_on__isnull=False))
                | (~Q(status="authorised") & Q(authorised_on__isnull=True)),
                name="assessment_authorised_status_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} started {self.start_date}"

    @property
    def is_authorised(self) -> bool:
        return self.authorised_on is not None

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.child_seen_alone_on and not self.child_seen_on:
            errors["child_seen_on"] = "Enter the date the child was seen"
        if self.child_seen_on and self.child_seen_on < self.start_date:
            errors["child_seen_on"] = (
                "The date the child was seen must be on or after the start date"
            )
        if self.child_seen_alone_on and self.child_seen_alone_on < self.start_date:
            errors["child_seen_alone_on"] = (
                "The date the child was seen alone must be on or after the start date"
            )
        if self.authorised_on is not None and self.authorised_on < self.start_date:
            errors["authorised_on"] = "The authorisation date must be on or after the start date"
        if errors:
            raise ValidationError(errors)


class AssessmentStatusChange(models.Model):
    """Append-only history of an assessment's status: who, when and why."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="history_rows"
    )
    status = models.CharField(max_length=12, choices=AssessmentStatus.choices)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} at {self.created_at:%Y-%m-%d %H:%M}"


class AssessmentFactor(models.Model):
    """One factor identified at the end of the assessment (list `assessment_factor`).
    Reported only once the assessment is authorised (8614)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="factors")
    code = models.CharField(max_length=4)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "code"], name="assessment_factor_once")
        ]

    def __str__(self) -> str:
        return self.code


class NetworkConsideration(models.Model):
    """Whether a member of the child's family network was considered in the assessment."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="network_considerations"
    )
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    relationship_kind = models.CharField(max_length=30)
    considered = models.BooleanField(null=True)
    reason = models.CharField("Why they were not considered", max_length=500, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "person"], name="network_consideration_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.considered}"


class KeptAssessmentText(models.Model):
    """Text typed into an assessment that could not be saved in place (the session expired
    and the assessment had changed meanwhile). Shown to its author on the edit page so nothing
    typed is lost and nothing is overwritten. Free text never reported on."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="kept_texts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    dismissed = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Kept text for assessment {self.assessment_id}"
