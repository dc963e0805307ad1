"""Child protection pages. Every page is about one child reached through `child_for` (404 and
an audited refusal for outsiders); records are read through that child. Views are thin:
scope -> form -> service -> message -> redirect."""

from __future__ import annotations

from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from hearth.accounts.models import Role, User
from hearth.casework.models import VISIT_TYPES
from hearth.child_protection import forms, presenters, selectors, services
from hearth.child_protection.models import ConferenceKind
from hearth.core.concurrency import edit_conflicts, edit_token, guard_form, lock_for_edit
from hearth.front_door.forms import apply_service_errors
from hearth.people.access import child_for
from hearth.people.models import Person

WORKING_ROLES = frozenset({Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER, Role.IRO})
MANAGER_ROLES = frozenset(
    {Role.TEAM_MANAGER, Role.SERVICE_MANAGER, Role.SENIOR_LEADER, Role.QA_OFFICER, Role.IRO}
)


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _child(request: HttpRequest, child_id: int) -> Person:
    return child_for(_user(request), child_id, audit_view=request.method == "GET")


def _can_work(request: HttpRequest) -> bool:
    return _user(request).role in WORKING_ROLES


def _require_work(request: HttpRequest) -> None:
    if request.method == "POST" and not _can_work(request):
        raise Http404("Not found")


def _open_episode(child: Person) -> Any:
    return child.cin_episodes.filter(closure_date__isnull=True, referral_nfa=False).first()


def _no_episode(person: Person, doing: str) -> str:
    return f"Open a referral (CIN episode) for {person.full_name} before {doing}"


def _posted(request: HttpRequest, action: str | None = None) -> Any:
    if request.method != "POST":
        return None
    if action is not None and request.POST.get("action") != action:
        return None
    return request.POST


# --- Plan actions (both plans) ---------------------------------------------------------------


def _action_tokens(actions: dict[int, Any]) -> dict[int, str]:
    """Each action's status form carries its own edit token (what the user saw)."""
    return {pk: edit_token({"status": a.status}) for pk, a in actions.items()}


def _open_statuses(actions: dict[int, Any]) -> dict[str, str]:
    """The open actions' statuses saved now, keyed like the core group form's fields."""
    return {f"status_{pk}": a.status for pk, a in actions.items() if not a.is_closed}


def _guard_statuses(form: Any, actions: dict[int, Any]) -> None:
    """The core group form changes every open action's status at once: give it a labelled
    field per action (so a conflict names the action) and an edit token over the statuses."""
    saved = _open_statuses(actions)
    for pk, action in actions.items():
        if f"status_{pk}" in saved:
            form.fields[f"status_{pk}"] = django_forms.ChoiceField(
                label=f'Status of "{action.what}"',
                choices=forms.ActionStatus.choices,
                required=False,
            )
    guard_form(form, saved=saved)


def _action_update(request: HttpRequest, form: Any, actions: dict[int, Any]) -> None:
    """Change an action's status, refused (with the GOV.UK stale-edit error on the form) when
    someone else changed it after the page was opened and this user would overwrite it."""
    target = actions.get(form.cleaned_data["action_id"])
    if target is None:
        raise Http404("No action found")
    with transaction.atomic():
        lock_for_edit(target)
        if edit_conflicts(form, saved={"status": target.status}, record=target):
            return
        services.plan_action_update(
            user=_user(request),
            action=target,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
        )
    messages.success(request, "Action updated")


# --- Child overview -------------------------------------------------------------------------


def child(request: HttpRequest, child_id: int) -> HttpResponse:
    person = _child(request, child_id)
    section = person.cp_plans.child_section()
    return render(
        request,
        "child_protection/child.html",
        {
            "child": person,
            "section": section,
            "episode": _open_episode(person),
            "can_work": _can_work(request),
            "presenters": presenters,
        },
    )


