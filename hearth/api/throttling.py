"""Rate limits per token (falling back to the user): reads and writes have their own rates,
set in settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] ("api_read", "api_write")."""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle


class _TokenThrottle(SimpleRateThrottle):
    def get_cache_key(self, request: Request, view: Any) -> str | None:
        token = getattr(request, "auth", None)
        if token is not None and getattr(token, "prefix", None):
            # The token's random prefix, not its row id: ids can be reused after a delete.
            ident = f"token:{token.prefix}"
        elif request.user and request.user.is_authenticated:
            ident = f"user:{request.user.pk}"
        else:
            ident = f"anon:{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class ReadThrottle(_TokenThrottle):
    scope = "api_read"

    def allow_request(self, request: Request, view: Any) -> bool:
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            return True
        return super().allow_request(request, view)


class WriteThrottle(_TokenThrottle):
    scope = "api_write"

    def allow_request(self, request: Request, view: Any) -> bool:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        return super().allow_request(request, view)
