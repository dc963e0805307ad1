"""Periods of care and their SSDA903 episodes, placement providers, care and placement plans,
looked after reviews, IRO oversight and the permanence plan (DOMAIN.md 1.9, 3).

An `Episode` row is exactly an SSDA903 episode: a new one starts (and the previous one ends
with REC X1 the same day) whenever the legal status or the placement changes; services.py
does that, never overlapping. Codes are DfE codes from hearth.reference; rules across rows
(durations, age limits, temporary placements) are checked in validation.py at entry.
Health, education, adoption, recruitment and sufficiency are for later sessions: they hang
off `PeriodOfCare` and the child like the records here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q

from hearth.children_in_care.querysets import (
    ChallengeQuerySet,
    EpisodeQuerySet,
    PeriodQuerySet,
    ReviewQuerySet,
)
from hearth.core.models import TimeStampedModel

TEMPORARY_PLACEMENTS = frozenset({"T0", "T1", "T2", "T3", "T4"})
SHORT_BREAKS = frozenset({"V3", "V4"})
OTHER_PLACEMENTS = frozenset({"Z1", "Z11", "Z12", "Z13", "Z14"})
# Placement types with no Ofsted URN (903 rules 218/222).
NO_URN_PLACEMENTS = (
    frozenset({"P1", "P3", "R1", "R2", "R5"}) | TEMPORARY_PLACEMENTS | (OTHER_PLACEMENTS - {"Z1"})
)
FOSTER_PLACEMENTS = frozenset({"U1", "U2", "U3", "U4", "U5", "U6"})
ADOPTION_PLACEMENTS = frozenset({"A3", "A4", "A5", "A6"})
LONG_TERM_PLACEMENTS = frozenset({"U1", "U4"})
NEW_PLACEMENT_REASONS = frozenset({"S", "P", "T", "B", "U"})


class ProviderKind(models.TextChoices):
    IN_HOUSE_FOSTER = "in_house_foster", "In-house foster carer household"
    CONNECTED_PERSON = "connected_person", "Connected person (family and friends) carers"
    AGENCY_FOSTER = "agency_foster", "Independent fostering agency"
    CHILDRENS_HOME = "childrens_home", "Children's home"
    SUPPORTED_ACCOMMODATION = "supported", "Supported accommodation"
    OTHER = "other", "Other provider"


class Provider(TimeStampedModel):
    """A foster carer household, an agency or a residential provider (enough for placements;
    recruitment, training and support records come later)."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=ProviderKind.choices)
    provider_code = models.CharField(
        max_length=3, help_text="903 PLACE_PROVIDER code used for placements with them"
    )
    urn = models.CharField("Ofsted URN", max_length=8, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    approved_on = models.DateField("Approval date", null=True, blank=True)
    age_from = models.PositiveSmallIntegerField(null=True, blank=True)
    age_to = models.PositiveSmallIntegerField(null=True, blank=True)
    capacity = models.PositiveSmallIntegerField(default=1)
    emergency_beds = models.PositiveSmallIntegerField(default=0)
    skills = models.TextField(
        blank=True, help_text="For example, parent and child, disability, teenagers, sibling groups"
    )
    out_of_hours_support = models.CharField(max_length=300, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(age_from__isnull=True)
                | Q(age_to__isnull=True)
                | Q(age_to__gte=models.F("age_from")),
                name="cic_provider_age_range",
            )
        ]

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Placement:
    """The placement part of an episode, as entered."""

    place: str
    place_provider: str = ""
    provider: Provider | None = None
    postcode: str = ""
    urn: str = ""


class PeriodOfCare(TimeStampedModel):
    """From becoming looked after to leaving care: the decision and its assessment."""

    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="care_periods"
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    category_of_need = models.CharField(max_length=2, help_text="903 CIN code N1-N8")
    decision_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decision_date = models.DateField()
    decision_reason = models.TextField()
    assessment = models.ForeignKey(
        "assessments.Assessment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assessment_out_of_date = models.BooleanField(default=False)
    iro = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = PeriodQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="cic_period_end_after_start",
            ),
            models.UniqueConstraint(
                fields=["child"], condition=Q(end_date__isnull=True), name="cic_one_open_period"
            ),
        ]

    def __str__(self) -> str:
        return f"Period of care from {self.start_date:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return self.end_date is None


