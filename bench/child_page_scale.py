"""Child's page at scale: the page for demo children as their allocated social worker sees it,
in process (Django's test client), on an existing demo borough. Not a test.

    DATABASE_URL=sqlite:////tmp/cp-50k.sqlite3 python bench/child_page_scale.py \
        [--workers 5] [--children 4] [--runs 15] [--profile]

Takes the first `--workers` demo social workers with a caseload (by username, as the load
test's plan does), the first `--children` children each of them may open, and prints each
page's median wall and CPU time and its query count, then the median over all of them.
`--profile` prints a cProfile of one more request per child (cumulative time, top 40).
Reads only: nothing is written except the session and the audit entries a page view makes.
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


def _django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ["DEBUG"] = "false"
    import django

    django.setup()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--children", type=int, default=4)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    _django()
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from hearth.accounts.models import User
    from hearth.casework.models import Allocation
    from hearth.people.models import Person

    today = timezone.localdate()
    workers = (
        User.objects.filter(
            is_active=True, role="social_worker", allocations__end_date__isnull=True
        )
        .distinct()
        .order_by("username")[: args.workers]
    )
    walls, cpus, counts = [], [], []
    seen: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        seen.append(sql)
        return execute(sql, params, many, context)

    profile = cProfile.Profile() if args.profile else None
    print(f"{'child':>8} {'median ms':>10} {'cpu ms':>8} {'queries':>8}")
    for worker in workers:
        may_open = Person.objects.children().visible_to(worker).values("pk")
        children = list(
            Allocation.objects.current(today)
            .filter(worker=worker, child_id__in=may_open)
            .values_list("child_id", flat=True)
            .order_by("child_id")[: args.children]
        )
        client = Client()
        client.force_login(worker)
        for child_id in children:
            url = f"/children/{child_id}/"
            assert client.get(url).status_code == 200  # warm up
            seen.clear()
            with connection.execute_wrapper(count):
                client.get(url)
            wall, cpu = [], []
            for _ in range(args.runs):
                started, cpu_started = time.perf_counter(), time.process_time()
                response = client.get(url)
                wall.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - cpu_started) * 1000)
                assert response.status_code == 200
            if profile is not None:
                profile.enable()
                client.get(url)
                profile.disable()
            walls.append(statistics.median(wall))
            cpus.append(statistics.median(cpu))
            counts.append(len(seen))
            print(f"{child_id:>8} {walls[-1]:>10.1f} {cpus[-1]:>8.1f} {counts[-1]:>8}")
    print(
        f"Median over {len(walls)} children: {statistics.median(walls):.1f} ms wall, "
        f"{statistics.median(cpus):.1f} ms CPU, {statistics.median(counts):.0f} queries "
        f"(max {max(counts)}); database {connection.vendor}"
    )
    if profile is not None:
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)


if __name__ == "__main__":
    main()
