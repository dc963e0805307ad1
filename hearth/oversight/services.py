"""Writes for supervision, management oversight, the workforce and case audits. Each service
checks its rules, saves inside one transaction, and writes the audit trail and (for anything
on a child's record) the chronology line itself."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from hearth.accounts.models import User
from hearth.casework.models import Allocation
from hearth.casework.services import chronology_record
from hearth.core.audit import Auditor, diff, snapshot
from hearth.oversight.models import (
    Attendance,
    AuditAction,
    AuditAnswer,
    AuditProgramme,
    AuditStatus,
    AuditTemplate,
    CaseAudit,
    CaseloadSnapshot,
    Grade,
    ImprovementAction,
    ImprovementActionStatus,
    ImprovementArea,
    ImprovementProgress,
    ImprovementRating,
    LeadershipEngagement,
    OversightAction,
    OversightEntry,
    OversightOccasion,
    SampleKind,
    StaffRecord,
    SupervisionAction,
    SupervisionAgreement,
    SupervisionSession,
    TargetCriterion,
)
from hearth.people.models import Person


@dataclass(frozen=True)
class ActionInput:
    description: str
    owner: User
    due_on: date


def _save(obj: Any) -> None:
    obj.full_clean()
    obj.save()


# --- Access --------------------------------------------------------------------------------


def can_manage_supervision(user: User, worker: User) -> bool:
    """The worker's supervisor, or a manager of the worker's team."""
    if user.pk == worker.pk:
        return False
    agreement = SupervisionAgreement.objects.filter(worker=worker).first()
    if agreement is not None and agreement.supervisor_id == user.pk:
        return True
    return bool(user.is_manager and worker.team_id in user.managed_team_ids())


def can_record_oversight(user: User, child: Person, today: date | None = None) -> bool:
    """Managers of the team holding the child (or a service manager over it)."""
    if not user.is_manager:
        return False
    today = today or timezone.localdate()
    managed = set(user.managed_team_ids())
    return Allocation.objects.current(today).filter(child=child, team_id__in=managed).exists()


# --- Management oversight ------------------------------------------------------------------


def oversight_record(
    *,
    user: User,
    child: Person,
    occasion: str,
    occurred_on: date,
    direction: str,
    reasons: str = "",
    actions: Sequence[ActionInput] = (),
    no_new_actions: bool = False,
    no_actions_reason: str = "",
    session: SupervisionSession | None = None,
    source: Any = None,
    source_ref: str = "",
) -> OversightEntry:
    """Record management oversight on a child's record: a direction and at least one action
    with a date, or "no new actions" with a reason. Adds a chronology line.

    Pathway services call this at their key points (allocation, assessment authorisation,
    plan changes, step-down, closure) with `source` set to the record that prompted it, or
    `source_ref` ("label:id") for a key point from `oversight.keypoints`."""
    errors: dict[str, str] = {}
    if occasion not in OversightOccasion.values:
        errors["occasion"] = "Select when this oversight was given"
    if occurred_on > timezone.localdate():
        errors["occurred_on"] = "Date of oversight must be today or in the past"
    if actions and no_new_actions:
        errors["no_new_actions"] = "Either add an action or say there are no new actions"
    if not actions and not no_new_actions:
        errors["actions"] = "Add at least one action with a date, or select no new actions"
    for action in actions:
        if not action.description.strip():
            errors["actions"] = "Enter what needs to be done"
        if action.due_on is None:
            errors["actions"] = "Enter the date each action is due"
    if errors:
        raise ValidationError(errors)
    if source is not None:
        source_type, source_id = source._meta.label_lower, str(source.pk)
    else:
        source_type, _, source_id = source_ref.rpartition(":")
    with transaction.atomic():
        entry = OversightEntry(
            child=child,
            occasion=occasion,
            occurred_on=occurred_on,
            direction=direction,
            reasons=reasons,
            no_new_actions=no_new_actions,
            no_actions_reason=no_actions_reason if no_new_actions else "",
            session=session,
            source_type=source_type,
            source_id=source_id,
            recorded_by=user,
        )
        _save(entry)
        for action in actions:
            _save(
                OversightAction(
                    entry=entry,
                    child=child,
                    description=action.description.strip(),
                    owner=action.owner,
                    due_on=action.due_on,
                )
            )
        summary = f"Management oversight ({entry.get_occasion_display().lower()}): "
        summary += direction.strip().splitlines()[0] if direction.strip() else ""
        chronology_record(
            child=child,
            occurred_on=occurred_on,
            category="management_oversight",
            summary=summary,
            source=entry,
            user=user,
        )
        Auditor(user=user).created(
            entry, child_id=child.pk, summary="Recorded management oversight"
        )
    return entry


def oversight_action_complete(
    *, user: User, action: OversightAction, completed_on: date
) -> OversightAction:
    if completed_on > timezone.localdate():
        raise ValidationError({"completed_on": "Date completed must be today or in the past"})
    with transaction.atomic():
        before = snapshot(action, ["completed_on"])
        action.completed_on = completed_on
        _save(action)
        Auditor(user=user).changed(
            action,
            child_id=action.child_id,
            changes=diff(before, snapshot(action, ["completed_on"])),
            summary="Completed an oversight action",
        )
    return action


# --- Supervision ---------------------------------------------------------------------------


def supervision_agreement_set(
    *, user: User, worker: User, supervisor: User, frequency: str, start_date: date
) -> SupervisionAgreement:
    """Create or change the worker's supervision agreement."""
    if not can_manage_supervision(user, worker) and user.pk != supervisor.pk:
        raise PermissionDenied("Only the worker's manager can set their supervision")
    with transaction.atomic():
        agreement = SupervisionAgreement.objects.select_for_update().filter(worker=worker).first()
        fields = ["supervisor_id", "frequency", "start_date"]
        before = snapshot(agreement, fields) if agreement else {}
        if agreement is None:
            agreement = SupervisionAgreement(worker=worker, created_by=user)
        agreement.supervisor = supervisor
        agreement.frequency = frequency
        agreement.start_date = start_date
        _save(agreement)
        auditor = Auditor(user=user)
        if before:
            auditor.changed(
                agreement, child_id=None, changes=diff(before, snapshot(agreement, fields))
            )
        else:
            auditor.created(
                agreement, child_id=None, summary=f"Set the supervision agreement for {worker}"
            )
    return agreement


