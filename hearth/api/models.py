"""API tokens: a bearer token acts for one Hearth user, a person or an integration account.

Only a hash of the token is stored. The token is shown once, when it is created."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from hearth.api.querysets import ApiTokenQuerySet


class TokenKind(models.TextChoices):
    USER = "user", "A person's token"
    INTEGRATION = "integration", "An integration (partner system, portal, analytics)"


class ApiToken(models.Model):
    name = models.CharField(max_length=200, help_text="What the token is for")
    kind = models.CharField(max_length=20, choices=TokenKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens"
    )
    # The first characters of the token, to find its row without storing the token.
    prefix = models.CharField(max_length=16, unique=True)
    hashed = models.CharField(max_length=64)
    can_write = models.BooleanField(
        default=False, help_text="May send partner referrals to the front door"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="api_tokens_created",
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, now: object | None = None) -> bool:
        moment = now or timezone.now()
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > moment  # type: ignore[operator]

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return "Revoked"
        if self.expires_at is not None and self.expires_at <= timezone.now():
            return "Expired"
        return "Active"
