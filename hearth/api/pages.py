"""The API's HTML pages: its documentation (read from the OpenAPI description) and the
administrators' token page. Only administrators reach the token pages; others get an audited
404."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from hearth.accounts.models import Role, User
from hearth.api import services
from hearth.api.forms import TokenForm
from hearth.api.models import ApiToken, TokenKind
from hearth.core.audit import Auditor

HTTP_METHODS = ("get", "post", "put", "patch", "delete")


def _admin(request: HttpRequest, summary: str) -> User:
    user: User = request.user  # type: ignore[assignment]
    if user.role != Role.ADMINISTRATOR:
        Auditor(user=user).denied(object_type="api.apitoken", object_id="", summary=summary)
        raise Http404("Not found")
    return user


@lru_cache(maxsize=1)
def _schema() -> dict[str, Any]:
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)  # type: ignore[no-any-return]


def operations() -> list[dict[str, Any]]:
    """Each operation of the OpenAPI description, in path order, for the docs page."""
    rows = []
    for path, item in _schema().get("paths", {}).items():
        for method in HTTP_METHODS:
            op = item.get(method)
            if op is None:
                continue
            rows.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": (op.get("description") or "").strip(),
                    "parameters": [p["name"] for p in op.get("parameters", [])],
                    "responses": sorted(op.get("responses", {})),
                }
            )
    return rows


def docs(request: HttpRequest) -> HttpResponse:
    return render(request, "api/docs.html", {"operations": operations()})


def tokens(request: HttpRequest) -> HttpResponse:
    _admin(request, "API tokens")
    rows = list(ApiToken.objects.for_listing())
    return render(request, "api/tokens.html", {"tokens": rows})


def token_new(request: HttpRequest) -> HttpResponse:
    user = _admin(request, "New API token")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["kind"] == TokenKind.INTEGRATION:
                owner = services.integration_account(
                    user=user, name=data["integration"].strip(), role=data["role"]
                )
            else:
                owner = data["owner"]
            issued = services.token_create(
                user=user,
                owner=owner,
                name=data["name"],
                kind=data["kind"],
                can_write=data["can_write"],
                expires_in_days=data["expires_in_days"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            # Shown once, on this response only: it is never stored.
            return render(request, "api/token_created.html", {"issued": issued})
    return render(request, "api/token_new.html", {"form": form})


def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    user = _admin(request, "Revoke API token")
    token = ApiToken.objects.filter(pk=token_id).first()  # scoped: the administrator check
    if token is None:
        Auditor(user=user).denied(object_type="api.apitoken", object_id=token_id)
        raise Http404("No token found")
    if request.method == "POST":
        services.token_revoke(user=user, token=token)
        messages.success(request, f"Token “{token.name}” revoked")
        return redirect("api:tokens")
    return render(request, "api/token_revoke.html", {"token": token})