class Episode(TimeStampedModel):
    """One SSDA903 episode. Derived columns (distance, placement LA) come from the postcodes."""

    period = models.ForeignKey(PeriodOfCare, on_delete=models.CASCADE, related_name="episodes")
    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="care_episodes"
    )
    decom = models.DateField("Date episode commenced")
    rne = models.CharField("Reason for new episode", max_length=1)
    legal_status = models.CharField(max_length=2)
    category_of_need = models.CharField(max_length=2)
    place = models.CharField("Placement type", max_length=3)
    place_provider = models.CharField("Placement provider", max_length=3, blank=True)
    provider = models.ForeignKey(
        Provider, null=True, blank=True, on_delete=models.PROTECT, related_name="episodes"
    )
    reason_place_change = models.CharField(max_length=6, blank=True)
    home_postcode = models.CharField(max_length=8, blank=True)
    placement_postcode = models.CharField(max_length=8, blank=True)
    urn = models.CharField("Ofsted URN", max_length=8, blank=True)
    dec = models.DateField("Date episode ceased", null=True, blank=True)
    rec = models.CharField("Reason episode ceased", max_length=3, blank=True)
    placement_started_on = models.DateField()
    placement_distance = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    placement_la = models.CharField(max_length=9, blank=True)
    placement_location = models.CharField(max_length=3, blank=True)
    same_carer = models.BooleanField(default=False)
    notice_given_on = models.DateField(
        "Date the child and carers were told of the move", null=True, blank=True
    )

    objects = EpisodeQuerySet.as_manager()

    class Meta:
        ordering = ["decom", "id"]
        indexes = [models.Index(fields=["child", "decom"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(dec__isnull=True, rec="") | Q(dec__isnull=False) & ~Q(rec=""),
                name="cic_episode_dec_rec_together",
            ),
            models.CheckConstraint(
                condition=Q(dec__isnull=True) | Q(dec__gte=models.F("decom")),
                name="cic_episode_dec_after_decom",
            ),
            models.UniqueConstraint(
                fields=["child"], condition=Q(dec__isnull=True), name="cic_one_open_episode"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.legal_status}/{self.place} from {self.decom:%d/%m/%Y}"

    @property
    def is_temporary(self) -> bool:
        return self.place in TEMPORARY_PLACEMENTS


class ActionStatus(models.TextChoices):
    OPEN = "open", "Not done yet"
    DONE = "done", "Done"
    NOT_NEEDED = "not_needed", "No longer needed"


class CarePlan(TimeStampedModel):
    period = models.ForeignKey(PeriodOfCare, on_delete=models.CASCADE, related_name="care_plans")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="care_plans")
    agreed_on = models.DateField()
    summary = models.TextField("What the plan is for")
    child_wishes = models.TextField("The child's wishes and feelings")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-agreed_on", "-id"]


class PlacementPlan(TimeStampedModel):
    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="placement_plans")
    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="placement_plans"
    )
    agreed_on = models.DateField()
    agreed_with_carer = models.BooleanField(default=False)
    summary = models.TextField("How the placement will meet the child's needs")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-agreed_on", "-id"]


class PlanAction(TimeStampedModel):
    """An action in a care plan or placement plan: what, who, by when, status."""

    care_plan = models.ForeignKey(
        CarePlan, null=True, blank=True, on_delete=models.CASCADE, related_name="actions"
    )
    placement_plan = models.ForeignKey(
        PlacementPlan, null=True, blank=True, on_delete=models.CASCADE, related_name="actions"
    )
    what = models.CharField(max_length=300)
    who = models.CharField(max_length=200)
    due_on = models.DateField()
    status = models.CharField(
        max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(care_plan__isnull=False, placement_plan__isnull=True)
                | Q(care_plan__isnull=True, placement_plan__isnull=False),
                name="cic_action_one_plan",
            )
        ]


class PermanenceOption(models.TextChoices):
    """Annex A list 8: what is the permanence plan for this child?"""

    RETURN_HOME = "return_home", "Return to family"
    ADOPTION = "adoption", "Adoption"
    SGO_CAO = "sgo_cao", "Special guardianship or child arrangements order"
    SUPPORTED_LIVING = "supported_living", "Supported living in the community"
    RESIDENTIAL = "residential", "Long-term residential placement"
    LONG_TERM_FOSTERING = "long_term_fostering", "Long-term fostering"
    OTHER = "other", "Other"


