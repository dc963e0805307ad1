"""Child protection business actions. Each is one transaction that checks the rules across
rows (the census rules that are rules of practice), writes the audit entry and the child's
chronology line itself."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from hearth.accounts.models import Role, User
from hearth.casework.services import chronology_record
from hearth.child_protection.models import (
    ICPC_OUTCOME,
    PLAN_TRANSITIONS,
    POLICE_AND_SOCIAL_CARE,
    S47_DECISIONS,
    S47_TRANSITIONS,
    ActionStatus,
    Agency,
    ChildParticipation,
    CINPlan,
    CINPlanEndReason,
    CINPlanStatusChange,
    CINReview,
    CINReviewDecision,
    Conference,
    ConferenceAttendee,
    ConferenceDecision,
    ConferenceKind,
    CoreGroupMeeting,
    CoreGroupMember,
    CPPlan,
    CPPlanEndReason,
    CPPlanStatusChange,
    GatewayDecision,
    PlanAction,
    PlanActionUpdate,
    PlanStatus,
    PLOMeeting,
    PLOMeetingDecision,
    PLOMeetingKind,
    PLOOutcome,
    PoliceAction,
    PoliceActionKind,
    PreProceedings,
    PreProceedingsStatusChange,
    Section47Enquiry,
    Section47Status,
    Section47StatusChange,
    StrategyDecision,
    StrategyDiscussion,
    StrategyParticipant,
)
from hearth.core.audit import Auditor, diff, snapshot
from hearth.core.presenters import format_date
from hearth.people.models import Person
from hearth.reference import lookups

CP = "Child protection"
CIN = "Child in need"
PLO = "Pre-proceedings"


@dataclass(frozen=True)
class Participant:
    agency: str
    name: str
    role: str = ""


@dataclass(frozen=True)
class Attendee:
    name: str
    agency: str
    attendance: str


def _today() -> date:
    return timezone.localdate()


def _not_future(on: date | None, field: str, what: str) -> None:
    if on is not None and on > _today():
        raise ValidationError({field: f"{what} must be today or in the past"})


def _check_episode(child: Person, episode: Any, *, on: date, field: str) -> None:
    if episode.child_id != child.pk:
        raise ValidationError("The episode belongs to another child")
    if episode.referral_nfa:
        # 8831, 8832, 4000: no enquiries, conferences or plans on an NFA referral.
        raise ValidationError(
            "This referral was closed with no further action; open a new referral first"
        )
    if on < episode.referral_date:
        raise ValidationError(
            {
                field: "The date must be on or after the referral date, "
                f"{format_date(episode.referral_date)}"
            }
        )
    if episode.closure_date is not None and on > episode.closure_date:
        raise ValidationError(
            {
                field: "The date must be on or before the episode closed, "
                f"{format_date(episode.closure_date)}"
            }
        )


def _transition(table: dict[str, frozenset[str]], current: str, to: str, *, what: str) -> None:
    if to not in table.get(current, frozenset()):
        raise ValidationError(f"The {what} cannot move from {current or 'new'} to {to}")


def _overlaps(start: date, end: date | None, other_start: date, other_end: date | None) -> bool:
    """Half-open periods [start, end) overlap; an open end runs for ever. A period may start on
    the day another ends (as the DfE validator allows, e.g. rule 4016)."""
    return (other_end is None or start < other_end) and (end is None or other_start < end)


def _save(obj: Any) -> None:
    obj.full_clean()
    obj.save()


# --- Strategy discussions and section 47 enquiries ---------------------------------------


def strategy_discussion_record(
    *,
    user: User,
    child: Person,
    episode: Any,
    kind: str,
    held_on: date,
    held_at: time | None = None,
    participants: Sequence[Participant],
    agencies_reason: str = "",
    information_shared: str,
    safety_actions: str,
    decision: str,
    rationale: str,
) -> StrategyDiscussion:
    """Record a strategy discussion or meeting. A decision to make section 47 enquiries starts
    an enquiry on this date, unless one is already running: then this discussion is a
    follow-up and the enquiry keeps its start date (the ICPC clock is never reset)."""
    _not_future(held_on, "held_on", "The date of the strategy discussion")
    agencies = {p.agency for p in participants}
    if not participants:
        raise ValidationError({"participants": "Enter who took part in the strategy discussion"})
    if Agency.SOCIAL_CARE not in agencies:
        raise ValidationError({"participants": "Enter who took part from children's social care"})
    if agencies <= POLICE_AND_SOCIAL_CARE and not agencies_reason.strip():
        raise ValidationError(
            {
                "agencies_reason": "Only police and social care took part: enter why health, "
                "education or other agencies did not"
            }
        )
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=child.pk).first()
        _check_episode(child, episode, on=held_on, field="held_on")
        running = (
            child.s47_enquiries.select_for_update().filter(status=Section47Status.OPEN).first()
        )
        discussion = StrategyDiscussion(
            child=child,
            episode=episode,
            kind=kind,
            held_on=held_on,
            held_at=held_at,
            agencies_reason=agencies_reason.strip(),
            information_shared=information_shared,
            safety_actions=safety_actions,
            decision=decision,
            rationale=rationale,
            follow_up_of=running if running is not None and decision in S47_DECISIONS else None,
            recorded_by=user,
        )
        _save(discussion)
        for p in participants:
            row = StrategyParticipant(
                discussion=discussion, agency=p.agency, name=p.name, role=p.role
            )
            _save(row)
        auditor = Auditor(user=user)
        auditor.created(discussion, child_id=child.pk, summary="Recorded a strategy discussion")
        enquiry = None
        if discussion.starts_enquiry:
            enquiry = _enquiry_start(user=user, discussion=discussion)
        names = ", ".join(sorted(Agency(a).label for a in agencies))
        summary = f"{discussion.get_kind_display()} ({names}): {discussion.get_decision_display()}"
        if discussion.follow_up_of_id:
            summary += f" (follow-up to the enquiry started {format_date(running.start_date)})"
        chronology_record(
            child=child,
            occurred_on=held_on,
            category=CP,
            summary=summary,
            significant=enquiry is not None,
            source=discussion,
            user=user,
        )
    return discussion


def _enquiry_start(*, user: User, discussion: StrategyDiscussion) -> Section47Enquiry:
    child = discussion.child
    # 8890: enquiries never overlap; an earlier one must have concluded by this date.
    for earlier in child.s47_enquiries.select_related("initial_conference"):
        ended = earlier.outcome_date
        conference = getattr(earlier, "initial_conference", None)
        if conference is not None:
            ended = max(ended or conference.held_on, conference.held_on)
        if ended is None or ended > discussion.held_on:
            raise ValidationError(
                {
                    "held_on": "An earlier section 47 enquiry ran until "
                    f"{format_date(ended) if ended else 'now'}: a new one cannot start before that"
                }
            )
    enquiry = Section47Enquiry(
        child=child,
        episode=discussion.episode,
        strategy_discussion=discussion,
        start_date=discussion.held_on,
        joint_agreed=discussion.decision == StrategyDecision.S47_JOINT,
    )
    _save(enquiry)
    _transition(S47_TRANSITIONS, "", Section47Status.OPEN, what="enquiry")
    Section47StatusChange.objects.create(
        enquiry=enquiry,
        status=Section47Status.OPEN,
        effective_on=enquiry.start_date,
        reason=discussion.rationale,
        created_by=user,
    )
    Auditor(user=user).created(enquiry, child_id=child.pk, summary="Started a section 47 enquiry")
    return enquiry


def police_action_record(
    *,
    user: User,
    enquiry: Section47Enquiry,
    kind: str,
    action_date: date,
    description: str = "",
    social_worker_present: bool | None = None,
    no_social_worker_reason: str = "",
) -> PoliceAction:
    _not_future(action_date, "action_date", "The date of the police action")
    if action_date < enquiry.start_date:
        raise ValidationError(
            {
                "action_date": "The date must be on or after the enquiry started, "
                f"{format_date(enquiry.start_date)}"
            }
        )
    if (
        kind == PoliceActionKind.ABE_INTERVIEW
        and social_worker_present is False
        and not no_social_worker_reason.strip()
    ):
        raise ValidationError(
            {"no_social_worker_reason": "Enter why no social worker was present at the interview"}
        )
    with transaction.atomic():
        action = PoliceAction(
            enquiry=enquiry,
            kind=kind,
            action_date=action_date,
            description=description,
            social_worker_present=social_worker_present,
            no_social_worker_reason=no_social_worker_reason.strip(),
            recorded_by=user,
        )
        _save(action)
        Auditor(user=user).created(
            action, child_id=enquiry.child_id, summary="Recorded a police action"
        )
        summary = action.get_kind_display()
        if action.abe_without_social_worker:
            summary += " without a social worker present"
        elif kind == PoliceActionKind.ABE_INTERVIEW:
            summary += " with a social worker present"
        chronology_record(
            child=enquiry.child,
            occurred_on=action_date,
            category=CP,
            summary=summary,
            significant=kind == PoliceActionKind.ABE_INTERVIEW,
            source=action,
            user=user,
        )
    return action


def enquiry_conclude(
    *,
    user: User,
    enquiry: Section47Enquiry,
    outcome: str,
    outcome_date: date,
    icpc_required: bool,
    carried_out_jointly: bool | None = None,
    single_agency_reason: str = "",
    rationale: str = "",
) -> Section47Enquiry:
    """Record the outcome of the enquiry and whether an initial conference is needed."""
    _not_future(outcome_date, "outcome_date", "The date the enquiry concluded")
    if not lookups.is_valid("s47_outcome", outcome, on=outcome_date):
        raise ValidationError({"outcome": "Select the outcome of the enquiry"})
    if outcome == ICPC_OUTCOME and not icpc_required:
        raise ValidationError(
            {"icpc_required": "The outcome is an initial conference: a conference is required"}
        )
    if enquiry.joint_agreed and carried_out_jointly is None:
        raise ValidationError(
            {
                "carried_out_jointly": "Select whether the enquiry was carried out jointly "
                "with the police"
            }
        )
    with transaction.atomic():
        enquiry = Section47Enquiry.objects.select_for_update().get(pk=enquiry.pk)
        _transition(S47_TRANSITIONS, enquiry.status, Section47Status.CONCLUDED, what="enquiry")
        fields = [
            "outcome",
            "outcome_date",
            "icpc_required",
            "carried_out_jointly",
            "single_agency_reason",
            "outcome_rationale",
            "status",
        ]
        before = snapshot(enquiry, fields)
        enquiry.outcome = outcome
        enquiry.outcome_date = outcome_date
        enquiry.icpc_required = icpc_required
        enquiry.carried_out_jointly = carried_out_jointly if enquiry.joint_agreed else False
        enquiry.single_agency_reason = single_agency_reason.strip()
        enquiry.outcome_rationale = rationale
        enquiry.status = Section47Status.CONCLUDED
        _save(enquiry)
        Section47StatusChange.objects.create(
            enquiry=enquiry,
            status=Section47Status.CONCLUDED,
            effective_on=outcome_date,
            reason=rationale,
            created_by=user,
        )
        Auditor(user=user).changed(
            enquiry,
            child_id=enquiry.child_id,
            changes=diff(before, snapshot(enquiry, fields)),
            summary="Concluded a section 47 enquiry",
        )
        words = lookups.description("s47_outcome", outcome) or outcome
        summary = f"Section 47 enquiry concluded: {words}"
        if enquiry.joint_not_carried_out:
            summary += " (agreed as joint, carried out by social care alone)"
        chronology_record(
            child=enquiry.child,
            occurred_on=outcome_date,
            category=CP,
            summary=summary,
            significant=True,
            source=enquiry,
            user=user,
        )
    return enquiry


# --- Conferences and child protection plans -----------------------------------------------


def conference_record(
    *,
    user: User,
    child: Person,
    episode: Any,
    kind: str,
    held_on: date,
    chair: User,
    parents_participation: str,
    child_participation: str,
    decision: str,
    rationale: str,
    category: str = "",
    child_views: str = "",
    reports_received: str = "",
    attendees: Iterable[Attendee] = (),
    enquiry: Section47Enquiry | None = None,
    plan: CPPlan | None = None,
    transferred_from: str = "",
    contingency_plan: str = "",
) -> Conference:
    """Record an initial, transfer-in or review conference. An initial or transfer-in
    conference that decides on a plan starts it on the conference date (census 2885); a review
    either continues the plan (with the latest category) or ends it on the conference date."""
    _not_future(held_on, "held_on", "The date of the conference")
    if chair.role != Role.IRO:
        raise ValidationError({"chair": "Choose a conference chair (IRO)"})
    if category and not lookups.is_valid("abuse_category", category, on=held_on):
        raise ValidationError({"category": "Select the category of abuse"})
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=child.pk).first()
        _check_episode(child, episode, on=held_on, field="held_on")
        if kind == ConferenceKind.INITIAL:
            enquiry = _enquiry_for_conference(user, child, enquiry, held_on)
        elif kind == ConferenceKind.REVIEW:
            plan = _plan_for_review(child, plan, held_on)
        conference = Conference(
            child=child,
            episode=episode,
            kind=kind,
            enquiry=enquiry if kind == ConferenceKind.INITIAL else None,
            plan=plan if kind == ConferenceKind.REVIEW else None,
            held_on=held_on,
            chair=chair,
            parents_participation=parents_participation,
            child_participation=child_participation,
            child_views=child_views,
            reports_received=reports_received,
            decision=decision,
            category=category,
            rationale=rationale,
            transferred_from=transferred_from if kind == ConferenceKind.TRANSFER_IN else "",
            recorded_by=user,
        )
        _save(conference)
        for a in attendees:
            _save(
                ConferenceAttendee(
                    conference=conference, name=a.name, agency=a.agency, attendance=a.attendance
                )
            )
        Auditor(user=user).created(
            conference,
            child_id=child.pk,
            summary=f"Recorded a {conference.get_kind_display().lower()}",
        )
        summary = f"{conference.get_kind_display()}: {conference.get_decision_display()}"
        if category:
            summary += f" ({lookups.description('abuse_category', category) or category})"
        chronology_record(
            child=child,
            occurred_on=held_on,
            category=CP,
            summary=summary,
            significant=True,
            source=conference,
            user=user,
        )
        if decision == ConferenceDecision.PLAN:
            _cp_plan_start(user=user, conference=conference, contingency_plan=contingency_plan)
        elif decision == ConferenceDecision.CONTINUE and plan is not None:
            before = snapshot(plan, ["latest_category"])
            plan.latest_category = category
            _save(plan)
            Auditor(user=user).changed(
                plan,
                child_id=child.pk,
                changes=diff(before, snapshot(plan, ["latest_category"])),
                summary="Review conference continued the plan",
            )
        elif decision == ConferenceDecision.END and plan is not None:
            cp_plan_end(
                user=user,
                plan=plan,
                end_date=held_on,
                reason=CPPlanEndReason.REVIEW,
                note=rationale,
            )
    return conference


def conference_young_persons_words_add(
    *, user: User, conference: Conference, words: str, submitted_on: date
) -> Conference:
    """Hook for the young people's portal: the views a child sent before their conference
    land on the conference record in their own words, marked as submitted by them. A child
    recorded as not taking part (or as giving views only through the worker) has now given
    their views in writing."""
    if not words.strip():
        raise ValidationError({"words": ["There are no views to add"]})
    with transaction.atomic():
        before = snapshot(conference, ["child_views", "child_participation"])
        marker = (
            "In their own words, submitted by the young person through the portal on "
            f"{format_date(submitted_on)}:"
        )
        conference.child_views = (
            f"{conference.child_views.strip()}\n\n{marker}\n{words.strip()}".strip()
        )
        if conference.child_participation in (
            ChildParticipation.DECLINED,
            ChildParticipation.TOO_YOUNG,
            ChildParticipation.WORKER,
        ):
            conference.child_participation = ChildParticipation.WRITTEN
        _save(conference)
        Auditor(user=user).changed(
            conference,
            child_id=conference.child_id,
            changes=diff(before, snapshot(conference, ["child_views", "child_participation"])),
            summary="The young person's views from the portal added to the conference",
        )
        chronology_record(
            child=conference.child,
            occurred_on=submitted_on,
            category=CP,
            summary="The young person's own views for their conference, sent through the portal",
            source=conference,
            user=user,
        )
    return conference


def _enquiry_for_conference(
    user: User, child: Person, enquiry: Section47Enquiry | None, held_on: date
) -> Section47Enquiry:
    if enquiry is None or enquiry.child_id != child.pk:
        raise ValidationError({"enquiry": "Select the section 47 enquiry this conference follows"})
    enquiry = Section47Enquiry.objects.select_for_update().get(pk=enquiry.pk)
    if Conference.objects.filter(enquiry=enquiry).exists():
        raise ValidationError({"enquiry": "This enquiry already has an initial conference"})
    if enquiry.icpc_required is False:
        raise ValidationError({"enquiry": "This enquiry concluded that no conference was needed"})
    if held_on < enquiry.start_date:
        raise ValidationError(
            {
                "held_on": "The conference must be on or after the enquiry started, "
                f"{format_date(enquiry.start_date)}"
            }
        )
    if enquiry.is_open:
        # The conference is the enquiry's outcome when none was recorded before it.
        enquiry_conclude(
            user=user,
            enquiry=enquiry,
            outcome=ICPC_OUTCOME,
            outcome_date=held_on,
            icpc_required=True,
            carried_out_jointly=True if enquiry.joint_agreed else None,
            rationale="Concluded by the initial child protection conference",
        )
        enquiry.refresh_from_db()
    return enquiry


def _plan_for_review(child: Person, plan: CPPlan | None, held_on: date) -> CPPlan:
    if plan is None or plan.child_id != child.pk:
        raise ValidationError({"plan": "Select the child protection plan this conference reviews"})
    plan = CPPlan.objects.select_for_update().get(pk=plan.pk)
    if not plan.is_open:
        raise ValidationError({"plan": "This child protection plan has ended"})
    if held_on <= plan.start_date:
        # 8841: a review is after the plan start, never the same day.
        raise ValidationError(
            {
                "held_on": "A review conference must be after the day the plan started, "
                f"{format_date(plan.start_date)}"
            }
        )
    return plan


def _cp_plan_start(*, user: User, conference: Conference, contingency_plan: str) -> CPPlan:
    child = conference.child
    start = conference.held_on  # 2885: the plan starts on the conference date
    earlier = list(child.cp_plans.select_for_update().order_by("start_date"))
    for other in earlier:
        if other.is_open:
            raise ValidationError(  # 8935
                {
                    "decision": "The child is already on a child protection plan from "
                    f"{format_date(other.start_date)}"
                }
            )
        if _overlaps(start, None, other.start_date, other.end_date):
            raise ValidationError(  # 8940
                {
                    "held_on": f"An earlier plan ran until {format_date(other.end_date)}: "
                    "plans cannot overlap"
                }
            )
    for cin_plan in child.cin_plans.select_for_update():
        if cin_plan.start_date >= start and (
            cin_plan.end_date is None or cin_plan.end_date > start
        ):
            raise ValidationError(
                {
                    "held_on": "A child in need plan started on or after this date: "
                    "plans cannot run at the same time"
                }
            )
        if cin_plan.is_open:
            # 4001/4017: the CIN plan ends the day the CP plan starts.
            cin_plan_end(
                user=user,
                plan=cin_plan,
                end_date=start,
                reason=CINPlanEndReason.CP_PLAN,
                note="Child protection plan started at the initial conference",
            )
    ended = [p.end_date for p in earlier if p.end_date is not None]
    plan = CPPlan(
        child=child,
        episode=conference.episode,
        initial_conference=conference,
        start_date=start,
        initial_category=conference.category,
        latest_category=conference.category,
        previous_plans=len(earlier),
        previous_plan_ended_on=max(ended) if ended else None,
        contingency_plan=contingency_plan,
    )
    _save(plan)
    _transition(PLAN_TRANSITIONS, "", PlanStatus.OPEN, what="plan")
    CPPlanStatusChange.objects.create(
        plan=plan,
        status=PlanStatus.OPEN,
        effective_on=start,
        reason=conference.rationale,
        created_by=user,
    )
    Auditor(user=user).created(plan, child_id=child.pk, summary="Started a child protection plan")
    summary = "Child protection plan started"
    if plan.previous_plans:
        summary += f" (previous plans: {plan.previous_plans})"
    chronology_record(
        child=child,
        occurred_on=start,
        category=CP,
        summary=summary,
        significant=True,
        source=plan,
        user=user,
    )
    return plan


def cp_plan_end(*, user: User, plan: CPPlan, end_date: date, reason: str, note: str = "") -> CPPlan:
    """End a plan. A plan never ends on the day it started (8840)."""
    _not_future(end_date, "end_date", "The end date")
    if not reason:
        raise ValidationError({"end_reason": "Select why the plan ended"})
    with transaction.atomic():
        plan = CPPlan.objects.select_for_update().get(pk=plan.pk)
        _transition(PLAN_TRANSITIONS, plan.status, PlanStatus.ENDED, what="plan")
        if end_date <= plan.start_date:
            raise ValidationError({"end_date": "The plan must end after the day it started"})
        before = snapshot(plan, ["end_date", "end_reason", "status"])
        plan.end_date, plan.end_reason, plan.status = end_date, reason, PlanStatus.ENDED
        _save(plan)
        CPPlanStatusChange.objects.create(
            plan=plan, status=PlanStatus.ENDED, effective_on=end_date, reason=note, created_by=user
        )
        Auditor(user=user).changed(
            plan,
            child_id=plan.child_id,
            changes=diff(before, snapshot(plan, ["end_date", "end_reason", "status"])),
            summary="Ended a child protection plan",
            reason=note,
        )
        chronology_record(
            child=plan.child,
            occurred_on=end_date,
            category=CP,
            summary=f"Child protection plan ended: {plan.get_end_reason_display()}",
            significant=True,
            source=plan,
            user=user,
        )
    return plan


def plan_contingency_update(*, user: User, plan: CPPlan, contingency_plan: str) -> CPPlan:
    with transaction.atomic():
        before = snapshot(plan, ["contingency_plan"])
        plan.contingency_plan = contingency_plan
        _save(plan)
        Auditor(user=user).changed(
            plan,
            child_id=plan.child_id,
            changes=diff(before, snapshot(plan, ["contingency_plan"])),
            summary="Changed the contingency plan",
        )
    return plan


def core_group_member_add(
    *, user: User, plan: CPPlan, name: str, agency: str, role: str = "", added_on: date
) -> CoreGroupMember:
    if added_on < plan.start_date:
        raise ValidationError({"added_on": "The date must be on or after the plan started"})
    with transaction.atomic():
        member = CoreGroupMember(plan=plan, name=name, agency=agency, role=role, added_on=added_on)
        _save(member)
        Auditor(user=user).created(
            member, child_id=plan.child_id, summary="Added a core group member"
        )
        chronology_record(
            child=plan.child,
            occurred_on=added_on,
            category=CP,
            summary=f"{name} ({member.get_agency_display()}) joined the core group",
            source=member,
            user=user,
        )
    return member


def core_group_record(
    *,
    user: User,
    plan: CPPlan,
    held_on: date,
    attended: Sequence[CoreGroupMember],
    progress: str,
    others_attending: str = "",
    action_updates: dict[int, tuple[str, str]] | None = None,
) -> CoreGroupMeeting:
    """Record a core group meeting with who attended and progress on the plan's actions."""
    _not_future(held_on, "held_on", "The date of the core group")
    if held_on < plan.start_date or (plan.end_date is not None and held_on > plan.end_date):
        raise ValidationError({"held_on": "The core group must be held while the plan is open"})
    if any(m.plan_id != plan.pk for m in attended):
        raise ValidationError({"attended": "Choose members of this plan's core group"})
    with transaction.atomic():
        meeting = CoreGroupMeeting(
            plan=plan,
            held_on=held_on,
            progress=progress,
            others_attending=others_attending,
            recorded_by=user,
        )
        _save(meeting)
        meeting.attended.set(attended)
        Auditor(user=user).created(
            meeting, child_id=plan.child_id, summary="Recorded a core group meeting"
        )
        actions = {a.pk: a for a in plan.actions.all()}
        for action_id, (status, note) in (action_updates or {}).items():
            if action_id not in actions:
                raise ValidationError("Update only the actions of this plan")
            if status and (status != actions[action_id].status or note):
                plan_action_update(
                    user=user,
                    action=actions[action_id],
                    status=status,
                    note=note,
                    effective_on=held_on,
                    core_group=meeting,
                )
        chronology_record(
            child=plan.child,
            occurred_on=held_on,
            category=CP,
            summary=f"Core group meeting ({len(attended)} members attended)",
            source=meeting,
            user=user,
        )
    return meeting