@dataclass(frozen=True)
class CaseDiscussionInput:
    child: Person
    direction: str
    reasons: str = ""
    actions: Sequence[ActionInput] = ()
    no_new_actions: bool = False
    no_actions_reason: str = ""


def supervision_record(
    *,
    user: User,
    worker: User,
    held_on: date,
    attendance: str,
    reflective: dict[str, str] | None = None,
    actions: Sequence[ActionInput] = (),
    case_discussions: Sequence[CaseDiscussionInput] = (),
) -> SupervisionSession:
    """Record a supervision session. Each case discussion becomes a management oversight
    entry on the child's record (with its chronology line); the reflective discussion stays
    on the supervision record only."""
    agreement = SupervisionAgreement.objects.filter(worker=worker).first()
    if agreement is None:
        raise ValidationError("Set up a supervision agreement for this worker first")
    if not can_manage_supervision(user, worker):
        raise PermissionDenied("Only the worker's supervisor or manager records supervision")
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": "Date of supervision must be today or in the past"})
    if attendance != Attendance.HELD and case_discussions:
        raise ValidationError("Case discussions can only be recorded for a supervision held")
    allowed = set(
        Allocation.objects.current(held_on)
        .filter(worker=worker, child_id__in=[d.child.pk for d in case_discussions])
        .values_list("child_id", flat=True)
    )
    for discussion in case_discussions:
        if discussion.child.pk not in allowed:
            raise ValidationError("Case discussions are about children allocated to the worker")
    with transaction.atomic():
        session = SupervisionSession(
            worker=worker,
            supervisor=agreement.supervisor,
            held_on=held_on,
            attendance=attendance,
            recorded_by=user,
            **(reflective or {}),
        )
        _save(session)
        for action in actions:
            _save(
                SupervisionAction(
                    session=session,
                    description=action.description.strip(),
                    owner=action.owner,
                    due_on=action.due_on,
                )
            )
        for discussion in case_discussions:
            oversight_record(
                user=user,
                child=discussion.child,
                occasion=OversightOccasion.SUPERVISION,
                occurred_on=held_on,
                direction=discussion.direction,
                reasons=discussion.reasons,
                actions=discussion.actions,
                no_new_actions=discussion.no_new_actions,
                no_actions_reason=discussion.no_actions_reason,
                session=session,
            )
        Auditor(user=user).created(
            session, child_id=None, summary=f"Recorded supervision of {worker}"
        )
    return session


