#!/usr/bin/env python3
"""`make conformance`: the CIN census and the SSDA903 of a demo borough, and both fault
corpora, checked by the DfE reference validators, in a throwaway SQLite database.

    scripts/conformance.py [--children 300] [--seed 7] [ARGS FOR `returns conformance`...]

Any other arguments (e.g. `--year 2025 --year 2026`) go to `hearth returns conformance`.
Exits with its exit code: 1 when a validator reports anything but a known defect.

The database's tables are made from the models, as the SQLite test run makes them (pytest's
`--no-migrations`), and then the forward steps of the data migrations run on them (the code
lists and other reference rows), as the root conftest.py does. Replaying every migration took
about 47 s of CPU, more than building the borough, and checks nothing the conformance run is
for: `make lint` checks that the models and the migrations agree, and the PostgreSQL test run
applies every migration. Everything runs in one process, so Django starts once.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


class _NoMigrations:
    """MIGRATION_MODULES saying that no app has migrations (what pytest-django's
    --no-migrations sets), so `migrate --run-syncdb` makes every table from its model."""

    def __contains__(self, app_label: str) -> bool:
        return True

    def __getitem__(self, app_label: str) -> None:
        return None


def build_schema() -> None:
    """Tables from the models, then every data migration's forward step, in app then file
    order, on the live models (hearth.core.data_migrations, as the SQLite test run does)."""
    from django.conf import settings
    from django.core.management import call_command

    from hearth.core.data_migrations import run_data_migrations

    with_migrations = settings.MIGRATION_MODULES
    settings.MIGRATION_MODULES = _NoMigrations()
    try:
        call_command("migrate", run_syncdb=True, verbosity=0)
    finally:
        settings.MIGRATION_MODULES = with_migrations
    run_data_migrations()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    options, conformance_args = parser.parse_known_args(argv)
    with tempfile.TemporaryDirectory(prefix="hearth-conformance-") as tmp:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/hearth.sqlite3"
        os.environ["HEARTH_DOCUMENT_ROOT"] = f"{tmp}/documents"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.core.management import call_command

        build_schema()
        call_command("demo", "--children", str(options.children), "--seed", str(options.seed))
        try:
            call_command(
                "returns",
                "conformance",
                "--pathway-demos",
                "--seed",
                str(options.seed),
                "--corpus",
                "--out",
                tmp,
                *conformance_args,
            )
        except SystemExit as stopped:
            return int(stopped.code or 0)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