def plan_action_add(
    *, user: User, plan: CPPlan | CINPlan, what: str, who: str, due_date: date
) -> PlanAction:
    if not plan.is_open:
        raise ValidationError("The plan has ended: actions cannot be added")
    if due_date < plan.start_date:
        raise ValidationError({"due_date": "The date must be on or after the plan started"})
    with transaction.atomic():
        action = PlanAction(
            cp_plan=plan if isinstance(plan, CPPlan) else None,
            cin_plan=plan if isinstance(plan, CINPlan) else None,
            child_id=plan.child_id,
            what=what,
            who=who,
            due_date=due_date,
            created_by=user,
        )
        _save(action)
        PlanActionUpdate.objects.create(
            action=action, status=action.status, effective_on=_today(), created_by=user
        )
        Auditor(user=user).created(action, child_id=plan.child_id, summary="Added a plan action")
    return action


def plan_action_update(
    *,
    user: User,
    action: PlanAction,
    status: str,
    note: str = "",
    effective_on: date | None = None,
    core_group: CoreGroupMeeting | None = None,
) -> PlanAction:
    if status not in ActionStatus.values:
        raise ValidationError({"status": "Select the status of the action"})
    on = effective_on or _today()
    _not_future(on, "effective_on", "The date")
    with transaction.atomic():
        before = snapshot(action, ["status"])
        action.status = status
        _save(action)
        PlanActionUpdate.objects.create(
            action=action,
            status=status,
            note=note,
            effective_on=on,
            core_group=core_group,
            created_by=user,
        )
        Auditor(user=user).changed(
            action,
            child_id=action.child_id,
            changes=diff(before, snapshot(action, ["status"])),
            summary="Updated a plan action",
            reason=note,
        )
    return action


