"""Break-glass: opening a child outside the user's circle with a reason, for a limited time,
and the report of every such access for the data protection officer and managers."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from hearth.accounts.models import Role, User
from hearth.core.audit import Auditor
from hearth.people import services
from hearth.people.access import emergency_candidates, emergency_grant_for
from hearth.people.forms import EmergencyOpenForm, EmergencySearchForm
from hearth.people.models import EmergencyAccess, Person

REPORT_ROLES = {
    Role.DATA_PROTECTION_OFFICER,
    Role.SENIOR_LEADER,
    Role.ADMINISTRATOR,
    Role.TEAM_MANAGER,
    Role.SERVICE_MANAGER,
}


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _may_break_glass(user: User, summary: str) -> None:
    """Partners never; borough-wide roles see every child already."""
    if user.role == Role.PARTNER_REFERRER or user.is_borough_wide:
        Auditor(user=user).denied(
            object_type="people.emergencyaccess", object_id="", summary=summary
        )
        raise Http404("Not found")


def emergency_access(request: HttpRequest) -> HttpResponse:
    """Step 1: the reason and the search; step 2: choose the child and open the record."""
    user = _user(request)
    _may_break_glass(user, "Emergency access page")
    # POST, so the reason never lands in a URL, a browser history or a server log.
    form = EmergencySearchForm(request.POST if request.method == "POST" else None)
    results: list[Person] = []
    if form.is_bound and form.is_valid():
        results = emergency_candidates(user, form.cleaned_data["q"], form.cleaned_data["reason"])
    return render(
        request,
        "people/emergency_access.html",
        {
            "form": form,
            "results": results,
            "hours": services.emergency_access_hours(),
            "active": EmergencyAccess.objects.active().filter(user=user).select_related("child"),
        },
    )


@require_POST
def emergency_access_open(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    _may_break_glass(user, "Emergency access")
    form = EmergencyOpenForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Search again and choose the child to open")
        return redirect("people:emergency_access")
    # Break-glass reads outside the circle by design; restricted records are refused by the
    # service, and the grant itself is audited with its reason.
    chosen = form.cleaned_data["child_id"]
    child = Person.objects.children().filter(pk=chosen).first()  # scoped: break-glass

    if child is None:
        raise Http404("No child found")
    try:
        grant = services.emergency_access_grant(
            user=user, child=child, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("people:emergency_access")
    until = timezone.localtime(grant.expires_at)
    messages.success(
        request,
        f"You have emergency access to this record until {until:%H:%M on %d/%m/%Y}. "
        "The child's team manager has been told.",
    )
    return redirect("casework:child_detail", child.pk)


@require_POST
def emergency_access_end(request: HttpRequest, grant_id: int) -> HttpResponse:
    user = _user(request)
    grant = emergency_grant_for(user, grant_id)
    services.emergency_access_end(user=user, grant=grant)
    messages.success(request, "Emergency access ended")
    return redirect("people:emergency_access")


def emergency_access_report(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user.role not in REPORT_ROLES:
        Auditor(user=user).denied(
            object_type="people.emergencyaccess", object_id="", summary="Emergency access report"
        )
        raise Http404("Not found")
    rows = list(EmergencyAccess.objects.for_report(user)[:500])
    Auditor(user=user).record(
        "view", object_type="people.emergencyaccess", summary="Emergency access report"
    )
    return render(
        request,
        "people/emergency_access_report.html",
        {"rows": rows, "now": timezone.now()},
    )
