"""Child protection histories for the synthetic borough, written through the services (so
every record obeys the real rules and lands on the chronology and audit trail).

The demo generator has no registry of pathway generators yet, so this runs after the borough
is built: `child_protection_demo(today=...)` picks children allocated to the safeguarding
teams who have no CIN episode yet, opens an episode for each and gives them one of the
scenarios below, cycling through them so every stage appears:

    0  strategy discussion with health and education -> joint s47 -> ICPC on time -> CP plan
       with actions, core groups and a review on time
    1  police and social care only (reason recorded) -> single s47 -> ICPC late -> CP plan
       with overdue actions and no core group (drift)
    2  joint s47 agreed, carried out single-agency, ABE interview without a social worker,
       no conference needed
    3  second CP plan within two years, review overdue
    4  CIN plan open too long (no step-down or closure plan), CIN review overdue
    5  CIN plan with a step-down plan agreed, reviews on time
    6  CP plan beyond 18 months and pre-proceedings past 16 weeks
    7  strategy discussion deciding no s47, CIN plan with an overdue action
    8  joint s47 started 8 working days ago, conference still to come (on the worktray)

All dates are in the past relative to `today`, which must not be after the real date.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from hearth.accounts.models import Role, User
from hearth.casework.models import Allocation
from hearth.child_protection import services
from hearth.child_protection.models import (
    Agency,
    CINReviewDecision,
    ConferenceDecision,
    ConferenceKind,
    GatewayDecision,
    PLOMeetingDecision,
    PLOMeetingKind,
    PoliceActionKind,
    StrategyDecision,
)
from hearth.people.models import Person
from hearth.timescales.calendar import add_working_days, is_working_day

SCENARIOS = 9
CATEGORIES = ["NEG", "NEG", "EMO", "PHY", "SAB", "MUL"]


def _weekday(on: date) -> date:
    while not is_working_day(on):
        on -= timedelta(days=1)
    return on


class _Story:
    def __init__(self, child: Person, worker: User, chair: User, rng: random.Random, today: date):
        self.child, self.worker, self.chair, self.rng, self.today = child, worker, chair, rng, today
        self.episode: Any = None

    def ago(self, days: int) -> date:
        return _weekday(self.today - timedelta(days=days))

    def open_episode(self, days_ago: int) -> None:
        from hearth.assessments.services import cin_episode_open

        self.episode = cin_episode_open(
            user=self.worker,
            child=self.child,
            referral_date=self.ago(days_ago),
            referral_source=self.rng.choice(["1A", "2A", "3A", "5A", "5B"]),
            primary_need=self.rng.choice(["N1", "N1", "N2", "N3"]),
        )

    def strategy(self, on: date, *, agencies: tuple[str, ...], decision: str) -> Any:
        people: dict[str, tuple[str, str]] = {
            Agency.SOCIAL_CARE: ("Duty social worker", "Social worker"),
            Agency.POLICE: ("DC Morgan", "Child abuse investigation team"),
            Agency.HEALTH: ("Named nurse", "Health"),
            Agency.EDUCATION: ("Designated safeguarding lead", "School"),
        }
        participants = [services.Participant(a, *people[a]) for a in agencies]
        only = set(agencies) <= {Agency.POLICE, Agency.SOCIAL_CARE}
        return services.strategy_discussion_record(
            user=self.worker,
            child=self.child,
            episode=self.episode,
            kind="discussion",
            held_on=on,
            participants=participants,
            agencies_reason="Held out of hours; health and school not reachable" if only else "",
            information_shared="Synthetic: concerns shared by the referrer and agency checks.",
            safety_actions="Synthetic: safety plan agreed with the non-abusing parent.",
            decision=decision,
            rationale="Synthetic: reasonable cause to suspect significant harm.",
        )

    def icpc(self, enquiry: Any, on: date, category: str = "") -> Any:
        conference = services.conference_record(
            user=self.worker,
            child=self.child,
            episode=self.episode,
            kind=ConferenceKind.INITIAL,
            enquiry=enquiry,
            held_on=_weekday(on),
            chair=self.chair,
            parents_participation=self.rng.choice(["attended", "attended", "did_not_attend"]),
            child_participation=self.rng.choice(["worker", "advocate", "too_young"]),
            decision=ConferenceDecision.PLAN,
            category=category or self.rng.choice(CATEGORIES),
            rationale="Synthetic: continuing risk of significant harm.",
            attendees=[
                services.Attendee("Health visitor", Agency.HEALTH, "attended"),
                services.Attendee("DC Morgan", Agency.POLICE, "report_only"),
            ],
            contingency_plan="Synthetic: legal planning meeting if the plan is not followed.",
        )
        return conference.plan_started

    def review(self, plan: Any, on: date, *, end: bool = False) -> None:
        services.conference_record(
            user=self.worker,
            child=self.child,
            episode=self.episode,
            kind=ConferenceKind.REVIEW,
            plan=plan,
            held_on=_weekday(on),
            chair=self.chair,
            parents_participation="attended",
            child_participation="worker",
            decision=ConferenceDecision.END if end else ConferenceDecision.CONTINUE,
            category="" if end else plan.latest_category,
            rationale="Synthetic: review of progress.",
        )

    def actions(self, plan: Any, start: date, *, overdue: bool) -> None:
        for days, what in ((20, "Parenting assessment"), (40, "Health appointments kept")):
            due = start + timedelta(days=days)
            action = services.plan_action_add(
                user=self.worker, plan=plan, what=f"Synthetic: {what}", who="Parent", due_date=due
            )
            if not overdue and due <= self.today:
                services.plan_action_update(user=self.worker, action=action, status="done")

    def core_groups(self, plan: Any, start: date, count: int) -> None:
        member = services.core_group_member_add(
            user=self.worker,
            plan=plan,
            name="Class teacher",
            agency=Agency.EDUCATION,
            added_on=start,
        )
        on = add_working_days(start, 8)
        for _ in range(count):
            if on > self.today:
                break
            services.core_group_record(
                user=self.worker,
                plan=plan,
                held_on=on,
                attended=[member],
                progress="Synthetic: progress reviewed against the plan.",
            )
            on = on + timedelta(weeks=6)


def _scenario(story: _Story, number: int) -> None:
    s = story
    if number == 0:
        s.open_episode(70)
        enquiry = s.strategy(
            s.ago(60),
            agencies=("social_care", "police", "health", "education"),
            decision=StrategyDecision.S47_JOINT,
        ).enquiry
        plan = s.icpc(enquiry, add_working_days(enquiry.start_date, 12))
        s.actions(plan, plan.start_date, overdue=False)
        s.core_groups(plan, plan.start_date, 2)
    elif number == 1:
        s.open_episode(60)
        enquiry = s.strategy(
            s.ago(50), agencies=("social_care", "police"), decision=StrategyDecision.S47_SINGLE
        ).enquiry
        plan = s.icpc(enquiry, add_working_days(enquiry.start_date, 22))
        s.actions(plan, plan.start_date, overdue=True)
    elif number == 2:
        s.open_episode(40)
        enquiry = s.strategy(
            s.ago(30),
            agencies=("social_care", "police", "health"),
            decision=StrategyDecision.S47_JOINT,
        ).enquiry
        services.police_action_record(
            user=s.worker,
            enquiry=enquiry,
            kind=PoliceActionKind.ABE_INTERVIEW,
            action_date=add_working_days(enquiry.start_date, 2),
            social_worker_present=False,
            no_social_worker_reason="Synthetic: no social worker available at short notice",
        )
        services.enquiry_conclude(
            user=s.worker,
            enquiry=enquiry,
            outcome="S17",
            outcome_date=add_working_days(enquiry.start_date, 10),
            icpc_required=False,
            carried_out_jointly=False,
            single_agency_reason="Synthetic: police investigation closed early",
        )
    elif number == 3:
        s.open_episode(640)
        first = s.strategy(
            s.ago(630),
            agencies=("social_care", "police", "health"),
            decision=StrategyDecision.S47_JOINT,
        ).enquiry
        plan = s.icpc(first, add_working_days(first.start_date, 14))
        s.review(plan, plan.start_date + timedelta(days=85))
        s.review(plan, plan.start_date + timedelta(days=260), end=True)
        second = s.strategy(
            s.ago(250),
            agencies=("social_care", "police", "education"),
            decision=StrategyDecision.S47_SINGLE,
        ).enquiry
        again = s.icpc(second, add_working_days(second.start_date, 13))
        s.core_groups(again, again.start_date, 1)
    elif number in (4, 5):
        s.open_episode(400 if number == 4 else 200)
        plan = services.cin_plan_start(
            user=s.worker,
            child=s.child,
            episode=s.episode,
            start_date=s.ago(380 if number == 4 else 180),
        )
        s.actions(plan, plan.start_date, overdue=number == 4)
        if number == 4:
            services.cin_review_record(
                user=s.worker,
                plan=plan,
                held_on=s.ago(250),
                progress="Synthetic: little change.",
                decision=CINReviewDecision.CONTINUE,
            )
        else:
            services.cin_review_record(
                user=s.worker,
                plan=plan,
                held_on=s.ago(90),
                progress="Synthetic: good progress.",
                decision=CINReviewDecision.CONTINUE,
            )
            services.cin_review_record(
                user=s.worker,
                plan=plan,
                held_on=s.ago(10),
                progress="Synthetic: needs met.",
                decision=CINReviewDecision.STEP_DOWN,
                exit_plan="Synthetic: step down to early help next month",
            )
    elif number == 6:
        s.open_episode(620)
        enquiry = s.strategy(
            s.ago(610),
            agencies=("social_care", "police", "health"),
            decision=StrategyDecision.S47_JOINT,
        ).enquiry
        plan = s.icpc(enquiry, add_working_days(enquiry.start_date, 14), category="NEG")
        s.review(plan, plan.start_date + timedelta(days=88))
        s.review(plan, plan.start_date + timedelta(days=265))
        s.core_groups(plan, plan.start_date, 3)
        plo = services.plo_start(
            user=s.worker,
            child=s.child,
            episode=s.episode,
            gateway_date=s.ago(150),
            gateway_decision=GatewayDecision.PRE_PROCEEDINGS,
        )
        services.plo_letter_sent(user=s.worker, plo=plo, sent_on=s.ago(145))
        services.plo_meeting_record(
            user=s.worker,
            plo=plo,
            kind=PLOMeetingKind.INITIAL,
            held_on=s.ago(138),
            decision=PLOMeetingDecision.CONTINUE,
            next_review_on=s.ago(80),
        )
    elif number == 8:
        s.open_episode(20)
        s.strategy(
            _weekday(add_working_days(s.today, -8)),
            agencies=("social_care", "police", "health", "education"),
            decision=StrategyDecision.S47_JOINT,
        )
    else:
        s.open_episode(50)
        s.strategy(
            s.ago(45),
            agencies=("social_care", "police", "health", "education"),
            decision=StrategyDecision.NO_S47,
        )
        plan = services.cin_plan_start(
            user=s.worker, child=s.child, episode=s.episode, start_date=s.ago(30)
        )
        services.plan_action_add(
            user=s.worker,
            plan=plan,
            what="Synthetic: school attendance plan",
            who="School",
            due_date=s.ago(5),
        )


def child_protection_demo(
    *,
    today: date | None = None,
    seed: int = 2026,
    limit: int = 200,
    log: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Give up to `limit` safeguarding children a child protection or CIN history. Returns
    how many children had each scenario."""
    when = today or timezone.localdate()
    if when > timezone.localdate():
        raise ValueError("The demo date must not be after today: services refuse future dates")
    rng = random.Random(seed)
    chair = User.objects.filter(role=Role.IRO, is_active=True).order_by("pk").first()
    if chair is None:
        raise ValueError("The borough has no conference chair (IRO) to chair conferences")
    from hearth.assessments.models import CINEpisode

    allocations = (
        Allocation.objects.current(when)
        .filter(team__name__startswith="Safeguarding", worker__isnull=False)
        .filter(
            child__date_of_birth__isnull=False, child__date_of_birth__lte=when - timedelta(days=800)
        )
        .exclude(Exists(CINEpisode.objects.filter(child=OuterRef("child"))))
        .select_related("child", "worker")
        .order_by("child_id")[:limit]
    )
    counts = {f"scenario_{n}": 0 for n in range(SCENARIOS)}
    with transaction.atomic():  # one commit: much faster on SQLite, and all or nothing
        for index, allocation in enumerate(list(allocations)):
            number = index % SCENARIOS
            story = _Story(allocation.child, allocation.worker, chair, rng, when)
            _scenario(story, number)
            counts[f"scenario_{number}"] += 1
    if log:
        log(f"Child protection demo: {sum(counts.values())} children ({counts})")
    return counts