def strategy_new(request: HttpRequest, child_id: int) -> HttpResponse:
    _require_work(request)
    person = _child(request, child_id)
    episode = _open_episode(person)
    form = forms.StrategyDiscussionForm(_posted(request))
    no_episode = (
        "" if episode is not None else _no_episode(person, "recording a strategy discussion")
    )
    if episode is not None and form.is_bound and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            discussion = services.strategy_discussion_record(
                user=_user(request),
                child=person,
                episode=episode,
                kind=data["kind"],
                held_on=data["held_on"],
                held_at=data.get("held_at"),
                participants=form.participants(),
                agencies_reason=data.get("agencies_reason", ""),
                information_shared=data["information_shared"],
                safety_actions=data["safety_actions"],
                decision=data["decision"],
                rationale=data["rationale"],
            )
        except ValidationError as error:
            _errors(form, error, people_field="people_social_care")
        else:
            messages.success(request, "Strategy discussion recorded")
            enquiry = getattr(discussion, "enquiry", None)
            if enquiry is not None:
                return redirect("child_protection:enquiry", person.pk, enquiry.pk)
            return redirect("child_protection:child", person.pk)
    return render(
        request,
        "child_protection/strategy_form.html",
        {"child": person, "form": form, "no_episode": no_episode},
    )


def _errors(form: Any, error: ValidationError, *, people_field: str = "") -> None:
    if hasattr(error, "error_dict") and "participants" in error.error_dict and people_field:
        for message in error.message_dict.pop("participants"):
            form.add_error(people_field, message)
        rest = {k: v for k, v in error.message_dict.items() if k != "participants"}
        if rest:
            apply_service_errors(form, ValidationError(rest))
        return
    apply_service_errors(form, error)


# --- Section 47 enquiries -------------------------------------------------------------------


def enquiry(request: HttpRequest, child_id: int, pk: int) -> HttpResponse:
    _require_work(request)
    person = _child(request, child_id)
    found = person.s47_enquiries.for_page().filter(pk=pk).first()
    if found is None:
        raise Http404("No enquiry found")
    police = forms.PoliceActionForm(_posted(request, "police"))
    outcome = forms.EnquiryOutcomeForm(_posted(request, "outcome"))
    user = _user(request)
    try:
        if police.is_bound and police.is_valid():
            services.police_action_record(user=user, enquiry=found, **police.cleaned_data)
            messages.success(request, "Police action recorded")
            return redirect("child_protection:enquiry", person.pk, pk)
        if outcome.is_bound and outcome.is_valid():
            services.enquiry_conclude(user=user, enquiry=found, **outcome.cleaned_data)
            messages.success(request, "Outcome of the enquiry recorded")
            return redirect("child_protection:enquiry", person.pk, pk)
    except ValidationError as error:
        apply_service_errors(police if police.is_bound else outcome, error)
    today = timezone.localdate()
    return render(
        request,
        "child_protection/enquiry.html",
        {
            "child": person,
            "enquiry": found,
            "flags": presenters.enquiry_flags(found, today),
            "police": police,
            "outcome": outcome,
            "form": police if police.is_bound else outcome if outcome.is_bound else None,
            "can_work": _can_work(request),
            "presenters": presenters,
            "today": today,
        },
    )


# --- Conferences ----------------------------------------------------------------------------


