"""Load test: 100 practitioners on gunicorn + PostgreSQL, loopback only. Prints its figures.

    python bench/load/run.py                         # the issue's run: 50,000 children, 10 min
    python bench/load/run.py --children 2000 --minutes 1 --users 100     # a short run
    make load-test [LOAD_ARGS="--children 2000 --minutes 1"]

Steps: a throwaway PostgreSQL (or DATABASE_URL if it is PostgreSQL) -> migrate -> the demo
borough (`demo --children N --seed 7`) -> the plan (bench/load/prepare.py: practitioners
signed in, their children, a draft assessment each) -> gunicorn on 127.0.0.1 -> locust
headless (bench/load/locustfile.py) -> every acknowledged write checked in the database.

Pass/fail against the issue's targets: p95 under 300 ms across all requests, no failed
requests, every acknowledged write present, the audit chain intact. Exit 1 if any is missed.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import PYTHON, ROOT, VENV_BIN, Gunicorn, Postgres, env, manage, say  # noqa: E402

P95_TARGET_MS = 300.0
OUT = ROOT / "var" / "load"


def build(database_url: str, children: int) -> float:
    started = time.monotonic()
    manage(database_url, "migrate", "--verbosity", "0")
    say(f"building the demo borough: {children} children (seed 7)")
    manage(database_url, "demo", "--children", str(children), "--seed", "7", "--reset")
    return time.monotonic() - started


def locust(
    url: str,
    plan: Path,
    writes: Path,
    users: int,
    minutes: float,
    database_url: str,
    think: str,
) -> Path:
    prefix = OUT / "locust"
    spawn_rate = max(1, users // 10)
    command = [
        str(VENV_BIN / "locust"),
        "-f", str(ROOT / "bench" / "load" / "locustfile.py"),
        "--headless", "--only-summary", "--loglevel", "WARNING",
        "--users", str(users), "--spawn-rate", str(spawn_rate),
        "--run-time", f"{int(minutes * 60)}s", "--stop-timeout", "10",
        "--host", url, "--csv", str(prefix),
    ]  # fmt: skip
    extra = {
        "HEARTH_LOAD_PLAN": str(plan),
        "HEARTH_LOAD_WRITES": str(writes),
        "HEARTH_LOAD_THINK": think,
    }
    result = subprocess.run(command, cwd=ROOT, env=env(database_url, **extra), check=False)
    if result.returncode not in (0, 1):  # locust exits 1 when any request failed
        raise SystemExit(f"locust failed ({result.returncode})")
    return Path(f"{prefix}_stats.csv")


def warm_up(url: str, plan: Path, rounds: int = 8) -> float:
    """A running server is warm: open each kind of page a few times first so that every
    gunicorn worker has imported its code and compiled its templates before the measurement."""
    started = time.perf_counter()
    practitioners = json.loads(plan.read_text())["practitioners"]
    for index in range(rounds):
        me = practitioners[index % len(practitioners)]
        child = me["children"][0]
        cookie = f"sessionid={me['session']}; csrftoken={me['csrf']}"
        for path in ("/my-work/", f"/children/{child}/", "/people/search/?q=Smith",
                     f"/children/{child}/case-notes/new/"):  # fmt: skip
            request = urllib.request.Request(url + path, headers={"Cookie": cookie})
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - loopback
                response.read()
    return time.perf_counter() - started


def report(stats_csv: Path) -> dict[str, float]:
    rows = list(csv.DictReader(stats_csv.open()))
    print()
    print(f"{'request':<24}{'count':>8}{'fails':>7}{'median':>9}{'p95':>8}{'p99':>8}{'max':>9}")
    total: dict[str, float] = {}
    for row in rows:
        name = row["Name"] if row["Name"] != "Aggregated" else "ALL REQUESTS"
        print(
            f"{name:<24}{row['Request Count']:>8}{row['Failure Count']:>7}"
            f"{float(row['Median Response Time']):>9.0f}{float(row['95%']):>8.0f}"
            f"{float(row['99%']):>8.0f}{float(row['Max Response Time']):>9.0f}"
        )
        if row["Name"] == "Aggregated":
            total = {
                "requests": float(row["Request Count"]),
                "failures": float(row["Failure Count"]),
                "p95": float(row["95%"]),
                "rps": float(row["Requests/s"]),
            }
    return total


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--children", type=int, default=50_000)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument(
        "--think",
        default="1-4",
        help="seconds each practitioner waits between requests, MIN-MAX (default 1-4)",
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument(
        "--reuse", action="store_true", help="DATABASE_URL already holds a demo borough"
    )
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    plan, writes = OUT / "plan.json", OUT / "writes.json"
    writes.unlink(missing_ok=True)
    pg = Postgres()
    try:
        return _run(args, pg, plan, writes)
    finally:
        pg.stop()


def _run(args: argparse.Namespace, pg: Postgres, plan: Path, writes: Path) -> int:
    server = Gunicorn(pg.url, workers=args.workers, threads=args.threads)
    try:
        if args.reuse:
            manage(pg.url, "migrate", "--verbosity", "0")
            say("reusing the demo borough already in DATABASE_URL")
        else:
            say(f"borough built in {build(pg.url, args.children):.0f} s")
        subprocess.run(
            [PYTHON, str(ROOT / "bench" / "load" / "prepare.py"), "plan",
             "--users", str(args.users), "--out", str(plan)],
            cwd=ROOT, env=env(pg.url), check=True,
        )  # fmt: skip
        server.start()
        say(f"warmed up in {warm_up(server.url, plan):.1f} s (each page kind opened 8 times)")
        say(f"gunicorn on {server.url} ({args.workers} workers x {args.threads} threads)")
        say(f"locust: {args.users} practitioners for {args.minutes:g} min")
        totals = report(
            locust(server.url, plan, writes, args.users, args.minutes, pg.url, args.think)
        )
    finally:
        server.stop()
    checked = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "load" / "prepare.py"), "check", "--writes", str(writes)],
        cwd=ROOT, env=env(pg.url), check=True, capture_output=True, text=True,
    )  # fmt: skip
    check = json.loads(checked.stdout.strip().splitlines()[-1])
    load = os.getloadavg()
    print()
    print(f"children {args.children}, practitioners {args.users} thinking {args.think} s, "
          f"{args.minutes:g} min, "
          f"gunicorn {args.workers}x{args.threads}, machine load average "
          f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} on {os.cpu_count()} CPUs")  # fmt: skip
    print(f"requests {totals.get('requests', 0):.0f} ({totals.get('rps', 0):.1f}/s), "
          f"failures {totals.get('failures', 0):.0f}, p95 {totals.get('p95', 0):.0f} ms "
          f"(target under {P95_TARGET_MS:.0f} ms)")  # fmt: skip
    print(f"writes: {check['visits_acknowledged']} visits acknowledged, "
          f"{check['visits_missing']} missing; {check['drafts_acknowledged']} draft saves on "
          f"{check['draft_assessments_checked']} assessments, "
          f"{check['drafts_missing_last_save']} missing their last save; "
          f"audit chain {'intact' if check['audit_chain_ok'] else 'BROKEN'}")  # fmt: skip
    met = (
        totals.get("p95", 1e9) < P95_TARGET_MS
        and totals.get("failures", 1) == 0
        and check["visits_missing"] == 0
        and check["drafts_missing_last_save"] == 0
        and check["audit_chain_ok"]
    )
    print("RESULT:", "all targets met" if met else "targets NOT met")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
