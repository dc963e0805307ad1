from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from hearth.api import services


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


@pytest.fixture
def token_for(db: Any) -> Callable[..., str]:
    def make(user: Any, **kwargs: Any) -> str:
        return services.token_create(user=None, owner=user, name="Test", **kwargs).secret

    return make


@pytest.fixture
def api(token_for: Callable[..., str]) -> Callable[..., Client]:
    """A client whose requests carry a token acting as `user`."""

    def make(user: Any, **kwargs: Any) -> Client:
        return Client(HTTP_AUTHORIZATION=f"Bearer {token_for(user, **kwargs)}")

    return make