def conference_new(request: HttpRequest, child_id: int) -> HttpResponse:
    _require_work(request)
    person = _child(request, child_id)
    kind = request.GET.get("kind", ConferenceKind.INITIAL)
    if kind not in ConferenceKind.values:
        raise Http404("Unknown conference")
    episode = _open_episode(person)
    enquiry_obj = plan_obj = None
    if kind == ConferenceKind.INITIAL:
        enquiry_obj = person.s47_enquiries.filter(pk=request.GET.get("enquiry") or 0).first()
        if enquiry_obj is None:
            raise Http404("No enquiry found")
        episode = enquiry_obj.episode
    elif kind == ConferenceKind.REVIEW:
        plan_obj = person.cp_plans.filter(pk=request.GET.get("plan") or 0).first()
        if plan_obj is None:
            raise Http404("No plan found")
        episode = plan_obj.episode
    form = forms.ConferenceForm(_posted(request), kind=kind)
    no_episode = (
        ""
        if episode is not None
        else (f"Open a referral (CIN episode) for {person.full_name} before recording a conference")
    )
    if episode is not None and form.is_bound and form.is_valid():
        data = form.cleaned_data
        chair = User.objects.filter(pk=data["chair"], role=Role.IRO).first()
        try:
            conference = services.conference_record(
                user=_user(request),
                child=person,
                episode=episode,
                kind=kind,
                held_on=data["held_on"],
                chair=chair or _user(request),
                parents_participation=data["parents_participation"],
                child_participation=data["child_participation"],
                child_views=data["child_views"],
                reports_received=data["reports_received"],
                decision=data["decision"],
                category=data["category"],
                rationale=data["rationale"],
                attendees=form.attendees(),
                enquiry=enquiry_obj,
                plan=plan_obj,
                transferred_from=data["transferred_from"],
                contingency_plan=data["contingency_plan"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{conference.get_kind_display()} recorded")
            started = getattr(conference, "plan_started", None)
            if started is not None:
                return redirect("child_protection:cp_plan", person.pk, started.pk)
            if plan_obj is not None:
                return redirect("child_protection:cp_plan", person.pk, plan_obj.pk)
            return redirect("child_protection:child", person.pk)
    return render(
        request,
        "child_protection/conference_form.html",
        {
            "child": person,
            "form": form,
            "kind": kind,
            "kind_label": ConferenceKind(kind).label,
            "enquiry": enquiry_obj,
            "plan": plan_obj,
            "no_episode": no_episode,
        },
    )


# --- Child protection plans -----------------------------------------------------------------


def _last_visit(person: Person) -> Any:
    return (
        person.case_notes.final()
        .filter(note_type__in=list(VISIT_TYPES), child_seen=True)
        .aggregate(last=Max("contact_date"))["last"]
    )


def cp_plan(request: HttpRequest, child_id: int, pk: int) -> HttpResponse:
    _require_work(request)
    person = _child(request, child_id)
    plan = person.cp_plans.for_page().filter(pk=pk).first()
    if plan is None:
        raise Http404("No plan found")
    user = _user(request)
    members = [m for m in plan.core_group.all() if m.left_on is None]
    action_form = forms.ActionForm(_posted(request, "action"))
    # The status forms' token is checked per action on saving (`_action_update`).
    update_form = forms.ActionUpdateForm(_posted(request, "update"))
    guard_form(update_form, saved={})
    member_form = forms.MemberForm(_posted(request, "member"))
    core_form = forms.CoreGroupForm(_posted(request, "core_group"), members=members)
    saved_contingency = {"contingency_plan": plan.contingency_plan}
    contingency_form = forms.ContingencyForm(
        _posted(request, "contingency"), initial=saved_contingency
    )
    guard_form(contingency_form, saved=saved_contingency)
    end_form = forms.CPPlanEndForm(_posted(request, "end"))
    bound = next(
        (
            f
            for f in (action_form, update_form, member_form, core_form, contingency_form, end_form)
            if f.is_bound
        ),
        None,
    )
    actions = {a.pk: a for a in plan.actions.all()}
    _guard_statuses(core_form, actions)
    try:
        if bound is action_form and action_form.is_valid():
            services.plan_action_add(user=user, plan=plan, **action_form.cleaned_data)
            messages.success(request, "Action added to the plan")
        elif bound is update_form and update_form.is_valid():
            _action_update(request, update_form, actions)
        elif bound is member_form and member_form.is_valid():
            services.core_group_member_add(user=user, plan=plan, **member_form.cleaned_data)
            messages.success(request, "Added to the core group")
        elif bound is core_form and core_form.is_valid():
            updates = {
                a.pk: (request.POST.get(f"status_{a.pk}", ""), request.POST.get(f"note_{a.pk}", ""))
                for a in actions.values()
                if not a.is_closed
            }
            with transaction.atomic():
                for action in actions.values():
                    lock_for_edit(action)
                # A status left blank changes nothing, so it cannot overwrite anyone's.
                changing = [f"status_{pk}" for pk, (status, _) in updates.items() if status]
                saved = _open_statuses(actions)
                if not edit_conflicts(core_form, saved=saved, fields=changing):
                    services.core_group_record(
                        user=user,
                        plan=plan,
                        held_on=core_form.cleaned_data["held_on"],
                        attended=core_form.attended_members(),
                        others_attending=core_form.cleaned_data["others_attending"],
                        progress=core_form.cleaned_data["progress"],
                        action_updates=updates,
                    )
                    messages.success(request, "Core group recorded")
        elif bound is contingency_form and contingency_form.is_valid():
            with transaction.atomic():
                lock_for_edit(plan)
                saved = {"contingency_plan": plan.contingency_plan}
                if not edit_conflicts(contingency_form, saved=saved, record=plan):
                    services.plan_contingency_update(
                        user=user, plan=plan, **contingency_form.cleaned_data
                    )
                    messages.success(request, "Contingency plan saved")
        elif bound is end_form and end_form.is_valid():
            services.cp_plan_end(
                user=user,
                plan=plan,
                end_date=end_form.cleaned_data["end_date"],
                reason=end_form.cleaned_data["reason"],
                note=end_form.cleaned_data["note"],
            )
            messages.success(request, "Child protection plan ended")
        if bound is not None and not bound.errors:
            return redirect("child_protection:cp_plan", person.pk, pk)
    except ValidationError as error:
        if bound is not None:
            apply_service_errors(bound, error)
    today = timezone.localdate()
    return render(
        request,
        "child_protection/cp_plan.html",
        {
            "child": person,
            "plan": plan,
            "flags": presenters.cp_plan_flags(plan, today),
            "drift": presenters.cp_plan_drift(plan, today, _last_visit(person)),
            "today": today,
            "members": members,
            "action_form": action_form,
            "member_form": member_form,
            "core_form": core_form,
            "contingency_form": contingency_form,
            "end_form": end_form,
            "form": bound,
            "can_work": _can_work(request) and plan.is_open,
            "presenters": presenters,
            "status_choices": forms.ActionStatus.choices,
            "action_tokens": _action_tokens(actions),
        },
    )


# --- Child in need plans --------------------------------------------------------------------


def cin_plan_new(request: HttpRequest, child_id: int) -> HttpResponse:
    _require_work(request)
    person = _child(request, child_id)
    episode = _open_episode(person)
    form = forms.CINPlanStartForm(_posted(request))
    no_episode = "" if episode is not None else _no_episode(person, "starting a child in need plan")
    if episode is not None and form.is_bound and form.is_valid():
        try:
            plan = services.cin_plan_start(
                user=_user(request), child=person, episode=episode, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Child in need plan started")
            return redirect("child_protection:cin_plan", person.pk, plan.pk)
    return render(
        request,
        "child_protection/cin_plan_new.html",
        {"child": person, "form": form, "no_episode": no_episode},
    )


def cin_plan(request: HttpRequest, child_id: int, pk: int) -> HttpResponse:
    _require_work(request)
    person = _child(request, child_id)
    plan = person.cin_plans.for_page().filter(pk=pk).first()
    if plan is None:
        raise Http404("No plan found")
    user = _user(request)
    action_form = forms.ActionForm(_posted(request, "action"))
    # The status forms' token is checked per action on saving (`_action_update`).
    update_form = forms.ActionUpdateForm(_posted(request, "update"))
    guard_form(update_form, saved={})
    review_form = forms.CINReviewForm(_posted(request, "review"))
    end_form = forms.CINPlanEndForm(_posted(request, "end"))
    bound = next((f for f in (action_form, update_form, review_form, end_form) if f.is_bound), None)
    actions = {a.pk: a for a in plan.actions.all()}
    try:
        if bound is action_form and action_form.is_valid():
            services.plan_action_add(user=user, plan=plan, **action_form.cleaned_data)
            messages.success(request, "Action added to the plan")
        elif bound is update_form and update_form.is_valid():
            _action_update(request, update_form, actions)
        elif bound is review_form and review_form.is_valid():
            services.cin_review_record(user=user, plan=plan, **review_form.cleaned_data)
            messages.success(request, "CIN review recorded")
        elif bound is end_form and end_form.is_valid():
            services.cin_plan_end(
                user=user,
                plan=plan,
                end_date=end_form.cleaned_data["end_date"],
                reason=end_form.cleaned_data["reason"],
                note=end_form.cleaned_data["note"],
            )
            messages.success(request, "Child in need plan ended")
        if bound is not None and not bound.errors:
            return redirect("child_protection:cin_plan", person.pk, pk)
    except ValidationError as error:
        if bound is not None:
            apply_service_errors(bound, error)
    today = timezone.localdate()
    return render(
        request,
        "child_protection/cin_plan.html",
        {
            "child": person,
            "plan": plan,
            "flags": presenters.cin_plan_flags(plan, today),
            "drift": presenters.cin_plan_drift(plan, today),
            "today": today,
            "action_form": action_form,
            "review_form": review_form,
            "end_form": end_form,
            "form": bound,
            "can_work": _can_work(request) and plan.is_open,
            "status_choices": forms.ActionStatus.choices,
            "action_tokens": _action_tokens(actions),
        },
    )


# --- Pre-proceedings ------------------------------------------------------------------------


def plo_new(request: HttpRequest, child_id: int) -> HttpResponse:
    _require_work(request)
    person = _child(request, child_id)
    episode = _open_episode(person)
    form = forms.PLOStartForm(_posted(request))
    no_episode = "" if episode is not None else _no_episode(person, "recording a gateway meeting")
    if episode is not None and form.is_bound and form.is_valid():
        try:
            plo = services.plo_start(
                user=_user(request), child=person, episode=episode, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Legal gateway meeting recorded")
            return redirect("child_protection:plo", person.pk, plo.pk)
    return render(
        request,
        "child_protection/plo_new.html",
        {"child": person, "form": form, "no_episode": no_episode},
    )


def plo(request: HttpRequest, child_id: int, pk: int) -> HttpResponse:
    _require_work(request)
    person = _child(request, child_id)
    found = person.pre_proceedings.for_page().filter(pk=pk).first()
    if found is None:
        raise Http404("No pre-proceedings found")
    user = _user(request)
    letter = forms.PLOLetterForm(_posted(request, "letter"))
    meeting = forms.PLOMeetingForm(_posted(request, "meeting"))
    bound = letter if letter.is_bound else meeting if meeting.is_bound else None
    try:
        if bound is letter and letter.is_valid():
            services.plo_letter_sent(
                user=user, plo=found, sent_on=letter.cleaned_data["letter_sent_on"]
            )
            messages.success(request, "Letter before proceedings recorded")
        elif bound is meeting and meeting.is_valid():
            services.plo_meeting_record(user=user, plo=found, **meeting.cleaned_data)
            messages.success(request, "Meeting recorded")
        if bound is not None and not bound.errors:
            return redirect("child_protection:plo", person.pk, pk)
    except ValidationError as error:
        if bound is not None:
            apply_service_errors(bound, error)
    end = services.plo_end_date(found)
    return render(
        request,
        "child_protection/plo.html",
        {
            "child": person,
            "plo": found,
            "end": end,
            "overdue": found.is_open and timezone.localdate() > end,
            "letter": letter,
            "meeting": meeting,
            "form": bound,
            "can_work": _can_work(request) and found.is_open,
        },
    )


# --- Team manager reports -------------------------------------------------------------------


def reports(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user.role not in MANAGER_ROLES:
        raise Http404("Not found")
    today = timezone.localdate()
    return render(
        request,
        "child_protection/reports.html",
        {"report": selectors.manager_reports(user, today), "today": today},
    )
