"""Demo data for oversight: supervision agreements and histories (some with gaps, some
cancelled), case discussions that put oversight and actions on children's records (some
actions overdue), most cases left without oversight so the overdue lists have content, staff
records (agency workers, part-timers, leavers) and team establishments with vacancies, a
caseload snapshot, this month's audit programme with completed and moderated audits (some
grades changed at moderation), and the improvement plan (leads, RAG ratings, actions on time,
overdue and complete with evidence) with senior leaders' engagement with staff. Built through
the services. Synthetic data only.

Hook: `hearth.demo.generator.pathways.PATHWAYS` calls `oversight_demo(today=, seed=, limit=)`
after the other pathway demos; `limit` caps the children given case discussions and the staff
records written through the service (the rest are inserted plainly)."""

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
    # Staff records and establishments: the first `limit` people through the service (agency
    # workers, part-timers); past the limit, plain permanent full-time records in one insert,
    # so the workforce census still counts everyone without an audited write per person.
    has_record = set(StaffRecord.objects.values_list("user_id", flat=True))
    plain: list[StaffRecord] = []
    started = 0
    for team in teams:
        members = [w for w in workers if w.team_id == team.pk]
        for worker in [*members, team.manager]:
            if worker.pk in has_record:
                continue
            has_record.add(worker.pk)
            start_date = when - timedelta(days=rng.randint(200, 3000))
            if started >= limit:
                plain.append(
                    StaffRecord(
                        user=worker,
                        team=team,
                        role=worker.role,
                        fte=Decimal("1.0"),
                        contract="permanent",
                        start_date=start_date,
                    )
                )
                continue
            services.staff_record_start(
                user=team.manager,
                staff=worker,
                contract="agency" if rng.random() < 0.2 else "permanent",
                start_date=start_date,
                fte=Decimal("0.6") if rng.random() < 0.1 else Decimal("1.0"),
            )
            started += 1
        TeamEstablishment.objects.get_or_create(
            team=team, defaults={"funded_fte": Decimal(len(members) + 1 + rng.randint(0, 2))}
        )
    StaffRecord.objects.bulk_create(plain)
    counts["staff_records"] = started + len(plain)
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
    counts.update(_improvement_plan(when, rng))
    return counts


# Actions for some of the inspection's areas (area number -> actions); the rest have none yet.
IMPROVEMENT_ACTIONS = {
    1: ["Monthly improvement board chaired by the Director", "Publish progress to all staff"],
    2: ["Director's practice weeks in every team each quarter", "Fortnightly staff forum"],
    5: [
        "Supervision policy with a reflective template",
        "Audit ten supervision records a month",
        "Reflective supervision training for all managers",
    ],
    6: ["Assessment quality standard and checklist", "Weekly assessment timeliness huddle"],
    8: ["Commission return home interviews in-house", "Weekly missing panel reviews themes"],
}
ENGAGEMENTS = [
    (
        "practice_week",
        "Duty rota leaves no time for reflective supervision.",
        "Protected supervision afternoon every other Thursday.",
    ),
    (
        "staff_forum",
        "Agency workers are not invited to training.",
        "Agency staff now on every training invitation list.",
    ),
    ("practice_visit", "Laptops take ten minutes to start; recording is done at night.", ""),
    (
        "conversation",
        "Newly qualified workers want a peer group.",
        "NQSW peer group meets monthly with a practice lead.",
    ),
    ("observation", "Core groups rarely have health at the table.", ""),
]


def _improvement_plan(when: date, rng: random.Random) -> dict[str, int]:
    """Leads, RAG ratings and actions (some overdue, some complete with evidence) for the
    inspection's areas, and senior leaders' engagement with staff. Skipped once done."""
    from hearth.oversight.models import ImprovementAction, ImprovementArea

    leaders = list(
        User.objects.filter(
            is_active=True, role__in=[Role.SENIOR_LEADER, Role.SERVICE_MANAGER]
        ).order_by("pk")
    )
    owners = leaders + list(
        User.objects.filter(is_active=True, role=Role.TEAM_MANAGER).order_by("pk")[:4]
    )
    if not leaders or ImprovementAction.objects.exists():
        return {"improvement_actions": 0, "engagements": 0}
    plan_owner = next((u for u in leaders if u.role == Role.SENIOR_LEADER), leaders[0])
    services.improvement_areas_seed()  # a demo reset empties the table the migration seeded
    areas = {a.number: a for a in ImprovementArea.objects.all()}
    actions = 0
    for number, area in areas.items():
        area.lead = leaders[number % len(leaders)]
        area.indicators = "Audit grades for this standard; the matching indicators each month"
        area.save(update_fields=["lead", "indicators", "updated_at"])
        rag = "green" if number in (2, 6) else "amber" if number in (1, 5, 8) else "red"
        services.improvement_area_rate(
            user=plan_owner,
            area=area,
            rag="red",
            rated_on=add_months(when, -6),
            note="Baseline after the inspection",
        )
        if rag != "red":
            services.improvement_area_rate(
                user=plan_owner, area=area, rag=rag, rated_on=when, note="Monthly board review"
            )
        for n, description in enumerate(IMPROVEMENT_ACTIONS.get(number, [])):
            due = when + timedelta(days=[-40, -10, 30][n % 3])
            action = services.improvement_action_add(
                user=plan_owner,
                area=area,
                description=description,
                owner=rng.choice(owners),
                due_on=due,
            )
            actions += 1
            if n % 3 == 0:  # done, with evidence
                services.improvement_action_progress(
                    user=plan_owner,
                    action=action,
                    recorded_on=min(when, due),
                    status="complete",
                    note="Completed and reviewed at the improvement board",
                    evidence="Audit grades for this standard rose from 3 to 7 good in 10",
                )
            elif n % 3 == 1:  # started, now overdue
                services.improvement_action_progress(
                    user=plan_owner,
                    action=action,
                    recorded_on=when - timedelta(days=20),
                    status="in_progress",
                    note="Started; waiting for the policy to be agreed",
                )
    engagements = 0
    area_two = areas.get(2)
    for n, (kind, heard, changed) in enumerate(ENGAGEMENTS):
        leader = leaders[n % len(leaders)]
        held_on = when - timedelta(days=15 + 25 * n)
        engagement = services.leadership_engagement_record(
            user=leader,
            kind=kind,
            held_on=held_on,
            team=Team.objects.order_by("pk")[n % max(1, Team.objects.count())]
            if kind != "staff_forum"
            else None,
            staff_count=rng.randint(4, 12) if kind != "staff_forum" else 40,
            heard=heard,
            area=area_two if n % 2 == 0 else None,
        )
        if changed:
            services.leadership_engagement_change(
                user=leader,
                engagement=engagement,
                changed=changed,
                changed_on=min(when, held_on + timedelta(days=10)),
            )
        engagements += 1
    return {"improvement_actions": actions, "engagements": engagements}


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
