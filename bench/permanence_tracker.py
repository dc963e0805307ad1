"""Permanence tracker benchmark: the tracker page for 1,500 children looked after now, as a
senior leader sees it (target < 300 ms, a fixed number of queries). Prints the selector alone,
the whole rendered page and the number of queries. Not a test.

    python bench/permanence_tracker.py [--children 1500] [--runs 15] [--reuse]

Builds a fresh SQLite file under var/bench/ with synthetic children in care: each has a period
of care with two to four episodes, one to four reviews, a permanence plan for two in three,
life-story work for some and a brother or sister in care for one in five.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
TODAY = date(2026, 3, 10)


def _django(db_path: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ["DEBUG"] = "false"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _build(children: int):  # type: ignore[no-untyped-def]
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from hearth.accounts.models import Role, Service, ServiceKind, Team, User
    from hearth.casework.models import Allocation
    from hearth.children_in_care.models import (
        Episode,
        LifeStoryWork,
        PeriodOfCare,
        PermanencePlan,
        Review,
    )
    from hearth.people.models import Person, Relationship, RelationshipKind

    hashed = make_password("x")
    service = Service.objects.create(name="Bench service", kind=ServiceKind.SAFEGUARDING)
    manager = User.objects.create(username="bench.tm", password=hashed, role=Role.TEAM_MANAGER)
    team = Team.objects.create(name="Children in care", service=service, manager=manager)
    worker = User.objects.create(
        username="bench.sw", password=hashed, role=Role.SOCIAL_WORKER, team=team
    )
    leader = User.objects.create(username="bench.dcs", password=hashed, role=Role.SENIOR_LEADER)
    people = Person.objects.bulk_create(
        Person(
            first_name=f"Child{n}",
            last_name="Bench",
            is_child=True,
            date_of_birth=date(2010 + n % 14, 1 + n % 12, 1),
        )
        for n in range(children)
    )
    Allocation.objects.bulk_create(
        Allocation(child=p, team=team, worker=worker, start_date=date(2023, 1, 2)) for p in people
    )
    periods = PeriodOfCare.objects.bulk_create(
        PeriodOfCare(
            child=p,
            start_date=TODAY - timedelta(days=60 + (n * 7) % 1400),
            category_of_need="N1",
            decision_by=manager,
            decision_date=TODAY - timedelta(days=60 + (n * 7) % 1400),
            decision_reason="Bench",
        )
        for n, p in enumerate(people)
    )
    episodes, reviews, plans, stories, siblings = [], [], [], [], []
    for n, period in enumerate(periods):
        start = period.start_date
        moves = 2 + n % 3
        for m in range(moves):
            decom = start + timedelta(days=m * 20)
            last = m == moves - 1
            episodes.append(
                Episode(
                    period=period,
                    child_id=period.child_id,
                    decom=decom,
                    rne="S" if m == 0 else "P",
                    legal_status="E1" if n % 5 == 0 and m else "C2",
                    category_of_need="N1",
                    place="U4" if last and n % 3 == 0 else "U6",
                    place_provider="PR1",
                    dec=None if last else decom + timedelta(days=20),
                    rec="" if last else "X1",
                    placement_started_on=decom,
                )
            )
        for r in range(1 + n % 4):
            reviews.append(
                Review(
                    period=period,
                    child_id=period.child_id,
                    held_on=start + timedelta(days=25 + r * 90),
                    iro=manager,
                    attendance="Bench",
                    participation="PN1",
                    views_sought="met_iro",
                    child_views="Bench",
                    recorded_by=worker,
                )
            )
        if n % 3:
            plans.append(
                PermanencePlan(
                    period=period,
                    child_id=period.child_id,
                    agreed_on=start + timedelta(days=100),
                    plan="long_term_fostering" if n % 2 else "adoption",
                    contingency="return_home",
                    rationale="Bench",
                    recorded_by=worker,
                )
            )
        if n % 4 == 0:
            stories.append(
                LifeStoryWork(
                    child_id=period.child_id,
                    period=period,
                    updated_on=start + timedelta(days=120),
                    status="in_progress",
                    recorded_by=worker,
                )
            )
        if n % 5 == 0 and n + 1 < len(periods):
            siblings.append(
                Relationship(
                    child_id=period.child_id,
                    relative_id=periods[n + 1].child_id,
                    kind=RelationshipKind.SIBLING,
                )
            )
    Episode.objects.bulk_create(episodes, batch_size=2000)
    Review.objects.bulk_create(reviews, batch_size=2000)
    PermanencePlan.objects.bulk_create(plans, batch_size=2000)
    LifeStoryWork.objects.bulk_create(stories, batch_size=2000)
    Relationship.objects.bulk_create(siblings, batch_size=2000)
    return leader


def _time(fn: Callable[[], object], runs: int) -> tuple[float, float, float]:
    """Median and worst wall-clock ms, and median CPU ms of this process (SQLite runs in the
    process, so CPU time counts the queries too but not time spent waiting for a core on a
    loaded machine)."""
    fn()  # warm up
    samples, cpu = [], []
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    return statistics.median(samples), max(samples), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=1500)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--reuse", action="store_true", help="Time the last build again.")
    args = parser.parse_args()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    db_path = BENCH_DIR / "permanence_tracker.sqlite3"
    reuse = args.reuse and db_path.exists()
    if not reuse:
        db_path.unlink(missing_ok=True)
    _django(db_path)
    import time_machine
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    started = time.perf_counter()
    if reuse:
        from hearth.accounts.models import User

        leader = User.objects.get(username="bench.dcs")
    else:
        leader = _build(args.children)
    print(f"Built {args.children} children in care in {time.perf_counter() - started:.1f} s")
    from hearth.children_in_care.selectors import permanence_tracker

    with time_machine.travel(TODAY, tick=True):
        rows = permanence_tracker(leader, TODAY)
        flagged = sum(1 for r in rows if r.flags)
        print(f"Tracker: {len(rows)} children, {flagged} with a drift flag ({args.runs} runs)")
        with CaptureQueriesContext(connection) as selector_queries:
            permanence_tracker(leader, TODAY)
        median, worst, cpu = _time(lambda: permanence_tracker(leader, TODAY), args.runs)
        print(
            f"  selector  wall median {median:7.1f} ms  max {worst:7.1f} ms  "
            f"CPU median {cpu:7.1f} ms  ({len(selector_queries)} queries)"
        )
        client = Client()
        client.force_login(leader)

        def get() -> object:
            response = client.get("/children-in-care/permanence/")
            assert response.status_code == 200
            return response

        # Count the page's queries with an execute wrapper: the request cycle resets Django's
        # query log, so CaptureQueriesContext would see none.
        page_queries: list[str] = []

        def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
            page_queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            get()
        median, worst, cpu = _time(get, args.runs)
        verdict = "OK" if median < 300 else "OVER TARGET"
        print(
            f"  page      wall median {median:7.1f} ms  max {worst:7.1f} ms  "
            f"CPU median {cpu:7.1f} ms  ({len(page_queries)} queries)  "
            f"target < 300 ms (wall): {verdict}"
        )
        print(f"  load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
