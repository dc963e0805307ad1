"""CIN episode and assessment pages. Thin: scope -> form -> service -> message -> redirect.

Drafts reuse casework's expired-session recovery (hearth/casework/recovery.py): the edit page
sets the signed author cookie, the edit view is marked `handles_expired_session`, and a POST
arriving after the session expired is kept as the worker's draft before they sign in again.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from hearth.accounts.models import User
from hearth.assessments import forms, presenters, services
from hearth.assessments.models import Assessment, AssessmentStatus, CINEpisode
from hearth.casework.recovery import remember_note_author, remembered_note_author
from hearth.casework.selectors import manageable_teams
from hearth.casework.views import handles_expired_session
from hearth.core.concurrency import edit_conflicts, guard_form, lock_for_edit
from hearth.people.access import child_for
from hearth.people.models import Person
from hearth.people.selectors import family_network

SIGNIFICANT_EVENTS = 30

STALE_MESSAGE = (
    "This assessment was changed in another window or tab after you opened it, so your "
    "changes have not been saved. Your text is shown below; the saved version is on the "
    "assessment page. Check both, then save again."
)


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _add_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _episode(child: Person, episode_id: int) -> CINEpisode:
    return get_object_or_404(child.cin_episodes.all(), pk=episode_id)


def _assessment(child: Person, assessment_id: int) -> Assessment:
    return get_object_or_404(
        child.assessments.select_related("episode", "worker__team__service", "authorised_by"),
        pk=assessment_id,
    )


def _child_url(child: Person) -> str:
    return reverse("assessments:child", args=[child.pk])


# --- The child's episodes ------------------------------------------------------------------


def child_assessments(request: HttpRequest, child_id: int) -> HttpResponse:
    user = _user(request)
    child = child_for(user, child_id, summary="Viewed the child's CIN episodes and assessments")
    return render(request, "assessments/child.html", {"child": child})


@require_http_methods(["GET", "POST"])
def episode_open(request: HttpRequest, child_id: int) -> HttpResponse:
    """Record a referral that opens a CIN episode (the front door calls the service itself;
    this page is for children already open and referrals recorded after the event)."""
    user = _user(request)
    child = child_for(user, child_id, summary="Opened the record a referral page")
    form = forms.OpenEpisodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.cin_episode_open(
                user=user,
                child=child,
                referral_date=data["referral_date"],
                referral_source=data["referral_source"],
                primary_need=data["primary_need"],
                referral_nfa=data["referral_nfa"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "CIN episode opened")
            return redirect(_child_url(child))
    return render(request, "assessments/episode_open.html", {"child": child, "form": form})


@require_http_methods(["GET", "POST"])
def episode_primary_need(request: HttpRequest, child_id: int, episode_id: int) -> HttpResponse:
    user = _user(request)
    child = child_for(user, child_id, summary="Opened the primary need page")
    episode = _episode(child, episode_id)
    form = forms.PrimaryNeedForm(
        request.POST if request.method == "POST" else None,
        initial={"primary_need": episode.primary_need},
    )
    guard_form(form, saved={"primary_need": episode.primary_need})
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                lock_for_edit(episode)
                saved = {"primary_need": episode.primary_need}
                if not edit_conflicts(form, saved=saved, record=episode):
                    services.cin_episode_set_primary_need(
                        user=user, episode=episode, primary_need=form.cleaned_data["primary_need"]
                    )
                    messages.success(request, "Primary need recorded")
                    return redirect(_child_url(child))
        except ValidationError as exc:
            _add_errors(form, exc)
    context = {"child": child, "episode": episode, "form": form}
    return render(request, "assessments/episode_primary_need.html", context)


@require_http_methods(["GET", "POST"])
def episode_close(request: HttpRequest, child_id: int, episode_id: int) -> HttpResponse:
    user = _user(request)
    child = child_for(user, child_id, summary="Opened the close episode page")
    episode = _episode(child, episode_id)
    if not user.is_manager:
        raise Http404("Only managers close CIN episodes")
    if episode.closure_date is not None:
        messages.info(request, "This CIN episode is already closed")
        return redirect(_child_url(child))
    form = forms.CloseEpisodeForm(
        request.POST if request.method == "POST" else None,
        initial={"closure_date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.cin_episode_close(
                user=user,
                episode=episode,
                closure_date=data["closure_date"],
                closure_reason=data["closure_reason"],
                note=data["note"],
                step_down_reason=data["step_down_reason"],
                step_down_lead=data["step_down_lead"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "CIN episode closed")
            return redirect(_child_url(child))
    row = presenters.episode_row(
        child.cin_episodes.with_assessments().get(pk=episode.pk), timezone.localdate()
    )
    context = {"child": child, "episode": episode, "row": row, "form": form}
    return render(request, "assessments/episode_close.html", context)


# --- Assessments ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def assessment_new(request: HttpRequest, child_id: int, episode_id: int) -> HttpResponse:
    user = _user(request)
    child = child_for(user, child_id, summary="Opened the start assessment page")
    episode = _episode(child, episode_id)
    form = forms.StartAssessmentForm(
        request.POST if request.method == "POST" else None,
        initial={"start_date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_start(
                user=user,
                episode=episode,
                start_date=form.cleaned_data["start_date"],
                kind=form.cleaned_data["kind"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "Assessment started")
            return redirect("assessments:edit", child.pk, assessment.pk)
    context = {"child": child, "episode": episode, "form": form}
    return render(request, "assessments/assessment_new.html", context)


def _row(assessment: Assessment) -> presenters.AssessmentRow:
    episode = assessment.episode
    first = not episode.assessments.filter(start_date__lt=assessment.start_date).exists()
    return presenters.assessment_row(assessment, episode, first, timezone.localdate())


def assessment_detail(request: HttpRequest, child_id: int, assessment_id: int) -> HttpResponse:
    user = _user(request)
    child = child_for(user, child_id, summary="Viewed an assessment")
    assessment = _assessment(child, assessment_id)
    context = {
        "child": child,
        "assessment": assessment,
        "row": _row(assessment),
        "factors": [
            presenters.code_label("assessment_factor", f.code) for f in assessment.factors.all()
        ],
        "network": list(assessment.network_considerations.select_related("person")),
        "history": list(assessment.history_rows.select_related("created_by")),
        "outcome": presenters.code_label("assessment_outcome", assessment.outcome),
        "can_edit": assessment.is_editable and assessment.worker_id == user.pk,
        "can_decide": assessment.status == AssessmentStatus.SUBMITTED
        and services.can_authorise(user, assessment),
        "yes_no": presenters.yes_no,
        "status_tag": presenters.status_tag(assessment),
    }
    return render(request, "assessments/assessment_detail.html", context)


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _initial(assessment: Assessment) -> dict[str, Any]:
    initial: dict[str, Any] = {
        name: getattr(assessment, name) for name in services.ASSESSMENT_FIELDS
    }
    initial["support_required"] = _yes_no(assessment.support_required)
    initial["factors"] = [f.code for f in assessment.factors.all()]
    initial["version"] = assessment.version
    for row in assessment.network_considerations.all():
        initial[f"network_{row.person_id}"] = _yes_no(row.considered)
        initial[f"network_{row.person_id}_reason"] = row.reason
    return initial


def _edit_page(
    request: HttpRequest,
    child: Person,
    assessment: Assessment,
    form: forms.AssessmentForm,
    *,
    status: int = 200,
) -> HttpResponse:
    user = _user(request)
    kept_texts = list(assessment.kept_texts.filter(author=user, dismissed=False))
    context = {
        "child": child,
        "assessment": assessment,
        "form": form,
        "row": _row(assessment),
        "significant": list(child.chronology.significant()[:SIGNIFICANT_EVENTS]),
        "kept_texts": kept_texts,
        "kept": bool(request.GET.get("kept")),
        "returned": assessment.history_rows.filter(status=AssessmentStatus.RETURNED).last()
        if assessment.status == AssessmentStatus.RETURNED
        else None,
        "autosave_url": reverse("assessments:autosave", args=[child.pk, assessment.pk]),
    }
    response = render(request, "assessments/assessment_edit.html", context, status=status)
    return remember_note_author(response, user)


def _editable_or_redirect(
    request: HttpRequest, child: Person, assessment: Assessment
) -> HttpResponse | None:
    if assessment.worker_id != _user(request).pk:
        messages.info(request, f"Only {assessment.worker} can edit this assessment")
        return redirect("assessments:detail", child.pk, assessment.pk)
    if not assessment.is_editable:
        messages.info(
            request, "This assessment is with a manager or authorised, so it cannot be changed"
        )
        return redirect("assessments:detail", child.pk, assessment.pk)
    return None


def keep_draft_after_expiry(
    request: HttpRequest, child_id: int, assessment_id: int
) -> HttpResponse:
    """An assessment POST arrived after the session expired: keep the text for the worker
    named by the signed cookie, then send them to sign in (see casework/recovery.py)."""
    user = remembered_note_author(request)
    child = (
        Person.objects.children().visible_to(user).filter(pk=child_id).first()
        if user is not None
        else None
    )
    assessment = child.assessments.filter(pk=assessment_id).first() if child is not None else None
    if user is None or assessment is None or assessment.worker_id != user.pk:
        return redirect_to_login(request.get_full_path())
    form = forms.AssessmentForm(request.POST)
    form.is_valid()
    services.assessment_keep_after_expiry(
        user=user,
        assessment=assessment,
        data=form.assessment_data(),
        version=form.cleaned_data.get("version"),
    )
    messages.info(
        request,
        "Your session ended before your assessment was saved. We kept what you typed: "
        "sign in to carry on.",
    )
    return redirect_to_login(
        reverse("assessments:edit", args=[child_id, assessment_id]) + "?kept=1"
    )


@handles_expired_session
@require_http_methods(["GET", "POST"])
def assessment_edit(request: HttpRequest, child_id: int, assessment_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return keep_draft_after_expiry(request, child_id, assessment_id)
    user = _user(request)
    child = child_for(user, child_id, summary="Opened an assessment to edit")
    assessment = _assessment(child, assessment_id)
    refused = _editable_or_redirect(request, child, assessment)
    if refused is not None:
        return refused
    network = family_network(child)
    if request.method == "GET":
        form = forms.AssessmentForm(initial=_initial(assessment), network=network)
        return _edit_page(request, child, assessment, form)
    submit = "submit" in request.POST
    form = forms.AssessmentForm(request.POST, network=network)
    if not form.is_valid():
        return _edit_page(request, child, assessment, form)
    try:
        if submit:
            services.assessment_submit(
                user=user,
                assessment=assessment,
                data=form.assessment_data(),
                version=form.cleaned_data["version"],
                factors=form.factor_codes(),
                network=form.network_answers(),
                names=form.network_names(),
            )
        else:
            services.assessment_save_draft(
                user=user,
                assessment=assessment,
                data=form.assessment_data(),
                version=form.cleaned_data["version"],
                factors=form.factor_codes(),
                network=form.network_answers(),
            )
    except services.StaleAssessment as exc:
        data = request.POST.copy()
        data["version"] = str(exc.current.version)
        form = forms.AssessmentForm(data, network=network)
        form.is_valid()
        form.add_error(None, STALE_MESSAGE)
        return _edit_page(request, child, assessment, form, status=409)
    except services.AssessmentReadOnly:
        messages.info(
            request, "This assessment is with a manager or authorised, so it cannot be changed"
        )
        return redirect("assessments:detail", child.pk, assessment.pk)
    except ValidationError as exc:
        _add_errors(form, exc)
        return _edit_page(request, child, assessment, form)
    if submit:
        messages.success(request, "Assessment submitted for authorisation")
        return redirect("assessments:detail", child.pk, assessment.pk)
    messages.success(request, "Draft assessment saved")
    return redirect("assessments:edit", child.pk, assessment.pk)


@require_POST
def assessment_autosave(request: HttpRequest, child_id: int, assessment_id: int) -> JsonResponse:
    """The edit page's script saves the draft here while the session lives."""
    user = _user(request)
    child = child_for(user, child_id, audit_view=False)
    assessment = _assessment(child, assessment_id)
    form = forms.AssessmentForm(request.POST, network=family_network(child))
    form.is_valid()  # keep whatever is valid; a real save shows the errors
    codes = form.factor_codes()
    # Factors that break a rule (21 with others) wait for a real save; the text is kept now.
    keep_factors = "factors" not in form.errors and not services.factor_errors(
        codes, assessment.start_date
    )
    try:
        saved = services.assessment_save_draft(
            user=user,
            assessment=assessment,
            data=form.assessment_data(),
            version=form.cleaned_data.get("version"),
            factors=codes if keep_factors else None,
            network=form.network_answers(),
        )
    except services.StaleAssessment:
        return JsonResponse({"error": "stale", "message": STALE_MESSAGE}, status=409)
    except services.AssessmentReadOnly:
        return JsonResponse(
            {"error": "read_only", "message": "This assessment cannot be changed"}, status=409
        )
    except (ValidationError, PermissionDenied) as exc:
        return JsonResponse(
            {"error": "invalid", "message": "; ".join(getattr(exc, "messages", [str(exc)]))},
            status=400,
        )
    return JsonResponse(
        {
            "saved": True,
            "version": saved.version,
            "savedAt": timezone.localtime(saved.updated_at).strftime("%H:%M"),
        }
    )


