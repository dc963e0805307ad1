"""Pair import benchmark (issue 9): a CIN census and an SSDA903 return for N children, imported
together as `hearth returns import --cin FILE --ssda903 DIR` does (the census first, then the
SSDA903 finding its people by child ID), into an empty database; then the same pair again
(idempotent: nothing changes). Not a test.

    python bench/returns_import_pair.py [--children 10000] [--in-care 0.5] [--profile]
    python -m cProfile -s cumtime bench/returns_import_pair.py --once | head -80
    scripts/with_postgres.py .venv/bin/python bench/returns_import_pair.py

The children share IDs the way an authority's returns do (hearth/returns/importers/samples.py):
every child looked after is in the SSDA903 and, but the care leavers, in the CIN census too
under the same child ID, date of birth, sex, ethnicity and UPN; the rest are in the CIN census
only. `--in-care` is the share of the N children in the SSDA903: 0.5 by default, more than an
authority's (nearer a fifth), so the figure errs slow.

The database is a fresh SQLite file under var/bench/ (a copy of the empty migrated one
returns_import_903.py keeps), or the PostgreSQL database DATABASE_URL names (migrated first).
`--profile` prints the first import's profile (cProfile, by cumulative and own time); `--once` stops
after the first import.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"


def _database(args: argparse.Namespace) -> tuple[str, Path | None, Path | None]:
    """The database URL, and for a fresh SQLite file the file and its empty template."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from returns_import_903 import fresh_sqlite

    url = args.database_url or os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://", "pgsql://")):
        return url, None, None
    db = BENCH_DIR / f"returns-import-pair-{args.children}.sqlite3"
    template = fresh_sqlite(db)
    return f"sqlite:///{db}", db, template


def _rows() -> dict[str, int]:
    """Rows in every table of the database."""
    from django.db import connection

    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--children", type=int, default=10000)
    ap.add_argument("--in-care", type=float, default=0.5, help="share of children in the 903")
    ap.add_argument("--database-url", default=None)
    ap.add_argument("--profile", action="store_true", help="profile the first import")
    ap.add_argument("--once", action="store_true", help="only the first import")
    args = ap.parse_args()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    url, db, template = _database(args)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ["DEBUG"] = "false"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from hearth.returns.cin_census.render import render_bytes
    from hearth.returns.importers.cin import cin_import
    from hearth.returns.importers.samples import pair
    from hearth.returns.importers.ssda903 import ssda903_import
    from hearth.returns.ssda903 import samples

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if db is not None and template is not None:
        from returns_import_903 import keep_empty

        keep_empty(db, template)
    print(f"{connection.vendor}: migrated in {time.perf_counter() - started:.1f} s")

    made = pair(args.children, args.in_care)
    census, tables, in_both = made.census, made.ssda903, made.in_both
    vendor = connection.vendor
    folder = BENCH_DIR / f"pair-{vendor}-{args.children}" / "ssda903"
    for old in folder.glob("*.csv"):
        old.unlink()
    samples.write_tables(tables, folder)
    xml = folder.parent / "cin-census.xml"
    xml.write_bytes(render_bytes(census))
    looked_after = len(tables["Header"])
    print(
        f"{args.children} children: CIN census {len(census.children)} "
        f"({xml.stat().st_size / 1024 / 1024:.1f} MB), SSDA903 {looked_after} "
        f"({len(tables['Episodes'])} episodes), {in_both} in both -> {folder.parent}"
    )

    for run, label in enumerate(("first import (empty database)", "the same pair again")):
        before = _rows()
        profiler = None
        if args.profile and run == 0:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        wall, cpu = time.perf_counter(), time.process_time()
        cin = cin_import(path=xml)
        cin_wall, cin_cpu = time.perf_counter() - wall, time.process_time() - cpu
        with transaction.atomic():  # as the command does
            ssda903 = ssda903_import(folder=folder, year=samples.YEAR)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        if profiler is not None:
            profiler.disable()
        after = _rows()
        created = sum(after.values()) - sum(before.values())
        people = after.get("people_person", 0) - before.get("people_person", 0)
        unchanged = cin.report.nothing_changed and ssda903.report.nothing_changed
        print(
            f"  {label:<30} {wall:6.1f} s wall, {cpu:5.1f} s CPU "
            f"(CIN census {cin_wall:.1f} s / {cin_cpu:.1f} s CPU, "
            f"SSDA903 {wall - cin_wall:.1f} s / {cpu - cin_cpu:.1f} s CPU); "
            f"{people} children and {created} rows created"
            + ("; nothing changed" if unchanged else "")
        )
        if run == 0:
            for name, report in (("CIN census", cin.report), ("SSDA903", ssda903.report)):
                kinds = ", ".join(f"{k} {v}" for k, v in sorted(report.created.items()) if v)
                print(f"    {name}: {kinds}")
        if profiler is not None:
            import pstats

            stats = pstats.Stats(profiler)
            stats.sort_stats("cumulative").print_stats(45)
            stats.sort_stats("tottime").print_stats(25)
        if run == 1 and not unchanged:
            print("  The second import changed something: it should not", file=sys.stderr)
            sys.exit(1)
        if args.once:
            break
    print(f"  load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
