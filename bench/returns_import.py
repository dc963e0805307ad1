"""Import benchmark: a CIN census of N children into an empty database, then the same file
again (idempotent: nothing changes). Not a test.

    python bench/returns_import.py --children 10000

The file is the clean two-child sample (a child through assessment, section 47 enquiry,
conference, CP plan with a review and CIN plan; a referral with no further action) repeated
under new LA child IDs, rendered by Hearth's own CIN census writer. The database is a fresh
SQLite file under var/bench/. This is the CIN census alone: the pair of returns (CIN census
and SSDA903 together, children matched by ID) is bench/returns_import_pair.py.
"""

from __future__ import annotations

import argparse
import copy
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--children", type=int, default=10000)
    args = ap.parse_args()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    db = BENCH_DIR / f"returns-import-{args.children}.sqlite3"
    db.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ["DEBUG"] = "false"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from hearth.child_protection.models import ICPC_WORKING_DAYS
    from hearth.returns.cin_census.render import render_bytes
    from hearth.returns.cin_census.samples import clean_census
    from hearth.returns.importers.cin import cin_import
    from hearth.timescales.calendar import add_working_days

    call_command("migrate", verbosity=0)
    census = clean_census()
    base = census.children
    for s47 in base[0].episodes[0].section47s:
        s47.icpc_target = add_working_days(s47.start, ICPC_WORKING_DAYS)  # type: ignore[arg-type]
    census.children = []
    for i in range(args.children):
        child = copy.deepcopy(base[i % 2])
        child.la_child_id = f"B{i:07d}"
        child.position = i + 1
        census.children.append(child)
    path = BENCH_DIR / f"cin-import-{args.children}.xml"
    path.write_bytes(render_bytes(census))
    print(f"CIN census of {args.children} children ({path.stat().st_size / 1024 / 1024:.1f} MB)")
    for label in ("import into an empty database", "import again (nothing changes)"):
        started, cpu = time.perf_counter(), time.process_time()
        done = cin_import(path=path)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        created = sum(done.report.created.values())
        print(f"  {label:<36} {seconds:7.2f} s (CPU {cpu:.2f} s), {created} records created")
    print(f"  load average: {os.getloadavg()}")


if __name__ == "__main__":
    main()