@require_POST
def kept_text_dismiss(
    request: HttpRequest, child_id: int, assessment_id: int, kept_id: int
) -> HttpResponse:
    user = _user(request)
    child = child_for(user, child_id, audit_view=False)
    assessment = _assessment(child, assessment_id)
    assessment.kept_texts.filter(pk=kept_id, author=user).update(dismissed=True)
    return redirect("assessments:edit", child.pk, assessment.pk)


@require_http_methods(["GET", "POST"])
def assessment_decide(request: HttpRequest, child_id: int, assessment_id: int) -> HttpResponse:
    user = _user(request)
    child = child_for(user, child_id, summary="Opened an assessment to authorise")
    assessment = _assessment(child, assessment_id)
    if not services.can_authorise(user, assessment):
        raise Http404("Not an assessment you can authorise")
    if assessment.status != AssessmentStatus.SUBMITTED:
        messages.info(request, "This assessment is not awaiting authorisation")
        return redirect("assessments:detail", child.pk, assessment.pk)
    form = forms.DecisionForm(
        request.POST if request.method == "POST" else None,
        initial={"authorised_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "authorise":
                services.assessment_authorise(
                    user=user, assessment=assessment, authorised_on=data["authorised_on"]
                )
                messages.success(request, "Assessment authorised")
            else:
                services.assessment_return(user=user, assessment=assessment, reason=data["reason"])
                messages.success(request, f"Assessment returned to {assessment.worker}")
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return redirect("assessments:detail", child.pk, assessment.pk)
    context = {
        "child": child,
        "assessment": assessment,
        "row": _row(assessment),
        "form": form,
        "factors": [
            presenters.code_label("assessment_factor", f.code) for f in assessment.factors.all()
        ],
        "outcome": presenters.code_label("assessment_outcome", assessment.outcome),
    }
    return render(request, "assessments/assessment_decide.html", context)


# --- The manager's list ------------------------------------------------------------------------


def team_assessments(request: HttpRequest) -> HttpResponse:
    """Assessments awaiting the manager's authorisation, and open ones over 45 working days."""
    user = _user(request)
    teams = manageable_teams(user)
    if not teams:
        raise Http404("No team to show")
    today = timezone.localdate()
    visible = Person.objects.children().visible_to(user).values("pk")
    open_rows = list(
        Assessment.objects.open()  # scoped: filtered to children visible_to(user) below
        .for_teams([t.pk for t in teams])
        .filter(child__in=visible)
        .for_list()
        .annotate(
            later=Exists(
                # scoped: the same episode as an assessment already scoped
                Assessment.objects.filter(episode=OuterRef("episode"), authorised_on__isnull=False)
            )
        )
        .order_by("episode__referral_date", "id")
    )
    rows = [presenters.assessment_row(a, a.episode, not a.later, today) for a in open_rows]
    context = {
        "teams": teams,
        "awaiting": [r for r in rows if r.assessment.status == AssessmentStatus.SUBMITTED],
        "overdue": [r for r in rows if r.is_overdue],
        "today": today,
    }
    return render(request, "assessments/team.html", context)
