"""Children and adults, their identifiers, addresses and family network."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from hearth.core.models import TimeStampedModel
from hearth.people import identifiers
from hearth.people.querysets import PersonQuerySet


class Sex(models.TextChoices):
    # As the DfE collects it (CIN census and SSDA903): M, F, U (not known).
    MALE = "M", "Male"
    FEMALE = "F", "Female"
    UNKNOWN = "U", "Not known"


class Person(TimeStampedModel):
    is_child = models.BooleanField(default=True, db_index=True)
    la_child_id = models.CharField(
        "LA child ID", max_length=20, unique=True, null=True, blank=True
    )
    first_name = models.CharField(max_length=100)
    middle_names = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100)
    known_as = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True, db_index=True)
    expected_date_of_birth = models.DateField(null=True, blank=True)
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
    upn_unknown_reason = models.CharField(max_length=4, blank=True)
    nhs_number = models.CharField("NHS number", max_length=10, blank=True, db_index=True)
    date_of_death = models.DateField(null=True, blank=True)
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

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.date_of_birth is None and self.expected_date_of_birth is None and self.is_child:
            errors["date_of_birth"] = "Enter a date of birth or an expected date of birth"
        if self.date_of_birth and self.date_of_birth > date.today():
            errors["date_of_birth"] = "Date of birth must be today or in the past"
        if self.date_of_death and self.date_of_birth and self.date_of_death < self.date_of_birth:
            errors["date_of_death"] = "Date of death must be on or after the date of birth"
        for field, check in (
            ("upn", identifiers.upn_error),
            ("former_upn", identifiers.upn_error),
            ("nhs_number", identifiers.nhs_number_error),
        ):
            value = getattr(self, field)
            if value and (message := check(value)):
                errors[field] = message
        if errors:
            raise ValidationError(errors)


class Disability(models.Model):
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

    class Meta:
        ordering = ["-start_date"]
        verbose_name_plural = "addresses"

    def __str__(self) -> str:
        return ", ".join(p for p in (self.line_1, self.line_2, self.town, self.postcode) if p)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if message := identifiers.postcode_error(self.postcode):
            errors["postcode"] = message
        else:
            self.postcode = identifiers.normalise_postcode(self.postcode)
        if self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "The date they moved out must be on or after the date they moved in"
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

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["child", "relative", "kind"], name="relationship_once_per_kind"
            ),
            models.CheckConstraint(
                condition=~models.Q(child=models.F("relative")), name="relationship_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.relative} is {self.child}'s {self.get_kind_display().lower()}"
