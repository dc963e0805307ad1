"""Per-request overhead and My work, in-process, on an existing demo borough. Not a test.

    DATABASE_URL=sqlite:////tmp/ro-50k.sqlite3 python bench/request_overhead.py [--runs 15]
        [--profile] [--page /my-work/] [--show-queries]

Signs in (force_login, a real session row) as the demo social worker with the largest current
caseload and requests My work, the person search and the account page (the layout and little
else) through Django's test client. Prints each page's median and p95 wall time, median CPU
time and query count, and the queries the account page makes (what every page pays before its
own work). Read-only apart from the session row and the audit entries the pages write.

Figures (26 November 2026, shared machine: CPU and query counts mean more than wall time):
- SQLite, the 50,000-child demo (/tmp/demo-50k.sqlite3 migrated), a worker with 35 children,
  load 6.1 to 8.2: My work 51 -> 40 queries, median CPU 182 -> 129 ms (session-start commit
  34f4364 against 910ef47 with the child page engineer's due-item gates in the tree).
- PostgreSQL, `demo --children 2000 --seed 7`, a worker with 33 children, load 6.6 to 8.7:
  My work 76 -> 69 queries, median CPU 239 -> 140 ms, wall 560 -> 243 ms.
- Every page's own overhead is 3 statements: the session, the user, the session's renewed
  expiry (an UPDATE, SESSION_SAVE_EVERY_REQUEST); the menu no longer reverses 16 URLs a page.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PAGES = {
    "my work": "/my-work/",
    "search": "/people/search/?q=Smith",
    "account": "/accounts/",
}


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ["DEBUG"] = "false"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _worker():  # type: ignore[no-untyped-def]
    from django.db.models import Count, Q
    from django.utils import timezone

    from hearth.accounts.models import User

    today = timezone.localdate()
    current = Q(allocations__start_date__lte=today) & (
        Q(allocations__end_date__isnull=True) | Q(allocations__end_date__gt=today)
    )
    return (
        User.objects.filter(role="social_worker", is_active=True)
        .annotate(caseload=Count("allocations", filter=current))
        .order_by("-caseload", "pk")
        .first()
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--profile", action="store_true", help="cProfile My work (top 30)")
    parser.add_argument("--profile-filter", default="", help="only functions matching this")
    parser.add_argument("--page", default=None, help="profile this path instead of My work")
    parser.add_argument("--show-queries", action="store_true", help="print every page's SQL")
    parser.add_argument("--slow", type=float, default=0, help="print in full SQL over this many ms")
    args = parser.parse_args()
    _django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    user = _worker()
    if user is None:
        print("No social worker in this database: build a demo borough first.")
        return 1
    client = Client()
    client.force_login(user)
    print(f"as {user.username} ({user.caseload} children allocated), {args.runs} runs each")
    for label, path in PAGES.items():
        response = client.get(path)  # warm: templates, URL resolver, connection
        if response.status_code != 200:
            print(f"{label}: {path} answered {response.status_code}")
            return 1
        walls, cpus = [], []
        for _ in range(args.runs):
            wall, cpu = time.perf_counter(), time.process_time()
            client.get(path)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        walls.sort()
        p95 = walls[min(len(walls) - 1, round(0.95 * (len(walls) - 1)))]
        print(
            f"{label:8} {path:28} median {statistics.median(walls) * 1000:6.1f} ms"
            f"  p95 {p95 * 1000:6.1f} ms  CPU {statistics.median(cpus) * 1000:6.1f} ms"
            f"  {len(queries)} queries"
        )
        if args.show_queries or label == "account":
            for query in queries.captured_queries:
                print(f"    {query['time']:>6}s {query['sql'][:160]}")
        for query in queries.captured_queries:
            if args.slow and float(query["time"]) * 1000 > args.slow:
                print(f"  slow {query['time']}s {query['sql']}")
    if args.profile or args.page:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(5):
            client.get(args.page or PAGES["my work"])
        profiler.disable()
        stats = pstats.Stats(profiler).sort_stats("cumulative")
        stats.print_stats(args.profile_filter, 40)
    return 0


if __name__ == "__main__":
    sys.exit(main())