def supervision_action_complete(
    *, user: User, action: SupervisionAction, completed_on: date
) -> SupervisionAction:
    if completed_on > timezone.localdate():
        raise ValidationError({"completed_on": "Date completed must be today or in the past"})
    with transaction.atomic():
        before = snapshot(action, ["completed_on"])
        action.completed_on = completed_on
        _save(action)
        Auditor(user=user).changed(
            action, child_id=None, changes=diff(before, snapshot(action, ["completed_on"]))
        )
    return action


# --- Workforce -----------------------------------------------------------------------------


def staff_record_start(
    *,
    user: User,
    staff: User,
    contract: str,
    start_date: date,
    fte: Any = 1,
) -> StaffRecord:
    with transaction.atomic():
        record = StaffRecord(
            user=staff,
            team=staff.team,
            role=staff.role,
            qualified_on=staff.qualified_on,
            fte=fte,
            contract=contract,
            start_date=start_date,
        )
        _save(record)
        Auditor(user=user).created(
            record, child_id=None, summary=f"Started the staff record of {staff}"
        )
    return record


def staff_record_leave(
    *, user: User, record: StaffRecord, leaving_date: date, reason: str
) -> StaffRecord:
    with transaction.atomic():
        before = snapshot(record, ["leaving_date", "leaving_reason"])
        record.leaving_date = leaving_date
        record.leaving_reason = reason
        _save(record)
        Auditor(user=user).changed(
            record,
            child_id=None,
            changes=diff(before, snapshot(record, ["leaving_date", "leaving_reason"])),
        )
    return record


def caseloads_snapshot(*, month: date, system_job: str = "snapshot-caseloads") -> int:
    """Write each worker's caseload for the month (first day); rerunning replaces it."""
    from hearth.accounts.models import Team
    from hearth.oversight.selectors import team_caseloads

    month = month.replace(day=1)
    loads = team_caseloads(list(Team.objects.values_list("pk", flat=True)), month)
    with transaction.atomic():
        CaseloadSnapshot.objects.filter(month=month).delete()
        rows = [
            CaseloadSnapshot(
                month=month,
                worker_id=w.worker_id,
                team_id=w.team_id,
                children=w.children,
                weighted=w.weighted,
                fte=w.fte,
                **{
                    k: w.counts.get(k, 0)
                    for k in ("cin", "cp", "cla", "care_leaver", "assessment", "other")
                },
            )
            for team in loads
            for w in team.workers
        ]
        # A worker holding cases in two teams is recorded under the team with more.
        best: dict[int, CaseloadSnapshot] = {}
        for row in rows:
            if row.worker_id not in best or row.children > best[row.worker_id].children:
                best[row.worker_id] = row
        CaseloadSnapshot.objects.bulk_create(best.values())
        Auditor(system_job=system_job).record(
            "create",
            object_type="oversight.caseloadsnapshot",
            summary=f"Caseload snapshot for {month:%B %Y}: {len(best)} workers",
        )
    return len(best)


