"""OpenAPI post-processing: document the error answers every operation can give, so clients
(and the schemathesis run in the tests) know them: 401 without a valid token, 403 when the
token may not do this, 404 for a record outside the token's need-to-know, 429 past the rate
limit, 400 for a body that fails validation."""

from __future__ import annotations

from typing import Any

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
VALIDATION = {
    "type": "object",
    "additionalProperties": {
        "oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}]
    },
}
ANSWERS = {
    "401": "No token, or a wrong, revoked or expired one",
    "403": "The token may not do this",
    "404": "Not found, or outside the token's need-to-know",
    "429": "Rate limit reached; retry after the Retry-After header's seconds",
}


def add_error_responses(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("Error", ERROR)
    components.setdefault("ValidationErrors", VALIDATION)
    ref = {"$ref": "#/components/schemas/Error"}
    for path, item in result.get("paths", {}).items():
        if not path.startswith("/api/v1/"):
            continue
        for method, operation in item.items():
            responses = operation.setdefault("responses", {})
            for code, description in ANSWERS.items():
                responses.setdefault(
                    code,
                    {"description": description, "content": {"application/json": {"schema": ref}}},
                )
            if method in ("post", "put", "patch"):
                responses["400"] = {
                    "description": "The body failed validation: messages by field",
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/ValidationErrors"}
                        }
                    },
                }
    return result
