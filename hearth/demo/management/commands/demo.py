"""`hearth demo`: build the synthetic London borough of Hearthside."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from hearth.demo.generator import build
from hearth.demo.generator.build import DEFAULT_CHILDREN, DEFAULT_PASSWORD, DEFAULT_SEED
from hearth.demo.generator.reset import wipe
from hearth.people.models import Person


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError("Enter the reference date as YYYY-MM-DD, like 2026-04-01") from error


class Command(BaseCommand):
    help = "Build the synthetic demo borough (deterministic for a seed and reference date)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--children", type=int, default=DEFAULT_CHILDREN)
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument("--today", type=_date, default=None, help="Reference date YYYY-MM-DD")
        parser.add_argument("--password", default=DEFAULT_PASSWORD)
        parser.add_argument("--reset", action="store_true", help="Wipe the demo data first")
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if anyone is already recorded"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["children"] < 1:
            raise CommandError("Enter a number of children of 1 or more")
        if options["if_empty"] and Person.objects.exists():
            self.stdout.write("The database already holds people; the demo borough was not built.")
            return
        if options["reset"]:
            removed = wipe()
            self.stdout.write(
                f"Removed the previous demo data ({removed.get('people.person', 0)} people)."
            )
        elif Person.objects.exists():
            raise CommandError(
                "The database already holds people. Use --reset to replace them with the demo "
                "borough, or --if-empty to leave them."
            )
        today = options["today"] or timezone.localdate()
        verbose = options["verbosity"] > 1
        result = build(
            children_count=options["children"],
            seed=options["seed"],
            today=today,
            password=options["password"],
            log=self.stdout.write if verbose else None,
        )
        counts = result.counts
        self.stdout.write(
            self.style.SUCCESS(
                f"Built Hearthside: {counts.get('children', 0)} children, "
                f"{counts.get('adults', 0)} adults, {counts.get('users', 0)} staff, "
                f"{counts.get('case_notes', 0)} case notes, {counts.get('contacts', 0)} contacts, "
                f"{counts.get('cin_episodes', 0)} CIN episodes in {result.seconds:.1f} s "
                f"(seed {result.seed}, reference date {result.today:%Y-%m-%d})."
            )
        )
        if counts.get("pathway_demos_failed"):
            self.stderr.write(
                f"{counts['pathway_demos_failed']} pathway demo(s) failed and were skipped; "
                "run with -v 2 to see which."
            )
