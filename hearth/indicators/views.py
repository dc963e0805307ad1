"""The performance dashboard and the children behind each figure (need-to-know, audited).

Figures are read from the stored figures (hearth.indicators.cache), never older than the stated
freshness; a performance analyst or senior leader may refresh them now (POST, audited)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from hearth.core.audit import Auditor
from hearth.core.models import AuditAction
from hearth.indicators import benchmarks, exports, presenters, trends
from hearth.indicators.base import Period
from hearth.indicators.cache import (
    cached_figures,
    figure_with_rows,
    figures_refresh,
    freshness_minutes,
    may_refresh,
    trend_freshness_minutes,
)
from hearth.indicators.forms import DashboardForm
from hearth.indicators.inspection import readiness
from hearth.indicators.library import get
from hearth.indicators.scope import BOROUGH, Scope, scope_from_key, scopes_for
from hearth.indicators.selectors import drill_down

EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _choice(request: HttpRequest) -> tuple[DashboardForm, date, Scope | None]:
    scopes = scopes_for(request.user)
    form = DashboardForm(request.GET or None, scopes=scopes)
    as_of = timezone.localdate()
    key = None
    if form.is_bound and form.is_valid():
        as_of = form.cleaned_data["as_of"] or as_of
        key = form.cleaned_data["scope"] or None
    elif form.is_bound:
        key = request.GET.get("scope") or None
    return form, as_of, scope_from_key(request.user, key)


def _minutes_text(minutes: int) -> str:
    if minutes % 60 == 0:
        return f"{minutes // 60} hours" if minutes != 60 else "hour"
    return f"{minutes} minutes"


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    form, as_of, scope = _choice(request)
    if scope is None:
        raise Http404("No such scope")
    if not form.is_bound:
        form = DashboardForm(
            initial={"as_of": as_of, "scope": scope.key}, scopes=scopes_for(request.user)
        )
    period = Period.year_to_date(as_of)
    snapshot = cached_figures(scope=scope, as_of=as_of)
    rows = [presenters.figure_row(f, as_of=as_of, scope=scope) for f in snapshot.figures]
    sparklines = {
        indicator.id: (presenters.trend_chart(points, indicator), presenters.trend_summary(points))
        for indicator, points in trends.stored(scope=scope, as_of=as_of)
    }
    return render(
        request,
        "indicators/dashboard.html",
        {
            "form": form,
            "scope": scope,
            "period": period,
            "groups": presenters.grouped(rows),
            "england": {b.indicator_id: b for b in benchmarks.BENCHMARKS if b.area == "England"},
            "query": presenters.query_for(as_of, scope),
            "can_see_readiness": request.user.is_borough_wide,
            "computed_at": timezone.localtime(snapshot.computed_at),
            "freshness": snapshot.refreshed_every,
            "can_refresh": may_refresh(request.user),
            "as_of": as_of,
            "sparklines": sparklines,
            "trend_freshness": _minutes_text(trend_freshness_minutes()),
        },
    )


@require_POST
@login_required
def refresh(request: HttpRequest) -> HttpResponse:
    """Recompute a scope's figures now (a performance analyst or senior leader)."""
    if not may_refresh(request.user):
        raise Http404("Refreshing figures is for performance analysts and senior leaders")
    scope = scope_from_key(request.user, request.POST.get("scope") or None)
    if scope is None:
        raise Http404("No such scope")
    try:
        as_of = date.fromisoformat(request.POST.get("as_of", ""))
    except ValueError:
        as_of = timezone.localdate()
    snapshot = figures_refresh(user=request.user, scope=scope, as_of=as_of)
    at = timezone.localtime(snapshot.computed_at)
    messages.success(request, f"Figures for {scope.name} refreshed at {at:%H:%M}")
    return redirect(f"{reverse('indicators:dashboard')}?{presenters.query_for(as_of, scope)}")


@login_required
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The dashboard's figures (counts only, no child) as CSV, JSON or XLSX."""
    form, as_of, scope = _choice(request)
    if scope is None or fmt not in EXPORT_TYPES:
        raise Http404("No such export")
    figures = cached_figures(scope=scope, as_of=as_of).figures
    body: str | bytes = (
        exports.as_csv(figures)
        if fmt == "csv"
        else exports.as_json(figures)
        if fmt == "json"
        else exports.as_xlsx(figures)
    )
    response = HttpResponse(body, content_type=EXPORT_TYPES[fmt])
    name = f"hearth-indicators-{scope.key.replace(':', '-')}-{as_of:%Y-%m-%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _readiness_as_of(request: HttpRequest) -> date:
    if not request.user.is_borough_wide:  # type: ignore[union-attr]
        raise Http404("Inspection readiness is for borough-wide roles")
    _form, as_of, _scope = _choice(request)
    return as_of


@login_required
def inspection(request: HttpRequest) -> HttpResponse:
    as_of = _readiness_as_of(request)
    found = readiness(as_of=as_of)
    borough = scope_from_key(request.user, BOROUGH)
    assert borough is not None
    return render(
        request,
        "indicators/inspection.html",
        {
            "readiness": found,
            "query": presenters.query_for(as_of, borough),
            "value_text": presenters.value_text,
            "rag_tags": presenters.RAG_TAGS,
        },
    )


@login_required
def inspection_export(request: HttpRequest) -> HttpResponse:
    as_of = _readiness_as_of(request)
    found = readiness(as_of=as_of)
    figures = [move.now for _title, moves in found.judgements for move in moves]
    response = HttpResponse(exports.as_xlsx(figures, found), content_type=EXPORT_TYPES["xlsx"])
    response["Content-Disposition"] = (
        f'attachment; filename="hearth-self-evaluation-{as_of:%Y-%m-%d}.xlsx"'
    )
    return response


@login_required
def children(request: HttpRequest, indicator_id: str) -> HttpResponse:
    indicator = get(indicator_id)
    form, as_of, scope = _choice(request)
    if indicator is None or scope is None:
        raise Http404("No such indicator")
    period = Period.year_to_date(as_of)
    figure, computed_at = figure_with_rows(indicator=indicator, scope=scope, as_of=as_of)
    points = trends.series(indicator=indicator, as_of=as_of, scope=scope)
    numerator = drill_down(user=request.user, rows=figure.numerator_rows)
    rest = drill_down(user=request.user, rows=[row for row in figure.rows if not row.in_numerator])
    shown = [r.child.pk for r in numerator.rows + rest.rows if r.child is not None]
    Auditor(user=request.user).record(
        AuditAction.VIEW,
        object_type="indicators.indicator",
        object_id=indicator.id,
        summary=(
            f"Children behind {indicator.id} for {scope.name}, {period.start} to {period.end}: "
            f"{len(set(shown))} children shown"
        ),
        changes={"children": sorted(set(shown))},
    )
    return render(
        request,
        "indicators/children.html",
        {
            "indicator": indicator,
            "row": presenters.figure_row(figure, as_of=as_of, scope=scope),
            "scope": scope,
            "numerator": numerator,
            "rest": rest,
            "dashboard_query": presenters.query_for(as_of, scope),
            "subject_is_worker": any(row.child_id is None and row.label for row in figure.rows),
            "chart": presenters.trend_chart(points, indicator),
            "trend": points,
            "trend_summary": presenters.trend_summary(points),
            "benchmarks": benchmarks.for_indicator(indicator.id),
            "computed_at": timezone.localtime(computed_at),
            "freshness": freshness_minutes(),
        },
    )
