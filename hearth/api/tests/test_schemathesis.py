"""Property-based run of the API against its own OpenAPI description (schemathesis): no
server errors, and every answer matches the description (status, content type, body)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from hearth.api import services

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


# The description is read from the running application, as a client would read it.
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
# Examples and fuzzing (valid and invalid input); a bounded run, the same on every machine.
schema.config.phases.update(phases=["examples", "fuzzing"])
schema.config.generation.update(max_examples=8, deterministic=True)


@pytest.fixture
def test_connection_kept() -> Iterator[None]:
    """Django closes the database connection when a request ends, except under its test client.
    schemathesis calls the WSGI application directly, so keep the test's connection (and its
    transaction) open as the test client does: PostgreSQL otherwise loses it mid-test."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(
    db: Any, test_connection_kept: None, social_worker: Any, allocated_child: Any
) -> dict[str, str]:
    secret = services.token_create(user=None, owner=social_worker, name="Fuzz").secret
    return {"Authorization": f"Bearer {secret}"}


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_answers_every_generated_request_as_its_description_says(
    case: Any, bearer: dict[str, str]
) -> None:
    case.call_and_validate(headers=bearer, checks=CHECKS)