class PermanencePlan(TimeStampedModel):
    """The permanence plan and its parallel (twin track) contingency. Append-only: the
    current plan is the latest row."""

    period = models.ForeignKey(
        PeriodOfCare, on_delete=models.CASCADE, related_name="permanence_plans"
    )
    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="permanence_plans"
    )
    agreed_on = models.DateField()
    plan = models.CharField(max_length=20, choices=PermanenceOption.choices)
    contingency = models.CharField(
        "Parallel (contingency) plan", max_length=20, choices=PermanenceOption.choices
    )
    rationale = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-agreed_on", "-id"]


class ViewsSought(models.TextChoices):
    MET_IRO = "met_iro", "The child met the IRO before the review"
    AT_REVIEW = "at_review", "The child spoke at the review"
    ADVOCATE = "advocate", "Through an advocate"
    CONSULTATION = "consultation", "Consultation form or app"
    SOCIAL_WORKER = "social_worker", "Through the social worker"
    TOO_YOUNG = "too_young", "Observed (the child is too young to give views)"
    NOT_SOUGHT = "not_sought", "Views were not sought (give the reason)"


class Review(TimeStampedModel):
    """A looked after review (CPR 2010 reg 33), chaired by the IRO."""

    period = models.ForeignKey(PeriodOfCare, on_delete=models.CASCADE, related_name="reviews")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="cla_reviews")
    held_on = models.DateField()
    iro = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    attendance = models.TextField("Who attended")
    participation = models.CharField("Participation code", max_length=3)
    views_sought = models.CharField(max_length=20, choices=ViewsSought.choices)
    child_views = models.TextField("The child's views, in their own words")
    recommendations = models.TextField(blank=True)
    permanence_plan = models.ForeignKey(
        PermanencePlan, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    life_story_status = models.CharField("Life-story work at the review", max_length=12, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["held_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["child", "held_on"], name="cic_one_review_a_day")
        ]


class ReviewDecision(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="decisions")
    decision = models.CharField(max_length=300)
    owner = models.CharField(max_length=200)
    due_on = models.DateField()
    status = models.CharField(
        max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.decision


class IROContact(TimeStampedModel):
    """The IRO's contact with the child between reviews."""

    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="iro_contacts"
    )
    period = models.ForeignKey(PeriodOfCare, on_delete=models.CASCADE, related_name="iro_contacts")
    iro = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    contact_on = models.DateField()
    how = models.CharField(max_length=100)
    notes = models.TextField()

    class Meta:
        ordering = ["-contact_on", "-id"]


class ChallengeStage(models.TextChoices):
    INFORMAL = "informal", "Informal challenge"
    FORMAL_1 = "formal_1", "Formal stage 1: team manager"
    FORMAL_2 = "formal_2", "Formal stage 2: service manager"
    FORMAL_3 = "formal_3", "Formal stage 3: director"
    CAFCASS = "cafcass", "Referral to Cafcass"


STAGE_ORDER: tuple[str, ...] = tuple(ChallengeStage.values)


class IROChallenge(TimeStampedModel):
    """The dispute resolution process: an issue the IRO raised and the stages it went through.
    Each stage is a `ChallengeStep` row (append-only); resolved when the last step has an
    outcome that resolves it."""

    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="iro_challenges"
    )
    period = models.ForeignKey(PeriodOfCare, on_delete=models.CASCADE, related_name="challenges")
    iro = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_on = models.DateField()
    issue = models.TextField("What the IRO is challenging")
    resolved_on = models.DateField(null=True, blank=True)
    resolution = models.TextField(blank=True)

    objects = ChallengeQuerySet.as_manager()

    class Meta:
        ordering = ["raised_on", "id"]


class ChallengeStep(TimeStampedModel):
    challenge = models.ForeignKey(IROChallenge, on_delete=models.CASCADE, related_name="steps")
    stage = models.CharField(max_length=10, choices=ChallengeStage.choices)
    started_on = models.DateField()
    respond_by = models.DateField()
    addressed_to = models.CharField(max_length=200)
    outcome = models.TextField(blank=True)
    outcome_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["started_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "stage"], name="cic_one_step_per_stage")
        ]


class VisitRecord(TimeStampedModel):
    """What a looked after child visit adds to the case note: the bedroom seen (reg 28)."""

    case_note = models.OneToOneField(
        "casework.CaseNote", on_delete=models.CASCADE, related_name="cla_visit"
    )
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    bedroom_seen = models.BooleanField()
    bedroom_notes = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"Visit on {self.case_note.contact_date}"


def age_on(date_of_birth: date | None, on: date) -> int | None:
    if date_of_birth is None:
        return None
    years = on.year - date_of_birth.year
    if (on.month, on.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years


# --- Health (DOMAIN.md 1.9 item 6, 3.3.10) ---------------------------------------------------


class HealthAssessmentKind(models.TextChoices):
    INITIAL = "initial", "Initial health assessment"
    REVIEW = "review", "Review health assessment"


class HealthAssessment(TimeStampedModel):
    """An initial or review health assessment of a looked after child."""

    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="health_assessments"
    )
    period = models.ForeignKey(
        PeriodOfCare, on_delete=models.CASCADE, related_name="health_assessments"
    )
    kind = models.CharField(max_length=10, choices=HealthAssessmentKind.choices)
    completed_on = models.DateField()
    practitioner = models.CharField("Who carried it out", max_length=200)
    outcome = models.TextField("Health needs found and the health plan")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-completed_on", "-id"]


class HealthCheckKind(models.TextChoices):
    DENTAL = "dental", "Dental check"
    IMMUNISATIONS = "immunisations", "Immunisations"
    SURVEILLANCE = "surveillance", "Development check (health surveillance, under 5s)"


class HealthCheck(TimeStampedModel):
    """A dental check, an immunisation status check or an under-5 development check
    (903 OC2 TEETH_CHECK, IMMUNISATIONS, HEALTH_CHECK)."""

    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="health_checks"
    )
    kind = models.CharField(max_length=14, choices=HealthCheckKind.choices)
    checked_on = models.DateField()
    up_to_date = models.BooleanField(
        help_text="Immunisations or checks up to date for the child's age after this check"
    )
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-checked_on", "-id"]


