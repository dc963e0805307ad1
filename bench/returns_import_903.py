"""SSDA903 import benchmark: a return of N children into a database, then the same folder
again (idempotent: nothing changes). Not a test.

    python bench/returns_import_903.py --children 10000 [--database-url sqlite:////tmp/x.sqlite3]

The return is the clean six-child sample (ssda903/samples.py: looked after all year, adopted,
a care leaver with OC3, started care with a missing episode, UASC, a short break, and social
worker episodes) repeated under new child IDs. The database is a fresh SQLite file under
var/bench/ unless --database-url names a migrated one; the fresh file is a copy of an empty
migrated one kept there for the current migrations (migrating takes minutes on a busy
machine). The target (issue 9): a 10,000-child pair of returns in under 60 s; the pair (CIN
census and SSDA903 together) is bench/returns_import_pair.py.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"


def _migrations_key() -> str:
    """A digest of every migration file: a new migration means a new empty database."""
    digest = hashlib.sha256()
    for path in sorted(ROOT.glob("hearth/*/migrations/*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:12]


def fresh_sqlite(db: Path) -> Path:
    """Make `db` a copy of the empty migrated database kept for the current migrations (when
    there is none, of the newest one kept for older migrations: `migrate` then applies only
    the migrations added since). Returns where the empty database for the current migrations
    is kept, for `keep_empty` to fill after migrating."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    db.unlink(missing_ok=True)
    template = BENCH_DIR / f"empty-{_migrations_key()}.sqlite3"
    older = sorted(BENCH_DIR.glob("empty-*.sqlite3"), key=lambda p: p.stat().st_mtime)
    if template.exists():
        shutil.copyfile(template, db)
    elif older:
        shutil.copyfile(older[-1], db)
    return template


def keep_empty(db: Path, template: Path) -> None:
    """After `migrate`, keep the still-empty `db` as the template for the current migrations."""
    if template.exists():
        return
    from django.db import connection

    connection.close()
    for stale in BENCH_DIR.glob("empty-*.sqlite3"):
        stale.unlink()  # made for migrations that have changed since
    shutil.copyfile(db, template)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--children", type=int, default=10000)
    ap.add_argument("--database-url", default=None)
    args = ap.parse_args()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    template = None
    db = BENCH_DIR / f"returns-import-903-{args.children}.sqlite3"
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    else:
        template = fresh_sqlite(db)
        os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ["DEBUG"] = "false"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from hearth.returns.importers.ssda903 import ssda903_import
    from hearth.returns.ssda903 import samples

    call_command("migrate", verbosity=0)
    if template is not None:
        keep_empty(db, template)
    sample = samples.clean_sample()
    copies = -(-args.children // len(sample.this["Header"]))
    tables: dict[str, list[dict[str, str]]] = {}
    for n in range(copies):
        for name, rows in sample.this.items():
            for row in rows:
                tables.setdefault(name, []).append({**row, "CHILD": f"{row['CHILD']}N{n}"})
    folder = BENCH_DIR / f"ssda903-import-{args.children}"
    samples.write_tables(tables, folder)
    children = len(tables["Header"])
    print(f"SSDA903 of {children} children, {len(tables['Episodes'])} episodes -> {folder}")
    for label in ("first import", "the same folder again"):
        started, cpu = time.perf_counter(), time.process_time()
        done = ssda903_import(folder=folder, year=samples.YEAR)
        print(
            f"  {label:<24} {time.perf_counter() - started:8.1f} s  "
            f"(CPU {time.process_time() - cpu:.1f} s)"
            + ("  nothing changed" if done.report.nothing_changed else "")
        )


if __name__ == "__main__":
    main()
