"""Demo data for oversight: supervision agreements and histories (some with gaps, some
cancelled), case discussions that put oversight and actions on children's records (some
actions overdue), most cases left without oversight so the overdue lists have content, staff
records (agency workers, part-timers, leavers) and team establishments with vacancies, a
caseload snapshot, and this month's audit programme with completed and moderated audits (some
grades changed at moderation). Built through the services. Synthetic data only.

Hook: `hearth.demo.generator.pathways.PATHWAYS` calls `oversight_demo(today=, seed=, limit=)`
after the other pathway demos; `limit` caps the children given case discussions."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from hearth.accounts.models import Role, Team, User
from hearth.casework.models import Allocation
from hearth.oversight import services
from hearth.oversight.models import (
    AuditQuestion,
    AuditTemplate,
    PracticeStandard,
    StaffRecord,
    TeamEstablishment,
)
from hearth.timescales.rules import add_months

QUESTIONS = {
    PracticeStandard.CHILDS_VOICE: "Are the child's wishes and feelings recorded in their words?",
    PracticeStandard.ASSESSMENT: "Does the assessment analyse risk and need, not only describe?",
    PracticeStandard.PLANNING: "Is the plan specific, with actions, owners and timescales?",
    PracticeStandard.OVERSIGHT: "Is management direction recorded, with reasons, and followed up?",
    PracticeStandard.TIMELINESS: "Were visits, assessments and reviews on time?",
    PracticeStandard.IMPACT: "Is the child's situation improving because of our work?",
}
GRADES = ["outstanding", "good", "requires_improvement", "inadequate"]
GRADE_WEIGHTS = [1, 5, 4, 1]
DIRECTIONS = [
    "Hold a core group before the review and test whether the plan is working",
    "Complete the chronology and share it with the IRO",
    "Seek the child's views directly, alone, before the next meeting",
    "Consider legal planning: the risks have not reduced in three months",
    "Step down to early help once the school confirms attendance has improved",
]
ACTIONS = [
    "Visit and see the child alone",
    "Update the chronology",
    "Arrange the core group meeting",
    "Refer to the family support service",
    "Book the legal gateway meeting",
]


def _audit_template() -> AuditTemplate:
    template, created = AuditTemplate.objects.get_or_create(name="Core case audit")
    if created:
        AuditQuestion.objects.bulk_create(
            AuditQuestion(template=template, standard=standard, text=text, order=order)
            for order, (standard, text) in enumerate(QUESTIONS.items())
        )
    return template


def oversight_demo(
    *,
    today: date | None = None,
    seed: int = 2026,
    limit: int = 40,
    log: Callable[[str], None] | None = None,
) -> dict[str, int]:
    when = min(today or timezone.localdate(), timezone.localdate())
    rng = random.Random(seed)
    counts = {"agreements": 0, "sessions": 0, "case_discussions": 0, "audits": 0}
    teams = list(Team.objects.filter(manager__isnull=False).select_related("manager"))
    workers = list(
        User.objects.filter(
            is_active=True, role=Role.SOCIAL_WORKER, team__in=teams, supervision__isnull=True
        ).order_by("pk")
    )
    managers = {t.pk: t.manager for t in teams}
    # Staff records and establishments.
    for team in teams:
        members = [w for w in workers if w.team_id == team.pk]
        for worker in [*members, team.manager]:
            if StaffRecord.objects.filter(user=worker).exists():
                continue
            services.staff_record_start(
                user=team.manager,
                staff=worker,
                contract="agency" if rng.random() < 0.2 else "permanent",
                start_date=when - timedelta(days=rng.randint(200, 3000)),
                fte=Decimal("0.6") if rng.random() < 0.1 else Decimal("1.0"),
            )
        TeamEstablishment.objects.get_or_create(
            team=team, defaults={"funded_fte": Decimal(len(members) + 1 + rng.randint(0, 2))}
        )
    leavers = 0
    for record in StaffRecord.objects.filter(contract="permanent", leaving_date__isnull=True)[:3]:
        # Leavers in the year: their record ends; a new record shows them returning as agency.
        left = when - timedelta(days=rng.randint(30, 300))
        if left <= record.start_date:
            continue
        services.staff_record_leave(
            user=managers.get(record.team_id) or record.user,
            record=record,
            leaving_date=left,
            reason="resigned",
        )
        StaffRecord.objects.create(
            user=record.user,
            team=record.team,
            role=record.role,
            fte=record.fte,
            contract="agency",
            start_date=left + timedelta(days=1),
        )
        leavers += 1
    counts["leavers"] = leavers
    # Supervision: agreements and six months of history, with gaps.
    discussed = 0
    for index, worker in enumerate(workers):
        manager = managers[worker.team_id]
        services.supervision_agreement_set(
            user=manager,
            worker=worker,
            supervisor=manager,
            frequency="",
            start_date=add_months(when, -7),
        )
        counts["agreements"] += 1
        gap = index % 4 == 3  # one worker in four has gone without supervision
        for months_ago in range(6, 0 if not gap else 2, -1):
            held_on = add_months(when, -months_ago) + timedelta(days=rng.randint(0, 5))
            if held_on > when:
                continue
            last = months_ago == 1 or (gap and months_ago == 3)
            attendance = "held" if last or rng.random() > 0.15 else "cancelled_supervisor"
            discussions = []
            if attendance == "held" and last and discussed < limit:
                discussions = _discussions(worker, held_on, rng, limit - discussed)
                discussed += len(discussions)
            services.supervision_record(
                user=manager,
                worker=worker,
                held_on=held_on,
                attendance=attendance,
                reflective={
                    "wellbeing": rng.choice(["good", "good", "mixed", "struggling"]),
                    "workload": "Caseload discussed; two cases to transfer",
                    "going_well": "Direct work with the children is strong",
                    "worries": "Recording is behind on two cases",
                    "needs_to_happen": "Protected time for recording each week",
                    "learning": "Reflected on a family's response to the plan",
                    "professional_development": "Court skills training booked",
                },
                actions=[
                    services.ActionInput(
                        description="Bring recording up to date",
                        owner=worker,
                        due_on=held_on + timedelta(days=14),
                    )
                ]
                if attendance == "held"
                else [],
                case_discussions=discussions,
            )
            counts["sessions"] += 1
    counts["case_discussions"] = discussed
    services.caseloads_snapshot(month=when.replace(day=1), system_job="demo")
    counts["audits"] = _audits(when, rng)
    return counts


def _discussions(
    worker: User, held_on: date, rng: random.Random, room: int
) -> list[services.CaseDiscussionInput]:
    allocations = list(
        Allocation.objects.current(held_on).filter(worker=worker).select_related("child")[:2]
    )[:room]
    out = []
    for allocation in allocations:
        if rng.random() < 0.2:
            out.append(
                services.CaseDiscussionInput(
                    child=allocation.child,
                    direction="Plan is progressing; continue as agreed",
                    no_new_actions=True,
                    no_actions_reason="Actions from the last review are on track",
                )
            )
            continue
        out.append(
            services.CaseDiscussionInput(
                child=allocation.child,
                direction=rng.choice(DIRECTIONS),
                reasons="Discussed in supervision against the plan's outcomes",
                actions=[
                    services.ActionInput(
                        description=rng.choice(ACTIONS),
                        owner=worker,
                        # Some are already overdue.
                        due_on=held_on + timedelta(days=rng.choice([3, 7, 21, 35])),
                    )
                ],
            )
        )
    return out


def _audits(when: date, rng: random.Random) -> int:
    auditors = list(
        User.objects.filter(
            is_active=True, role__in=[Role.QA_OFFICER, Role.SERVICE_MANAGER, Role.SENIOR_LEADER]
        ).order_by("pk")[:4]
    ) or list(User.objects.filter(is_active=True, role=Role.TEAM_MANAGER).order_by("pk")[:4])
    service_team = (
        Team.objects.filter(service__kind="safeguarding").select_related("service").first()
        or Team.objects.select_related("service").first()
    )
    if len(auditors) < 2 or service_team is None:
        return 0
    template = _audit_template()
    programme = services.audit_programme_create(
        user=auditors[0],
        name=f"Monthly case audit, {when:%B %Y}",
        month=when,
        template=template,
        service=service_team.service,
        kind="random",
        sample_size=12,
        auditors=auditors,
        seed=rng.randint(0, 10**6),
        today=when,
    )
    audits = list(programme.audits.select_related("auditor", "template"))
    for n, audit in enumerate(audits[:9]):
        grade = rng.choices(GRADES, GRADE_WEIGHTS)[0]
        answers = {
            q.pk: (
                rng.choices(GRADES, GRADE_WEIGHTS)[0],
                "Seen in the case notes, plan and supervision record",
            )
            for q in audit.template.questions.all()
        }
        services.case_audit_complete(
            user=audit.auditor,
            audit=audit,
            answers=answers,
            overall_grade=grade,
            summary=rng.choice(
                [
                    "The child's voice is clear; the plan lacks timescales",
                    "Management oversight is not recorded for three months",
                    "Good direct work; the chronology is out of date",
                ]
            ),
            completed_on=when,
        )
        if n < 6:
            moderator = next(a for a in auditors if a.pk != audit.auditor_id)
            changed = n % 3 == 0
            agreed = GRADES[min(3, GRADES.index(grade) + 1)] if changed else grade
            services.case_audit_moderate(
                user=moderator,
                audit=audit,
                agreed_grade=agreed,
                notes="Oversight gaps not weighed in the grade" if agreed != grade else "",
                moderated_on=when,
            )
    return len(audits)


__all__ = ["oversight_demo"]
