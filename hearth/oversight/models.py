"""Supervision, management oversight on cases, the workforce and caseloads, and case audit.

Reflective supervision content lives only on SupervisionSession; what a child's record shows
of a supervision is the OversightEntry a case discussion created (direction, reasons, actions).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from hearth.core.models import TimeStampedModel
from hearth.oversight.querysets import (
    CaseAuditQuerySet,
    ImprovementActionQuerySet,
    ImprovementAreaQuerySet,
    OversightActionQuerySet,
    OversightEntryQuerySet,
    StaffRecordQuerySet,
    SupervisionActionQuerySet,
    SupervisionSessionQuerySet,
)

USER = settings.AUTH_USER_MODEL


# --- Supervision ---------------------------------------------------------------------------


class SupervisionFrequency(models.TextChoices):
    STANDARD = "", "Standard for the worker's role and experience"
    WEEKLY = "weekly", "Weekly"
    FORTNIGHTLY = "fortnightly", "Fortnightly"
    MONTHLY = "monthly", "Monthly"
    SIX_WEEKLY = "six_weekly", "Every six weeks"


class SupervisionAgreement(TimeStampedModel):
    """Who supervises a worker and how often. One current agreement per worker."""

    worker = models.OneToOneField(USER, on_delete=models.CASCADE, related_name="supervision")
    supervisor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="supervisees")
    frequency = models.CharField(
        max_length=12, choices=SupervisionFrequency.choices, blank=True, default=""
    )
    start_date = models.DateField()
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["worker__last_name", "worker__first_name"]

    def __str__(self) -> str:
        return f"Supervision of {self.worker} by {self.supervisor}"

    def clean(self) -> None:
        if self.worker_id and self.worker_id == self.supervisor_id:
            raise ValidationError({"supervisor": "A worker cannot supervise themselves"})


class Attendance(models.TextChoices):
    HELD = "held", "Held"
    CANCELLED_WORKER = "cancelled_worker", "Cancelled by the worker"
    CANCELLED_SUPERVISOR = "cancelled_supervisor", "Cancelled by the supervisor"


class Wellbeing(models.TextChoices):
    GOOD = "good", "Doing well"
    MIXED = "mixed", "Some pressure"
    STRUGGLING = "struggling", "Struggling: needs support"


class SupervisionSession(TimeStampedModel):
    worker = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="supervision_sessions")
    supervisor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField("Date of supervision")
    attendance = models.CharField(max_length=24, choices=Attendance.choices)
    wellbeing = models.CharField(max_length=12, choices=Wellbeing.choices, blank=True)
    wellbeing_notes = models.TextField("Wellbeing", blank=True)
    workload = models.TextField("Workload", blank=True)
    going_well = models.TextField("What is going well", blank=True)
    worries = models.TextField("What worries us", blank=True)
    needs_to_happen = models.TextField("What needs to happen", blank=True)
    learning = models.TextField("Learning", blank=True)
    professional_development = models.TextField("Professional development", blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    objects = SupervisionSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["worker", "held_on"])]

    def __str__(self) -> str:
        return f"Supervision of {self.worker} on {self.held_on}"

    @property
    def was_held(self) -> bool:
        return self.attendance == Attendance.HELD


class SupervisionAction(TimeStampedModel):
    """An action agreed in supervision about the worker's practice or development (actions
    about a child are OversightActions on that child's record)."""

    session = models.ForeignKey(
        SupervisionSession, on_delete=models.CASCADE, related_name="actions"
    )
    description = models.CharField(max_length=500)
    owner = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="supervision_actions")
    due_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)

    objects = SupervisionActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["owner", "completed_on"])]

    def __str__(self) -> str:
        return self.description


# --- Management oversight ------------------------------------------------------------------


class OversightOccasion(models.TextChoices):
    SUPERVISION = "supervision", "Case discussion in supervision"
    ALLOCATION = "allocation", "Case allocation"
    ASSESSMENT_AUTHORISATION = "assessment_authorisation", "Assessment authorisation"
    PLAN_CHANGE = "plan_change", "Plan change"
    STEP_DOWN = "step_down", "Step-down"
    CLOSURE = "closure", "Closure"
    REVIEW = "review", "Periodic management review"