SDQ_REASONS = (
    ("SDQ1", "No form returned: child under 4 or over 16 at the date of the latest assessment"),
    ("SDQ2", "Carer refused to complete and return the questionnaire"),
    ("SDQ3", "Not possible to complete because of the severity of the child's disability"),
    ("SDQ4", "Other"),
    ("SDQ5", "Young person refused to allow an SDQ to be completed"),
)


class SDQ(TimeStampedModel):
    """A Strengths and Difficulties Questionnaire: the total score (0 to 40) or the reason
    there is none (903 OC2 SDQ_SCORE, SDQ_REASON)."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="sdqs")
    completed_on = models.DateField()
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=4, choices=SDQ_REASONS, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-completed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=False, reason="") | Q(score__isnull=True) & ~Q(reason=""),
                name="cic_sdq_score_or_reason",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=40), name="cic_sdq_score_range"
            ),
        ]


class SubstanceMisuse(TimeStampedModel):
    """A substance misuse problem identified, and whether an intervention was received or
    offered and refused (903 OC2 SUBSTANCE_MISUSE, INTERVENTION_RECEIVED/OFFERED)."""

    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="substance_misuse"
    )
    identified_on = models.DateField()
    intervention_received = models.BooleanField()
    intervention_refused = models.BooleanField("Intervention offered but refused")
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-identified_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(intervention_received=True, intervention_refused=True),
                name="cic_substance_received_or_refused",
            )
        ]


class Conviction(TimeStampedModel):
    """A conviction, youth caution or youth conditional caution (903 OC2 CONVICTED)."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="convictions")
    on = models.DateField("Date of the conviction or caution")
    offence = models.CharField(max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-on", "-id"]


class HealthHistoryGiven(TimeStampedModel):
    """The date the young person was given their health history (leaving care)."""

    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="health_histories_given"
    )
    given_on = models.DateField()
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-given_on", "-id"]


# --- Education (DOMAIN.md 1.9 item 7) ---------------------------------------------------------


class SchoolPlacement(TimeStampedModel):
    """The school (or nursery, college) the child attends; the UPN is on the person."""

    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="school_placements"
    )
    school_name = models.CharField(max_length=200)
    school_urn = models.CharField("School URN", max_length=6, blank=True)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="cic_school_end_after_start",
            )
        ]


class VirtualSchoolContact(TimeStampedModel):
    """The virtual school's involvement: advice, challenge, funding (pupil premium plus)."""

    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="virtual_school_contacts"
    )
    contact_on = models.DateField()
    officer = models.CharField("Virtual school officer", max_length=200)
    notes = models.TextField("What the virtual school did")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-contact_on", "-id"]


