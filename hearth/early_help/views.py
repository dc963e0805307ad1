"""Early help pages: current episodes with the age report, an episode, the service directory."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from hearth.accounts.models import Role, User
from hearth.core.audit import Auditor
from hearth.core.concurrency import edit_conflicts, guard_form, lock_for_edit
from hearth.early_help import forms, presenters, services
from hearth.early_help.models import EarlyHelpEpisode, EarlyHelpService
from hearth.front_door.forms import apply_service_errors

WORKING_ROLES = frozenset(
    {
        Role.EARLY_HELP_PRACTITIONER,
        Role.SOCIAL_WORKER,
        Role.TEAM_MANAGER,
        Role.SERVICE_MANAGER,
        Role.MASH_PRACTITIONER,
    }
)


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _episode_for(request: HttpRequest, pk: int, *, audit: bool = True) -> EarlyHelpEpisode:
    user = _user(request)
    episode = (
        EarlyHelpEpisode.objects.visible_to(user)
        .for_list()
        .prefetch_related("team_around_family", "actions", "meetings__recorded_by")
        .filter(pk=pk)
        .first()
    )
    if episode is None:
        Auditor(user=user).denied(object_type="early_help.earlyhelpepisode", object_id=pk)
        raise Http404("No early help episode found")
    if audit:
        Auditor(user=user).viewed(
            episode, child_id=episode.child_id, summary="Viewed an early help episode"
        )
    return episode


def episodes(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user.role == Role.PARTNER_REFERRER:
        raise Http404("Not found")
    current = list(EarlyHelpEpisode.objects.visible_to(user).current().for_list())
    today = timezone.localdate()
    report = presenters.age_report(current, today)
    return render(
        request,
        "early_help/episodes.html",
        {
            "episodes": current,
            "report": report,
            "over_five": presenters.over_five_share(report),
            "age_band": lambda e: presenters.age_band(e.child.date_of_birth, today),
        },
    )


def _episode_values(episode: EarlyHelpEpisode) -> dict[str, Any]:
    """What the update form shows, as saved (also what its edit token fingerprints)."""
    return {name: getattr(episode, name) for name in forms.EpisodeUpdateForm.base_fields}


def episode_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    episode = _episode_for(request, pk, audit=request.method == "GET")
    can_work = user.role in WORKING_ROLES and episode.is_open
    action = request.POST.get("action") if request.method == "POST" else None
    if action and not can_work:
        raise Http404("Not found")
    saved = _episode_values(episode)
    update = forms.EpisodeUpdateForm(request.POST if action == "update" else None, initial=saved)
    guard_form(update, saved=saved)
    member = forms.TeamMemberForm(request.POST if action == "member" else None)
    end = forms.EndForm(request.POST if action == "end" else None)
    plan = forms.PlanActionForm(request.POST if action == "action" else None)
    meeting = forms.MeetingForm(request.POST if action == "meeting" else None)
    bound = {"update": update, "member": member, "end": end, "action": plan, "meeting": meeting}
    try:
        if action == "action" and plan.is_valid():
            services.plan_action_add(user=user, episode=episode, **plan.cleaned_data)
            messages.success(request, "Action added to the plan")
            return redirect("early_help:episode_detail", pk)
        if action == "done":
            chosen = next(
                (a for a in episode.actions.all() if str(a.pk) == request.POST.get("action_id")),
                None,
            )
            if chosen is None:
                raise ValidationError("Select the action that is done")
            services.plan_action_complete(user=user, action=chosen, done_on=timezone.localdate())
            messages.success(request, "Action marked as done")
            return redirect("early_help:episode_detail", pk)
        if action == "meeting" and meeting.is_valid():
            services.meeting_record(user=user, episode=episode, **meeting.cleaned_data)
            messages.success(request, "Meeting recorded")
            return redirect("early_help:episode_detail", pk)
        if action == "update" and update.is_valid():
            with transaction.atomic():
                lock_for_edit(episode)
                if not edit_conflicts(update, saved=_episode_values(episode), record=episode):
                    services.episode_update(user=user, episode=episode, **update.cleaned_data)
                    messages.success(request, "Early help episode updated")
                    return redirect("early_help:episode_detail", pk)
        if action == "member" and member.is_valid():
            services.team_member_add(user=user, episode=episode, **member.cleaned_data)
            messages.success(request, "Added to the team around the family")
            return redirect("early_help:episode_detail", pk)
        if action == "end" and end.is_valid():
            services.episode_end(user=user, episode=episode, **end.cleaned_data)
            messages.success(request, "Early help ended")
            return redirect("early_help:episode_detail", pk)
    except ValidationError as error:
        target = bound.get(action or "")
        if target is None:
            for message in error.messages:
                messages.error(request, message)
            return redirect("early_help:episode_detail", pk)
        apply_service_errors(target, error)
    return render(
        request,
        "early_help/episode_detail.html",
        {
            "episode": episode,
            "can_work": can_work,
            "update": update,
            "member": member,
            "end": end,
            "plan": plan,
            "meeting": meeting,
            "form": bound.get(action or ""),
        },
    )


def episode_step_up(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    episode = _episode_for(request, pk, audit=request.method == "GET")
    if user.role not in WORKING_ROLES or not episode.is_open:
        raise Http404("Not found")
    form = forms.StepUpForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        contact = services.episode_step_up(user=user, episode=episode, **form.cleaned_data)
        messages.success(request, f"Stepped up to the front door as contact {contact.reference}")
        return redirect("early_help:episode_detail", pk)
    return render(request, "early_help/step_up.html", {"episode": episode, "form": form})


def directory(request: HttpRequest) -> HttpResponse:
    services_list = EarlyHelpService.objects.filter(active=True)  # scoped: no case data
    return render(request, "early_help/directory.html", {"services": services_list})