# --- Case audit ----------------------------------------------------------------------------


def _sample_candidates(programme: AuditProgramme, today: date) -> list[tuple[int, int, int | None]]:
    """(child, team, worker) for children allocated within the programme's service."""
    current = (
        Allocation.objects.current(today)
        .filter(team__service=programme.service)
        .order_by("child_id")
        .values_list("child_id", "team_id", "worker_id")
    )
    rows = list(dict(((c, (c, t, w)) for c, t, w in current)).values())
    if programme.kind == SampleKind.RANDOM:
        return rows
    ids = [r[0] for r in rows]
    wanted: set[int] = set()
    if programme.criterion == TargetCriterion.CP_OVER_18_MONTHS:
        from django.apps import apps

        from hearth.timescales.rules import add_months

        plan = apps.get_model("child_protection", "CPPlan")
        wanted = set(
            plan.objects.filter(
                child_id__in=ids, end_date__isnull=True, start_date__lte=add_months(today, -18)
            ).values_list("child_id", flat=True)
        )
    elif programme.criterion == TargetCriterion.NO_RECENT_OVERSIGHT:
        from hearth.oversight.selectors import oversight_status

        wanted = {s.child_id for s in oversight_status(ids, today) if s.is_overdue(today)}
    elif programme.criterion == TargetCriterion.REPEAT_CP:
        from django.apps import apps
        from django.db.models import Count

        plan = apps.get_model("child_protection", "CPPlan")
        wanted = set(
            plan.objects.filter(child_id__in=ids)
            .values("child_id")
            .annotate(n=Count("id"))
            .filter(n__gt=1)
            .values_list("child_id", flat=True)
        )
    return [r for r in rows if r[0] in wanted]


def audit_programme_create(
    *,
    user: User,
    name: str,
    month: date,
    template: AuditTemplate,
    service: Any,
    kind: str,
    criterion: str = "",
    sample_size: int,
    auditors: Sequence[User],
    seed: int | None = None,
    today: date | None = None,
) -> AuditProgramme:
    """Create a month's audit programme, draw its sample and assign the audits to auditors
    in turn (never to the child's own worker)."""
    if not auditors:
        raise ValidationError({"auditors": "Select at least one auditor"})
    today = today or timezone.localdate()
    with transaction.atomic():
        programme = AuditProgramme(
            name=name,
            month=month.replace(day=1),
            template=template,
            service=service,
            kind=kind,
            criterion=criterion if kind == SampleKind.TARGETED else "",
            sample_size=sample_size,
            created_by=user,
        )
        _save(programme)
        candidates = _sample_candidates(programme, today)
        rng = random.Random(seed if seed is not None else f"{programme.pk}:{programme.month}")
        chosen = rng.sample(candidates, min(sample_size, len(candidates)))
        for index, (child_id, team_id, worker_id) in enumerate(chosen):
            pool = [a for a in auditors if a.pk != worker_id] or list(auditors)
            auditor = pool[index % len(pool)]
            _save(
                CaseAudit(
                    programme=programme,
                    template=template,
                    child_id=child_id,
                    team_id=team_id,
                    practitioner_id=worker_id,
                    auditor=auditor,
                )
            )
        Auditor(user=user).created(
            programme, child_id=None, summary=f"Created audit programme {name}: {len(chosen)} cases"
        )
    return programme