class PersonalEducationPlan(TimeStampedModel):
    """A personal education plan meeting (the PEP is part of the care plan)."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="peps")
    period = models.ForeignKey(PeriodOfCare, on_delete=models.CASCADE, related_name="peps")
    held_on = models.DateField()
    virtual_school_attended = models.BooleanField()
    child_views = models.TextField("The child's views")
    targets = models.TextField("Targets and the support to meet them")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-id"]


class ExclusionKind(models.TextChoices):
    SUSPENSION = "suspension", "Suspension (fixed-period exclusion)"
    PERMANENT = "permanent", "Permanent exclusion"


class Exclusion(TimeStampedModel):
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="exclusions")
    kind = models.CharField(max_length=10, choices=ExclusionKind.choices)
    started_on = models.DateField()
    school_days = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Length of a suspension in school days"
    )
    reason = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-started_on", "-id"]


class Attendance(TimeStampedModel):
    """Attendance over a period (usually a term): sessions possible and attended."""

    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="attendance_records"
    )
    period_from = models.DateField()
    period_to = models.DateField()
    sessions_possible = models.PositiveSmallIntegerField()
    sessions_attended = models.PositiveSmallIntegerField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-period_to", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sessions_attended__lte=models.F("sessions_possible")),
                name="cic_attendance_at_most_possible",
            ),
            models.CheckConstraint(
                condition=Q(period_to__gte=models.F("period_from")),
                name="cic_attendance_to_after_from",
            ),
        ]

    @property
    def percentage(self) -> float:
        if not self.sessions_possible:
            return 0.0
        return round(100 * self.sessions_attended / self.sessions_possible, 1)

    @property
    def persistently_absent(self) -> bool:
        """Missing 10% or more of possible sessions (the DfE persistent absence measure)."""
        return self.sessions_possible > 0 and self.percentage <= 90.0


# --- Placements: carers, recruitment, matching, siblings, life story, sufficiency -------------


class CarerRecordKind(models.TextChoices):
    TRAINING = "training", "Training"
    SUPPORT = "support", "Supervision or support visit"
    REVIEW = "review", "Annual review of approval"


class CarerRecord(TimeStampedModel):
    """Training, supervision and support, and approval reviews of a foster carer household."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="records")
    kind = models.CharField(max_length=10, choices=CarerRecordKind.choices)
    on = models.DateField()
    notes = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-on", "-id"]


class EnquirySource(models.TextChoices):
    WEBSITE = "website", "Council website"
    EVENT = "event", "Recruitment event"
    WORD_OF_MOUTH = "word_of_mouth", "Word of mouth or existing carer"
    SOCIAL_MEDIA = "social_media", "Social media"
    ADVERT = "advert", "Advert (print, radio, outdoor)"
    FOSTERING_HUB = "regional_hub", "Regional fostering hub"
    OTHER = "other", "Other"


class RecruitmentStage(models.TextChoices):
    ENQUIRY = "enquiry", "Enquiry"
    INITIAL_VISIT = "initial_visit", "Initial visit"
    STAGE_1 = "stage_1", "Assessment stage 1"
    STAGE_2 = "stage_2", "Assessment stage 2"
    PANEL = "panel", "Fostering panel"
    APPROVED = "approved", "Approved"
    LEFT = "left", "Left the process"


RECRUITMENT_ORDER: tuple[str, ...] = tuple(RecruitmentStage.values)


class LeftReason(models.TextChoices):
    CIRCUMSTANCES = "circumstances", "Change in their circumstances"
    NOT_READY = "not_ready", "Not ready yet"
    AGENCY = "agency", "Went to an independent fostering agency"
    NOT_SUITABLE = "not_suitable", "Assessed as not suitable"
    NO_CONTACT = "no_contact", "Stopped responding"
    OTHER = "other", "Other"


class FosteringEnquiry(TimeStampedModel):
    """A prospective foster carer household's way through recruitment, by source of enquiry,
    so recruitment can be targeted."""

    household = models.CharField(max_length=200)
    postcode = models.CharField(max_length=8, blank=True)
    source = models.CharField(max_length=14, choices=EnquirySource.choices)
    enquired_on = models.DateField()
    stage = models.CharField(
        max_length=14, choices=RecruitmentStage.choices, default=RecruitmentStage.ENQUIRY
    )
    initial_visit_on = models.DateField(null=True, blank=True)
    stage_1_on = models.DateField(null=True, blank=True)
    stage_2_on = models.DateField(null=True, blank=True)
    panel_on = models.DateField(null=True, blank=True)
    approved_on = models.DateField(null=True, blank=True)
    left_on = models.DateField(null=True, blank=True)
    left_reason = models.CharField(max_length=14, choices=LeftReason.choices, blank=True)
    interested_in_ages = models.CharField("Ages they would foster", max_length=100, blank=True)
    provider = models.OneToOneField(
        Provider, null=True, blank=True, on_delete=models.SET_NULL, related_name="enquiry"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-enquired_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True, left_reason="")
                | Q(left_on__isnull=False) & ~Q(left_reason=""),
                name="cic_enquiry_left_with_reason",
            )
        ]


