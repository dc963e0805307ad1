"""Fault drills: crash things on purpose and check that nothing is half-written, that the user
is told, and that no acknowledged write is lost. Prints its figures; not a test.

    python bench/fault_drills/run.py                  # all three drills
    python bench/fault_drills/run.py --drill import   # or save, or postgres
    make fault-drills

1. import:   `hearth returns import --cin FILE` is SIGKILLed while its transaction is writing
             (seen in pg_stat_activity). Afterwards: no imported row and an intact audit chain;
             the same import run again completes.
2. save:     gunicorn (master and workers) is SIGKILLed while practitioners are recording
             visits. Every visit acknowledged (302) must be in the database; every visit in the
             database must have its audit entry (nothing half-written); requests cut off must
             have failed at the client (the user is told: no success page was sent).
3. postgres: PostgreSQL is restarted (fast shutdown) while practitioners work. The application
             must recover by itself (gunicorn is not touched), failed requests are counted as
             failures, and no acknowledged write is lost.

Each drill runs against a throwaway PostgreSQL (scripts/with_postgres.py's server) with a
small demo borough. Exit 1 if any drill fails its checks.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "load"))

from harness import PYTHON, ROOT, Gunicorn, Postgres, env, manage, say  # noqa: E402

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def django_eval(database_url: str, code: str) -> Any:
    """Run `code` (which sets `result`) in a Django process against the database; JSON back."""
    script = (
        "import json, django; django.setup()\n" + code + "\nprint(json.dumps(result, default=str))"
    )
    done = subprocess.run(
        [PYTHON, "-c", script],
        cwd=ROOT,
        env=env(database_url),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- Drill 1: kill an import mid-transaction ---------------------------------------------------

CENSUS = """
import copy
from hearth.returns.cin_census.render import render_bytes
from hearth.returns.cin_census.samples import clean_census
from hearth.child_protection.models import ICPC_WORKING_DAYS
from hearth.timescales.calendar import add_working_days
census = clean_census()
base = census.children
for episode in base[0].episodes:
    for s47 in episode.section47s:
        s47.icpc_target = add_working_days(s47.start, ICPC_WORKING_DAYS)
census.children = []
for i in range({n}):
    child = copy.deepcopy(base[i % len(base)])
    child.la_child_id = f"D{{i:06d}}"
    child.position = i + 1
    census.children.append(child)