# --- Child in need plans ------------------------------------------------------------------


def cin_plan_start(*, user: User, child: Person, episode: Any, start_date: date) -> CINPlan:
    """Start a CIN plan: not on an NFA referral (4000), on or after the referral (4015), one
    open at a time (4004), no overlap (4014), never during a CP plan (4001/4016)."""
    _not_future(start_date, "start_date", "The start date")
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=child.pk).first()
        _check_episode(child, episode, on=start_date, field="start_date")
        for other in child.cin_plans.all():
            if other.is_open:
                raise ValidationError(
                    {
                        "start_date": "A child in need plan is already open from "
                        f"{format_date(other.start_date)}"
                    }
                )
            if _overlaps(start_date, None, other.start_date, other.end_date):
                raise ValidationError(
                    {
                        "start_date": "An earlier child in need plan ran until "
                        f"{format_date(other.end_date)}"
                    }
                )
        for cp in child.cp_plans.all():
            if cp.start_date <= start_date and (cp.end_date is None or start_date < cp.end_date):
                raise ValidationError(
                    {
                        "start_date": "The child is on a child protection plan on this date: "
                        "a child in need plan cannot run at the same time"
                    }
                )
            if cp.start_date > start_date:
                raise ValidationError(
                    {
                        "start_date": "A child protection plan started after this date: "
                        "plans cannot run at the same time"
                    }
                )
        plan = CINPlan(child=child, episode=episode, start_date=start_date)
        _save(plan)
        CINPlanStatusChange.objects.create(
            plan=plan, status=PlanStatus.OPEN, effective_on=start_date, created_by=user
        )
        Auditor(user=user).created(plan, child_id=child.pk, summary="Started a child in need plan")
        chronology_record(
            child=child,
            occurred_on=start_date,
            category=CIN,
            summary="Child in need plan started",
            significant=True,
            source=plan,
            user=user,
        )
    return plan


