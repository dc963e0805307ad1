"""`hearth oversight snapshot-caseloads [--month YYYY-MM]` records each worker's caseload for
the month (run by cron on the first of each month; rerunning replaces that month)."""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from hearth.oversight.services import caseloads_snapshot


class Command(BaseCommand):
    help = "Oversight jobs."

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True, title="subcommands")
        snapshot = subcommands.add_parser(
            "snapshot-caseloads", help="Record each worker's caseload for a month."
        )
        snapshot.add_argument("--month", help="YYYY-MM; the current month when left out.")

    def handle(self, *args: Any, **options: Any) -> None:
        month = timezone.localdate().replace(day=1)
        if options.get("month"):
            try:
                year, number = (int(p) for p in options["month"].split("-"))
                month = date(year, number, 1)
            except ValueError as exc:
                raise CommandError("--month must look like 2026-11") from exc
        count = caseloads_snapshot(month=month)
        self.stdout.write(f"Recorded caseloads for {count} workers in {month:%B %Y}.")