def case_audit_complete(
    *,
    user: User,
    audit: CaseAudit,
    answers: dict[int, tuple[str, str]],
    overall_grade: str,
    summary: str,
    actions: Sequence[ActionInput] = (),
    completed_on: date,
) -> CaseAudit:
    """The auditor grades every question with evidence, gives the overall grade and the
    actions for the case."""
    if audit.auditor_id != user.pk:
        raise PermissionDenied("Only the assigned auditor completes the audit")
    if audit.status != AuditStatus.ASSIGNED:
        raise ValidationError("This audit has already been completed")
    questions = list(audit.template.questions.all())
    errors: dict[str, str] = {}
    for question in questions:
        grade, evidence = answers.get(question.pk, ("", ""))
        if grade not in Grade.values:
            errors[f"grade_{question.pk}"] = "Select a grade"
        if not evidence.strip():
            errors[f"evidence_{question.pk}"] = "Enter the evidence for the grade"
    if overall_grade not in Grade.values:
        errors["overall_grade"] = "Select the overall grade"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for question in questions:
            grade, evidence = answers[question.pk]
            _save(AuditAnswer(audit=audit, question=question, grade=grade, evidence=evidence))
        for action in actions:
            _save(
                AuditAction(
                    audit=audit,
                    description=action.description,
                    owner=action.owner,
                    due_on=action.due_on,
                )
            )
        audit.overall_grade = overall_grade
        audit.summary = summary
        audit.completed_on = completed_on
        audit.status = AuditStatus.COMPLETED
        _save(audit)
        chronology_record(
            child=audit.child,
            occurred_on=completed_on,
            category="case_audit",
            summary=f"Case audited: {audit.get_overall_grade_display()}",
            source=audit,
            user=user,
        )
        Auditor(user=user).changed(
            audit,
            child_id=audit.child_id,
            changes={"status": ["assigned", "completed"], "overall_grade": ["", overall_grade]},
            summary="Completed a case audit",
        )
    return audit


def case_audit_respond(*, user: User, audit: CaseAudit, response: str) -> CaseAudit:
    if audit.practitioner_id != user.pk:
        raise PermissionDenied("Only the practitioner responds to the audit")
    if not response.strip():
        raise ValidationError({"practitioner_response": "Enter your response to the audit"})
    with transaction.atomic():
        audit.practitioner_response = response
        _save(audit)
        Auditor(user=user).changed(
            audit,
            child_id=audit.child_id,
            changes={"practitioner_response": ["", "(recorded)"]},
            summary="Responded to an audit",
        )
    return audit


def case_audit_moderate(
    *, user: User, audit: CaseAudit, agreed_grade: str, notes: str, moderated_on: date
) -> CaseAudit:
    """A second auditor moderates a completed audit and records the agreed grade."""
    if audit.status != AuditStatus.COMPLETED:
        raise ValidationError("Only a completed audit can be moderated")
    if user.pk == audit.auditor_id:
        raise ValidationError("The moderator must be a second auditor")
    errors = {}
    if agreed_grade not in Grade.values:
        errors["agreed_grade"] = "Select the agreed grade"
    if agreed_grade != audit.overall_grade and not notes.strip():
        errors["moderation_notes"] = "Explain why the grade changed"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        before = snapshot(audit, ["agreed_grade", "status"])
        audit.moderator = user
        audit.agreed_grade = agreed_grade
        audit.moderation_notes = notes
        audit.moderated_on = moderated_on
        audit.status = AuditStatus.MODERATED
        _save(audit)
        Auditor(user=user).changed(
            audit,
            child_id=audit.child_id,
            changes=diff(before, snapshot(audit, ["agreed_grade", "status"])),
            summary="Moderated a case audit",
        )
    return audit


def audit_supervision_view(*, user: User, worker: User) -> None:
    """Supervision records are personal: every view is on the audit trail."""
    Auditor(user=user).viewed(worker, child_id=None, summary=f"Viewed the supervision of {worker}")


# --- Improvement plan ----------------------------------------------------------------------

