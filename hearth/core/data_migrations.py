"""The forward steps of the data migrations, for databases whose tables come from the models.

The SQLite test run (pytest's --no-migrations) and `make conformance` make their tables
straight from the models, which skips replaying every migration; this then gives the database
what a migrated one has (the code lists, the improvement plan's areas). The PostgreSQL test run
applies the real migrations, so they are still tested on the production engine."""

import importlib
from pathlib import Path

from django.apps import apps
from django.db import connection
from django.db.migrations import RunPython


def run_data_migrations() -> None:
    """Every data migration's forward step, in app then file order, on the live models."""
    for config in apps.get_app_configs():
        folder = Path(config.path) / "migrations"
        if not config.name.startswith("hearth.") or not folder.is_dir():
            continue
        for path in sorted(folder.glob("[0-9]*.py")):
            module = importlib.import_module(f"{config.name}.migrations.{path.stem}")
            for operation in module.Migration.operations:
                if isinstance(operation, RunPython):
                    # The live registry stands in for the migration's historical models.
                    operation.code(apps, connection.schema_editor())  # type: ignore[arg-type]
