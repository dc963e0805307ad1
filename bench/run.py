"""Hearth benchmarks: build the demo borough at several sizes, then time the worktray and a
child's page with the largest borough loaded. Prints its figures; not a test.

    python bench/run.py                      # 3,000 and 50,000 children
    python bench/run.py --quick              # 300 and 3,000 children
    python bench/run.py --sizes 3000,10000 --renders 50

Each build runs in its own child process on a fresh SQLite file under var/bench/, so time and
peak memory (the child's maximum resident set size, from getrusage) are the build's own. The
renders run in another child process through Django's test client: a few warm-up requests,
then N timed ones, reporting the median and 95th percentile and the queries one render makes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
BUILD_TARGET_SECONDS = {3000: 60.0}
RENDER_TARGET_MS = 150.0
SEED = 2026


def _django(db_path: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ["DEBUG"] = "false"  # no query log, as in production
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


# --- child processes ----------------------------------------------------------------------


def child_build(size: int, db_path: Path) -> dict[str, Any]:
    _django(db_path)
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrated = time.perf_counter() - started
    rss_before = _peak_rss_mb()

    from django.utils import timezone

    from hearth.demo.generator import build

    started, cpu_started = time.perf_counter(), time.process_time()
    result = build(children_count=size, seed=SEED, today=timezone.localdate())
    seconds = time.perf_counter() - started
    return {
        "size": size,
        "seconds": seconds,
        "cpu_seconds": time.process_time() - cpu_started,
        "migrate_seconds": migrated,
        "peak_rss_mb": _peak_rss_mb(),
        "rss_before_build_mb": rss_before,
        "counts": result.counts,
        "db_mb": db_path.stat().st_size / (1024 * 1024),
    }


def _timed_renders(client: Any, url: str, warmup: int, renders: int) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    timings, cpu = [], []
    for _ in range(renders):
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return {
        "url": url,
        "median_ms": statistics.median(timings),
        "median_cpu_ms": statistics.median(cpu),
        "p95_ms": p95,
        "queries": len(queries),
        "bytes": len(response.content),
    }


def child_render(db_path: Path, warmup: int, renders: int) -> dict[str, Any]:
    _django(db_path)
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from hearth.accounts.models import User
    from hearth.casework.models import Allocation
    from hearth.people.models import Person

    worker = User.objects.get(username="social.worker")
    today = timezone.localdate()
    child_ids = Allocation.objects.current(today).filter(worker=worker).values("child_id")
    child = (
        Person.objects.filter(pk__in=child_ids)
        .annotate(network=Count("relationships"))
        .order_by("-network", "pk")
        .first()
    )
    assert child is not None, "social.worker has no children"
    client = Client()
    client.force_login(worker)
    return {
        "children": Person.objects.children().count(),
        "worktray": _timed_renders(client, reverse("casework:my_work"), warmup, renders),
        "child_page": _timed_renders(
            client, reverse("casework:child_detail", args=[child.pk]), warmup, renders
        ),
        "child_network": child.network,
    }


# --- parent -------------------------------------------------------------------------------


def _run_child(args: list[str]) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), *args]
    completed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        sys.stderr.write(completed.stdout + completed.stderr)
        raise SystemExit(f"benchmark step failed: {' '.join(args)}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def _verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="3000,50000", help="comma-separated child counts")
    parser.add_argument("--quick", action="store_true", help="small sizes (300 and 3,000)")
    parser.add_argument("--renders", type=int, default=30, help="timed renders per page")
    parser.add_argument("--warmup", type=int, default=5, help="untimed renders first")
    parser.add_argument("--child", choices=["build", "render"], help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()

    if options.child == "build":
        print(json.dumps(child_build(options.size, options.db)))
        return
    if options.child == "render":
        print(json.dumps(child_render(options.db, options.warmup, options.renders)))
        return

    sizes = [300, 3000] if options.quick else [int(s) for s in options.sizes.split(",") if s]
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    print(
        f"Hearth benchmarks, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; Python "
        f"{platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs; SQLite; "
        f"seed {SEED}"
    )
    print()
    print("Build the demo borough (fresh SQLite file each; migrate not included)")
    header = (
        f"{'children':>9} {'seconds':>8} {'CPU s':>7} {'peak RSS MB':>12} {'case notes':>11} "
        f"{'rows':>10}"
    )
    print(f"{header}  target")
    builds = []
    for size in sizes:
        db_path = BENCH_DIR / f"demo-{size}.sqlite3"
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        result = _run_child(["--child", "build", "--size", str(size), "--db", str(db_path)])
        builds.append((size, db_path, result))
        counts = result["counts"]
        rows = sum(v for k, v in counts.items() if k not in ("draft_case_notes",))
        target = BUILD_TARGET_SECONDS.get(size)
        verdict = f"< {target:.0f} s {_verdict(result['seconds'] < target)}" if target else ""
        print(
            f"{size:>9,} {result['seconds']:>8.1f} {result['cpu_seconds']:>7.1f} "
            f"{result['peak_rss_mb']:>12.0f} "
            f"{counts.get('case_notes', 0):>11,} {rows:>10,}  {verdict}",
            flush=True,
        )

    # The largest borough is the figure; the smallest is the baseline in the same run.
    smallest, largest = min(builds, key=lambda b: b[0]), max(builds, key=lambda b: b[0])
    renders = []
    for size, db_path, _ in [smallest, largest] if smallest is not largest else [largest]:
        render = _run_child(
            [
                "--child",
                "render",
                "--db",
                str(db_path),
                "--warmup",
                str(options.warmup),
                "--renders",
                str(options.renders),
            ]
        )
        renders.append((size, render))
    print()
    print(
        "Page renders signed in as social.worker (Django test client; "
        f"{options.warmup} warm-up, {options.renders} timed; target is for the largest borough)"
    )
    print(
        f"{'page':<28} {'children':>9} {'median ms':>10} {'p95 ms':>8} {'CPU ms':>7} "
        f"{'queries':>8}  target"
    )
    for label, key in (("worktray (casework:my_work)", "worktray"), ("child's page", "child_page")):
        for size, render in renders:
            page = render[key]
            target = ""
            if size == largest[0]:
                ok = page["p95_ms"] < RENDER_TARGET_MS
                target = f"< {RENDER_TARGET_MS:.0f} ms {_verdict(ok)}"
            print(
                f"{label:<28} {render['children']:>9,} {page['median_ms']:>10.1f} "
                f"{page['p95_ms']:>8.1f} {page['median_cpu_ms']:>7.1f} {page['queries']:>8}"
                f"  {target}"
            )
    network = renders[-1][1]["child_network"]
    print(f"(child's page: the social worker's child with the largest network, {network} links)")
    print(
        "seconds and ms are wall-clock; CPU is this process's own CPU time (median per render), "
        "which shows how much of the wall-clock time was waiting for a busy machine."
    )
    print(f"load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