# The inspection's "what needs to improve" list (shared/context), the plan's starting areas.
# Migration 0003 seeds the same list; this puts back any missing (after a demo reset).
INSPECTION_AREAS = (
    "Senior leadership urgency in progressing the improvement plan to address deficits in "
    "social work practice",
    "Senior managers' interaction with social workers to enable staff to feel listened to",
    "The accuracy and reliability of the existing quality assurance and performance management "
    "system",
    "Opportunities for children to participate in their planning and influence wider service "
    "development",
    "The regularity and quality of staff supervision and management oversight and the quality "
    "and impact of decision-making",
    "The quality and timeliness of social work assessments, so that they consistently inform plans",
    "The quality and effectiveness of safety planning for children at risk of exploitation",
    "The take-up of return home interviews and the effective use of information to identify "
    "and mitigate emerging risks",
    "Permanence planning for children to ensure that permanence is achieved for all children "
    "without delay",
    "The quality of life-story work for all children",
    "Care leavers' experience of leaving care services and access to outreach workers who know "
    "and understand their needs",
)


def improvement_areas_seed() -> int:
    """Create any of the inspection's areas that are missing (by number). Idempotent; returns
    how many were created. A system step (migration, demo), so no user and no audit entry."""
    created = 0
    with transaction.atomic():
        for number, title in enumerate(INSPECTION_AREAS, start=1):
            _, made = ImprovementArea.objects.get_or_create(
                number=number,
                defaults={"title": title, "finding": "Inspection: what needs to improve."},
            )
            created += made
    return created


PLAN_OWNER_ROLES = frozenset({"senior_leader", "service_manager"})


def can_manage_improvement_plan(user: User) -> bool:
    """Senior leaders and service managers own the plan: areas, ratings and actions."""
    return user.role in PLAN_OWNER_ROLES


def _require_plan_owner(user: User) -> None:
    if not can_manage_improvement_plan(user):
        raise PermissionDenied("Only senior leaders and service managers change the plan")


def improvement_area_create(
    *, user: User, title: str, finding: str = "", lead: User | None, indicators: str = ""
) -> ImprovementArea:
    _require_plan_owner(user)
    if not title.strip():
        raise ValidationError({"title": "Enter what needs to improve"})
    with transaction.atomic():
        last = ImprovementArea.objects.select_for_update().order_by("-number").first()
        area = ImprovementArea(
            number=(last.number + 1) if last else 1,
            title=title.strip(),
            finding=finding,
            lead=lead,
            indicators=indicators,
        )
        _save(area)
        Auditor(user=user).created(area, child_id=None, summary="Added an improvement area")
    return area


def improvement_area_rate(
    *, user: User, area: ImprovementArea, rag: str, rated_on: date, note: str
) -> ImprovementRating:
    """A new RAG rating with the reason; the history is kept."""
    _require_plan_owner(user)
    errors: dict[str, str] = {}
    if rated_on > timezone.localdate():
        errors["rated_on"] = "Date of the rating must be today or in the past"
    if not note.strip():
        errors["note"] = "Enter why the area has this rating"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        rating = ImprovementRating(
            area=area, rag=rag, rated_on=rated_on, note=note.strip(), rated_by=user
        )
        _save(rating)
        Auditor(user=user).created(
            rating, child_id=None, summary=f"Rated improvement area {area.number} {rag}"
        )
    return rating


def improvement_action_add(
    *, user: User, area: ImprovementArea, description: str, owner: User, due_on: date
) -> ImprovementAction:
    """Every action has an owner and a date: the inspection found actions without timescales."""
    _require_plan_owner(user)
    if not description.strip():
        raise ValidationError({"description": "Enter what will be done"})
    with transaction.atomic():
        action = ImprovementAction(
            area=area, description=description.strip(), owner=owner, due_on=due_on, created_by=user
        )
        _save(action)
        Auditor(user=user).created(action, child_id=None, summary="Added an improvement action")
    return action


def can_update_improvement_action(user: User, action: ImprovementAction) -> bool:
    return action.owner_id == user.pk or can_manage_improvement_plan(user)


