"""Early help: the directory of services and early help episodes with their team around the
family. Step-down and step-up link to the social care record (front door contacts and
referrals)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from hearth.core.models import TimeStampedModel
from hearth.early_help.querysets import EarlyHelpEpisodeQuerySet, EarlyHelpServiceQuerySet


class EarlyHelpService(models.Model):
    """A service in the early help directory, with the ages and areas it covers."""

    name = models.CharField(max_length=200, unique=True)
    organisation = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    min_age = models.PositiveSmallIntegerField(default=0)
    max_age = models.PositiveSmallIntegerField(default=19)
    # Services may work with disabled young people up to 25 (SEND Code of Practice).
    max_age_disabled = models.PositiveSmallIntegerField(default=25)
    areas = models.CharField(max_length=300, blank=True, help_text="Wards or localities covered")
    capacity = models.PositiveIntegerField(default=0, help_text="Families it can work with at once")
    active = models.BooleanField(default=True)

    objects = EarlyHelpServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_age__gte=models.F("min_age")),
                name="early_help_service_age_range",
            )
        ]

    def __str__(self) -> str:
        return self.name


class EndReason(models.TextChoices):
    NEEDS_MET = "needs_met", "Needs met"
    STEP_UP = "step_up", "Stepped up to children's social care"
    DECLINED = "declined", "Family declined or withdrew"
    MOVED = "moved", "Family moved away"
    OTHER_SERVICE = "other_service", "Transferred to another service"
    OTHER = "other", "Other"


class EarlyHelpEpisode(TimeStampedModel):
    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="early_help_episodes"
    )
    start_date = models.DateField(db_index=True)
    end_date = models.DateField(null=True, blank=True)
    reason = models.TextField("Reason for early help")
    end_reason = models.CharField(max_length=20, choices=EndReason.choices, blank=True)
    service = models.ForeignKey(
        EarlyHelpService, null=True, blank=True, on_delete=models.PROTECT, related_name="episodes"
    )
    lead_practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="early_help_episodes",
    )
    lead_practitioner_name = models.CharField(max_length=200, blank=True)
    lead_organisation = models.CharField(max_length=200, blank=True)
    assessment_started_on = models.DateField(null=True, blank=True)
    assessment_completed_on = models.DateField(null=True, blank=True)
    assessment_organisation = models.CharField(max_length=200, blank=True)
    family_views = models.TextField(blank=True)
    child_views = models.TextField(blank=True)
    # Step-down: the front door contact (or a closing social care record) that led here.
    stepped_down_from = models.ForeignKey(
        "front_door.Contact",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="early_help_episodes",
    )
    # Step-up: the contact raised with the front door when early help was not enough.
    stepped_up_to = models.ForeignKey(
        "front_door.Contact",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="stepped_up_from",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = EarlyHelpEpisodeQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="early_help_episode_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | ~models.Q(end_reason=""),
                name="early_help_episode_end_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Early help for {self.child} from {self.start_date}"

    @property
    def is_open(self) -> bool:
        return self.end_date is None

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "The end date must be on or after the start date"
        if self.end_date and not self.end_reason:
            errors["end_reason"] = "Select why early help ended"
        if (
            self.assessment_completed_on
            and self.assessment_started_on
            and self.assessment_completed_on < self.assessment_started_on
        ):
            errors["assessment_completed_on"] = (
                "The assessment completion date must be on or after its start date"
            )
        if (
            not self.lead_practitioner_id
            and not self.lead_practitioner_name
            and not self.service_id
        ):
            errors["lead_practitioner_name"] = "Enter the lead practitioner or choose a service"
        if errors:
            raise ValidationError(errors)


class TeamAroundFamilyMember(models.Model):
    episode = models.ForeignKey(
        EarlyHelpEpisode, on_delete=models.CASCADE, related_name="team_around_family"
    )
    name = models.CharField(max_length=200)
    agency = models.CharField(max_length=200)
    role = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.agency})"


class PlanAction(models.Model):
    """One action on the early help plan: what, who and by when."""

    episode = models.ForeignKey(EarlyHelpEpisode, on_delete=models.CASCADE, related_name="actions")
    what = models.CharField(max_length=300)
    who = models.CharField(max_length=200)
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.what


class MeetingKind(models.TextChoices):
    TEAM_AROUND_FAMILY = "taf", "Team around the family meeting"
    REVIEW = "review", "Review"


class Meeting(models.Model):
    """A team around the family meeting or a review of the plan."""

    episode = models.ForeignKey(EarlyHelpEpisode, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(max_length=10, choices=MeetingKind.choices)
    held_on = models.DateField()
    attendees = models.CharField(max_length=500, blank=True)
    notes = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.held_on}"
