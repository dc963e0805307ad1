"""Oversight pages. Thin: scope -> form -> service -> message -> redirect."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from hearth.accounts.models import Team, User
from hearth.core.concurrency import edit_conflicts, guard_form, lock_for_edit
from hearth.oversight import access, forms, keypoints, presenters, selectors, services
from hearth.oversight.forms import (
    AgreementForm,
    AuditForm,
    CaseDiscussionForm,
    ModerationForm,
    OversightForm,
    ProgrammeForm,
    ResponseForm,
    SessionForm,
    SupervisionActionForm,
)
from hearth.oversight.models import (
    AuditStatus,
    SupervisionAgreement,
)
from hearth.people.access import child_for

CASE_DISCUSSIONS = 3
OVERDUE_ROWS_PER_TEAM = 25
SUPERVISION_ACTIONS = 2


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _add_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _post(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


# --- Your oversight work -------------------------------------------------------------------


def home(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    today = timezone.localdate()
    work = selectors.oversight_work(user, today)
    teams = list(
        Team.objects.filter(Q(manager=user) | Q(service__manager=user)).order_by("name")
        if user.is_manager
        else Team.objects.none()
    )
    if user.role == "senior_leader":
        teams = list(Team.objects.order_by("name"))
    context = {"work": work, "today": today, "teams": teams, "user": user}
    return render(request, "oversight/home.html", context)


# --- Supervision ---------------------------------------------------------------------------


def supervision_record(request: HttpRequest, worker_id: int) -> HttpResponse:
    user = _user(request)
    worker = access.supervision_worker_for(user, worker_id)
    today = timezone.localdate()
    page = selectors.supervision_page(worker, today)
    services.audit_supervision_view(user=user, worker=worker)
    context = {
        "worker": worker,
        "page": page,
        "today": today,
        "can_manage": services.can_manage_supervision(user, worker),
    }
    return render(request, "oversight/supervision_record.html", context)


def _agreement_values(current: SupervisionAgreement | None) -> dict[str, Any]:
    """The agreement as saved (nothing yet: all empty), for the edit token."""
    return {
        "supervisor": current.supervisor_id if current else None,
        "frequency": current.frequency if current else None,
        "start_date": current.start_date if current else None,
    }


def agreement_edit(request: HttpRequest, worker_id: int) -> HttpResponse:
    user = _user(request)
    worker = access.supervision_worker_for(user, worker_id)
    if not services.can_manage_supervision(user, worker):
        raise Http404("Not your supervisee")
    current = SupervisionAgreement.objects.filter(worker=worker).first()  # scoped: worker checked
    supervisors = User.objects.filter(
        is_active=True, role__in=["team_manager", "service_manager", "social_worker"]
    ).exclude(pk=worker.pk)
    initial = {
        "supervisor": current.supervisor_id if current else user.pk,
        "frequency": current.frequency if current else "",
        "start_date": current.start_date if current else timezone.localdate(),
    }
    form = AgreementForm(_post(request), supervisors=supervisors, initial=initial)
    guard_form(form, saved=_agreement_values(current))
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                lock_for_edit(worker)
                agreements = SupervisionAgreement.objects  # scoped: the worker is checked above
                current = agreements.filter(worker=worker).first()
                if not edit_conflicts(form, saved=_agreement_values(current), record=current):
                    services.supervision_agreement_set(
                        user=user, worker=worker, **form.cleaned_data
                    )
                    messages.success(request, f"Supervision agreement saved for {worker}")
                    return redirect("oversight:supervision_record", worker.pk)
        except ValidationError as exc:
            _add_errors(form, exc)
    return render(request, "oversight/agreement_form.html", {"worker": worker, "form": form})


def session_new(request: HttpRequest, worker_id: int) -> HttpResponse:
    user = _user(request)
    worker = access.supervision_worker_for(user, worker_id)
    if not services.can_manage_supervision(user, worker):
        raise Http404("Not your supervisee")
    today = timezone.localdate()
    children = selectors.worker_children(worker, today)
    owners = User.objects.filter(pk__in=[worker.pk, user.pk])
    data = _post(request)
    form = SessionForm(data, initial={"held_on": today, "attendance": "held"})
    discussions = [
        CaseDiscussionForm(data, prefix=f"case{i}", children=children, owners=owners)
        for i in range(CASE_DISCUSSIONS)
    ]
    action_forms = [
        SupervisionActionForm(data, prefix=f"action{i}") for i in range(SUPERVISION_ACTIONS)
    ]
    if request.method == "POST":
        valid = all([form.is_valid()] + [f.is_valid() for f in discussions + action_forms])
        if valid:
            try:
                session = services.supervision_record(
                    user=user,
                    worker=worker,
                    held_on=form.cleaned_data["held_on"],
                    attendance=form.cleaned_data["attendance"],
                    reflective={k: form.cleaned_data[k] for k in SessionForm.REFLECTIVE},
                    actions=[
                        services.ActionInput(
                            description=f.cleaned_data["description"],
                            owner=worker,
                            due_on=f.cleaned_data["due_on"],
                        )
                        for f in action_forms
                        if f.cleaned_data.get("description")
                    ],
                    case_discussions=forms.discussion_inputs(discussions, user),
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            except PermissionDenied as exc:
                raise Http404("Not your supervisee") from exc
            else:
                messages.success(request, f"Supervision of {worker} recorded")
                return redirect("oversight:session_detail", session.pk)
    context = {
        "worker": worker,
        "form": form,
        "discussions": discussions,
        "action_forms": action_forms,
        "has_children": bool(children),
    }
    return render(request, "oversight/session_form.html", context)


def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    user = _user(request)
    session = selectors.session_for(user, session_id)
    context = {
        "session": session,
        "today": timezone.localdate(),
        "can_manage": services.can_manage_supervision(user, session.worker),
    }
    return render(request, "oversight/session_detail.html", context)


@require_POST
def supervision_action_complete(request: HttpRequest, action_id: int) -> HttpResponse:
    user = _user(request)
    action = access.supervision_action_for(user, action_id)
    services.supervision_action_complete(
        user=user, action=action, completed_on=timezone.localdate()
    )
    messages.success(request, "Action marked as complete")
    return redirect("oversight:session_detail", action.session_id)


def team_supervision(request: HttpRequest, team_id: int) -> HttpResponse:
    user = _user(request)
    team = access.team_for(user, team_id)
    today = timezone.localdate()
    context = {
        "team": team,
        "today": today,
        "rows": selectors.team_supervision([team.pk], today),
        "unsupervised": selectors.unsupervised_workers([team.pk]),
        "last_discussed": selectors.last_discussed([team.pk], today, user=user),
    }
    return render(request, "oversight/team_supervision.html", context)


# --- Management oversight on a child -------------------------------------------------------


def child_oversight(request: HttpRequest, child_id: int) -> HttpResponse:
    user = _user(request)
    child = child_for(user, child_id, summary="Viewed management oversight")
    today = timezone.localdate()
    status = selectors.oversight_status([child.pk], today)
    context = {
        "child": child,
        "today": today,
        "entries": list(child.oversight_entries.for_page()),
        "status": status[0] if status else None,
        "can_record": services.can_record_oversight(user, child, today),
        "key_points": keypoints.waiting_key_points([child.pk], today),
        "user": user,
    }
    return render(request, "oversight/child_oversight.html", context)


def oversight_new(request: HttpRequest, child_id: int) -> HttpResponse:
    user = _user(request)
    child = child_for(user, child_id, summary="Opened the management oversight form")
    today = timezone.localdate()
    if not services.can_record_oversight(user, child, today):
        raise Http404("Not a child in a team you manage")
    owners = selectors.action_owners(child, user, today)
    # A key point (from a due item's link) fixes the occasion and links the entry to it.
    point = keypoints.key_point_for(child.pk, request.GET.get("source", ""), today)
    initial = {"occurred_on": today, "occasion": point.occasion if point else "review"}
    form = OversightForm(_post(request), owners=owners, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.oversight_record(
                user=user,
                child=child,
                source_ref=point.ref if point else "",
                occasion=data["occasion"],
                occurred_on=data["occurred_on"],
                direction=data["direction"],
                reasons=data["reasons"],
                actions=forms.action_inputs(data),
                no_new_actions=data["no_new_actions"],
                no_actions_reason=data["no_actions_reason"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "Management oversight recorded")
            return redirect("oversight:child_oversight", child.pk)
    context = {"child": child, "form": form, "key_point": point}
    return render(request, "oversight/oversight_form.html", context)


@require_POST
def oversight_action_complete(request: HttpRequest, child_id: int, action_id: int) -> HttpResponse:
    user = _user(request)
    child = child_for(user, child_id, audit_view=False)
    action = selectors.oversight_action_for(child, action_id)
    if action is None or not (
        action.owner_id == user.pk or services.can_record_oversight(user, child)
    ):
        raise Http404("No action found")
    services.oversight_action_complete(user=user, action=action, completed_on=timezone.localdate())
    messages.success(request, "Action marked as complete")
    return redirect("oversight:child_oversight", child.pk)


def overdue(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    team_ids = selectors.overseen_team_ids(user)
    today = timezone.localdate()
    one_team = request.GET.get("team", "")
    if one_team.isdigit() and (team_ids is None or int(one_team) in team_ids):
        team_ids = [int(one_team)]
    teams = selectors.oversight_overdue_by_team(today, team_ids=team_ids, user=user)
    # Service-wide, each team shows its most overdue children; one team shows them all.
    shown = None if len(teams) <= 1 else OVERDUE_ROWS_PER_TEAM
    context = {"teams": teams, "today": today, "shown": shown}
    return render(request, "oversight/overdue.html", context)


# --- Caseloads and workforce ---------------------------------------------------------------


def caseloads(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    team_ids = selectors.overseen_team_ids(user)
    today = timezone.localdate()
    ids = team_ids if team_ids is not None else list(Team.objects.values_list("pk", flat=True))
    context = {
        "teams": selectors.team_caseloads(ids, today),
        "history": selectors.caseload_history(ids),
        "weights": selectors.weights(),
        "census": selectors.workforce_census(today, team_ids=team_ids),
        "today": today,
    }
    return render(request, "oversight/caseloads.html", context)


# --- Service manager's team page -----------------------------------------------------------


def team_page(request: HttpRequest, team_id: int) -> HttpResponse:
    user = _user(request)
    team = access.team_for(user, team_id)
    today = timezone.localdate()
    month = today.replace(day=1)
    overdue_oversight = selectors.oversight_overdue_by_team(today, team_ids=[team.pk], user=user)
    supervision = selectors.team_supervision([team.pk], today)
    loads = selectors.team_caseloads([team.pk], today)
    audits = selectors.audits_for([team.pk], month)
    context = {
        "team": team,
        "today": today,
        "month": month,
        "supervision_overdue": [r for r in supervision if r.due.is_overdue(today)],
        "supervision_actions_overdue": sum(r.overdue_actions for r in supervision),
        "unsupervised": selectors.unsupervised_workers([team.pk]),
        "oversight_overdue": overdue_oversight[0].rows if overdue_oversight else [],
        "caseload": loads[0] if loads else None,
        "audits": audits,
        "audit_summary": presenters.audit_summary(audits),
    }
    return render(request, "oversight/team_page.html", context)


# --- Case audit ----------------------------------------------------------------------------


def audits(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    context = {
        "assigned": selectors.audits_to_do(user),
        "programmes": selectors.programmes(user),
        "can_run": access.can_run_audits(user),
    }
    return render(request, "oversight/audits.html", context)


def programme_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not access.can_run_audits(user):
        raise Http404("Not found")
    auditors = User.objects.filter(
        is_active=True, role__in=["qa_officer", "team_manager", "service_manager", "senior_leader"]
    )
    form = ProgrammeForm(
        _post(request),
        auditors=auditors,
        initial={"month": timezone.localdate(), "kind": "random", "sample_size": 10},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            programme = services.audit_programme_create(
                user=user,
                name=data["name"],
                month=data["month"],
                template=data["template"],
                service=data["service"],
                kind=data["kind"],
                criterion=data["criterion"],
                sample_size=data["sample_size"],
                auditors=list(data["auditors"]),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request, f"{programme.name}: {programme.audits.count()} cases assigned"
            )
            return redirect("oversight:audits")
    return render(request, "oversight/programme_form.html", {"form": form})


def audit_detail(request: HttpRequest, audit_id: int) -> HttpResponse:
    user = _user(request)
    audit = access.audit_for(user, audit_id)
    child_for(user, audit.child_id, summary="Opened a case audit")
    today = timezone.localdate()
    form = response_form = moderation_form = None
    owners = selectors.action_owners(audit.child, user, today)
    action = request.POST.get("form") if request.method == "POST" else None
    if audit.status == AuditStatus.ASSIGNED and audit.auditor_id == user.pk:
        form = AuditForm(
            _post(request) if action == "audit" else None,
            questions=audit.template.questions.all(),
            owners=owners,
        )
        if action == "audit" and form.is_valid():
            data = form.cleaned_data
            try:
                services.case_audit_complete(
                    user=user,
                    audit=audit,
                    answers={
                        q.pk: (data[f"grade_{q.pk}"], data[f"evidence_{q.pk}"])
                        for q in form.questions
                    },
                    overall_grade=data["overall_grade"],
                    summary=data["summary"],
                    actions=forms.action_inputs(data),
                    completed_on=today,
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, "Audit completed")
                return redirect("oversight:audit_detail", audit.pk)
    if audit.status != AuditStatus.ASSIGNED and audit.practitioner_id == user.pk:
        saved = {"practitioner_response": audit.practitioner_response}
        response_form = ResponseForm(
            _post(request) if action == "response" else None, initial=saved
        )
        guard_form(response_form, saved=saved)
        if action == "response" and response_form.is_valid():
            with transaction.atomic():
                lock_for_edit(audit)
                saved = {"practitioner_response": audit.practitioner_response}
                if not edit_conflicts(response_form, saved=saved, record=audit):
                    services.case_audit_respond(
                        user=user,
                        audit=audit,
                        response=response_form.cleaned_data["practitioner_response"],
                    )
                    messages.success(request, "Your response is saved")
                    return redirect("oversight:audit_detail", audit.pk)
    if audit.status == AuditStatus.COMPLETED and selectors.can_moderate(user, audit):
        moderation_form = ModerationForm(
            _post(request) if action == "moderation" else None,
            initial={"agreed_grade": audit.overall_grade},
        )
        if action == "moderation" and moderation_form.is_valid():
            try:
                services.case_audit_moderate(
                    user=user,
                    audit=audit,
                    agreed_grade=moderation_form.cleaned_data["agreed_grade"],
                    notes=moderation_form.cleaned_data["moderation_notes"],
                    moderated_on=today,
                )
            except ValidationError as exc:
                _add_errors(moderation_form, exc)
            else:
                messages.success(request, "Moderation recorded")
                return redirect("oversight:audit_detail", audit.pk)
    context = {
        "audit": audit,
        "answers": list(audit.answers.select_related("question").order_by("question__order")),
        "actions": list(audit.actions.select_related("owner")),
        "form": form,
        "response_form": response_form,
        "moderation_form": moderation_form,
    }
    return render(request, "oversight/audit_detail.html", context)


def learning(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not (access.can_run_audits(user) or user.is_manager):
        raise Http404("Not found")
    since = selectors.learning_since(request.GET.get("months"), timezone.localdate())
    return render(request, "oversight/learning.html", selectors.learning(user, since))


# --- Improvement plan ----------------------------------------------------------------------


def _staff_only(user: User) -> None:
    if not selectors.can_see_engagement(user):
        raise Http404("Not found")


def _plan_owner_only(user: User) -> None:
    if not services.can_manage_improvement_plan(user):
        raise Http404("Not found")


def improvement_plan(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    _staff_only(user)
    today = timezone.localdate()
    context = {
        "rows": selectors.improvement_plan(today),
        "today": today,
        "can_manage": services.can_manage_improvement_plan(user),
    }
    return render(request, "oversight/improvement_plan.html", context)


def improvement_area(request: HttpRequest, area_id: int) -> HttpResponse:
    user = _user(request)
    area = access.improvement_area_for(user, area_id)
    today = timezone.localdate()
    context = {
        "area": area,
        "today": today,
        "can_manage": services.can_manage_improvement_plan(user),
        **selectors.improvement_area_page(area),
    }
    return render(request, "oversight/improvement_area.html", context)


def improvement_area_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    _plan_owner_only(user)
    form = forms.AreaForm(_post(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            area = services.improvement_area_create(
                user=user,
                title=data["title"],
                finding=data["finding"],
                lead=data["lead"],
                indicators=data["indicators"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"Improvement area {area.number} added")
            return redirect("oversight:improvement_area", area.pk)
    return render(request, "oversight/improvement_area_form.html", {"form": form})


def improvement_area_rate(request: HttpRequest, area_id: int) -> HttpResponse:
    user = _user(request)
    _plan_owner_only(user)
    area = access.improvement_area_for(user, area_id)
    form = forms.RatingForm(_post(request), initial={"rated_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.improvement_area_rate(
                user=user,
                area=area,
                rag=data["rag"],
                rated_on=data["rated_on"],
                note=data["note"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "Rating recorded")
            return redirect("oversight:improvement_area", area.pk)
    context = {"form": form, "area": area}
    return render(request, "oversight/improvement_rating_form.html", context)


def improvement_action_new(request: HttpRequest, area_id: int) -> HttpResponse:
    user = _user(request)
    _plan_owner_only(user)
    area = access.improvement_area_for(user, area_id)
    form = forms.ImprovementActionForm(_post(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.improvement_action_add(
                user=user,
                area=area,
                description=data["description"],
                owner=data["owner"],
                due_on=data["due_on"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "Action added")
            return redirect("oversight:improvement_area", area.pk)
    context = {"form": form, "area": area}
    return render(request, "oversight/improvement_action_form.html", context)


def improvement_action(request: HttpRequest, action_id: int) -> HttpResponse:
    user = _user(request)
    action = access.improvement_action_for(user, action_id)
    can_update = services.can_update_improvement_action(user, action)
    if request.method == "POST" and not can_update:
        raise Http404("Not found")
    today = timezone.localdate()
    form = forms.ProgressForm(
        _post(request), initial={"recorded_on": today, "status": action.status}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.improvement_action_progress(
                user=user,
                action=action,
                recorded_on=data["recorded_on"],
                status=data["status"],
                note=data["note"],
                evidence=data["evidence"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "Progress recorded")
            return redirect("oversight:improvement_action", action.pk)
    context = {
        "action": action,
        "updates": list(action.updates.select_related("recorded_by")),
        "form": form,
        "can_update": can_update,
        "today": today,
    }
    return render(request, "oversight/improvement_action.html", context)


# --- Leadership engagement -----------------------------------------------------------------


def leadership(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    _staff_only(user)
    today = timezone.localdate()
    since = selectors.learning_since(request.GET.get("months"), today)
    context = {
        **selectors.leadership_engagements(since),
        "since": since,
        "can_record": services.can_record_engagement(user),
        "can_manage": services.can_manage_improvement_plan(user),
        "user": user,
    }
    return render(request, "oversight/leadership.html", context)


def leadership_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not services.can_record_engagement(user):
        raise Http404("Not found")
    form = forms.EngagementForm(_post(request), initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.leadership_engagement_record(
                user=user,
                kind=data["kind"],
                held_on=data["held_on"],
                team=data["team"],
                staff_count=data["staff_count"],
                heard=data["heard"],
                area=data["area"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "Engagement recorded")
            return redirect("oversight:leadership")
    return render(request, "oversight/leadership_form.html", {"form": form})


def leadership_change(request: HttpRequest, engagement_id: int) -> HttpResponse:
    user = _user(request)
    engagement = access.engagement_for_change(user, engagement_id)
    form = forms.EngagementChangeForm(
        _post(request),
        initial={"changed": engagement.changed, "changed_on": timezone.localdate()},
    )
    guard_form(form, saved={"changed": engagement.changed})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                lock_for_edit(engagement)
                saved = {"changed": engagement.changed}
                if not edit_conflicts(form, saved=saved, record=engagement):
                    services.leadership_engagement_change(
                        user=user,
                        engagement=engagement,
                        changed=data["changed"],
                        changed_on=data["changed_on"],
                    )
                    messages.success(request, "What changed is recorded")
                    return redirect("oversight:leadership")
        except ValidationError as exc:
            _add_errors(form, exc)
    context = {"form": form, "engagement": engagement}
    return render(request, "oversight/leadership_change_form.html", context)
