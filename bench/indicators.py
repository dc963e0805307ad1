"""Indicators benchmark: the performance dashboard on the demo borough, as a senior leader
(borough scope) and a team manager (their team) see it, every figure for one collection year,
each indicator alone, and a figure's page with its 24-month trend. Prints median and p95
wall-clock and CPU milliseconds and the number of queries. Not a test.

    python bench/indicators.py [--db /tmp/hearth-bench-indicators.sqlite3] [--children 300]
                               [--seed 7] [--runs 15] [--as-of 2026-03-31] [--each]

Builds the demo borough (`hearth demo --children N --seed S --reset`) into the database file
when it does not exist yet, and reuses it otherwise. For 50,000 children, point --db at a copy
of the returns benchmark's borough (bench/returns_all.py --children 50000 builds it, with
bulk-written care histories) and migrate the copy first.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _django(db_path: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ["DEBUG"] = "false"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _time(fn: Callable[[], object], runs: int) -> tuple[float, float, float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fn()  # warm
    walls, cpus = [], []
    queries = 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            w0, c0 = time.perf_counter(), time.process_time()
            fn()
            walls.append((time.perf_counter() - w0) * 1000)
            cpus.append((time.process_time() - c0) * 1000)
        queries = len(ctx.captured_queries)
    p95 = lambda xs: sorted(xs)[max(0, int(round(0.95 * len(xs))) - 1)]  # noqa: E731
    return statistics.median(walls), p95(walls), statistics.median(cpus), p95(cpus), queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default="/tmp/hearth-bench-indicators.sqlite3")
    parser.add_argument("--children", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--as-of", dest="as_of", default=None, help="YYYY-MM-DD (default today)")
    parser.add_argument("--each", action="store_true", help="Also time each indicator alone")
    args = parser.parse_args()
    db_path = Path(args.db)
    fresh = not db_path.exists()
    _django(db_path)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if fresh:
        call_command("demo", children=args.children, seed=args.seed, reset=True)

    from datetime import date

    from django.test import Client
    from django.utils import timezone

    from hearth.accounts.models import User
    from hearth.indicators.base import Period
    from hearth.indicators.library import INDICATORS
    from hearth.indicators.selectors import indicator_figure, indicator_figures
    from hearth.people.models import Person

    leader = User.objects.get(username="senior.leader")
    manager = User.objects.get(username="team.manager")
    leader_client, manager_client = Client(), Client()
    leader_client.force_login(leader)
    manager_client.force_login(manager)
    as_of = date.fromisoformat(args.as_of) if args.as_of else timezone.localdate()
    period = Period.year_to_date(as_of)
    when = f"as_of-day={as_of.day}&as_of-month={as_of.month}&as_of-year={as_of.year}"

    def page(client: Client, query: str) -> Callable[[], object]:
        def get() -> object:
            response = client.get(f"/indicators/{query}")
            assert response.status_code == 200, response.status_code
            return response

        return get

    cases: list[tuple[str, Callable[[], object]]] = [
        ("every figure, borough (selector)", lambda: indicator_figures(period=period)),
        ("dashboard, senior leader, borough", page(leader_client, f"?scope=borough&{when}")),
        ("dashboard, team manager, own team", page(manager_client, f"?{when}")),
        (
            "figure page + 24-month trend, cla_visits_in_time",
            page(leader_client, f"cla_visits_in_time/children/?scope=borough&{when}"),
        ),
        (
            "inspection readiness (now and a year before)",
            page(leader_client, f"inspection/?{when}"),
        ),
    ]
    if args.each:
        for indicator in INDICATORS:
            cases.append(
                (
                    f"  {indicator.id}",
                    lambda i=indicator: indicator_figure(indicator=i, period=period),  # type: ignore[misc]
                )
            )
    children = Person.objects.children().count()
    print(f"Indicators on {db_path} ({children:,} children in the database, seed {args.seed}), ")
    print(f"period {period.start} to {period.end}, {args.runs} runs each; load {os.getloadavg()}")
    print(f"{'case':52} {'wall med':>9} {'wall p95':>9} {'cpu med':>8} {'cpu p95':>8} queries")
    for name, fn in cases:
        wall, wall95, cpu, cpu95, queries = _time(fn, args.runs)
        print(f"{name:52} {wall:8.1f}ms {wall95:8.1f}ms {cpu:7.1f}ms {cpu95:7.1f}ms {queries:7}")


if __name__ == "__main__":
    main()
