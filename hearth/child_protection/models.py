"""Strategy discussions, section 47 enquiries, conferences, child protection and child in need
plans, core groups and pre-proceedings (DOMAIN.md 1.5 to 1.8, census 2.3.6 to 2.3.8).

Rules on one row are here (`clean()`, constraints, small derived properties); rules across
rows (overlaps, one open plan, start dates that equal conference dates) are in services.py.
Where a thing changes state (an enquiry concludes, a plan ends, pre-proceedings end) an
append-only `...StatusChange` row records who, when and why; the typed date columns the
census reports (`end_date`, `outcome_date`) are written by the same service call.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from hearth.child_protection.querysets import (
    CINPlanQuerySet,
    ConferenceQuerySet,
    CPPlanQuerySet,
    PlanActionQuerySet,
    PreProceedingsQuerySet,
    Section47QuerySet,
    StrategyDiscussionQuerySet,
)
from hearth.core.models import TimeStampedModel
from hearth.timescales.calendar import add_working_days
from hearth.timescales.rules import add_months

ICPC_WORKING_DAYS = 15
LONG_PLAN_MONTHS = 18
REPEAT_PLAN_YEARS = 2


class Agency(models.TextChoices):
    SOCIAL_CARE = "social_care", "Children's social care"
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    OTHER = "other", "Other agency"


# A strategy discussion with only these agencies is flagged (the inspection finding).
POLICE_AND_SOCIAL_CARE = frozenset({Agency.POLICE, Agency.SOCIAL_CARE})


class StatusChange(models.Model):
    """Append-only history: who moved the record to which status, on what date, and why."""

    status = models.CharField(max_length=20)
    effective_on = models.DateField()
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.status} from {self.effective_on}"


# --- Strategy discussions and section 47 enquiries ---------------------------------------


class StrategyKind(models.TextChoices):
    DISCUSSION = "discussion", "Strategy discussion"
    MEETING = "meeting", "Strategy meeting"


class StrategyDecision(models.TextChoices):
    S47_SINGLE = "s47_single", "Section 47 enquiry, single agency (children's social care)"
    S47_JOINT = "s47_joint", "Section 47 enquiry, joint with the police"
    NO_S47 = "no_s47", "No section 47 enquiry"


S47_DECISIONS = frozenset({StrategyDecision.S47_SINGLE, StrategyDecision.S47_JOINT})


class StrategyDiscussion(TimeStampedModel):
    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="strategy_discussions"
    )
    episode = models.ForeignKey(
        "assessments.CINEpisode", on_delete=models.PROTECT, related_name="strategy_discussions"
    )
    kind = models.CharField(max_length=12, choices=StrategyKind.choices)
    held_on = models.DateField("Date of the strategy discussion")
    held_at = models.TimeField("Time of the strategy discussion", null=True, blank=True)
    # Why no one from health, education or another agency took part, when that is so.
    agencies_reason = models.TextField(blank=True)
    information_shared = models.TextField()
    safety_actions = models.TextField("Immediate safety actions")
    decision = models.CharField(max_length=12, choices=StrategyDecision.choices)
    rationale = models.TextField()
    # A later discussion about an enquiry already running: it never resets the enquiry's start.
    follow_up_of = models.ForeignKey(
        "Section47Enquiry",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_up_discussions",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = StrategyDiscussionQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["child", "held_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.held_on}"

    @property
    def starts_enquiry(self) -> bool:
        return self.decision in S47_DECISIONS and self.follow_up_of_id is None


class StrategyParticipant(models.Model):
    discussion = models.ForeignKey(
        StrategyDiscussion, on_delete=models.CASCADE, related_name="participants"
    )
    agency = models.CharField(max_length=12, choices=Agency.choices)
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["agency", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_agency_display()})"


class Section47Status(models.TextChoices):
    OPEN = "open", "Open"
    CONCLUDED = "concluded", "Concluded"


S47_TRANSITIONS: dict[str, frozenset[str]] = {
    "": frozenset({Section47Status.OPEN}),
    Section47Status.OPEN: frozenset({Section47Status.CONCLUDED}),
    Section47Status.CONCLUDED: frozenset(),
}

ICPC_OUTCOME = "ICPC"


class Section47Enquiry(TimeStampedModel):
    """Census `Section47`. Starts on the date of the strategy discussion that initiated it."""

    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="s47_enquiries"
    )
    episode = models.ForeignKey(
        "assessments.CINEpisode", on_delete=models.PROTECT, related_name="s47_enquiries"
    )
    strategy_discussion = models.OneToOneField(
        StrategyDiscussion, on_delete=models.PROTECT, related_name="enquiry"
    )
    start_date = models.DateField("Section 47 start date")
    joint_agreed = models.BooleanField("Agreed as a joint enquiry with the police")
    # Recorded when the enquiry concludes (or earlier): None until someone says.
    carried_out_jointly = models.BooleanField(null=True, blank=True)
    single_agency_reason = models.TextField(blank=True)
    outcome = models.CharField(max_length=10, blank=True, help_text="Local list s47_outcome")
    outcome_date = models.DateField(null=True, blank=True)
    outcome_rationale = models.TextField(blank=True)
    icpc_required = models.BooleanField(null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=Section47Status.choices, default=Section47Status.OPEN
    )

    objects = Section47QuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = "section 47 enquiry"
        verbose_name_plural = "section 47 enquiries"
        indexes = [models.Index(fields=["child", "start_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome_date__isnull=True)
                | Q(outcome_date__gte=models.F("start_date")),
                name="s47_outcome_after_start",
            ),
            models.UniqueConstraint(
                fields=["child"], condition=Q(status="open"), name="s47_one_open_per_child"
            ),
        ]

    def __str__(self) -> str:
        return f"Section 47 enquiry from {self.start_date}"

    @property
    def is_open(self) -> bool:
        return self.status == Section47Status.OPEN

    @property
    def icpc_target(self) -> date:
        """Census `InitialCPCtarget`: 15 working days after the start, never a weekend (8870Q)."""
        return add_working_days(self.start_date, ICPC_WORKING_DAYS)

    @property
    def icpc_not_required(self) -> bool:
        """Census `ICPCnotRequired`: the enquiry concluded that no conference was needed."""
        return self.icpc_required is False

    @property
    def joint_not_carried_out(self) -> bool:
        """Agreed as joint with the police, then carried out by social care alone."""
        return self.joint_agreed and self.carried_out_jointly is False

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.outcome and self.outcome_date is None:
            errors["outcome_date"] = "Enter the date the enquiry concluded"
        if self.outcome_date and self.outcome_date < self.start_date:
            errors["outcome_date"] = "The outcome date must be on or after the start date"
        if self.outcome == ICPC_OUTCOME and self.icpc_required is False:
            errors["icpc_required"] = "An outcome of an initial conference needs a conference"
        if (
            self.carried_out_jointly is False
            and self.joint_agreed
            and not self.single_agency_reason
        ):
            errors["single_agency_reason"] = (
                "Enter why the joint enquiry was carried out by social care alone"
            )
        if errors:
            raise ValidationError(errors)


class Section47StatusChange(StatusChange):
    enquiry = models.ForeignKey(Section47Enquiry, on_delete=models.CASCADE, related_name="history")

    class Meta(StatusChange.Meta):
        pass


class PoliceActionKind(models.TextChoices):
    ABE_INTERVIEW = "abe_interview", "Achieving best evidence (ABE) interview"
    JOINT_VISIT = "joint_visit", "Joint visit"
    ARREST = "arrest", "Arrest or interview of an alleged perpetrator"
    CHECKS = "checks", "Police checks"
    OTHER = "other", "Other police action"


class PoliceAction(TimeStampedModel):
    enquiry = models.ForeignKey(
        Section47Enquiry, on_delete=models.CASCADE, related_name="police_actions"
    )
    kind = models.CharField(max_length=20, choices=PoliceActionKind.choices)
    action_date = models.DateField()
    description = models.TextField(blank=True)
    social_worker_present = models.BooleanField(null=True, blank=True)
    no_social_worker_reason = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["action_date", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.action_date}"

    @property
    def abe_without_social_worker(self) -> bool:
        return self.kind == PoliceActionKind.ABE_INTERVIEW and self.social_worker_present is False

    def clean(self) -> None:
        if self.kind == PoliceActionKind.ABE_INTERVIEW and self.social_worker_present is None:
            raise ValidationError(
                {"social_worker_present": "Select whether a social worker was present"}
            )


# --- Conferences and child protection plans -----------------------------------------------


class ConferenceKind(models.TextChoices):
    INITIAL = "initial", "Initial child protection conference"
    TRANSFER_IN = "transfer_in", "Transfer-in conference"
    REVIEW = "review", "Review child protection conference"


class ConferenceDecision(models.TextChoices):
    PLAN = "plan", "Child protection plan"
    NO_PLAN = "no_plan", "No child protection plan"
    CONTINUE = "continue", "Continue the child protection plan"
    END = "end", "End the child protection plan"


INITIAL_DECISIONS = frozenset({ConferenceDecision.PLAN, ConferenceDecision.NO_PLAN})
REVIEW_DECISIONS = frozenset({ConferenceDecision.CONTINUE, ConferenceDecision.END})


class ParentParticipation(models.TextChoices):
    ATTENDED = "attended", "Attended"
    ATTENDED_PART = "attended_part", "Attended part of the conference"
    WRITTEN = "written", "Contributed in writing or through an advocate"
    DID_NOT_ATTEND = "did_not_attend", "Invited but did not attend"
    EXCLUDED = "excluded", "Excluded by the chair (reason recorded)"


class ChildParticipation(models.TextChoices):
    ATTENDED = "attended", "Attended"
    ADVOCATE = "advocate", "Views given through an advocate"
    WRITTEN = "written", "Views given in writing, drawing or recording"
    WORKER = "worker", "Views given through the social worker"
    DECLINED = "declined", "Chose not to take part"
    TOO_YOUNG = "too_young", "Too young or unable to give views"


class Conference(TimeStampedModel):
    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="cp_conferences"
    )
    episode = models.ForeignKey(
        "assessments.CINEpisode", on_delete=models.PROTECT, related_name="cp_conferences"
    )
    kind = models.CharField(max_length=12, choices=ConferenceKind.choices)
    # The enquiry an initial conference concludes (none for a transfer-in conference).
    enquiry = models.OneToOneField(
        Section47Enquiry,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="initial_conference",
    )
    # The plan a review conference reviews.
    plan = models.ForeignKey(
        "CPPlan", null=True, blank=True, on_delete=models.PROTECT, related_name="reviews"
    )
    held_on = models.DateField("Date of the conference")
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    parents_participation = models.CharField(max_length=20, choices=ParentParticipation.choices)
    child_participation = models.CharField(max_length=20, choices=ChildParticipation.choices)
    child_views = models.TextField("The child's views", blank=True)
    reports_received = models.TextField(blank=True)
    decision = models.CharField(max_length=10, choices=ConferenceDecision.choices)
    category = models.CharField(max_length=3, blank=True, help_text="List abuse_category")
    rationale = models.TextField()
    transferred_from = models.CharField("Transferring local authority", max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = ConferenceQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["child", "held_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.held_on}"

    @property
    def is_initial(self) -> bool:
        return self.kind in (ConferenceKind.INITIAL, ConferenceKind.TRANSFER_IN)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        allowed = INITIAL_DECISIONS if self.is_initial else REVIEW_DECISIONS
        if self.decision and self.decision not in allowed:
            errors["decision"] = "Select a decision this conference can make"
        needs_category = self.decision in (ConferenceDecision.PLAN, ConferenceDecision.CONTINUE)
        if needs_category and not self.category:
            errors["category"] = "Select the category of abuse"
        if not needs_category and self.category:
            errors["category"] = "Only a conference that makes or continues a plan has a category"
        if self.held_on and self.held_on.weekday() >= 5:
            # Census 8875: a conference date never falls on a weekend.
            errors["held_on"] = "The date of the conference must be a weekday"
        if self.kind == ConferenceKind.INITIAL and self.enquiry_id is None:
            errors["kind"] = "An initial conference follows a section 47 enquiry"
        if self.kind == ConferenceKind.TRANSFER_IN and not self.transferred_from:
            errors["transferred_from"] = "Enter the local authority the child moved from"
        if errors:
            raise ValidationError(errors)


class ConferenceAttendance(models.TextChoices):
    ATTENDED = "attended", "Attended"
    APOLOGIES = "apologies", "Sent apologies"
    REPORT_ONLY = "report_only", "Sent apologies and a report"


class ConferenceAttendee(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(max_length=200)
    agency = models.CharField(max_length=12, choices=Agency.choices)
    attendance = models.CharField(max_length=12, choices=ConferenceAttendance.choices)

    class Meta:
        ordering = ["attendance", "agency", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_agency_display()})"


class PlanStatus(models.TextChoices):
    OPEN = "open", "Open"
    ENDED = "ended", "Ended"


PLAN_TRANSITIONS: dict[str, frozenset[str]] = {
    "": frozenset({PlanStatus.OPEN}),
    PlanStatus.OPEN: frozenset({PlanStatus.ENDED}),
    PlanStatus.ENDED: frozenset(),
}


class CPPlanEndReason(models.TextChoices):
    REVIEW = "review", "Review conference decided the plan should end"
    LOOKED_AFTER = "looked_after", "Child became looked after"
    MOVED = "moved", "Child moved to another local authority"
    EIGHTEEN = "eighteen", "Child turned 18"
    OTHER = "other", "Other reason"


class CPPlan(TimeStampedModel):
    """Census `ChildProtectionPlans`. Starts on the date of the conference that made it."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="cp_plans")
    episode = models.ForeignKey(
        "assessments.CINEpisode", on_delete=models.PROTECT, related_name="cp_plans"
    )
    initial_conference = models.OneToOneField(
        Conference, on_delete=models.PROTECT, related_name="plan_started"
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=14, choices=CPPlanEndReason.choices, blank=True)
    initial_category = models.CharField(max_length=3)
    latest_category = models.CharField(max_length=3)
    previous_plans = models.PositiveIntegerField(default=0, help_text="NumberOfPreviousCPP")
    previous_plan_ended_on = models.DateField(null=True, blank=True)
    contingency_plan = models.TextField(blank=True)
    status = models.CharField(max_length=8, choices=PlanStatus.choices, default=PlanStatus.OPEN)

    objects = CPPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = "child protection plan"
        indexes = [models.Index(fields=["child", "start_date"])]
        constraints = [
            # 8840 and 8925: a plan ends after the day it starts.
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gt=models.F("start_date")),
                name="cp_plan_ends_after_start_day",
            ),
            # 8935: one open plan per child.
            models.UniqueConstraint(
                fields=["child"], condition=Q(end_date__isnull=True), name="cp_plan_one_open"
            ),
        ]

    def __str__(self) -> str:
        return f"Child protection plan from {self.start_date}"

    @property
    def is_open(self) -> bool:
        return self.end_date is None

    def is_beyond_18_months(self, today: date) -> bool:
        return (self.end_date or today) > add_months(self.start_date, LONG_PLAN_MONTHS)

    @property
    def is_repeat_within_two_years(self) -> bool:
        """A second or subsequent plan starting within 2 years of the end of the previous one."""
        ended = self.previous_plan_ended_on
        return ended is not None and self.start_date <= add_months(ended, 12 * REPEAT_PLAN_YEARS)

    def clean(self) -> None:
        if self.end_date is not None and self.end_date <= self.start_date:
            raise ValidationError({"end_date": "The plan must end after the day it started"})