class OversightEntry(TimeStampedModel):
    """A manager's recorded oversight of a child's case: the direction and the actions."""

    child = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="oversight_entries"
    )
    occasion = models.CharField(max_length=30, choices=OversightOccasion.choices)
    occurred_on = models.DateField("Date of oversight")
    direction = models.TextField("Management direction")
    reasons = models.TextField("Reasons for the direction", blank=True)
    no_new_actions = models.BooleanField(default=False)
    no_actions_reason = models.TextField("Why no new actions are needed", blank=True)
    session = models.ForeignKey(
        SupervisionSession,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case_discussions",
    )
    # The record that prompted a key-point entry (e.g. assessments.assessment:12).
    source_type = models.CharField(max_length=100, blank=True)
    source_id = models.CharField(max_length=64, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    objects = OversightEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["child", "occurred_on"])]
        verbose_name_plural = "oversight entries"
        constraints = [
            models.CheckConstraint(
                condition=Q(no_new_actions=False) | ~Q(no_actions_reason=""),
                name="oversight_no_actions_needs_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_occasion_display()} on {self.occurred_on}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if not self.direction.strip():
            errors["direction"] = "Enter the management direction"
        if self.no_new_actions and not self.no_actions_reason.strip():
            errors["no_actions_reason"] = "Enter why no new actions are needed"
        if errors:
            raise ValidationError(errors)


class OversightAction(TimeStampedModel):
    entry = models.ForeignKey(OversightEntry, on_delete=models.CASCADE, related_name="actions")
    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    description = models.CharField(max_length=500)
    owner = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="oversight_actions")
    due_on = models.DateField("Complete by")
    completed_on = models.DateField(null=True, blank=True)

    objects = OversightActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["child", "completed_on"])]

    def __str__(self) -> str:
        return self.description


# --- Workforce and caseloads ---------------------------------------------------------------


class Contract(models.TextChoices):
    PERMANENT = "permanent", "Permanent"
    AGENCY = "agency", "Agency"


class LeavingReason(models.TextChoices):
    RESIGNED = "resigned", "Resigned"
    RETIRED = "retired", "Retired"
    DISMISSED = "dismissed", "Dismissed"
    CONTRACT_ENDED = "contract_ended", "End of contract"
    OTHER = "other", "Other"


