"""Care leavers: personal advisers and handover, needs assessments, pathway plans, keeping in
touch, accommodation and activity histories and entitlements (the health history given is
children_in_care.HealthHistoryGiven) (DOMAIN.md 1.11, 3.3.11, 4 list 9, 5.5).

Eligibility (eligible, relevant, former relevant, qualifying) is never stored: rules.py
derives it from the care history (children_in_care episodes) every time it is read, so it
changes the moment the history does. Histories here are append-only rows; the current
adviser, accommodation or activity is the latest row.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from hearth.care_leavers.querysets import (
    AdviserAllocationQuerySet,
    ContactQuerySet,
    YoungPersonRecordQuerySet,
)
from hearth.core.models import TimeStampedModel

NEET_ACTIVITIES = frozenset({"G4", "G5", "G6"})
EET_ACTIVITIES = frozenset({"F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5"})
HIGHER_EDUCATION = frozenset({"F1", "P1"})
IN_EDUCATION = frozenset({"F1", "P1", "F2", "P2"})


class AdviserAllocation(TimeStampedModel):
    """A personal adviser allocated to a young person, with the handover from the social
    worker: a joint introductory visit (date, who attended) or the reason there was none."""

    young_person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="adviser_allocations"
    )
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="adviser_allocations"
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    joint_visit_on = models.DateField("Date of the joint introductory visit", null=True, blank=True)
    joint_visit_attended = models.CharField(
        "Who attended the joint visit", max_length=300, blank=True
    )
    no_joint_visit_reason = models.TextField("Why there was no joint visit", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = AdviserAllocationQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-id"]
        indexes = [models.Index(fields=["adviser", "end_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="cl_allocation_end_after_start",
            ),
            models.UniqueConstraint(
                fields=["young_person"],
                condition=Q(end_date__isnull=True),
                name="cl_one_current_adviser",
            ),
            models.CheckConstraint(
                condition=Q(joint_visit_on__isnull=False) | ~Q(no_joint_visit_reason=""),
                name="cl_handover_visit_or_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.adviser} from {self.start_date:%d/%m/%Y}"


class SupportRequest(TimeStampedModel):
    """A former relevant young person aged 21 to 24 asks for personal adviser support to 25
    (Children and Social Work Act 2017 s3)."""

    young_person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="support_requests"
    )
    requested_on = models.DateField()
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = YoungPersonRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_on", "-id"]


class ServiceEndReason(models.TextChoices):
    ENTITLEMENT_ENDED = "entitlement_ended", "Entitlement ended (age)"
    NO_LONGER_REQUIRES = "nreq", "No longer requires services"
    MOVED_AWAY = "moved_away", "Moved to another local authority's care"
    DIED = "died", "Died"


class ServiceEnd(TimeStampedModel):
    """The leaving care service stops working with the young person, and why."""

    young_person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="leaving_care_ends"
    )
    ended_on = models.DateField()
    reason = models.CharField(max_length=20, choices=ServiceEndReason.choices)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = YoungPersonRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-ended_on", "-id"]


class NeedsAssessment(TimeStampedModel):
    """The leaving care needs assessment (CPR 2010 reg 42: within 3 months of the 16th
    birthday, or of becoming eligible later)."""

    young_person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="leaving_care_assessments"
    )
    completed_on = models.DateField()
    summary = models.TextField()
    young_persons_views = models.TextField("The young person's views")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = YoungPersonRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-completed_on", "-id"]


class PlanReason(models.TextChoices):
    FIRST = "first", "First pathway plan"
    SCHEDULED = "scheduled", "Six-monthly review"
    CHANGE = "change", "Review after a change in circumstances"
    REQUEST = "request", "Review at the young person's request"


class PathwayPlan(TimeStampedModel):
    """One version of the pathway plan: the first plan or a review. The latest is current."""

    young_person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="pathway_plans"
    )
    plan_date = models.DateField("Date of the plan or review")
    reason = models.CharField(max_length=12, choices=PlanReason.choices)
    young_persons_views = models.TextField("The young person's views on the plan overall")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = YoungPersonRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-plan_date", "-id"]
        indexes = [models.Index(fields=["young_person", "plan_date"])]

    def __str__(self) -> str:
        return f"Pathway plan of {self.plan_date:%d/%m/%Y}"


class PlanArea(models.TextChoices):
    ACCOMMODATION = "accommodation", "Accommodation"
    EET = "eet", "Education, training and employment"
    HEALTH = "health", "Health and development"
    MONEY = "money", "Money"
    RELATIONSHIPS = "relationships", "Relationships and support"
    IDENTITY = "identity", "Identity"
    PRACTICAL = "practical", "Practical and other skills"
    CONTINGENCY = "contingency", "Contingency plan"


class PlanSection(models.Model):
    plan = models.ForeignKey(PathwayPlan, on_delete=models.CASCADE, related_name="sections")
    area = models.CharField(max_length=20, choices=PlanArea.choices)
    summary = models.TextField("What we agreed")
    own_words = models.TextField("In the young person's own words", blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "area"], name="cl_one_section_per_area")
        ]

    def __str__(self) -> str:
        return self.get_area_display()


class PlanAction(models.Model):
    section = models.ForeignKey(PlanSection, on_delete=models.CASCADE, related_name="actions")
    what = models.CharField(max_length=300)
    who = models.CharField(max_length=120)
    by_when = models.DateField()

    class Meta:
        ordering = ["by_when", "id"]

    def __str__(self) -> str:
        return self.what


class ContactMethod(models.TextChoices):
    FACE_TO_FACE = "face_to_face", "Face to face"
    PHONE = "phone", "Phone call"
    VIDEO = "video", "Video call"
    MESSAGE = "message", "Text, email or other message"


class InitiatedBy(models.TextChoices):
    ADVISER = "adviser", "The adviser"
    YOUNG_PERSON = "young_person", "The young person"
    OTHER = "other", "Someone else"


class ContactOutcome(models.TextChoices):
    IN_TOUCH = "in_touch", "In touch: we spoke or met"
    NO_RESPONSE = "no_response", "Tried, no response"
    REFUSED = "refused", "The young person refused contact"
    NO_LONGER_REQUIRES = "nreq", "The young person no longer requires services"


class Contact(TimeStampedModel):
    """A contact (or attempt) between the adviser and the young person."""

    young_person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="leaving_care_contacts"
    )
    contact_on = models.DateField()
    method = models.CharField(max_length=20, choices=ContactMethod.choices)
    initiated_by = models.CharField(max_length=20, choices=InitiatedBy.choices)
    outcome = models.CharField(max_length=20, choices=ContactOutcome.choices)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["-contact_on", "-id"]
        indexes = [models.Index(fields=["young_person", "contact_on"])]

    @property
    def in_touch(self) -> bool:
        return self.outcome == ContactOutcome.IN_TOUCH

    @property
    def seen(self) -> bool:
        """Seen means met face to face."""
        return self.in_touch and self.method == ContactMethod.FACE_TO_FACE


class ContactFrequency(TimeStampedModel):
    """How often this young person should be in touch, set for their needs (overrides the
    default for their age from settings.HEARTH CARE_LEAVERS_CONTACT_WEEKS)."""

    young_person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="leaving_care_frequencies"
    )
    weeks = models.PositiveSmallIntegerField()
    reason = models.TextField()
    set_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = YoungPersonRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-set_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weeks__gte=1) & Q(weeks__lte=52), name="cl_frequency_weeks_range"
            )
        ]


class AccommodationType(models.TextChoices):
    """OC3 ACCOM letters (DOMAIN.md 3.3.11); the digit is the suitability."""

    B = "B", "With parent(s) or relative(s)"
    C = "C", "Community home or other residential care"
    D = "D", "Semi-independent transitional accommodation"
    E = "E", "Supported lodgings"
    G = "G", "Gone abroad"
    H = "H", "Deported"
    K = "K", "Ordinary lodgings without formal support"
    R = "R", "Residence not known"
    S = "S", "No fixed abode or homeless"
    T = "T", "Foyer or similar supported accommodation with EET"
    U = "U", "Independent living (own tenancy, university accommodation, flat share)"
    V = "V", "Emergency accommodation (night shelter, direct access hostel)"
    W = "W", "Bed and breakfast"
    X = "X", "In custody"
    Y = "Y", "Other accommodation"
    Z = "Z", "With former foster carers after 18 (staying put)"


# Accommodation accepted only as not suitable (903 rule 133).
ALWAYS_UNSUITABLE = frozenset({"S", "X"})


class Accommodation(TimeStampedModel):
    """Where the young person lives from `start_date` (until the next row)."""

    young_person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="leaving_care_accommodation"
    )
    start_date = models.DateField()
    accommodation_type = models.CharField(max_length=1, choices=AccommodationType.choices)
    with_parent = models.BooleanField(
        "Living with a parent or someone with parental responsibility", default=False
    )
    suitable = models.BooleanField()
    suitability_reason = models.TextField("Why it is or is not suitable")
    staying_close = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = YoungPersonRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-id"]

    @property
    def oc3_code(self) -> str:
        return f"{self.accommodation_type}{1 if self.suitable else 2}"

    @property
    def staying_put(self) -> bool:
        return self.accommodation_type == AccommodationType.Z


class Activity(TimeStampedModel):
    """What the young person does from `start_date` (OC3 ACTIV code), until the next row."""

    young_person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="leaving_care_activities"
    )
    start_date = models.DateField()
    code = models.CharField("Activity", max_length=2)
    neet_reason = models.TextField("Why not in education, employment or training", blank=True)
    provider = models.CharField("College, employer or provider", max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = YoungPersonRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-id"]

    @property
    def is_neet(self) -> bool:
        return self.code in NEET_ACTIVITIES


class ChangeKind(models.TextChoices):
    CUSTODY = "custody", "Custody"
    PARENTHOOD = "parenthood", "Became a parent"
    HEALTH = "health", "A significant change in health"
    OTHER = "other", "Another significant change"


class CircumstanceChange(TimeStampedModel):
    """A significant change (besides a move or a change of activity) that prompts a review
    of the pathway plan."""

    young_person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="leaving_care_changes"
    )
    occurred_on = models.DateField()
    kind = models.CharField(max_length=12, choices=ChangeKind.choices)
    description = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = YoungPersonRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-id"]


class EntitlementKind(models.TextChoices):
    SETTING_UP_HOME = "setting_up_home", "Setting-up-home allowance"
    HE_BURSARY = "he_bursary", "Higher education bursary"
    COUNCIL_TAX = "council_tax", "Council tax exemption"
    APPRENTICESHIP = "apprenticeship", "Apprenticeship bursary"


class Entitlement(TimeStampedModel):
    young_person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="leaving_care_entitlements"
    )
    kind = models.CharField(max_length=20, choices=EntitlementKind.choices)
    given_on = models.DateField()
    amount = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = YoungPersonRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-given_on", "-id"]


class DetentionPlace(models.TextChoices):
    CUSTODY = "custody", "Detained in custody (or remanded to youth detention)"
    HOSPITAL = "hospital", "In hospital"


class DetentionAtSixteen(TimeStampedModel):
    """The young person was detained, or in hospital, on their 16th birthday. With 13 weeks
    looked after since the 14th birthday immediately before, they are a relevant child (Care
    Leavers (England) Regulations 2010 reg 3), even though they were not looked after at 16
    (rules.eligibility reads it through the care history). The latest record counts."""

    young_person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="leaving_care_detentions"
    )
    place = models.CharField("Where they were", max_length=10, choices=DetentionPlace.choices)
    since = models.DateField("Date they were detained or admitted to hospital")
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = YoungPersonRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-since", "-id"]

    def __str__(self) -> str:
        return f"{self.get_place_display()} from {self.since:%d/%m/%Y}"