class CPPlanStatusChange(StatusChange):
    plan = models.ForeignKey(CPPlan, on_delete=models.CASCADE, related_name="history")

    class Meta(StatusChange.Meta):
        pass


class CoreGroupMember(models.Model):
    plan = models.ForeignKey(CPPlan, on_delete=models.CASCADE, related_name="core_group")
    name = models.CharField(max_length=200)
    agency = models.CharField(max_length=12, choices=Agency.choices)
    role = models.CharField(max_length=200, blank=True)
    added_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["agency", "name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_agency_display()})"


class CoreGroupMeeting(TimeStampedModel):
    plan = models.ForeignKey(CPPlan, on_delete=models.CASCADE, related_name="core_groups")
    held_on = models.DateField("Date of the core group")
    attended = models.ManyToManyField(CoreGroupMember, blank=True, related_name="meetings")
    others_attending = models.TextField(blank=True)
    progress = models.TextField("Progress on the plan")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"Core group on {self.held_on}"


# --- Child in need plans ------------------------------------------------------------------


class CINPlanEndReason(models.TextChoices):
    STEP_DOWN = "step_down", "Stepped down to early help or universal services"
    CLOSED = "closed", "Needs met, case closing"
    CP_PLAN = "cp_plan", "Child protection plan started"
    LOOKED_AFTER = "looked_after", "Child became looked after"
    OTHER = "other", "Other reason"


class CINPlan(TimeStampedModel):
    """Census `CINPlanDates`. Never open at the same time as a child protection plan."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="cin_plans")
    episode = models.ForeignKey(
        "assessments.CINEpisode", on_delete=models.PROTECT, related_name="cin_plans"
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=14, choices=CINPlanEndReason.choices, blank=True)
    # A step-down or closure plan agreed (usually at a CIN review): stops the drift flag.
    exit_planned_on = models.DateField("Step-down or closure plan agreed on", null=True, blank=True)
    exit_plan = models.TextField("Step-down or closure plan", blank=True)
    status = models.CharField(max_length=8, choices=PlanStatus.choices, default=PlanStatus.OPEN)

    objects = CINPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = "child in need plan"
        indexes = [models.Index(fields=["child", "start_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="cin_plan_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["child"], condition=Q(end_date__isnull=True), name="cin_plan_one_open"
            ),
        ]

    def __str__(self) -> str:
        return f"Child in need plan from {self.start_date}"

    @property
    def is_open(self) -> bool:
        return self.end_date is None

    def drift_date(self) -> date:
        months = int(getattr(settings, "HEARTH", {}).get("CIN_PLAN_DRIFT_MONTHS", 9))
        return add_months(self.start_date, months)

    def is_drifting(self, today: date) -> bool:
        """Open beyond the configured length with no step-down or closure plan."""
        return self.is_open and not self.exit_planned_on and today > self.drift_date()

    def clean(self) -> None:
        if self.end_date is not None and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The end date must be on or after the start date"})


class CINPlanStatusChange(StatusChange):
    plan = models.ForeignKey(CINPlan, on_delete=models.CASCADE, related_name="history")

    class Meta(StatusChange.Meta):
        pass


class CINReviewDecision(models.TextChoices):
    CONTINUE = "continue", "Continue the plan"
    STEP_DOWN = "step_down", "Plan a step-down"
    CLOSE = "close", "Plan closure"
    ESCALATE = "escalate", "Escalate (strategy discussion or legal planning)"


class CINReview(TimeStampedModel):
    plan = models.ForeignKey(CINPlan, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField("Date of the review")
    attendees = models.TextField(blank=True)
    child_views = models.TextField("The child's views", blank=True)
    progress = models.TextField("Progress on the plan")
    decision = models.CharField(max_length=10, choices=CINReviewDecision.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"CIN review on {self.held_on}"


# --- Plan actions (both kinds of plan) ---------------------------------------------------


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "No longer needed"


CLOSED_ACTION_STATUSES = frozenset({ActionStatus.DONE, ActionStatus.DROPPED})


class PlanAction(TimeStampedModel):
    """One outline-plan action: what, who, by when. `status` repeats the latest update row."""

    cp_plan = models.ForeignKey(
        CPPlan, null=True, blank=True, on_delete=models.CASCADE, related_name="actions"
    )
    cin_plan = models.ForeignKey(
        CINPlan, null=True, blank=True, on_delete=models.CASCADE, related_name="actions"
    )
    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="plan_actions"
    )
    what = models.TextField("What needs to happen")
    who = models.CharField("Who will do it", max_length=200)
    due_date = models.DateField("By when")
    status = models.CharField(
        max_length=12, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = PlanActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(cp_plan__isnull=False) & Q(cin_plan__isnull=True))
                | (Q(cp_plan__isnull=True) & Q(cin_plan__isnull=False)),
                name="plan_action_belongs_to_one_plan",
            )
        ]

    def __str__(self) -> str:
        return self.what[:60]

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_ACTION_STATUSES

    def is_overdue(self, today: date) -> bool:
        return not self.is_closed and self.due_date < today


class PlanActionUpdate(models.Model):
    """Append-only progress on an action (from a core group, a review or the worker)."""

    action = models.ForeignKey(PlanAction, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(max_length=12, choices=ActionStatus.choices)
    note = models.TextField(blank=True)
    effective_on = models.DateField()
    core_group = models.ForeignKey(
        CoreGroupMeeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.status} on {self.effective_on}"


# --- Pre-proceedings (Public Law Outline) -------------------------------------------------


class GatewayDecision(models.TextChoices):
    PRE_PROCEEDINGS = "pre_proceedings", "Threshold met: enter pre-proceedings"
    ISSUE = "issue", "Threshold met: issue care proceedings now"
    NOT_MET = "not_met", "Threshold not met: continue under the current plan"


class PLOOutcome(models.TextChoices):
    STEP_DOWN = "step_down", "Step down (concerns reduced)"
    ISSUE = "issue", "Issue care proceedings"


class PLOMeetingKind(models.TextChoices):
    INITIAL = "initial", "Initial pre-proceedings meeting"
    REVIEW = "review", "Pre-proceedings review meeting"


class PLOMeetingDecision(models.TextChoices):
    CONTINUE = "continue", "Continue pre-proceedings"
    STEP_DOWN = "step_down", "Step down"
    ISSUE = "issue", "Issue care proceedings"


class PreProceedings(TimeStampedModel):
    """Public Law Outline tracking from the legal gateway meeting to the outcome."""

    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="pre_proceedings"
    )
    episode = models.ForeignKey(
        "assessments.CINEpisode", on_delete=models.PROTECT, related_name="pre_proceedings"
    )
    gateway_date = models.DateField("Date of the legal gateway or planning meeting")
    gateway_decision = models.CharField(max_length=16, choices=GatewayDecision.choices)
    gateway_notes = models.TextField(blank=True)
    letter_sent_on = models.DateField("Letter before proceedings sent on", null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=PLOOutcome.choices, blank=True)
    outcome_date = models.DateField(null=True, blank=True)
    court_application_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=PlanStatus.choices, default=PlanStatus.OPEN)

    objects = PreProceedingsQuerySet.as_manager()

    class Meta:
        ordering = ["-gateway_date", "-id"]
        verbose_name_plural = "pre-proceedings"
        constraints = [
            models.UniqueConstraint(
                fields=["child"], condition=Q(status="open"), name="plo_one_open_per_child"
            ),
            models.CheckConstraint(
                condition=Q(outcome_date__isnull=True)
                | Q(outcome_date__gte=models.F("gateway_date")),
                name="plo_outcome_after_gateway",
            ),
        ]

    def __str__(self) -> str:
        return f"Pre-proceedings from {self.gateway_date}"

    @property
    def is_open(self) -> bool:
        return self.status == PlanStatus.OPEN

    @property
    def start_date(self) -> date:
        """The pre-proceedings period runs from the gateway decision to enter it."""
        return self.gateway_date

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.letter_sent_on and self.letter_sent_on < self.gateway_date:
            errors["letter_sent_on"] = (
                "The letter before proceedings must be sent on or after the gateway meeting"
            )
        if self.outcome == PLOOutcome.ISSUE and self.court_application_date is None:
            errors["court_application_date"] = "Enter the date of the court application"
        if self.court_application_date and self.court_application_date < self.gateway_date:
            errors["court_application_date"] = (
                "The court application must be on or after the gateway meeting"
            )
        if errors:
            raise ValidationError(errors)


class PreProceedingsStatusChange(StatusChange):
    pre_proceedings = models.ForeignKey(
        PreProceedings, on_delete=models.CASCADE, related_name="history"
    )

    class Meta(StatusChange.Meta):
        pass


class PLOMeeting(TimeStampedModel):
    pre_proceedings = models.ForeignKey(
        PreProceedings, on_delete=models.CASCADE, related_name="meetings"
    )
    kind = models.CharField(max_length=8, choices=PLOMeetingKind.choices)
    held_on = models.DateField("Date of the meeting")
    parents_represented = models.BooleanField("Parents had legal representation", default=True)
    notes = models.TextField(blank=True)
    decision = models.CharField(max_length=10, choices=PLOMeetingDecision.choices)
    next_review_on = models.DateField("Next review on", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.held_on}"
