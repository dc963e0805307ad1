"""Children and adults, their identifiers, addresses and family network."""

from __future__ import annotations

from datetime import date, datetime
from functools import cached_property
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from hearth.core.models import TimeStampedModel
from hearth.people import identifiers
from hearth.people.names import name_key
from hearth.people.querysets import (
    AddressQuerySet,
    EmergencyAccessQuerySet,
    PersonQuerySet,
    RelationshipQuerySet,
)

if TYPE_CHECKING:
    from hearth.people.presenters import PersonPresenter


class Sex(models.TextChoices):
    # As the DfE collects it (CIN census and SSDA903): M, F, U (not known).
    MALE = "M", "Male"
    FEMALE = "F", "Female"
    UNKNOWN = "U", "Not known"


class UpnUnknownReason(models.TextChoices):
    # CIN census UPNunknown (DOMAIN.md 2.4.3).
    UN1 = "UN1", "UN1: not of school age or UPN not yet assigned"
    UN2 = "UN2", "UN2: never attended a maintained school in England"
    UN3 = "UN3", "UN3: educated outside England"
    UN4 = "UN4", "UN4: newly looked after or known, UPN not yet obtained"
    UN5 = "UN5", "UN5: sources of UPN conflict"
    UN6 = "UN6", "UN6: other reason (see the CIN census guide)"
    UN7 = "UN7", "UN7: referral with no further action"