def cin_plan_end(
    *, user: User, plan: CINPlan, end_date: date, reason: str, note: str = ""
) -> CINPlan:
    _not_future(end_date, "end_date", "The end date")
    if not reason:
        raise ValidationError({"end_reason": "Select why the plan ended"})
    with transaction.atomic():
        plan = CINPlan.objects.select_for_update().get(pk=plan.pk)
        _transition(PLAN_TRANSITIONS, plan.status, PlanStatus.ENDED, what="plan")
        if end_date < plan.start_date:
            raise ValidationError({"end_date": "The end date must be on or after the start date"})
        before = snapshot(plan, ["end_date", "end_reason", "status"])
        plan.end_date, plan.end_reason, plan.status = end_date, reason, PlanStatus.ENDED
        _save(plan)
        CINPlanStatusChange.objects.create(
            plan=plan, status=PlanStatus.ENDED, effective_on=end_date, reason=note, created_by=user
        )
        Auditor(user=user).changed(
            plan,
            child_id=plan.child_id,
            changes=diff(before, snapshot(plan, ["end_date", "end_reason", "status"])),
            summary="Ended a child in need plan",
            reason=note,
        )
        chronology_record(
            child=plan.child,
            occurred_on=end_date,
            category=CIN,
            summary=f"Child in need plan ended: {plan.get_end_reason_display()}",
            significant=True,
            source=plan,
            user=user,
        )
    return plan