open({path!r}, "wb").write(render_bytes(census))
result = len(census.children)
"""

COUNTS = """
from hearth.people.models import Person
from hearth.assessments.models import CINEpisode
from hearth.core.audit import verify_chain
from hearth.core.models import AuditEntry
result = {
    "people": Person.objects.filter(la_child_id__startswith="D").count(),
    "episodes": CINEpisode.objects.filter(child__la_child_id__startswith="D").count(),
    "import_audit_entries": AuditEntry.objects.filter(object_type="returns.import").count(),
    "chain_ok": verify_chain().ok,
}
"""


def _writing_backends(database_url: str) -> int:
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE backend_xid IS NOT NULL "
            "AND pid <> pg_backend_pid()"
        ).fetchone()
    return int(row[0]) if row else 0


def drill_import(pg: Postgres, children: int) -> bool:
    say(f"DRILL import: a CIN census of {children} children, killed while writing")
    manage(pg.url, "migrate", "--verbosity", "0")
    path = Path(tempfile.mkdtemp(prefix="hearth-drill-")) / "cin.xml"
    django_eval(pg.url, CENSUS.format(n=children, path=str(path)))
    command = [PYTHON, "manage.py", "returns", "import", "--cin", str(path)]
    started = time.monotonic()
    process = subprocess.Popen(
        command, cwd=ROOT, env=env(pg.url), stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    writing_at = None
    while process.poll() is None and time.monotonic() - started < 600:
        if _writing_backends(pg.url):
            writing_at = time.monotonic() - started
            time.sleep(0.3)  # well inside the write
            break
        time.sleep(0.05)
    if process.poll() is not None:
        say("the import finished before it could be killed: use more --children")
        return False
    process.send_signal(signal.SIGKILL)
    process.wait()
    killed_at = time.monotonic() - started
    after = django_eval(pg.url, COUNTS)
    rerun_started = time.monotonic()
    rerun = subprocess.run(command, cwd=ROOT, env=env(pg.url), capture_output=True, text=True)
    rerun_seconds = time.monotonic() - rerun_started
    final = django_eval(pg.url, COUNTS)
    shutil.rmtree(path.parent, ignore_errors=True)
    ok = (
        after["people"] == 0
        and after["episodes"] == 0
        and after["import_audit_entries"] == 0
        and after["chain_ok"]
        and rerun.returncode == 0
        and final["people"] == children
        and final["chain_ok"]
    )
    print(
        f"  import began writing at {writing_at:.1f} s, SIGKILLed at {killed_at:.1f} s\n"
        f"  after the kill: {after['people']} people, {after['episodes']} episodes, "
        f"{after['import_audit_entries']} import audit entries, audit chain "
        f"{'intact' if after['chain_ok'] else 'BROKEN'}\n"
        f"  the same import again: exit {rerun.returncode} in {rerun_seconds:.1f} s, "
        f"{final['people']} people, audit chain {'intact' if final['chain_ok'] else 'BROKEN'}\n"
        f"  RESULT: {'passed' if ok else 'FAILED'}"
    )
    return ok


# --- Practitioners for drills 2 and 3 ----------------------------------------------------------


@dataclass
class Tally:
    acknowledged: list[str] = field(default_factory=list)
    failed: int = 0
    ok_reads: int = 0
    timeline: list[tuple[float, bool]] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, at: float, ok: bool, error: str = "") -> None:
        with self.lock:
            self.timeline.append((at, ok))
            if not ok:
                self.failed += 1
                self.errors[error] = self.errors.get(error, 0) + 1


def _request(port: int, method: str, path: str, me: dict[str, Any], body: str = "") -> Any:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Cookie": f"sessionid={me['session']}; csrftoken={me['csrf']}"}
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        conn.request(method, path, body=body or None, headers=headers)
        response = conn.getresponse()
        return response.status, response.read().decode(errors="replace")
    finally:
        conn.close()


def practitioner(
    port_of: Any, me: dict[str, Any], tally: Tally, stop: threading.Event, t0: float, tag: str
) -> None:
    n = 0
    while not stop.is_set():
        child = random.choice(me["children"])
        at = time.monotonic() - t0
        try:
            if random.random() < 0.5:
                status, _ = _request(port_of(), "GET", f"/children/{child}/", me)
                ok = status == 200
                tally.record(at, ok, f"HTTP {status}")
            else:
                n += 1
                subject = f"{tag} {me['username']} {n} {random.randrange(10**9)}"
                today = date.today()
                body = urlencode(
                    {
                        "csrfmiddlewaretoken": me["csrf"],
                        "note_type": "home_visit",
                        "contact_date-day": today.day,
                        "contact_date-month": today.month,
                        "contact_date-year": today.year,
                        "subject": subject,
                        "who_was_seen": "The child",
                        "child_seen": "on",
                        "body": "Drill visit. " * 20,
                        "finalise": "1",
                    }
                )
                status, _ = _request(
                    port_of(), "POST", f"/children/{child}/case-notes/new/", me, body
                )
                ok = status == 302
                if ok:
                    with tally.lock:
                        tally.acknowledged.append(subject)
                tally.record(at, ok, f"HTTP {status}")
        except (OSError, http.client.HTTPException) as exc:
            tally.record(at, False, type(exc).__name__)
            time.sleep(0.2)


WRITES = """
from hearth.casework.models import CaseNote
from hearth.core.models import AuditEntry
from hearth.core.audit import verify_chain
acknowledged = set({acknowledged!r})
notes = dict(CaseNote.objects.filter(subject__startswith={tag!r}).values_list("subject", "pk"))
audited = set(AuditEntry.objects.filter(
    object_type="casework.casenote", object_id__in=[str(pk) for pk in notes.values()]
).values_list("object_id", flat=True))
result = {{
    "acknowledged": len(acknowledged),
    "acknowledged_missing": len(acknowledged - set(notes)),
    "in_database": len(notes),
    "saved_but_not_acknowledged": len(set(notes) - acknowledged),
    "without_audit_entry": sum(1 for pk in notes.values() if str(pk) not in audited),
    "chain_ok": verify_chain().ok,
}}
"""


def _prepare_borough(pg: Postgres, children: int, users: int) -> list[dict[str, Any]]:
    manage(pg.url, "migrate", "--verbosity", "0")
    say(f"demo borough: {children} children")
    manage(pg.url, "demo", "--children", str(children), "--seed", "7", "--reset")
    plan = Path(tempfile.mkdtemp(prefix="hearth-drill-")) / "plan.json"
    subprocess.run(
        [PYTHON, str(ROOT / "bench" / "load" / "prepare.py"), "plan", "--users", str(users),
         "--out", str(plan)],
        cwd=ROOT, env=env(pg.url), check=True, capture_output=True,
    )  # fmt: skip
    people = list(json.loads(plan.read_text())["practitioners"])
    shutil.rmtree(plan.parent, ignore_errors=True)
    return people


def _run_practitioners(
    people: list[dict[str, Any]], port_of: Any, seconds: float, tag: str, during: Any
) -> Tally:
    tally, stop = Tally(), threading.Event()
    t0 = time.monotonic()
    threads = [
        threading.Thread(target=practitioner, args=(port_of, me, tally, stop, t0, tag), daemon=True)
        for me in people
    ]
    for thread in threads:
        thread.start()
    during(t0)
    # Keep working for the rest of the drill, and at least 10 s after the fault is over, so
    # recovery is seen even on a slow machine.
    time.sleep(max(seconds - (time.monotonic() - t0), 10.0))
    stop.set()
    for thread in threads:
        thread.join(timeout=40)
    return tally


def drill_save(pg: Postgres, people: list[dict[str, Any]], seconds: float) -> bool:
    say(f"DRILL save: gunicorn SIGKILLed while {len(people)} practitioners record visits")
    server = Gunicorn(pg.url, workers=2, threads=4)
    server.start()
    state: dict[str, Any] = {"port": server.port}
    events: dict[str, float] = {}

    def crash_and_restart(t0: float) -> None:
        time.sleep(seconds / 3)
        events["killed"] = time.monotonic() - t0
        server.kill()
        time.sleep(2)  # the server is down: practitioners' requests fail
        server.start()
        events["restarted"] = time.monotonic() - t0

    try:
        tally = _run_practitioners(
            people, lambda: state["port"], seconds, "DrillSave", crash_and_restart
        )
    finally:
        server.stop()
    result = django_eval(pg.url, WRITES.format(acknowledged=tally.acknowledged, tag="DrillSave"))
    return _verdict(tally, result, events, "killed", "restarted")


def drill_postgres(pg: Postgres, people: list[dict[str, Any]], seconds: float) -> bool:
    say(f"DRILL postgres: PostgreSQL restarted while {len(people)} practitioners work")
    server = Gunicorn(pg.url, workers=2, threads=4)
    server.start()
    events: dict[str, float] = {}

    def restart_database(t0: float) -> None:
        time.sleep(seconds / 3)
        events["restart_began"] = time.monotonic() - t0
        pg.restart()
        events["restart_done"] = time.monotonic() - t0

    try:
        tally = _run_practitioners(
            people, lambda: server.port, seconds, "DrillPg", restart_database
        )
    finally:
        server.stop()
    result = django_eval(pg.url, WRITES.format(acknowledged=tally.acknowledged, tag="DrillPg"))
    return _verdict(tally, result, events, "restart_began", "restart_done")


def _verdict(
    tally: Tally, result: dict[str, Any], events: dict[str, float], down: str, up: str
) -> bool:
    after = sorted((t, ok) for t, ok in tally.timeline if t >= events[up])
    first_ok = next((t for t, ok in after if ok), None)
    failures_after_recovery = sum(1 for t, ok in after if not ok and first_ok and t > first_ok + 1)
    recovered = first_ok is not None
    errors = ", ".join(f"{k} x{v}" for k, v in sorted(tally.errors.items())) or "none"
    back = f"{first_ok - events[up]:.1f} s" if first_ok is not None else "never"
    chain = "intact" if result["chain_ok"] else "BROKEN"
    print(f"  {down} at {events[down]:.1f} s, {up} at {events[up]:.1f} s")
    print(f"  requests {len(tally.timeline)}, failed {tally.failed} ({errors})")
    print(
        f"  first success after {up}: {back} later; failures after that: {failures_after_recovery}"
    )
    print(
        f"  visits acknowledged {result['acknowledged']}, missing "
        f"{result['acknowledged_missing']}; in the database {result['in_database']} "
        f"({result['saved_but_not_acknowledged']} saved but cut off before the answer); "
        f"without their audit entry {result['without_audit_entry']}; audit chain {chain}"
    )
    ok = (
        recovered
        and result["acknowledged_missing"] == 0
        and result["without_audit_entry"] == 0
        and result["chain_ok"]
        and failures_after_recovery == 0
    )
    print(f"  RESULT: {'passed' if ok else 'FAILED'}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--drill", choices=["import", "save", "postgres", "all"], default="all")
    parser.add_argument("--import-children", type=int, default=3000)
    parser.add_argument("--children", type=int, default=300, help="demo borough for 2 and 3")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    results: dict[str, bool] = {}
    if args.drill in ("import", "all"):
        pg = Postgres()
        try:
            results["import"] = drill_import(pg, args.import_children)
        finally:
            pg.stop()
    if args.drill in ("save", "postgres", "all"):
        pg = Postgres()
        try:
            people = _prepare_borough(pg, args.children, args.users)
            if args.drill in ("save", "all"):
                results["save"] = drill_save(pg, people, args.seconds)
            if args.drill in ("postgres", "all"):
                results["postgres"] = drill_postgres(pg, people, args.seconds)
        finally:
            pg.stop()
    load = os.getloadavg()
    print(
        f"\nmachine load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} on "
        f"{os.cpu_count()} CPUs; drills: "
        + ", ".join(f"{k} {'passed' if v else 'FAILED'}" for k, v in results.items())
    )
    return 0 if all(results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
