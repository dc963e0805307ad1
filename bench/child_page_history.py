"""Child's page benchmark: one child with five years of history, as their social worker sees
it (issue 4 target: under 150 ms with a fixed number of queries). Not a test.

    python bench/child_page_history.py [--runs 25] [--notes 300] [--reuse]

The history is written through the services (so every record obeys the real rules): four
allocations; a first episode with an authorised assessment and a child in need plan with
reviews, ended and closed; a second with a joint section 47, an initial conference, a child
protection plan with core groups and review conferences, ended at review and closed; a third,
open, with a second child protection plan (reviews, core groups, actions) and pre-proceedings.
Then `--notes` case notes (half of them visits) and their chronology lines are inserted in
bulk across the five years. Prints the page's median and p95 time and its query count, and the
same for a child with no history (baseline, same run), so the count is shown to be fixed.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
TODAY = date(2026, 3, 10)
START = TODAY - timedelta(days=5 * 365)


def _django(db_path: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ["DEBUG"] = "false"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _assessment(worker, manager, episode, start: date):  # type: ignore[no-untyped-def]
    from hearth.assessments import services as assessments

    assessment = assessments.assessment_start(user=worker, episode=episode, start_date=start)
    assessment.refresh_from_db()
    assessments.assessment_submit(
        user=worker,
        assessment=assessment,
        data={
            "child_seen_on": start + timedelta(days=2),
            "child_seen_alone_on": start + timedelta(days=2),
            "child_views": "Synthetic: I want things to be calmer at home.",
            "history": "Synthetic history and significant events.",
            "analysis": "Synthetic analysis of risk and need.",
            "recommendation": "Synthetic recommendation.",
            "outcome": "OTHER",
            "support_required": True,
        },
        version=assessment.version,
        factors=["3B", "4B"],
        network=[],
    )
    return assessments.assessment_authorise(
        user=manager, assessment=assessment, authorised_on=start + timedelta(days=30)
    )


def _build(notes: int):  # type: ignore[no-untyped-def]
    import time_machine
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from hearth.accounts.models import Role, Service, ServiceKind, Team, User
    from hearth.assessments import services as assessments
    from hearth.casework.models import Allocation, CaseNote, ChronologyEntry
    from hearth.child_protection import services as cp
    from hearth.child_protection.demo import _Story
    from hearth.child_protection.models import (
        CINReviewDecision,
        GatewayDecision,
        PLOMeetingDecision,
        PLOMeetingKind,
        StrategyDecision,
    )
    from hearth.people.models import Person
    from hearth.timescales.calendar import add_working_days

    service = Service.objects.create(name="Bench service", kind=ServiceKind.SAFEGUARDING)
    manager = User.objects.create(username="bench.tm", role=Role.TEAM_MANAGER)
    team = Team.objects.create(name="Bench team", service=service, manager=manager)
    workers = [
        User.objects.create(
            username=f"bench.sw{n}", role=Role.SOCIAL_WORKER, team=team, first_name=f"W{n}"
        )
        for n in range(4)
    ]
    chair = User.objects.create(username="bench.iro", role=Role.IRO)
    child = Person.objects.create(
        first_name="History", last_name="Bench", is_child=True, date_of_birth=date(2012, 5, 1)
    )
    empty = Person.objects.create(
        first_name="New", last_name="Bench", is_child=True, date_of_birth=date(2013, 5, 1)
    )
    worker = workers[-1]
    for n, w in enumerate(workers):
        Allocation.objects.create(
            child=child,
            team=team,
            worker=w,
            start_date=START + timedelta(days=n * 450),
            end_date=None if n == len(workers) - 1 else START + timedelta(days=(n + 1) * 450),
        )
    Allocation.objects.create(child=empty, team=team, worker=worker, start_date=START)
    rng = random.Random(7)
    # The services refuse future dates: write each episode "on" its own dates.
    with time_machine.travel(START + timedelta(days=400), tick=False):
        story = _Story(child, workers[0], chair, rng, START + timedelta(days=400))
        story.open_episode(395)
        _assessment(workers[0], manager, story.episode, START + timedelta(days=8))
        plan = cp.cin_plan_start(
            user=workers[0], child=child, episode=story.episode, start_date=START + timedelta(60)
        )
        story.actions(plan, plan.start_date, overdue=False)
        for days in (150, 240):
            cp.cin_review_record(
                user=workers[0],
                plan=plan,
                held_on=START + timedelta(days=days),
                progress="Synthetic: progress.",
                decision=CINReviewDecision.CONTINUE,
            )
        cp.cin_plan_end(
            user=workers[0], plan=plan, end_date=START + timedelta(330), reason="closed"
        )
        assessments.cin_episode_close(
            user=manager,
            episode=story.episode,
            closure_date=START + timedelta(340),
            closure_reason="RC8",
        )
    second = START + timedelta(days=700)
    with time_machine.travel(second + timedelta(days=500), tick=False):
        story = _Story(child, workers[1], chair, rng, second + timedelta(days=500))
        story.open_episode(500)
        _assessment(workers[1], manager, story.episode, story.episode.referral_date)
        enquiry = story.strategy(
            story.ago(495),
            agencies=("social_care", "police", "health", "education"),
            decision=StrategyDecision.S47_JOINT,
        ).enquiry
        cp_plan = story.icpc(enquiry, add_working_days(enquiry.start_date, 12))
        story.actions(cp_plan, cp_plan.start_date, overdue=False)
        story.core_groups(cp_plan, cp_plan.start_date, 6)
        story.review(cp_plan, cp_plan.start_date + timedelta(days=85))
        story.review(cp_plan, cp_plan.start_date + timedelta(days=260), end=True)
        assessments.cin_episode_close(
            user=manager,
            episode=story.episode,
            closure_date=cp_plan.start_date + timedelta(days=300),
            closure_reason="RC8",
        )
    with time_machine.travel(TODAY, tick=False):
        story = _Story(child, worker, chair, rng, TODAY)
        story.open_episode(560)
        _assessment(worker, manager, story.episode, story.episode.referral_date)
        enquiry = story.strategy(
            story.ago(550),
            agencies=("social_care", "police", "health"),
            decision=StrategyDecision.S47_JOINT,
        ).enquiry
        cp_plan = story.icpc(enquiry, add_working_days(enquiry.start_date, 14), category="NEG")
        story.actions(cp_plan, cp_plan.start_date, overdue=True)
        story.core_groups(cp_plan, cp_plan.start_date, 10)
        for days in (88, 265, 450):
            story.review(cp_plan, cp_plan.start_date + timedelta(days=days))
        plo = cp.plo_start(
            user=worker,
            child=child,
            episode=story.episode,
            gateway_date=story.ago(150),
            gateway_decision=GatewayDecision.PRE_PROCEEDINGS,
        )
        cp.plo_letter_sent(user=worker, plo=plo, sent_on=story.ago(145))
        cp.plo_meeting_record(
            user=worker,
            plo=plo,
            kind=PLOMeetingKind.INITIAL,
            held_on=story.ago(138),
            decision=PLOMeetingDecision.CONTINUE,
            next_review_on=story.ago(80),
        )
    # Hundreds of case notes (half of them visits) and their chronology lines, in bulk.
    span = (TODAY - START).days
    note_rows = []
    for n in range(notes):
        on = START + timedelta(days=n * span // notes)
        note_rows.append(
            CaseNote(
                child=child,
                author=workers[min(3, n * 4 // notes)],
                note_type="visit" if n % 2 else "phone",
                subject=f"Synthetic note {n}",
                body="Synthetic: what happened, what the child said, what happens next. " * 8,
                contact_date=on,
                status="final",
            )
        )
    CaseNote.objects.bulk_create(note_rows, batch_size=500)
    ChronologyEntry.objects.bulk_create(
        (
            ChronologyEntry(
                child=child,
                occurred_on=n.contact_date or TODAY,
                category="case_note",
                summary=n.subject,
                recorded_by=n.author,
            )
            for n in note_rows
        ),
        batch_size=500,
    )
    return worker, child, empty


CPU: list[float] = []  # CPU-time median of the last _measure() (this process only)


def _measure(client, url: str, runs: int) -> tuple[float, float, int]:  # type: ignore[no-untyped-def]
    from django.db import connections

    assert client.get(url).status_code == 200  # warm up
    seen: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        seen.append(sql)
        return execute(sql, params, many, context)

    with connections["default"].execute_wrapper(count):
        client.get(url)
    samples, cpu = [], []
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
        assert response.status_code == 200
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    CPU[:] = [statistics.median(cpu)]
    return statistics.median(samples), p95, len(seen)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=25)
    parser.add_argument("--notes", type=int, default=300)
    parser.add_argument("--reuse", action="store_true", help="Time the last build again.")
    args = parser.parse_args()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    db_path = BENCH_DIR / "child_page_history.sqlite3"
    reuse = args.reuse and db_path.exists()
    if not reuse:
        db_path.unlink(missing_ok=True)
    _django(db_path)
    import time_machine
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    # Keep one connection across requests (as a server with persistent connections does), so
    # the query count is read from one log.
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    started = time.perf_counter()
    if reuse:
        from hearth.accounts.models import User
        from hearth.people.models import Person

        worker = User.objects.get(username="bench.sw3")
        child = Person.objects.get(first_name="History", last_name="Bench")
        empty = Person.objects.get(first_name="New", last_name="Bench")
    else:
        worker, child, empty = _build(args.notes)
    print(f"Built the five-year history in {time.perf_counter() - started:.1f} s")
    from hearth.assessments.models import CINEpisode
    from hearth.casework.models import CaseNote, ChronologyEntry
    from hearth.child_protection.models import Conference, CoreGroupMeeting, CPPlan

    print(
        f"  {CINEpisode.objects.filter(child=child).count()} episodes, "
        f"{CPPlan.objects.filter(child=child).count()} CP plans, "
        f"{Conference.objects.filter(child=child).count()} conferences, "
        f"{CoreGroupMeeting.objects.filter(plan__child=child).count()} core groups, "
        f"{CaseNote.objects.filter(child=child).count()} case notes, "
        f"{ChronologyEntry.objects.filter(child=child).count()} chronology lines"
    )
    with time_machine.travel(TODAY, tick=True):
        client = Client()
        client.force_login(worker)
        base, base_p95, base_queries = _measure(client, f"/children/{empty.pk}/", args.runs)
        base_cpu = CPU[0]
        median, p95, queries = _measure(client, f"/children/{child.pk}/", args.runs)
        cpu = CPU[0]
    verdict = "OK" if median < 150 else "OVER TARGET"
    print(
        f"  child page, 5-year history   median {median:6.1f} ms  p95 {p95:6.1f} ms  "
        f"CPU {cpu:6.1f} ms  {queries} queries  target < 150 ms: {verdict} "
        f"(CPU {'OK' if cpu < 150 else 'OVER'})"
    )
    print(
        f"  child page, no history       median {base:6.1f} ms  p95 {base_p95:6.1f} ms  "
        f"CPU {base_cpu:6.1f} ms  {base_queries} queries (baseline)"
    )


if __name__ == "__main__":
    main()