def cin_review_record(
    *,
    user: User,
    plan: CINPlan,
    held_on: date,
    progress: str,
    decision: str,
    attendees: str = "",
    child_views: str = "",
    exit_plan: str = "",
) -> CINReview:
    """Record a CIN review. A decision to step down or close records the exit plan, which
    stops the plan being flagged as drifting."""
    _not_future(held_on, "held_on", "The date of the review")
    if not plan.is_open:
        raise ValidationError("The plan has ended")
    if held_on < plan.start_date:
        raise ValidationError({"held_on": "The review must be on or after the plan started"})
    exits = (CINReviewDecision.STEP_DOWN, CINReviewDecision.CLOSE)
    if decision in exits and not exit_plan.strip():
        raise ValidationError({"exit_plan": "Enter the step-down or closure plan"})
    with transaction.atomic():
        review = CINReview(
            plan=plan,
            held_on=held_on,
            attendees=attendees,
            child_views=child_views,
            progress=progress,
            decision=decision,
            recorded_by=user,
        )
        _save(review)
        Auditor(user=user).created(review, child_id=plan.child_id, summary="Recorded a CIN review")
        if decision in exits:
            before = snapshot(plan, ["exit_planned_on", "exit_plan"])
            plan.exit_planned_on, plan.exit_plan = held_on, exit_plan.strip()
            _save(plan)
            Auditor(user=user).changed(
                plan,
                child_id=plan.child_id,
                changes=diff(before, snapshot(plan, ["exit_planned_on", "exit_plan"])),
                summary="Agreed a step-down or closure plan",
            )
        chronology_record(
            child=plan.child,
            occurred_on=held_on,
            category=CIN,
            summary=f"Child in need review: {review.get_decision_display()}",
            source=review,
            user=user,
        )
    return review


