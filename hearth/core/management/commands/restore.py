"""`hearth restore FILE`: load a backup into a new, empty database and check it."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hearth.core.audit import verify_chain
from hearth.core.backup import BackupError, restore_database


class Command(BaseCommand):
    help = "Restore a backup made by `hearth backup` into an empty database, then verify it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--database", default="default", help="The database alias.")
        parser.add_argument("backup", type=Path, help="The backup file (its manifest beside it).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = restore_database(source=options["backup"], using=options["database"])
        except BackupError as error:
            raise CommandError(str(error), returncode=1) from error
        chain = verify_chain(using=options["database"])
        if not chain.ok:
            raise CommandError(f"Restored, but the audit chain does not verify: {chain.message()}")
        rows = sum(manifest.tables.values())
        self.stdout.write(
            f"Restored {len(manifest.tables)} tables ({rows} rows); every table matches the "
            f"manifest. {chain.message()}"
        )
