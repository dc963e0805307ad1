"""Oversight overdue benchmark: the service-wide "management oversight overdue" list for
10,000 open (allocated) children, as a senior leader sees it (target < 300 ms), against the
same page for one team of 500 children (baseline, same run). Prints the selector alone and the
whole rendered page. Not a test.

    python bench/oversight.py [--children 10000] [--teams 20] [--runs 15] [--reuse]

Builds a fresh SQLite file under var/bench/ with synthetic users and children; about half of
the children have recent oversight, the rest are overdue.
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


def _build(children: int, teams: int):  # type: ignore[no-untyped-def]
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.contrib.auth.hashers import make_password

    from hearth.accounts.models import Role, Service, ServiceKind, Team, User
    from hearth.casework.models import Allocation
    from hearth.oversight.models import OversightEntry
    from hearth.people.models import Person

    hashed = make_password("x")  # once: hashing per user would dominate the build
    service = Service.objects.create(name="Bench service", kind=ServiceKind.SAFEGUARDING)
    team_rows = []
    workers = []
    for t in range(teams):
        manager = User.objects.create(
            username=f"bench.tm{t}", password=hashed, role=Role.TEAM_MANAGER
        )
        team = Team.objects.create(name=f"Bench team {t:02d}", service=service, manager=manager)
        team_rows.append(team)
        workers.extend(
            User.objects.bulk_create(
                User(
                    username=f"bench.sw{t}.{w}",
                    password=hashed,
                    role=Role.SOCIAL_WORKER,
                    team=team,
                )
                for w in range(25)
            )
        )
    leader = User.objects.create(username="bench.dcs", password=hashed, role=Role.SENIOR_LEADER)
    people = Person.objects.bulk_create(
        Person(
            first_name=f"Child{n}", last_name="Bench", is_child=True, date_of_birth=date(2012, 1, 1)
        )
        for n in range(children)
    )
    Allocation.objects.bulk_create(
        Allocation(
            child=p,
            team_id=workers[n % len(workers)].team_id,
            worker=workers[n % len(workers)],
            start_date=date(2025, 6, 1) + timedelta(days=n % 200),
        )
        for n, p in enumerate(people)
    )
    # Two entries each for every other child: one old, one recent.
    entries = []
    for n, p in enumerate(people):
        if n % 2:
            continue
        for days_ago in (120, 10 + n % 20):
            entries.append(
                OversightEntry(
                    child=p,
                    occasion="review",
                    occurred_on=TODAY - timedelta(days=days_ago),
                    direction="Carry on with the plan",
                    no_new_actions=True,
                    no_actions_reason="On track",
                    recorded_by=team_rows[0].manager,
                )
            )
    OversightEntry.objects.bulk_create(entries, batch_size=2000)
    return leader, team_rows[0]


CPU: list[float] = []  # CPU-time median of the last _time() call


def _time(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median and max wall-clock ms; the CPU-time median (this process only, so much less
    affected by other work on a shared machine) is left in CPU[0]."""
    fn()  # warm up
    samples, cpu = [], []
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    CPU[:] = [statistics.median(cpu)]
    return statistics.median(samples), max(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=10_000)
    parser.add_argument("--teams", type=int, default=20)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--reuse", action="store_true", help="Time the last build again.")
    args = parser.parse_args()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    db_path = BENCH_DIR / "oversight.sqlite3"
    reuse = args.reuse and db_path.exists()
    if not reuse:
        db_path.unlink(missing_ok=True)
    _django(db_path)
    import time_machine
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    started = time.perf_counter()
    if reuse:
        from hearth.accounts.models import Team, User

        leader = User.objects.get(username="bench.dcs")
        team = Team.objects.order_by("name").first()
    else:
        leader, team = _build(args.children, args.teams)
    took = time.perf_counter() - started
    print(f"Built {args.children} children in {args.teams} teams in {took:.1f} s")
    from hearth.oversight.selectors import oversight_overdue_by_team

    with time_machine.travel(TODAY, tick=True):
        overdue = sum(len(t.rows) for t in oversight_overdue_by_team(TODAY))
        print(f"Oversight overdue for {overdue} of {args.children} children ({args.runs} runs)")
        client = Client()
        client.force_login(leader)

        def page(url: str) -> Callable[[], object]:
            def get() -> object:
                response = client.get(url)
                assert response.status_code == 200
                return response

            return get

        base, _ = _time(lambda: oversight_overdue_by_team(TODAY, team_ids=[team.pk]), args.runs)
        median, worst = _time(lambda: oversight_overdue_by_team(TODAY), args.runs)
        print(
            f"  selector, service-wide        median {median:7.1f} ms  max {worst:7.1f} ms  "
            f"CPU {CPU[0]:7.1f} ms  (one team baseline {base:6.1f} ms)"
        )
        base, _ = _time(page(f"/oversight/teams/{team.pk}/"), args.runs)
        median, worst = _time(page("/oversight/overdue/"), args.runs)
        verdict = "OK" if median < 300 else "OVER TARGET"
        print(
            f"  page /oversight/overdue/      median {median:7.1f} ms  max {worst:7.1f} ms  "
            f"CPU {CPU[0]:7.1f} ms  (team page baseline {base:6.1f} ms)  target < 300 ms: "
            f"{verdict} (CPU {'OK' if CPU[0] < 300 else 'OVER'})"
        )


if __name__ == "__main__":
    main()
