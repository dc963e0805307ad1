"""Indicators benchmark: the performance dashboard on the demo borough, as a senior leader
(borough scope) and a team manager (their team) see it, cold (no stored figures: computed and
stored on the request) and warm (stored figures within their freshness, as the scheduled
`hearth indicators refresh --trends` leaves them), every figure for one collection year, each
indicator alone, a figure's page with its 24-month trend, and the refresh itself. Prints median
and p95 wall-clock and CPU milliseconds and the number of queries. Not a test.

    python bench/indicators.py [--db /tmp/hearth-bench-indicators.sqlite3] [--children 300]
                               [--seed 7] [--runs 15] [--cold-runs 3] [--as-of 2026-03-31]
                               [--each] [--warm-only] [--skip-trend-refresh]

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


def _time(
    fn: Callable[[], object], runs: int, before: Callable[[], object] | None = None
) -> tuple[float, float, float, float, int]:
    """`before` runs ahead of each timed run, untimed (clearing stored figures for a cold run);
    without it one untimed run warms first."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if before is None:
        fn()  # warm
    walls, cpus = [], []
    queries = 0
    for _ in range(runs):
        if before is not None:
            before()
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
    parser.add_argument("--cold-runs", dest="cold_runs", type=int, default=3)
    parser.add_argument("--each", action="store_true", help="Also time each indicator alone")
    parser.add_argument(
        "--warm-only", action="store_true", help="Skip the cold cases and the selector"
    )
    parser.add_argument(
        "--skip-trend-refresh",
        action="store_true",
        help="Reuse month ends stored by an earlier run (within their freshness)",
    )
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
    from hearth.indicators import cache, trends
    from hearth.indicators.base import Period
    from hearth.indicators.library import INDICATORS
    from hearth.indicators.models import StoredFigure
    from hearth.indicators.scope import borough_scope, scopes_for
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

    borough = borough_scope()
    team = scopes_for(manager)[0]
    figure_page = f"cla_visits_in_time/children/?scope=borough&{when}"

    def clear(*scopes: object) -> Callable[[], object]:
        keys = [s.key for s in scopes]  # type: ignore[attr-defined]
        return lambda: StoredFigure.objects.filter(scope_key__in=keys, as_of=as_of).delete()

    def clear_all() -> object:
        return StoredFigure.objects.filter(scope_key=borough.key).delete()

    # (name, timed call, untimed set-up before each run or None, runs)
    cases: list[tuple[str, Callable[[], object], Callable[[], object] | None, int]] = [
        (
            "every figure, borough (selector, nothing stored)",
            lambda: indicator_figures(period=period),
            None,
            args.cold_runs,
        ),
        (
            "dashboard, senior leader, borough: COLD",
            page(leader_client, f"?scope=borough&{when}"),
            clear(borough),
            args.cold_runs,
        ),
        (
            f"dashboard, team manager, {team.name}: COLD",
            page(manager_client, f"?{when}"),
            clear(team),
            args.cold_runs,
        ),
        (
            "figure page + 24-month trend, cla_visits_in_time: COLD",
            page(leader_client, figure_page),
            clear_all,
            1,
        ),
    ]
    warm: list[tuple[str, Callable[[], object], Callable[[], object] | None, int]] = [
        (
            "dashboard, senior leader, borough (+24-month trends): WARM",
            page(leader_client, f"?scope=borough&{when}"),
            None,
            args.runs,
        ),
        (
            f"dashboard, team manager, {team.name}: WARM",
            page(manager_client, f"?{when}"),
            None,
            args.runs,
        ),
        (
            "figure page + 24-month trend, cla_visits_in_time: WARM",
            page(leader_client, figure_page),
            None,
            args.runs,
        ),
        (
            "export CSV, borough: WARM",
            page(leader_client, f"export.csv?scope=borough&{when}"),
            None,
            args.runs,
        ),
        (
            "inspection readiness (now and a year before; not stored)",
            page(leader_client, f"inspection/?{when}"),
            None,
            args.cold_runs,
        ),
    ]
    if args.each:
        for indicator in INDICATORS:
            warm.append(
                (
                    f"  {indicator.id}",
                    lambda i=indicator: indicator_figure(indicator=i, period=period),  # type: ignore[misc]
                    None,
                    args.cold_runs,
                )
            )
    children = Person.objects.children().count()
    print(f"Indicators on {db_path} ({children:,} children in the database, seed {args.seed}), ")
    print(f"period {period.start} to {period.end}, {args.runs} runs each; load {os.getloadavg()}")
    header = f"{'case':62} {'wall med':>9} {'wall p95':>9} {'cpu med':>8} {'cpu p95':>8} queries"
    print(header)

    def report(name: str, fn: Callable[[], object], before: object, runs: int) -> None:
        wall, wall95, cpu, cpu95, queries = _time(fn, runs, before)  # type: ignore[arg-type]
        print(
            f"{name:62} {wall:8.1f}ms {wall95:8.1f}ms {cpu:7.1f}ms {cpu95:7.1f}ms {queries:7}",
            flush=True,
        )

    for name, fn, before, runs in [] if args.warm_only else cases:
        report(name, fn, before, runs)
    # What the schedule does: today's figures every N minutes, the month ends once a night.
    w0, c0 = time.perf_counter(), time.process_time()
    stored = cache.refresh(scopes=[borough, team], as_of=as_of)
    print(
        f"{'refresh: borough + ' + team.name + ' (' + str(stored) + ' figures)':62} "
        f"{(time.perf_counter() - w0) * 1000:8.1f}ms {'':9} "
        f"{(time.process_time() - c0) * 1000:7.1f}ms",
        flush=True,
    )
    if not args.skip_trend_refresh:
        w0, c0 = time.perf_counter(), time.process_time()
        stored = cache.refresh(scopes=[borough], as_of=as_of, months=trends.month_ends(as_of))
        print(
            f"{'refresh --trends: borough, 24 month ends (' + str(stored) + ' figures)':62} "
            f"{(time.perf_counter() - w0) * 1000:8.1f}ms {'':9} "
            f"{(time.process_time() - c0) * 1000:7.1f}ms",
            flush=True,
        )
    for name, fn, before, runs in warm:
        report(name, fn, before, runs)
    print(f"load {os.getloadavg()}")


if __name__ == "__main__":
    main()
