"""Early help business actions: start and end an episode, the team around the family."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from hearth.accounts.models import User
from hearth.casework.services import chronology_record
from hearth.core.audit import Auditor, diff, snapshot
from hearth.early_help.models import (
    EarlyHelpEpisode,
    EarlyHelpService,
    Meeting,
    PlanAction,
    TeamAroundFamilyMember,
)
from hearth.people.models import Person

CHRONOLOGY_CATEGORY = "early_help"


def service_gap_warning(child: Person, on: date, services: Any = None) -> str:
    """A warning when the directory has no service for the child's age (step-down check)."""
    from hearth.core.presenters import age_in_years

    if child.date_of_birth is None:
        return ""
    age = age_in_years(child.date_of_birth, on)
    disabled = child.disabilities.exclude(code="NONE").exists()  # NONE: recorded as not disabled
    query = services if services is not None else EarlyHelpService.objects.all()
    if not query.for_age(age, disabled=disabled).exists():
        return f"The early help directory has no service for a child aged {age}"
    return ""


def episode_start(
    *,
    user: User,
    child: Person,
    start_date: date,
    reason: str,
    service: EarlyHelpService | None = None,
    lead_practitioner: User | None = None,
    lead_practitioner_name: str = "",
    lead_organisation: str = "",
    stepped_down_from: Any = None,
) -> EarlyHelpEpisode:
    with transaction.atomic():
        if EarlyHelpEpisode.objects.filter(child=child, end_date__isnull=True).exists():
            raise ValidationError(f"{child.full_name} already has an open early help episode")
        episode = EarlyHelpEpisode(
            child=child,
            start_date=start_date,
            reason=reason,
            service=service,
            lead_practitioner=lead_practitioner,
            lead_practitioner_name=lead_practitioner_name,
            lead_organisation=lead_organisation or (service.organisation if service else ""),
            stepped_down_from=stepped_down_from,
            created_by=user,
        )
        episode.full_clean()
        episode.save()
        Auditor(user=user).created(episode, child_id=child.pk, summary="Early help started")
        where = f" with {service.name}" if service else ""
        how = " (step-down from the front door)" if stepped_down_from is not None else ""
        chronology_record(
            child=child,
            occurred_on=start_date,
            category=CHRONOLOGY_CATEGORY,
            summary=f"Early help started{where}{how}",
            source=episode,
            user=user,
        )
    return episode


def episode_update(*, user: User, episode: EarlyHelpEpisode, **values: Any) -> EarlyHelpEpisode:
    """Record assessment dates, views and the lead practitioner on an open episode."""
    allowed = {
        "assessment_started_on",
        "assessment_completed_on",
        "assessment_organisation",
        "family_views",
        "child_views",
        "lead_practitioner_name",
        "lead_organisation",
    }
    unknown = set(values) - allowed
    if unknown:
        raise ValueError(f"Cannot change {', '.join(sorted(unknown))} here")
    with transaction.atomic():
        before = snapshot(episode, sorted(values))
        for name, value in values.items():
            setattr(episode, name, value)
        try:
            episode.full_clean()
        except ValidationError:
            episode.refresh_from_db(fields=sorted(values))
            raise
        episode.save()
        Auditor(user=user).changed(
            episode,
            child_id=episode.child_id,
            changes=diff(before, snapshot(episode, sorted(values))),
            summary="Early help episode updated",
        )
    return episode


def episode_end(
    *, user: User, episode: EarlyHelpEpisode, end_date: date, end_reason: str
) -> EarlyHelpEpisode:
    with transaction.atomic():
        if not episode.is_open:
            raise ValidationError("This early help episode has already ended")
        before = snapshot(episode, ["end_date", "end_reason"])
        episode.end_date = end_date
        episode.end_reason = end_reason
        try:
            episode.full_clean()
        except ValidationError:
            episode.end_date, episode.end_reason = None, ""
            raise
        episode.save()
        Auditor(user=user).changed(
            episode,
            child_id=episode.child_id,
            changes=diff(before, snapshot(episode, ["end_date", "end_reason"])),
            summary="Early help ended",
        )
        chronology_record(
            child=episode.child,
            occurred_on=end_date,
            category=CHRONOLOGY_CATEGORY,
            summary=f"Early help ended: {episode.get_end_reason_display().lower()}",
            source=episode,
            user=user,
        )
    return episode


