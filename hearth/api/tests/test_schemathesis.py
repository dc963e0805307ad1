"""Property-based run of the API against its own OpenAPI description (schemathesis): no
server errors, and every answer matches the description (status, content type, body)."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
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
def bearer(db: Any, social_worker: Any, allocated_child: Any) -> dict[str, str]:
    secret = services.token_create(user=None, owner=social_worker, name="Fuzz").secret
    return {"Authorization": f"Bearer {secret}"}


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_answers_every_generated_request_as_its_description_says(
    case: Any, bearer: dict[str, str]
) -> None:
    case.call_and_validate(headers=bearer, checks=CHECKS)
