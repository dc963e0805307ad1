"""The Returns pages, for performance analysts and senior leaders only (others: not found)."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from hearth.accounts.models import Role
from hearth.core.audit import Auditor
from hearth.returns import presenters
from hearth.returns.forms import GenerateForm, YearForm
from hearth.returns.models import GeneratedReturn
from hearth.returns.selectors import cin_census_failures, ssda903_failures
from hearth.returns.services import (
    cin_census_generate,
    generated_return_open,
    ssda903_generate,
)

RETURNS_ROLES = frozenset({Role.PERFORMANCE_ANALYST, Role.SENIOR_LEADER})


def _refuse_unless_analyst(request: HttpRequest, *, object_id: str | int = "") -> None:
    if getattr(request.user, "role", None) not in RETURNS_ROLES:
        Auditor(user=request.user).denied(
            object_type="returns.generatedreturn",
            object_id=object_id,
            child_id=None,
            summary="Tried to open the returns pages without the role to use them",
        )
        raise Http404("Page not found")


def index(request: HttpRequest) -> HttpResponse:
    _refuse_unless_analyst(request)
    history = GeneratedReturn.objects.select_related("created_by")[:50]
    return render(
        request,
        "returns/index.html",
        {"form": GenerateForm(), "history": presenters.history_rows(history)},
    )


@require_POST
def generate(request: HttpRequest) -> HttpResponse:
    _refuse_unless_analyst(request)
    form = GenerateForm(request.POST)
    if not form.is_valid():
        history = GeneratedReturn.objects.select_related("created_by")[:50]
        return render(
            request,
            "returns/index.html",
            {"form": form, "history": presenters.history_rows(history)},
            status=400,
        )
    year = form.cleaned_data["year"]
    if form.cleaned_data["kind"] == "ssda903":
        record = ssda903_generate(user=request.user, year=year)
    else:
        record = cin_census_generate(user=request.user, year=year).record
    messages.success(request, presenters.generated_message(record))
    return redirect("returns:index")


def download(request: HttpRequest, pk: int) -> HttpResponseBase:
    _refuse_unless_analyst(request, object_id=pk)
    record = GeneratedReturn.objects.filter(pk=pk).first()
    if record is None:
        raise Http404("No return found")
    path = generated_return_open(user=request.user, record=record)
    if not path.exists():
        raise Http404("The file is no longer stored")
    return FileResponse(
        open(path, "rb"),
        as_attachment=True,
        filename=record.filename,
        content_type=record.content_type,
    )


def data_quality(request: HttpRequest) -> HttpResponse:
    _refuse_unless_analyst(request)
    form = YearForm(request.GET or None)
    rows = None
    year = None
    kind = "cin_census"
    if form.is_bound and form.is_valid():
        year = form.cleaned_data["year"]
        kind = form.cleaned_data["kind"] or "cin_census"
        rows = ssda903_failures(year) if kind == "ssda903" else cin_census_failures(year)
    return render(
        request,
        "returns/data_quality.html",
        {
            "form": form,
            "title": presenters.data_quality_title(kind),
            "rules": presenters.rule_count(kind),
            "year": year,
            "rows": rows,
            "by_rule": presenters.by_rule(rows or []),
            "by_team": presenters.by_team_and_worker(rows or []),
        },
    )
