"""The audit pages: who has viewed or changed a child's record, what one member of staff has
viewed, and a way to find either. Senior leaders and administrators only (`can_read_audit`);
everyone else gets "not found", and both the refusals and the views are audited."""

from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone

from hearth.core.audit import Auditor
from hearth.core.audit_forms import AuditFilterForm, AuditSearchForm, AuditUserSearchForm
from hearth.core.audit_presenters import (
    CHILD_TRAIL,
    SEARCH,
    USER_TRAIL,
    entry_rows,
)
from hearth.core.models import AuditAction, AuditEntry

PER_PAGE = 50
SEARCH_LIMIT = 50


def _refuse_unless_audit_reader(
    request: HttpRequest,
    *,
    object_type: str,
    object_id: str | int = "",
    child_id: int | None = None,
) -> None:
    if not getattr(request.user, "can_read_audit", False):
        Auditor(user=request.user).denied(
            object_type=object_type,
            object_id=object_id,
            child_id=child_id,
            summary="Tried to open an audit page without the role to read the audit trail",
        )
        raise Http404("Page not found")


def _children() -> Any:
    # Core sits below people in the dependency order, so the model is looked up by name.
    person = apps.get_model("people", "Person")
    # scoped: audit readers may find any child's trail; they see names, never case records.
    return person.objects.children()  # scoped: audit readers (can_read_audit), checked first


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _filtered(entries: QuerySet[AuditEntry], form: AuditFilterForm) -> QuerySet[AuditEntry]:
    if not form.is_valid():
        return entries
    data = form.cleaned_data
    if data.get("action"):
        entries = entries.filter(action=data["action"])
    if data.get("person"):
        entries = entries.filter(actor_id=data["person"])
    if data.get("date_from"):
        entries = entries.filter(at__gte=_day_start(data["date_from"]))
    if data.get("date_to"):
        entries = entries.filter(at__lt=_day_start(data["date_to"] + timedelta(days=1)))
    return entries


def _page(request: HttpRequest, entries: QuerySet[AuditEntry]) -> tuple[Page, dict[str, Any]]:
    """One page of entries, newest first, with GOV.UK pagination links that keep the filters."""
    paginator = Paginator(entries.select_related("actor__team").order_by("-id"), PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    params: QueryDict = request.GET.copy()
    params.pop("page", None)

    def href(number: int) -> str:
        return "?" + urlencode([*params.lists(), ("page", [str(number)])], doseq=True)

    pagination: dict[str, Any] = {}
    if paginator.num_pages > 1:
        pagination = {
            "items": [
                {"number": n, "href": href(n), "current": n == page.number}
                if isinstance(n, int)
                else {"ellipsis": True}
                for n in paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
            ],
        }
        if page.has_previous():
            pagination["previous"] = {"href": href(page.previous_page_number())}
        if page.has_next():
            pagination["next"] = {"href": href(page.next_page_number())}
    return page, pagination


def _people_on(entries: QuerySet[AuditEntry]) -> list[tuple[int, str]]:
    user_model = get_user_model()
    people = user_model.objects.filter(
        pk__in=entries.exclude(actor=None).values("actor_id")
    ).order_by("last_name", "first_name", "username")
    return [(person.pk, f"{person.get_full_name() or person.username}") for person in people]


def index(request: HttpRequest) -> HttpResponse:
    """Find a child's audit trail by name or LA child ID, or a member of staff's activity."""
    _refuse_unless_audit_reader(request, object_type=SEARCH)
    child_form = AuditSearchForm(request.GET)
    user_form = AuditUserSearchForm(request.GET)
    children: list[Any] = []
    staff: list[Any] = []
    query = ""
    who = ""
    if child_form.is_valid() and (query := child_form.cleaned_data["q"].strip()):
        children = list(
            _children().search(query).order_by("last_name", "first_name")[:SEARCH_LIMIT]
        )
    if user_form.is_valid() and (who := user_form.cleaned_data["who"].strip()):
        name = Q()
        for term in who.split():
            name &= Q(first_name__istartswith=term) | Q(last_name__istartswith=term)
        user_model = get_user_model()
        staff = list(
            user_model.objects.filter(Q(username__iexact=who) | name)
            .select_related("team")
            .order_by("last_name", "first_name")[:SEARCH_LIMIT]
        )
    if query or who:
        searched = " and ".join(
            part
            for part in (f"child '{query}'" if query else "", f"staff '{who}'" if who else "")
            if part
        )
        Auditor(user=request.user).record(
            AuditAction.VIEW, object_type=SEARCH, summary=f"Searched the audit trail for {searched}"
        )
    return render(
        request,
        "core/audit_index.html",
        {
            "child_form": child_form,
            "user_form": user_form,
            "query": query,
            "who": who,
            "children": children,
            "staff": staff,
        },
    )


def child_audit(request: HttpRequest, child_id: int) -> HttpResponse:
    """Who has viewed or changed this child's record."""
    _refuse_unless_audit_reader(
        request, object_type=CHILD_TRAIL, object_id=child_id, child_id=child_id
    )
    child = _children().filter(pk=child_id).first()
    if child is None:
        raise Http404("No child found")
    Auditor(user=request.user).record(
        AuditAction.VIEW,
        object_type=CHILD_TRAIL,
        object_id=child.pk,
        child_id=child.pk,
        summary="Viewed who has viewed or changed this child's record",
    )
    trail = AuditEntry.objects.filter(child_id=child.pk)
    form = AuditFilterForm(request.GET or None, people=_people_on(trail))
    page, pagination = _page(request, _filtered(trail, form))
    return render(
        request,
        "core/child_audit.html",
        {
            "child": child,
            "form": form,
            "page": page,
            "rows": entry_rows(page.object_list),
            "pagination": pagination,
        },
    )


def user_audit(request: HttpRequest, user_id: int) -> HttpResponse:
    """What one member of staff has viewed and changed (for the data protection officer)."""
    _refuse_unless_audit_reader(request, object_type=USER_TRAIL, object_id=user_id)
    user_model = get_user_model()
    person = user_model.objects.select_related("team").filter(pk=user_id).first()
    if person is None:
        raise Http404("No user found")
    Auditor(user=request.user).record(
        AuditAction.VIEW,
        object_type=USER_TRAIL,
        object_id=person.pk,
        summary=f"Viewed what {person.get_full_name() or person.username} has viewed or changed",
    )
    form = AuditFilterForm(request.GET or None)
    page, pagination = _page(request, _filtered(AuditEntry.objects.filter(actor=person), form))
    rows = entry_rows(page.object_list)
    child_ids = {row.child_id for row in rows if row.child_id is not None}
    children = {c.pk: c for c in _children().filter(pk__in=child_ids)} if child_ids else {}
    return render(
        request,
        "core/user_audit.html",
        {
            "person": person,
            "form": form,
            "page": page,
            "rows": [(row, children.get(row.child_id)) for row in rows],
            "pagination": pagination,
        },
    )