class Person(TimeStampedModel):
    is_child = models.BooleanField(default=True, db_index=True)
    la_child_id = models.CharField("LA child ID", max_length=20, unique=True, null=True, blank=True)
    first_name = models.CharField(max_length=100)
    middle_names = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100)
    known_as = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True, db_index=True)
    expected_date_of_birth = models.DateField(null=True, blank=True, db_index=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    gender_identity = models.CharField(max_length=100, blank=True)
    ethnicity = models.CharField(max_length=4, blank=True, help_text="DfE ethnicity code")
    first_language = models.CharField(max_length=60, blank=True)
    interpreter_needed = models.BooleanField(default=False)
    religion = models.CharField(max_length=60, blank=True)
    immigration_status = models.CharField(max_length=100, blank=True)
    uasc = models.BooleanField("Unaccompanied asylum-seeking child", default=False)
    upn = models.CharField("UPN", max_length=13, blank=True, db_index=True)
    former_upn = models.CharField("Former UPN", max_length=13, blank=True)
    upn_unknown_reason = models.CharField(
        "Reason the UPN is not known", max_length=4, blank=True, choices=UpnUnknownReason.choices
    )
    nhs_number = models.CharField("NHS number", max_length=10, blank=True, db_index=True)
    date_of_death = models.DateField(null=True, blank=True)
    # Phonetic keys of the names (see `people.names.name_key`), kept by `set_name_keys` so that
    # duplicate checks narrow candidates with an indexed lookup.
    first_name_key = models.CharField(max_length=4, blank=True, db_index=True, editable=False)
    last_name_key = models.CharField(max_length=4, blank=True, db_index=True, editable=False)
    known_as_key = models.CharField(max_length=4, blank=True, db_index=True, editable=False)
    # Restricted records (e.g. a staff member's child) are visible only to named users.
    restricted = models.BooleanField(default=False)
    restricted_to = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="restricted_people"
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [models.Index(fields=["last_name", "first_name"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sex__in=["M", "F", "U"]), name="person_sex_is_dfe_code"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def display_name(self) -> str:
        if self.known_as and self.known_as != self.first_name:
            return f"{self.first_name} ({self.known_as}) {self.last_name}"
        return self.full_name

    @property
    def is_unborn(self) -> bool:
        return self.date_of_birth is None and self.expected_date_of_birth is not None

    @property
    def is_deceased(self) -> bool:
        return self.date_of_death is not None

    @cached_property
    def presenter(self) -> PersonPresenter:
        """Display formatting for templates that are given only the person."""
        from hearth.people.presenters import PersonPresenter

        return PersonPresenter(self)

    def set_name_keys(self) -> None:
        self.first_name_key = name_key(self.first_name)
        self.last_name_key = name_key(self.last_name)
        self.known_as_key = name_key(self.known_as)

    def normalise_identifiers(self) -> None:
        self.upn = identifiers.normalise_upn(self.upn)
        self.former_upn = identifiers.normalise_upn(self.former_upn)
        self.nhs_number = identifiers.normalise_nhs_number(self.nhs_number)
        self.la_child_id = (self.la_child_id or "").strip() or None

    def clean(self) -> None:
        self.normalise_identifiers()
        self.set_name_keys()
        errors: dict[str, str] = {}
        today = date.today()
        if not self.first_name.strip():
            errors["first_name"] = "Enter their first name"
        if not self.last_name.strip():
            errors["last_name"] = "Enter their last name"
        if self.date_of_birth is None and self.expected_date_of_birth is None and self.is_child:
            errors["date_of_birth"] = "Enter a date of birth or an expected date of birth"
        if self.date_of_birth and self.expected_date_of_birth:
            # CIN census 8525Q: either a date of birth or an expected one, not both.
            errors["expected_date_of_birth"] = (
                "Enter either a date of birth or an expected date of birth, not both"
            )
        if self.date_of_birth and self.date_of_birth > today:
            errors["date_of_birth"] = "Date of birth must be today or in the past"
        if self.expected_date_of_birth and not self.is_child:
            errors["expected_date_of_birth"] = "Only an unborn child has an expected date of birth"
        if self.is_unborn and self.sex != Sex.UNKNOWN:
            # CIN census 8750: sex must be U for an unborn child.
            errors["sex"] = "Select ‘Not known’ for an unborn child"
        if self.date_of_death:
            if self.date_of_death > today:
                errors["date_of_death"] = "Date of death must be today or in the past"
            elif self.date_of_birth and self.date_of_death < self.date_of_birth:
                errors["date_of_death"] = "Date of death must be on or after the date of birth"
            elif self.is_unborn:
                errors["date_of_death"] = "Enter the date of birth before a date of death"
        for field, check in (
            ("upn", identifiers.upn_error),
            ("former_upn", identifiers.upn_error),
            ("nhs_number", identifiers.nhs_number_error),
            ("la_child_id", identifiers.la_child_id_error),
        ):
            value = getattr(self, field)
            if value and (message := check(value)):
                errors[field] = message
        if self.upn and self.upn_unknown_reason:
            errors["upn_unknown_reason"] = (
                "Leave the reason the UPN is not known blank when you enter a UPN"
            )
        if self.upn and self.former_upn and self.upn == self.former_upn:
            errors["former_upn"] = "Former UPN must be different from the UPN"
        if not self.is_child:
            for field in ("upn", "former_upn", "upn_unknown_reason"):
                if getattr(self, field):
                    errors[field] = "Only a child has a UPN"
        if errors:
            raise ValidationError(errors)


class Disability(models.Model):
    """One DfE disability code (DOMAIN.md 2.4.5) a person has; NONE stands alone (CIN 8790)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="disabilities")
    code = models.CharField(max_length=4, help_text="DfE disability code")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "code"], name="disability_once_per_person")
        ]

    def __str__(self) -> str:
        return self.code


class Address(TimeStampedModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="addresses")
    line_1 = models.CharField(max_length=200)
    line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100)
    postcode = models.CharField(max_length=8)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    objects = AddressQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name_plural = "addresses"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="address_ends_after_it_starts",
                violation_error_message="The date they moved out must be on or after the date "
                "they moved in",
            )
        ]

    @property
    def is_current(self) -> bool:
        return self.end_date is None or self.end_date > date.today()

    def __str__(self) -> str:
        return ", ".join(p for p in (self.line_1, self.line_2, self.town, self.postcode) if p)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if message := identifiers.postcode_error(self.postcode):
            errors["postcode"] = message
        else:
            self.postcode = identifiers.normalise_postcode(self.postcode)
        if self.end_date and self.end_date < self.start_date:
            errors["end_date"] = (
                "The date they moved out must be on or after the date they moved in"
            )
        if not self.line_1.strip():
            errors["line_1"] = "Enter the first line of the address"
        if not self.town.strip():
            errors["town"] = "Enter the town or city"
        if self.start_date and self.start_date > date.today():
            errors["start_date"] = "The date they moved in must be today or in the past"
        if errors:
            raise ValidationError(errors)


class RelationshipKind(models.TextChoices):
    PARENT = "parent", "Parent"
    STEP_PARENT = "step_parent", "Step-parent"
    SIBLING = "sibling", "Sibling"
    HALF_SIBLING = "half_sibling", "Half-sibling"
    GRANDPARENT = "grandparent", "Grandparent"
    AUNT_UNCLE = "aunt_uncle", "Aunt or uncle"
    OTHER_RELATIVE = "other_relative", "Other relative"
    CONNECTED_PERSON = "connected_person", "Friend or connected person"
    CARER = "carer", "Carer"


# Rows of the family network diagram: 0 grandparents, 1 parents and carers, 2 the child and
# siblings, 3 other relatives and connected people.
GENERATION_OF_KIND = {
    RelationshipKind.GRANDPARENT: 0,
    RelationshipKind.PARENT: 1,
    RelationshipKind.STEP_PARENT: 1,
    RelationshipKind.CARER: 1,
    RelationshipKind.AUNT_UNCLE: 1,
    RelationshipKind.SIBLING: 2,
    RelationshipKind.HALF_SIBLING: 2,
    RelationshipKind.OTHER_RELATIVE: 3,
    RelationshipKind.CONNECTED_PERSON: 3,
}
SIBLING_KINDS = frozenset({RelationshipKind.SIBLING, RelationshipKind.HALF_SIBLING})


class Relationship(TimeStampedModel):
    """`relative` is the child's <kind> (e.g. relative is the child's grandparent)."""

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships")
    relative = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relatives_of")
    kind = models.CharField(max_length=30, choices=RelationshipKind.choices)
    parental_responsibility = models.BooleanField(default=False)
    lives_with = models.BooleanField(default=False)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    notes = models.CharField(max_length=300, blank=True)
    end_reason = models.CharField(max_length=300, blank=True)

    objects = RelationshipQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "relative", "kind"],
                condition=models.Q(end_date__isnull=True),
                name="relationship_once_per_kind",
                violation_error_message="This person is already in the child's family network "
                "with that relationship",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="relationship_ends_after_it_starts",
                violation_error_message="The date the relationship ended must be on or after "
                "the date it started",
            ),
            models.CheckConstraint(
                condition=~models.Q(child=models.F("relative")),
                name="relationship_not_self",
                violation_error_message="A child cannot be their own relative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.relative} is {self.child}'s {self.get_kind_display().lower()}"

    @property
    def is_current(self) -> bool:
        return self.end_date is None or self.end_date > date.today()

    @property
    def generation(self) -> int:
        return GENERATION_OF_KIND.get(RelationshipKind(self.kind), 3)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.child_id and self.child_id == self.relative_id:
            errors["relative"] = "A child cannot be their own relative"
        child = self.child if self.child_id else None
        relative = self.relative if self.relative_id else None
        if child is not None and not child.is_child:
            errors["child"] = "Family relationships are recorded from a child's record"
        if relative is not None and self.parental_responsibility and relative.is_child:
            errors["parental_responsibility"] = "A child cannot hold parental responsibility"
        if relative is not None and relative.date_of_death and self.end_date is None:
            if self.lives_with:
                errors["lives_with"] = "The child cannot live with someone who has died"
            if self.parental_responsibility:
                errors["parental_responsibility"] = (
                    "Someone who has died cannot hold parental responsibility"
                )
        today = date.today()
        if self.start_date and self.start_date > today:
            errors["start_date"] = "The date the relationship started must be today or in the past"
        if self.end_date:
            if self.end_date > today:
                errors["end_date"] = "The date the relationship ended must be today or in the past"
            elif self.start_date and self.end_date < self.start_date:
                errors["end_date"] = (
                    "The date the relationship ended must be on or after the date it started"
                )
        if errors:
            raise ValidationError(errors)


class EmergencyAccess(models.Model):
    """Break-glass: a user opened a child outside their circle, giving a reason. The access
    lasts until `expires_at` (or until the user ends it); the child's team managers are told,
    and every grant is listed for the data protection officer. Restricted records are never
    opened this way."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="emergency_accesses"
    )
    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="emergency_accesses")
    reason = models.TextField()
    granted_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    notified = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="emergency_access_notices"
    )

    objects = EmergencyAccessQuerySet.as_manager()

    class Meta:
        ordering = ["-granted_at"]
        indexes = [models.Index(fields=["user", "expires_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("granted_at")),
                name="emergency_access_expires_after_grant",
            ),
            models.CheckConstraint(
                condition=~models.Q(reason=""), name="emergency_access_has_a_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"Emergency access to {self.child_id} by {self.user_id}"

    def is_active(self, now: datetime) -> bool:
        return self.ended_at is None and self.expires_at > now
