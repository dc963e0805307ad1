"""The young people's portal (issue 12): accounts for children in care and care leavers,
invitations, one-time codes, what staff share, and what young people send (their views before
a meeting, messages, requests for help, ideas for the Children in Care Council).

Nothing is visible to a young person unless a `Share` row says so; addresses only through an
explicit address share that staff confirmed safe."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from hearth.core.models import TimeStampedModel


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    TEXT = "text", "Text message"


class AccountStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "Suspended"
    CLOSED = "closed", "Closed"


class PortalAccount(TimeStampedModel):
    """A young person's portal account. The `user` has the young_person role and is never
    staff; `person` is the child or care leaver it belongs to."""

    person = models.OneToOneField(
        "people.Person", on_delete=models.PROTECT, related_name="portal_account"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="portal_account"
    )
    channel = models.CharField("Send codes by", max_length=10, choices=Channel.choices)
    send_to = models.CharField("Email address or mobile number", max_length=254)
    status = models.CharField(
        max_length=10, choices=AccountStatus.choices, default=AccountStatus.ACTIVE
    )
    status_reason = models.TextField(blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"Portal account of {self.person}"

    @property
    def is_active(self) -> bool:
        return self.status == AccountStatus.ACTIVE


class Invitation(TimeStampedModel):
    """A single-use, expiring link to set up an account. Only the token's hash is stored."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="portal_invitations"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    send_to = models.CharField(max_length=254)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]


class PasswordReset(TimeStampedModel):
    """A single-use, expiring link to choose a new password, sent to the account's own email
    or phone. Asked for by a worker or by the young person. Only the token's hash is kept."""

    account = models.ForeignKey(
        PortalAccount, on_delete=models.CASCADE, related_name="password_resets"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]


class OneTimeCode(TimeStampedModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="portal_codes"
    )
    code_hash = models.CharField(max_length=128)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]


class ShareKind(models.TextChoices):
    PLAN_ACTION = "plan_action", "An action in the care plan"
    PATHWAY_PLAN = "pathway_plan", "The pathway plan"
    DOCUMENT = "document", "A document, photo or letter"
    LIFE_STORY = "life_story", "Life-story work"
    HEALTH_HISTORY = "health_history", "The health history"
    ADDRESS = "address", "An address"


class ShareQuerySet(models.QuerySet["Share"]):
    def current(self) -> ShareQuerySet:
        return self.filter(withdrawn_at__isnull=True)

    def of_kind(self, *kinds: str) -> ShareQuerySet:
        return self.filter(kind__in=kinds)


class Share(TimeStampedModel):
    """Staff chose to show one record to the young person. Withdrawn shares stay as history."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="shares")
    kind = models.CharField(max_length=20, choices=ShareKind.choices)
    object_id = models.PositiveIntegerField()
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ShareQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind", "object_id"],
                condition=Q(withdrawn_at__isnull=True),
                name="portal_one_current_share",
            )
        ]


class MeetingKind(models.TextChoices):
    CLA_REVIEW = "cla_review", "My review (children in care review)"
    PATHWAY_REVIEW = "pathway_review", "My pathway plan review"
    CONFERENCE = "conference", "My child protection conference"


class MeetingViews(TimeStampedModel):
    """A young person's answers before a meeting, in their own words. Staff add them to the
    meeting's record (the review or pathway plan), which marks them as submitted by the young
    person and sets the participation code."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="portal_meeting_views"
    )
    meeting = models.CharField(max_length=20, choices=MeetingKind.choices)
    going_well = models.TextField("What is going well", blank=True)
    worries = models.TextField("What worries me", blank=True)
    would_like = models.TextField("What I would like to happen", blank=True)
    who_to_invite = models.TextField("Who I want at my meeting", blank=True)
    private_to_iro = models.TextField("Something I want to say just to my IRO", blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    review = models.ForeignKey(
        "children_in_care.Review",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="portal_views",
    )
    pathway_plan = models.ForeignKey(
        "care_leavers.PathwayPlan",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="portal_views",
    )
    conference = models.ForeignKey(
        "child_protection.Conference",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="portal_views",
    )
    added_at = models.DateTimeField(null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    @property
    def on_a_record(self) -> bool:
        return bool(self.review_id or self.pathway_plan_id or self.conference_id)

    def own_words(self) -> str:
        """The answers as the meeting record keeps them (not the private note to the IRO)."""
        parts = [
            ("What is going well", self.going_well),
            ("What worries me", self.worries),
            ("What I would like to happen", self.would_like),
            ("Who I want at my meeting", self.who_to_invite),
        ]
        return "\n".join(f"{label}: {text}" for label, text in parts if text.strip())


class Message(TimeStampedModel):
    """A message between a young person and their worker or adviser. A young person's message
    is answered when staff reply; unanswered past the local limit, it is overdue."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="portal_messages"
    )
    from_young_person = models.BooleanField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]


class HelpRequest(TimeStampedModel):
    """'I need help' from a care leaver to their personal adviser. The response time is
    tracked; the response is recorded as a contact (care_leavers.Contact)."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="portal_help_requests"
    )
    what = models.TextField("What you need help with")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    response = models.TextField(blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    contact = models.ForeignKey(
        "care_leavers.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    @property
    def response_hours(self) -> float | None:
        if self.responded_at is None:
            return None
        return round((self.responded_at - self.created_at).total_seconds() / 3600, 1)


class IdeaKind(models.TextChoices):
    IDEA = "idea", "An idea"
    PROBLEM = "problem", "A problem"


class CouncilIdea(TimeStampedModel):
    """An idea or problem for the Children in Care Council, and the service's published
    response ('you said, we did'), published to every young person on the portal."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="portal_ideas"
    )
    kind = models.CharField(max_length=10, choices=IdeaKind.choices)
    text = models.TextField()
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    response = models.TextField("What we did", blank=True)
    council_issue = models.OneToOneField(
        "children_in_care.CouncilIssue",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="portal_idea",
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