class SiblingDecision(models.TextChoices):
    TOGETHER = "together", "Placed together"
    APART = "apart", "Placed apart"


class SiblingAssessment(TimeStampedModel):
    """The together-or-apart assessment for brothers and sisters both looked after."""

    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="sibling_assessments"
    )
    sibling = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey(
        PeriodOfCare, on_delete=models.CASCADE, related_name="sibling_assessments"
    )
    assessed_on = models.DateField()
    decision = models.CharField(max_length=10, choices=SiblingDecision.choices)
    reasons = models.TextField("Why, including the children's wishes")
    contact_plan = models.TextField("How they will keep in touch", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-assessed_on", "-id"]


class MatchLevel(models.TextChoices):
    MET = "met", "Met"
    PARTLY = "partly", "Partly met (with support planned)"
    NOT_MET = "not_met", "Not met"


MATCH_NEEDS = (
    ("culture", "Culture and ethnicity"),
    ("religion", "Religion"),
    ("language", "Language"),
    ("disability", "Disability and health"),
    ("education", "Education (keeping the school)"),
    ("contact", "Family time (contact)"),
    ("siblings", "Brothers and sisters"),
)


class PlacementMatch(TimeStampedModel):
    """How the placement meets the child's needs, recorded when placing."""

    episode = models.OneToOneField(Episode, on_delete=models.CASCADE, related_name="match")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    culture = models.CharField(max_length=8, choices=MatchLevel.choices)
    religion = models.CharField(max_length=8, choices=MatchLevel.choices)
    language = models.CharField(max_length=8, choices=MatchLevel.choices)
    disability = models.CharField(max_length=8, choices=MatchLevel.choices)
    education = models.CharField(max_length=8, choices=MatchLevel.choices)
    contact = models.CharField(max_length=8, choices=MatchLevel.choices)
    siblings = models.CharField(max_length=8, choices=MatchLevel.choices)
    notes = models.TextField("How gaps will be supported", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    def unmet(self) -> list[str]:
        return [label for key, label in MATCH_NEEDS if getattr(self, key) == MatchLevel.NOT_MET]


class LifeStoryStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETE = "complete", "Complete"


class LifeStoryWork(TimeStampedModel):
    """Life-story work for a child with a permanence plan. Append-only: the latest row is the
    current status."""

    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="life_story_work"
    )
    period = models.ForeignKey(PeriodOfCare, on_delete=models.CASCADE, related_name="life_story")
    updated_on = models.DateField()
    status = models.CharField(max_length=12, choices=LifeStoryStatus.choices)
    worker = models.CharField("Who is doing it", max_length=200, blank=True)
    materials = models.TextField("Materials (book, memory box, digital)", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-updated_on", "-id"]


class CouncilMeeting(TimeStampedModel):
    """A meeting of the Children in Care Council."""

    held_on = models.DateField()
    attendance = models.PositiveSmallIntegerField("Children and young people who came")
    notes = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-id"]


class CouncilIssue(TimeStampedModel):
    """An issue the Children in Care Council raised, and the service's response."""

    meeting = models.ForeignKey(CouncilMeeting, on_delete=models.CASCADE, related_name="issues")
    issue = models.TextField()
    raised_with = models.CharField("Raised with", max_length=200)
    response = models.TextField(blank=True)
    responded_on = models.DateField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["id"]


class LongTermMatch(TimeStampedModel):
    """A long-term fostering match: the fostering panel's recommendation and the agency
    decision that the carers are the child's long-term foster carers."""

    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="long_term_matches"
    )
    period = models.ForeignKey(
        PeriodOfCare, on_delete=models.CASCADE, related_name="long_term_matches"
    )
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    panel_on = models.DateField("Date of the fostering panel")
    agency_decision_on = models.DateField("Date of the agency decision")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-agency_decision_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(agency_decision_on__gte=models.F("panel_on")),
                name="cic_long_term_decision_after_panel",
            )
        ]
