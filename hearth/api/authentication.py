"""Bearer token authentication for the API (Django REST framework)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from hearth.api.models import ApiToken
from hearth.api.tokens import matches, prefix_of

# Writing last_used_at on every request would make every read a write: once a minute is enough
# to show an administrator which tokens are in use.
TOUCH_EVERY = timedelta(minutes=1)


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        scheme, _, value = header.partition(" ")
        if scheme.lower() != self.keyword.lower() or not value.strip():
            raise exceptions.AuthenticationFailed("Send the token as 'Authorization: Bearer …'")
        token_text = value.strip()
        prefix = prefix_of(token_text)
        token = (
            ApiToken.objects.select_related("user").filter(prefix=prefix).first()
            if prefix
            else None
        )
        # One answer for unknown, wrong, revoked and expired tokens: no oracle for guessing.
        if token is None or not matches(token_text, token.hashed):
            raise exceptions.AuthenticationFailed("Invalid or expired token")
        now = timezone.now()
        if not token.is_usable(now) or not token.user.is_active:
            raise exceptions.AuthenticationFailed("Invalid or expired token")
        if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class BearerTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "hearth.api.authentication.BearerTokenAuthentication"
    name = "bearerToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer", "bearerFormat": "hth_<prefix>_<secret>"}