# --- Pre-proceedings ----------------------------------------------------------------------


def plo_start(
    *,
    user: User,
    child: Person,
    episode: Any,
    gateway_date: date,
    gateway_decision: str,
    gateway_notes: str = "",
    court_application_date: date | None = None,
) -> PreProceedings:
    """Record the legal gateway meeting. Entering pre-proceedings opens the period; a decision
    to issue now or that the threshold is not met is recorded and closed at once."""
    _not_future(gateway_date, "gateway_date", "The date of the gateway meeting")
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=child.pk).first()
        _check_episode(child, episode, on=gateway_date, field="gateway_date")
        if (
            gateway_decision == GatewayDecision.PRE_PROCEEDINGS
            and child.pre_proceedings.open().exists()
        ):
            raise ValidationError({"gateway_decision": "The child is already in pre-proceedings"})
        plo = PreProceedings(
            child=child,
            episode=episode,
            gateway_date=gateway_date,
            gateway_decision=gateway_decision,
            gateway_notes=gateway_notes,
        )
        if gateway_decision == GatewayDecision.ISSUE:
            plo.outcome, plo.outcome_date = PLOOutcome.ISSUE, gateway_date
            plo.court_application_date = court_application_date
        if gateway_decision != GatewayDecision.PRE_PROCEEDINGS:
            plo.status = PlanStatus.ENDED
        _save(plo)
        PreProceedingsStatusChange.objects.create(
            pre_proceedings=plo,
            status=plo.status,
            effective_on=gateway_date,
            reason=gateway_notes,
            created_by=user,
        )
        Auditor(user=user).created(
            plo, child_id=child.pk, summary="Recorded a legal gateway meeting"
        )
        chronology_record(
            child=child,
            occurred_on=gateway_date,
            category=PLO,
            summary=f"Legal gateway meeting: {plo.get_gateway_decision_display()}",
            significant=True,
            source=plo,
            user=user,
        )
    return plo


