"""Adoption and special guardianship (DOMAIN.md 1.10, 3.3.12, 3.3.13, Annex A lists 10, 11).

The child's side: an `AdoptionJourney` is one agency decision maker (ADM) decision that the
child should be placed for adoption (a 903 PlacedAdoption row) and what followed it: placement
order, fostering for adoption or concurrent planning placement, match, placement for adoption,
adoption order (the AD1 row), or reversal with an RD1-RD4 reason. The placements themselves
are children_in_care episodes (U2/U5, A3-A6), written through that app's services; the journey
points at them. `PermanenceOrder` records special guardianship and child arrangements orders
as the outcome of care; `PreviousPermanence` is the 903 PrevPerm row; `LaterLifeLetter` records
the later-life letter (life-story work is a children in care record).

The adopters' side: an `AdopterFamily` (the Annex A family identifier) moves through enquiry,
stage 1, stage 2, panel and approval, then is matched with children through journeys; each
`Adopter` is one individual of list 11.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from hearth.adoption.querysets import (
    AdopterFamilyQuerySet,
    ChildRecordQuerySet,
    JourneyQuerySet,
)
from hearth.core.models import TimeStampedModel

ADOPTION_ORDER_REASONS = ("E11", "E12")
FFA_PLACEMENTS = frozenset({"U2", "U5"})
# A3/A5 are placements with the child's current foster carers (FOSTER_CARE = 1 in AD1).
WITH_FOSTER_CARERS = frozenset({"A3", "A5"})
CONSENT_PLACEMENTS = frozenset({"A3", "A4"})
ORDER_PLACEMENTS = frozenset({"A5", "A6"})


class AdoptionJourney(TimeStampedModel):
    """One ADM decision that the child should be placed for adoption, and its milestones."""

    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="adoption_journeys"
    )
    period = models.ForeignKey(
        "children_in_care.PeriodOfCare",
        on_delete=models.PROTECT,
        related_name="adoption_journeys",
    )
    decision_on = models.DateField("Date of the decision that the child should be placed")
    decision_maker = models.CharField("Agency decision maker", max_length=200)
    placement_order_on = models.DateField("Date of the placement order", null=True, blank=True)
    ffa_placed_on = models.DateField(
        "Date placed in a fostering for adoption or concurrent planning placement",
        null=True,
        blank=True,
    )
    ffa_episode = models.ForeignKey(
        "children_in_care.Episode",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    family = models.ForeignKey(
        "adoption.AdopterFamily",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="journeys",
    )
    matched_on = models.DateField("Date matched with prospective adopters", null=True, blank=True)
    placed_on = models.DateField("Date placed for adoption", null=True, blank=True)
    placed_episode = models.ForeignKey(
        "children_in_care.Episode",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    adoption_order_on = models.DateField("Date of the adoption order", null=True, blank=True)
    order_reason = models.CharField(
        "Reason episode ceased", max_length=3, blank=True, help_text="903 REC E11 or E12"
    )
    reversed_on = models.DateField(
        "Date of the decision that the child should no longer be placed", null=True, blank=True
    )
    reversal_reason = models.CharField(
        "Reason the child should no longer be placed", max_length=3, blank=True
    )
    reversal_notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = JourneyQuerySet.as_manager()

    class Meta:
        ordering = ["decision_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reversed_on__isnull=True, reversal_reason="")
                | Q(reversed_on__isnull=False) & ~Q(reversal_reason=""),
                name="adoption_reversal_date_and_reason",
            ),
            models.CheckConstraint(
                condition=Q(adoption_order_on__isnull=True, order_reason="")
                | Q(adoption_order_on__isnull=False, order_reason__in=ADOPTION_ORDER_REASONS),
                name="adoption_order_date_and_reason",
            ),
            models.CheckConstraint(
                condition=~Q(adoption_order_on__isnull=False, reversed_on__isnull=False),
                name="adoption_not_both_adopted_and_reversed",
            ),
            models.CheckConstraint(
                condition=Q(matched_on__isnull=True)
                | Q(placed_on__isnull=True)
                | Q(matched_on__lte=F("placed_on")),
                name="adoption_match_before_placement",
            ),
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(reversed_on__isnull=True, adoption_order_on__isnull=True),
                name="adoption_one_active_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"Should be placed for adoption from {self.decision_on:%d/%m/%Y}"

    @property
    def is_active(self) -> bool:
        return self.reversed_on is None and self.adoption_order_on is None

    @property
    def stage(self) -> str:
        if self.adoption_order_on:
            return "Adopted"
        if self.reversed_on:
            return "Decision reversed"
        if self.placed_on:
            return "Placed for adoption"
        if self.matched_on:
            return "Matched"
        if self.placement_order_on:
            return "Placement order"
        return "Should be placed for adoption"


class OrderKind(models.TextChoices):
    SGO = "sgo", "Special guardianship order"
    CAO = "cao", "Child arrangements order (naming where the child lives)"


class PermanenceOrder(TimeStampedModel):
    """A special guardianship or child arrangements order as the permanence outcome. When the
    child is looked after the order ends the period of care with its 903 reason (E41, E45-E48).
    """

    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="permanence_orders"
    )
    period = models.ForeignKey(
        "children_in_care.PeriodOfCare",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="permanence_orders",
    )
    kind = models.CharField(max_length=3, choices=OrderKind.choices)
    made_on = models.DateField("Date the order was made")
    carers = models.CharField("Who the order was made to", max_length=200)
    former_foster_carers = models.BooleanField(default=False)
    relatives_or_friends = models.BooleanField(default=False)
    reason_ceased = models.CharField(max_length=3, blank=True, help_text="903 REC")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = ChildRecordQuerySet.as_manager()

    class Meta:
        ordering = ["made_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} made on {self.made_on:%d/%m/%Y}"


class PreviousPermanence(TimeStampedModel):
    """903 PrevPerm: the permanence the child had before this care (rule 635: with Z1 there is
    no date and no LA)."""

    child = models.OneToOneField(
        "people.Person", on_delete=models.PROTECT, related_name="previous_permanence"
    )
    prev_perm = models.CharField("Previous permanence option", max_length=2)
    la_perm = models.CharField("Local authority that arranged it", max_length=3, blank=True)
    date_perm = models.DateField("Date of the order", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = ChildRecordQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(prev_perm="Z1") | Q(la_perm="", date_perm__isnull=True),
                name="adoption_prev_perm_z1_alone",
            )
        ]

    def __str__(self) -> str:
        return f"Previous permanence {self.prev_perm}"


class LaterLifeLetter(TimeStampedModel):
    """The later-life letter for an adopted child: written by the agency for the child to read
    when older, and given to the adopters. Life-story work itself is a children in care
    record (hearth.children_in_care.LifeStoryWork), reviewed at each looked after review."""

    child = models.OneToOneField(
        "people.Person", on_delete=models.PROTECT, related_name="later_life_letter"
    )
    written_on = models.DateField("Date the letter was written")
    written_by = models.CharField("Who wrote it", max_length=200)
    given_on = models.DateField("Date given to the adopters", null=True, blank=True)
    notes = models.TextField("What it covers and where a copy is kept", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = ChildRecordQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(given_on__isnull=True) | Q(given_on__gte=F("written_on")),
                name="adoption_letter_given_after_written",
            )
        ]

    def __str__(self) -> str:
        return f"Later-life letter written on {self.written_on:%d/%m/%Y}"


class EnquirySource(models.TextChoices):
    WEBSITE = "website", "Website or online form"
    EVENT = "event", "Information event"
    REFERRAL = "referral", "Word of mouth or personal referral"
    ADVERT = "advert", "Advertising campaign"
    FOSTER_CARER = "foster_carer", "Existing foster carer"
    REGIONAL = "regional", "Regional adoption agency"
    OTHER = "other", "Other"


class LeavingReason(models.TextChoices):
    """Annex A list 11: reason for leaving the adoption process."""

    WITHDREW = "withdrew", "Withdrew"
    ON_HOLD = "on_hold", "Process on hold"
    REFUSED = "refused", "Application refused"


# The adopter journey in order: each date is on or after the one before it.
STAGE_FIELDS: tuple[tuple[str, str], ...] = (
    ("enquiry_on", "Enquiry received"),
    ("stage1_started_on", "Stage 1 started"),
    ("stage1_ended_on", "Stage 1 ended"),
    ("application_on", "Application submitted"),
    ("stage2_started_on", "Stage 2 started"),
    ("stage2_ended_on", "Stage 2 ended"),
    ("panel_on", "Adoption panel"),
    ("approved_on", "Approved"),
)


class AdopterFamily(TimeStampedModel):
    """A prospective adoptive family (Annex A's family identifier) and its approval journey.
    Matches, placements and adoption orders are on the children's journeys."""

    family_identifier = models.CharField(max_length=20, unique=True)
    name = models.CharField("Family name", max_length=200)
    source = models.CharField("Source of the enquiry", max_length=20, choices=EnquirySource.choices)
    sex_code = models.CharField(
        "Adopters (903 SEX_ADOPTR)", max_length=2, help_text="M1, F1, MM, FF or MF"
    )
    legal_status = models.CharField(
        "Adopters' legal status (903 LS_ADOPTR)", max_length=3, help_text="L0, L11 ... L4"
    )
    fostering_for_adoption = models.BooleanField(
        "Also approved to foster for adoption", default=False
    )
    team = models.ForeignKey(
        "accounts.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adopter_families",
    )
    enquiry_on = models.DateField("Date the enquiry was received")
    stage1_started_on = models.DateField(null=True, blank=True)
    stage1_ended_on = models.DateField(null=True, blank=True)
    application_on = models.DateField(null=True, blank=True)
    stage2_started_on = models.DateField(null=True, blank=True)
    stage2_ended_on = models.DateField(null=True, blank=True)
    panel_on = models.DateField(null=True, blank=True)
    approved_on = models.DateField(null=True, blank=True)
    left_on = models.DateField("Date left the adoption process", null=True, blank=True)
    left_reason = models.CharField(max_length=10, choices=LeavingReason.choices, blank=True)
    left_notes = models.TextField(blank=True)

    objects = AdopterFamilyQuerySet.as_manager()

    class Meta:
        ordering = ["enquiry_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True, left_reason="")
                | Q(left_on__isnull=False) & ~Q(left_reason=""),
                name="adoption_family_left_date_and_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.family_identifier})"

    @property
    def stage(self) -> str:
        if self.left_on:
            return self.get_left_reason_display()
        reached = "Enquiry received"
        for name, label in STAGE_FIELDS:
            if getattr(self, name):
                reached = label
        return reached

    @property
    def adopter_count(self) -> int:
        return 1 if self.sex_code in {"M1", "F1"} else 2


class Adopter(TimeStampedModel):
    """One (prospective) adopter: an Annex A list 11 row."""

    family = models.ForeignKey(AdopterFamily, on_delete=models.CASCADE, related_name="adopters")
    identifier = models.CharField("Individual adopter identifier", max_length=20, unique=True)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    sex = models.CharField(max_length=1, help_text="M, F, U or I as for people")
    ethnicity = models.CharField(max_length=4, blank=True, help_text="DfE ethnicity code")
    disability = models.BooleanField(default=False)

    class Meta:
        ordering = ["identifier"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"