class StaffRecord(TimeStampedModel):
    """One period of employment (a worker who returns gets a second record)."""

    user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="staff_records")
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=30)  # accounts.Role value at the time
    qualified_on = models.DateField("Date qualified", null=True, blank=True)
    fte = models.DecimalField("Full-time equivalent", max_digits=3, decimal_places=2, default=1)
    contract = models.CharField(max_length=10, choices=Contract.choices)
    start_date = models.DateField()
    leaving_date = models.DateField(null=True, blank=True)
    leaving_reason = models.CharField(max_length=20, choices=LeavingReason.choices, blank=True)

    objects = StaffRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fte__gt=0) & Q(fte__lte=1), name="staff_fte_between_0_and_1"
            ),
            models.CheckConstraint(
                condition=Q(leaving_date__isnull=True)
                | Q(leaving_date__gte=models.F("start_date")),
                name="staff_leaves_after_starting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_contract_display()})"

    def clean(self) -> None:
        if self.leaving_date and not self.leaving_reason:
            raise ValidationError({"leaving_reason": "Select the reason for leaving"})


class TeamEstablishment(TimeStampedModel):
    """A team's funded social work posts and its caseload threshold."""

    team = models.OneToOneField("accounts.Team", on_delete=models.CASCADE, related_name="+")
    funded_fte = models.DecimalField("Funded posts (FTE)", max_digits=5, decimal_places=2)
    caseload_threshold = models.DecimalField(
        "Weighted caseload per FTE above which a worker is overloaded",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )

    def __str__(self) -> str:
        return f"Establishment of {self.team}"


class CaseloadSnapshot(models.Model):
    """A worker's caseload at the start of a month (written by `snapshot-caseloads`)."""

    month = models.DateField()  # first of the month
    worker = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey("accounts.Team", on_delete=models.CASCADE, related_name="+")
    children = models.PositiveIntegerField(default=0)
    cin = models.PositiveIntegerField(default=0)
    cp = models.PositiveIntegerField(default=0)
    cla = models.PositiveIntegerField(default=0)
    care_leaver = models.PositiveIntegerField(default=0)
    assessment = models.PositiveIntegerField(default=0)
    other = models.PositiveIntegerField(default=0)
    weighted = models.DecimalField(max_digits=7, decimal_places=2)
    fte = models.DecimalField(max_digits=3, decimal_places=2)

    class Meta:
        ordering = ["-month", "worker_id"]
        constraints = [
            models.UniqueConstraint(fields=["month", "worker"], name="caseload_snapshot_once")
        ]

    def __str__(self) -> str:
        return f"Caseload of {self.worker_id} in {self.month:%B %Y}"


# --- Case audit ----------------------------------------------------------------------------


class PracticeStandard(models.TextChoices):
    CHILDS_VOICE = "childs_voice", "The child's voice"
    ASSESSMENT = "assessment", "Assessment quality"
    PLANNING = "planning", "Planning"
    OVERSIGHT = "oversight", "Management oversight"
    TIMELINESS = "timeliness", "Timeliness"
    IMPACT = "impact", "Impact on the child"


class Grade(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


class AuditTemplate(TimeStampedModel):
    name = models.CharField(max_length=200, unique=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AuditQuestion(models.Model):
    template = models.ForeignKey(AuditTemplate, on_delete=models.CASCADE, related_name="questions")
    standard = models.CharField(max_length=20, choices=PracticeStandard.choices)
    text = models.CharField(max_length=500)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text


class SampleKind(models.TextChoices):
    RANDOM = "random", "Random sample within the service"
    TARGETED = "targeted", "Targeted by criteria"


class TargetCriterion(models.TextChoices):
    CP_OVER_18_MONTHS = "cp_over_18_months", "Child protection plans over 18 months"
    NO_RECENT_OVERSIGHT = "no_recent_oversight", "Management oversight overdue"
    REPEAT_CP = "repeat_cp", "Second or subsequent child protection plan"


class AuditProgramme(TimeStampedModel):
    name = models.CharField(max_length=200)
    month = models.DateField()  # first of the month
    template = models.ForeignKey(AuditTemplate, on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey("accounts.Service", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=SampleKind.choices)
    criterion = models.CharField(max_length=30, choices=TargetCriterion.choices, blank=True)
    sample_size = models.PositiveSmallIntegerField()
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-month", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.kind == SampleKind.TARGETED and not self.criterion:
            raise ValidationError({"criterion": "Select the criteria for a targeted audit"})


class AuditStatus(models.TextChoices):
    ASSIGNED = "assigned", "Assigned"
    COMPLETED = "completed", "Completed, awaiting moderation"
    MODERATED = "moderated", "Moderated"


class CaseAudit(TimeStampedModel):
    programme = models.ForeignKey(
        AuditProgramme, null=True, blank=True, on_delete=models.PROTECT, related_name="audits"
    )
    template = models.ForeignKey(AuditTemplate, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="case_audits")
    # The case holder when the audit was assigned: learning is reported by team.
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="+")
    practitioner = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    auditor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="case_audits")
    status = models.CharField(
        max_length=10, choices=AuditStatus.choices, default=AuditStatus.ASSIGNED
    )
    overall_grade = models.CharField(max_length=20, choices=Grade.choices, blank=True)
    summary = models.TextField("Summary of findings", blank=True)
    completed_on = models.DateField(null=True, blank=True)
    practitioner_response = models.TextField(blank=True)
    moderator = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agreed_grade = models.CharField(max_length=20, choices=Grade.choices, blank=True)
    moderation_notes = models.TextField(blank=True)
    moderated_on = models.DateField(null=True, blank=True)

    objects = CaseAuditQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Audit of {self.child}"

    @property
    def final_grade(self) -> str:
        return self.agreed_grade or self.overall_grade

    @property
    def moderation_changed_grade(self) -> bool:
        return bool(self.agreed_grade) and self.agreed_grade != self.overall_grade


class AuditAnswer(models.Model):
    audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(AuditQuestion, on_delete=models.PROTECT, related_name="+")
    grade = models.CharField(max_length=20, choices=Grade.choices)
    evidence = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["audit", "question"], name="audit_answer_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_grade_display()}: {self.question_id}"


class AuditAction(TimeStampedModel):
    audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(max_length=500)
    owner = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]


# --- Improvement plan and leadership engagement --------------------------------------------


class RAG(models.TextChoices):
    RED = "red", "Red: off track"
    AMBER = "amber", "Amber: some progress, at risk"
    GREEN = "green", "Green: on track"


class ImprovementArea(TimeStampedModel):
    """One of the inspection's 'what needs to improve' findings, with the plan against it."""

    number = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField("What needs to improve", max_length=300)
    finding = models.TextField("What the inspection found", blank=True)
    lead = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    indicators = models.TextField("How we will know it has improved", blank=True)

    objects = ImprovementAreaQuerySet.as_manager()

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class ImprovementRating(models.Model):
    """Append-only RAG history of an area: the current rating is the latest row."""

    area = models.ForeignKey(ImprovementArea, on_delete=models.CASCADE, related_name="ratings")
    rag = models.CharField("RAG rating", max_length=5, choices=RAG.choices)
    rated_on = models.DateField()
    note = models.TextField("Why this rating")
    rated_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-rated_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_rag_display()} on {self.rated_on}"


class ImprovementActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETE = "complete", "Complete"


class ImprovementAction(TimeStampedModel):
    area = models.ForeignKey(ImprovementArea, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField("What will be done", max_length=500)
    owner = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="improvement_actions")
    due_on = models.DateField("Due by")
    status = models.CharField(
        max_length=12,
        choices=ImprovementActionStatus.choices,
        default=ImprovementActionStatus.NOT_STARTED,
    )
    completed_on = models.DateField(null=True, blank=True)
    evidence = models.TextField("Evidence of impact", blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    objects = ImprovementActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.description

    def is_overdue(self, today: date) -> bool:
        return self.status != ImprovementActionStatus.COMPLETE and self.due_on < today


class ImprovementProgress(models.Model):
    """Append-only progress updates on an action."""

    action = models.ForeignKey(ImprovementAction, on_delete=models.CASCADE, related_name="updates")
    recorded_on = models.DateField()
    status = models.CharField(max_length=12, choices=ImprovementActionStatus.choices)
    note = models.TextField("Progress")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} on {self.recorded_on}"


class EngagementKind(models.TextChoices):
    PRACTICE_VISIT = "practice_visit", "Practice visit to a team"
    PRACTICE_WEEK = "practice_week", "Practice week"
    STAFF_FORUM = "staff_forum", "Staff forum"
    CONVERSATION = "conversation", "Conversation with front-line staff"
    OBSERVATION = "observation", "Observed practice (visit, meeting or conference)"


class LeadershipEngagement(TimeStampedModel):
    """A senior leader's time with front-line staff: what staff said and what changed."""

    leader = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=EngagementKind.choices)
    held_on = models.DateField("Date")
    team = models.ForeignKey(
        "accounts.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    staff_count = models.PositiveSmallIntegerField("Number of staff taking part")
    heard = models.TextField("What staff told us")
    changed = models.TextField("What we changed as a result", blank=True)
    changed_on = models.DateField(null=True, blank=True)
    area = models.ForeignKey(
        ImprovementArea,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="engagements",
    )
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.held_on}"
