"""`hearth backup --out FILE`: a consistent copy of the database and a manifest of its rows."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hearth.core.audit import verify_chain
from hearth.core.backup import BackupError, backup_database, manifest_path


class Command(BaseCommand):
    help = "Back up the database (SQLite online backup or pg_dump) with a row-count manifest."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--database", default="default", help="The database alias.")
        parser.add_argument("--out", type=Path, required=True, help="The backup file to write.")

    def handle(self, *args: Any, **options: Any) -> None:
        chain = verify_chain(using=options["database"])
        if not chain.ok:
            # A backup of a broken chain would pass the damage on silently.
            raise CommandError(f"Not backed up: {chain.message()}", returncode=1)
        try:
            manifest = backup_database(out=options["out"], using=options["database"])
        except BackupError as error:
            raise CommandError(str(error), returncode=1) from error
        rows = sum(manifest.tables.values())
        self.stdout.write(
            f"Backed up {len(manifest.tables)} tables ({rows} rows, {manifest.vendor}) to "
            f"{options['out']}; manifest {manifest_path(options['out'])}."
        )