def improvement_action_progress(
    *,
    user: User,
    action: ImprovementAction,
    recorded_on: date,
    status: str,
    note: str,
    evidence: str = "",
) -> ImprovementProgress:
    """A progress update by the owner (or a plan owner). Completing needs evidence of impact."""
    if not can_update_improvement_action(user, action):
        raise PermissionDenied("Only the action's owner or the plan's owners update it")
    errors: dict[str, str] = {}
    if recorded_on > timezone.localdate():
        errors["recorded_on"] = "Date of the update must be today or in the past"
    if not note.strip():
        errors["note"] = "Enter the progress made"
    evidence = evidence.strip() or action.evidence
    if status == ImprovementActionStatus.COMPLETE and not evidence.strip():
        errors["evidence"] = "Enter the evidence of impact before marking the action complete"
    if errors:
        raise ValidationError(errors)
    fields = ["status", "completed_on", "evidence"]
    with transaction.atomic():
        before = snapshot(action, fields)
        update = ImprovementProgress(
            action=action,
            recorded_on=recorded_on,
            status=status,
            note=note.strip(),
            recorded_by=user,
        )
        _save(update)
        action.status = status
        action.evidence = evidence
        action.completed_on = recorded_on if status == ImprovementActionStatus.COMPLETE else None
        _save(action)
        Auditor(user=user).changed(
            action,
            child_id=None,
            changes=diff(before, snapshot(action, fields)),
            summary="Updated progress on an improvement action",
        )
    return update


# --- Leadership engagement -----------------------------------------------------------------

ENGAGEMENT_ROLES = frozenset({"senior_leader", "service_manager"})


def can_record_engagement(user: User) -> bool:
    return user.role in ENGAGEMENT_ROLES


def leadership_engagement_record(
    *,
    user: User,
    kind: str,
    held_on: date,
    team: Any,
    staff_count: int,
    heard: str,
    area: ImprovementArea | None = None,
) -> LeadershipEngagement:
    """A senior leader's visit, practice week, forum or conversation with front-line staff."""
    if not can_record_engagement(user):
        raise PermissionDenied("Only senior leaders and service managers record engagement")
    errors: dict[str, str] = {}
    if held_on > timezone.localdate():
        errors["held_on"] = "Date must be today or in the past"
    if not heard.strip():
        errors["heard"] = "Enter what staff told you"
    if staff_count < 1:
        errors["staff_count"] = "Number of staff taking part must be 1 or more"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        engagement = LeadershipEngagement(
            leader=user,
            kind=kind,
            held_on=held_on,
            team=team,
            staff_count=staff_count,
            heard=heard.strip(),
            area=area,
            recorded_by=user,
        )
        _save(engagement)
        Auditor(user=user).created(
            engagement, child_id=None, summary="Recorded leadership engagement"
        )
    return engagement


def leadership_engagement_change(
    *, user: User, engagement: LeadershipEngagement, changed: str, changed_on: date
) -> LeadershipEngagement:
    """What the leader changed as a result ('you said, we did')."""
    if engagement.leader_id != user.pk and not can_manage_improvement_plan(user):
        raise PermissionDenied("Only the leader who met staff records what changed")
    errors: dict[str, str] = {}
    if not changed.strip():
        errors["changed"] = "Enter what changed as a result"
    if changed_on > timezone.localdate():
        errors["changed_on"] = "Date must be today or in the past"
    if changed_on < engagement.held_on:
        errors["changed_on"] = "Date must be on or after the engagement"
    if errors:
        raise ValidationError(errors)
    fields = ["changed", "changed_on"]
    with transaction.atomic():
        before = snapshot(engagement, fields)
        engagement.changed = changed.strip()
        engagement.changed_on = changed_on
        _save(engagement)
        Auditor(user=user).changed(
            engagement,
            child_id=None,
            changes=diff(before, snapshot(engagement, fields)),
            summary="Recorded what changed after leadership engagement",
        )
    return engagement