def plo_letter_sent(*, user: User, plo: PreProceedings, sent_on: date) -> PreProceedings:
    _not_future(sent_on, "letter_sent_on", "The date the letter was sent")
    with transaction.atomic():
        before = snapshot(plo, ["letter_sent_on"])
        plo.letter_sent_on = sent_on
        _save(plo)
        Auditor(user=user).changed(
            plo,
            child_id=plo.child_id,
            changes=diff(before, snapshot(plo, ["letter_sent_on"])),
            summary="Recorded the letter before proceedings",
        )
        chronology_record(
            child=plo.child,
            occurred_on=sent_on,
            category=PLO,
            summary="Letter before proceedings sent",
            significant=True,
            source=plo,
            user=user,
        )
    return plo


def plo_meeting_record(
    *,
    user: User,
    plo: PreProceedings,
    kind: str,
    held_on: date,
    decision: str,
    parents_represented: bool = True,
    notes: str = "",
    next_review_on: date | None = None,
    court_application_date: date | None = None,
) -> PLOMeeting:
    """A pre-proceedings meeting or review. Stepping down or issuing ends the period."""
    _not_future(held_on, "held_on", "The date of the meeting")
    if not plo.is_open:
        raise ValidationError("Pre-proceedings have ended")
    if held_on < plo.gateway_date:
        raise ValidationError({"held_on": "The meeting must be on or after the gateway meeting"})
    if kind == PLOMeetingKind.INITIAL and plo.meetings.filter(kind=PLOMeetingKind.INITIAL).exists():
        raise ValidationError({"kind": "The initial meeting is already recorded"})
    if decision == PLOMeetingDecision.ISSUE and court_application_date is None:
        raise ValidationError({"court_application_date": "Enter the date of the court application"})
    with transaction.atomic():
        meeting = PLOMeeting(
            pre_proceedings=plo,
            kind=kind,
            held_on=held_on,
            decision=decision,
            parents_represented=parents_represented,
            notes=notes,
            next_review_on=next_review_on,
            recorded_by=user,
        )
        _save(meeting)
        Auditor(user=user).created(
            meeting, child_id=plo.child_id, summary="Recorded a pre-proceedings meeting"
        )
        chronology_record(
            child=plo.child,
            occurred_on=held_on,
            category=PLO,
            summary=f"{meeting.get_kind_display()}: {meeting.get_decision_display()}",
            significant=decision != PLOMeetingDecision.CONTINUE,
            source=meeting,
            user=user,
        )
        if decision in (PLOMeetingDecision.STEP_DOWN, PLOMeetingDecision.ISSUE):
            fields = ["outcome", "outcome_date", "court_application_date", "status"]
            before = snapshot(plo, fields)
            plo.outcome = (
                PLOOutcome.STEP_DOWN
                if decision == PLOMeetingDecision.STEP_DOWN
                else PLOOutcome.ISSUE
            )
            plo.outcome_date = held_on
            plo.court_application_date = court_application_date
            plo.status = PlanStatus.ENDED
            _save(plo)
            PreProceedingsStatusChange.objects.create(
                pre_proceedings=plo,
                status=PlanStatus.ENDED,
                effective_on=held_on,
                reason=notes,
                created_by=user,
            )
            Auditor(user=user).changed(
                plo,
                child_id=plo.child_id,
                changes=diff(before, snapshot(plo, fields)),
                summary="Pre-proceedings ended",
            )
    return meeting


