"""Demo data for CIN episodes and assessments, built through the services (so every rule,
audit entry and chronology line is real).

How it is hooked in: the demo generator's pathway registry
(hearth/demo/generator/pathways.py, PATHWAYS) calls

    assessments_demo(today=reference_date, seed=seed, limit=n)

before its bulk CIN episodes. It picks
allocated children who have no CIN episode yet, so running it twice adds nothing twice, and
gives them, in turn: an assessment in time, a late one, one awaiting authorisation, one
returned to the worker, authorised ones in time and late, a continuous assessment of a child
already open, an NFA referral, and closed episodes with every closure reason RC1 to RC9
(RC9 steps down to a new early help episode).
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from datetime import date

from django.db import transaction
from django.utils import timezone

from hearth.accounts.models import User
from hearth.assessments import services
from hearth.assessments.models import Assessment, AssessmentKind, CINEpisode
from hearth.casework.models import Allocation
from hearth.people.models import Person
from hearth.people.selectors import family_network
from hearth.timescales.calendar import add_working_days

SOURCES = ["1A", "2A", "3A", "3B", "4", "5A", "6", "8"]
NEEDS = ["N1", "N1", "N1", "N2", "N3", "N4", "N5", "N6", "N8"]
FACTORS = [["3B", "4B"], ["2B"], ["16A"], ["1B", "3B"], ["4A"], ["10A", "24A"], ["20"]]
VIEWS = [
    "I like it at Nan's house because it is quiet and she makes pancakes.",
    "I don't like it when Mum and Dad shout. I go to my room and put my headphones on.",
    "School is OK. I want to keep going to football on Saturdays.",
    "I want my dad to come to the meetings too.",
]
SCENARIOS = (
    "in_time",
    "late",
    "awaiting",
    "returned",
    "authorised_in_time",
    "authorised_late",
    "continuous",
    "nfa",
    *(f"closed_RC{n}" for n in range(1, 10)),
)


def _wd(today: date, n: int) -> date:
    """`n` working days before `today`."""
    return add_working_days(today, -n)


def _complete(
    *,
    worker: User,
    assessment: Assessment,
    rng: random.Random,
    outcome: str,
    factors: list[str],
) -> Assessment:
    child = assessment.child
    network = [
        services.NetworkAnswer(
            person_id=m.person.pk,
            relationship_kind=m.relationship.kind,
            considered=True,
        )
        for m in family_network(child).members
    ]
    seen = add_working_days(assessment.start_date, 2)
    return services.assessment_submit(
        user=worker,
        assessment=assessment,
        data={
            "child_seen_on": seen,
            "child_seen_alone_on": seen if rng.random() < 0.7 else None,
            "child_views": rng.choice(VIEWS),
            "history": "Synthetic history: previous contacts and the family's account of them.",
            "analysis": "Synthetic analysis of risk and need, weighing strengths and worries.",
            "recommendation": "Synthetic recommendation agreed with the family.",
            "outcome": outcome,
            "support_required": outcome in {"OTHER", "S47"},
        },
        version=assessment.version,
        factors=factors,
        network=network,
    )


def _scenario(
    name: str, *, child: Person, worker: User, manager: User, today: date, rng: random.Random
) -> None:
    source, need = rng.choice(SOURCES), rng.choice(NEEDS)

    def open_episode(referral: date, nfa: bool = False) -> CINEpisode:
        return services.cin_episode_open(
            user=worker,
            child=child,
            referral_date=referral,
            referral_source=source,
            primary_need="" if nfa else need,
            referral_nfa=nfa,
        )

    def start(
        episode: CINEpisode, on: date, kind: str = AssessmentKind.CHILD_AND_FAMILY
    ) -> Assessment:
        return services.assessment_start(user=worker, episode=episode, start_date=on, kind=kind)

    def authorise(
        a: Assessment, on: date, outcome: str = "OTHER", factors: list[str] | None = None
    ) -> Assessment:
        _complete(
            worker=worker,
            assessment=a,
            rng=rng,
            outcome=outcome,
            factors=factors or rng.choice(FACTORS),
        )
        return services.assessment_authorise(user=manager, assessment=a, authorised_on=on)

    if name == "nfa":
        open_episode(_wd(today, rng.randint(3, 60)), nfa=True)
    elif name == "in_time":
        referral = _wd(today, rng.randint(5, 30))
        start(open_episode(referral), add_working_days(referral, 1))
    elif name == "late":
        referral = _wd(today, rng.randint(50, 80))
        start(open_episode(referral), add_working_days(referral, 2))
    elif name in {"awaiting", "returned"}:
        referral = _wd(today, rng.randint(25, 40))
        a = start(open_episode(referral), add_working_days(referral, 1))
        _complete(
            worker=worker, assessment=a, rng=rng, outcome="OTHER", factors=rng.choice(FACTORS)
        )
        if name == "returned":
            services.assessment_return(
                user=manager, assessment=a, reason="Add the views of the child's father."
            )
    elif name == "authorised_in_time":
        referral = _wd(today, rng.randint(60, 90))
        a = start(open_episode(referral), add_working_days(referral, 1))
        authorise(a, add_working_days(referral, rng.randint(20, 44)))
    elif name == "authorised_late":
        referral = _wd(today, rng.randint(80, 120))
        a = start(open_episode(referral), add_working_days(referral, 3))
        authorise(a, add_working_days(referral, rng.randint(50, 70)))
    elif name == "continuous":
        referral = _wd(today, rng.randint(250, 400))
        episode = open_episode(referral)
        first = start(episode, add_working_days(referral, 1))
        authorise(first, add_working_days(referral, 35))
        start(episode, _wd(today, rng.randint(5, 20)), kind=AssessmentKind.CONTINUOUS)
    elif name.startswith("closed_"):
        reason = name.removeprefix("closed_")
        referral = _wd(today, rng.randint(90, 200))
        episode = open_episode(referral)
        a = start(episode, add_working_days(referral, 1))
        after_assessment = reason in {"RC8", "RC9"}
        outcome = {"RC8": "NFA", "RC9": "EH"}.get(reason, "OTHER")
        authorised_on = add_working_days(referral, rng.randint(25, 44))
        authorise(a, authorised_on, outcome=outcome, factors=["21"] if after_assessment else None)
        closure = add_working_days(authorised_on, 5 if after_assessment else rng.randint(20, 60))
        services.cin_episode_close(
            user=manager,
            episode=episode,
            closure_date=min(closure, today),
            closure_reason=reason,
            note="Synthetic closure summary.",
            step_down_reason="Parenting support through the family hub." if reason == "RC9" else "",
            step_down_lead="Family hub key worker" if reason == "RC9" else "",
        )


def assessments_demo(
    *,
    today: date | None = None,
    seed: int = 2026,
    limit: int = 85,
    log: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Give up to `limit` allocated children without a CIN episode one scenario each, in
    turn. Returns how many children got each scenario. `today` is capped at the real date
    (services refuse future dates)."""
    today = min(today or timezone.localdate(), timezone.localdate())
    rng = random.Random(seed)
    say = log or (lambda message: None)
    allocations = list(
        Allocation.objects.current(today)
        .filter(worker__isnull=False, worker__team__manager__isnull=False)
        .exclude(child__cin_episodes__isnull=False)
        .filter(child__is_child=True, child__date_of_birth__isnull=False)
        .select_related("child", "worker__team__manager", "worker__team__service")
        .order_by("child_id")[:limit]
    )
    made: Counter[str] = Counter()
    for index, allocation in enumerate(allocations):
        name = SCENARIOS[index % len(SCENARIOS)]
        worker = allocation.worker
        manager = worker.team.manager if worker is not None and worker.team is not None else None
        if worker is None or manager is None or manager.pk == worker.pk:
            continue
        with transaction.atomic():
            _scenario(
                name, child=allocation.child, worker=worker, manager=manager, today=today, rng=rng
            )
        made[name] += 1
    say(f"Assessments demo: {sum(made.values())} children ({dict(made)})")
    return dict(made)