def episode_step_up(
    *, user: User, episode: EarlyHelpEpisode, concern: str, rag: str = "amber"
) -> Any:
    """Early help is not enough: raise a contact with the front door (source 5D, LA early help)
    and end the episode as stepped up, linked both ways."""
    from django.utils import timezone

    from hearth.front_door import services as front_door
    from hearth.front_door.rules import ContactRoute

    with transaction.atomic():
        contact = front_door.contact_create(
            user=user,
            route=ContactRoute.STEP_UP,
            received_at=timezone.now(),
            referral_source="5D",
            concern=concern,
            referrer_name=user.get_full_name() or user.username,
            referrer_agency=episode.lead_organisation or "Early help",
            referrer_role="Early help lead practitioner",
            rag=rag,
        )
        front_door.contact_link_person(user=user, contact=contact, person=episode.child)
        episode.stepped_up_to = contact
        episode.save(update_fields=["stepped_up_to", "updated_at"])
        episode_end(user=user, episode=episode, end_date=timezone.localdate(), end_reason="step_up")
    return contact


def team_member_add(
    *, user: User, episode: EarlyHelpEpisode, name: str, agency: str, role: str = ""
) -> TeamAroundFamilyMember:
    with transaction.atomic():
        member = TeamAroundFamilyMember(episode=episode, name=name, agency=agency, role=role)
        member.full_clean()
        member.save()
        Auditor(user=user).created(
            member, child_id=episode.child_id, summary="Added to the team around the family"
        )
    return member


def _refuse_if_closed(episode: EarlyHelpEpisode) -> None:
    if not episode.is_open:
        raise ValidationError("This early help episode has ended")


def plan_action_add(
    *, user: User, episode: EarlyHelpEpisode, what: str, who: str, due_on: date
) -> PlanAction:
    with transaction.atomic():
        _refuse_if_closed(episode)
        if due_on < episode.start_date:
            raise ValidationError({"due_on": "The date must be on or after early help started"})
        action = PlanAction(episode=episode, what=what, who=who, due_on=due_on)
        action.full_clean()
        action.save()
        Auditor(user=user).created(action, child_id=episode.child_id, summary="Plan action added")
    return action


def plan_action_complete(*, user: User, action: PlanAction, done_on: date) -> PlanAction:
    with transaction.atomic():
        if action.done_on is not None:
            raise ValidationError("This action is already done")
        before = snapshot(action, ["done_on"])
        action.done_on = done_on
        action.full_clean()
        action.save(update_fields=["done_on"])
        Auditor(user=user).changed(
            action,
            child_id=action.episode.child_id,
            changes=diff(before, snapshot(action, ["done_on"])),
            summary="Plan action done",
        )
    return action


def meeting_record(
    *,
    user: User,
    episode: EarlyHelpEpisode,
    kind: str,
    held_on: date,
    notes: str,
    attendees: str = "",
) -> Meeting:
    with transaction.atomic():
        _refuse_if_closed(episode)
        if held_on < episode.start_date:
            raise ValidationError({"held_on": "The date must be on or after early help started"})
        meeting = Meeting(
            episode=episode,
            kind=kind,
            held_on=held_on,
            notes=notes,
            attendees=attendees,
            recorded_by=user,
        )
        meeting.full_clean()
        meeting.save()
        Auditor(user=user).created(
            meeting, child_id=episode.child_id, summary=f"{meeting.get_kind_display()} recorded"
        )
        chronology_record(
            child=episode.child,
            occurred_on=held_on,
            category=CHRONOLOGY_CATEGORY,
            summary=f"Early help: {meeting.get_kind_display().lower()}",
            source=meeting,
            user=user,
        )
    return meeting