# --- The assessments app's closure hook ---------------------------------------------------


def episode_closure_problems(episode: Any, closure_date: date | None = None) -> list[str]:
    """Why the episode cannot close yet (appended to assessments' CLOSURE_CHECKS): an enquiry
    with no outcome or waiting for its conference (8868), a child protection or child in need
    plan or pre-proceedings still open, or activity after the closure date (8565)."""
    problems = []
    for enquiry in Section47Enquiry.objects.filter(episode=episode).filter(
        Q(status=Section47Status.OPEN) | Q(icpc_required=True, initial_conference__isnull=True)
    ):
        problems.append(
            f"Conclude the section 47 enquiry started on {format_date(enquiry.start_date)} "
            "before closing the episode"
        )
    for plan in CPPlan.objects.filter(episode=episode, end_date__isnull=True):
        problems.append(
            f"End the child protection plan started on {format_date(plan.start_date)} "
            "before closing the episode"
        )
    for cin_plan in CINPlan.objects.filter(episode=episode, end_date__isnull=True):
        problems.append(
            f"End the child in need plan started on {format_date(cin_plan.start_date)} "
            "before closing the episode"
        )
    if PreProceedings.objects.filter(episode=episode, status=PlanStatus.OPEN).exists():
        problems.append("Record the outcome of pre-proceedings before closing the episode")
    if closure_date is not None:
        later = [
            StrategyDiscussion.objects.filter(episode=episode, held_on__gt=closure_date),
            Conference.objects.filter(episode=episode, held_on__gt=closure_date),
            CPPlan.objects.filter(episode=episode, end_date__gt=closure_date),
            CINPlan.objects.filter(episode=episode, end_date__gt=closure_date),
        ]
        if any(qs.exists() for qs in later):
            problems.append(
                "The closure date must be on or after the last child protection or child in "
                "need activity in the episode"
            )
    return problems


def plo_end_date(plo: PreProceedings) -> date:
    """When the pre-proceedings period should end (settings PLO_WEEKS after the gateway)."""
    from hearth.child_protection.rules import PLO_RULE

    return PLO_RULE.due_from(plo.gateway_date)
