"""`hearth returns ...`: generate, validate and check statutory returns.

  hearth returns cin-census --year 2025 --out cin.xml
  hearth returns validate cin-census FILE.xml
  hearth returns check --year 2025

`validate` and `check` print each failing rule with its counts and locations and exit 1 when
there are errors (queries alone exit 0).
"""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hearth.returns.cin_census.extract import ExtractReport, census_extract
from hearth.returns.cin_census.parse import CensusFileError, parse
from hearth.returns.cin_census.render import render
from hearth.returns.cin_census.validate import Failure, summary, validate

MAX_LOCATIONS = 20


class Command(BaseCommand):
    help = "Generate, validate and check statutory returns (CIN census)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        gen = sub.add_parser("cin-census", help="Write the CIN census XML")
        gen.add_argument("--year", type=int, required=True, help="Year the collection ends")
        gen.add_argument("--out", required=True, help="File to write")
        val = sub.add_parser("validate", help="Validate a return file from anywhere")
        val.add_argument("kind", choices=["cin-census"])
        val.add_argument("path")
        val.add_argument("--all", action="store_true", help="Print every location")
        chk = sub.add_parser("check", help="Validate the live record for a collection year")
        chk.add_argument("--year", type=int, required=True)
        chk.add_argument("--all", action="store_true", help="Print every location")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "cin-census":
            self._generate(options["year"], Path(options["out"]))
        elif action == "validate":
            try:
                census = parse(options["path"])
            except CensusFileError as exc:
                raise CommandError(str(exc)) from exc
            self._report(validate(census), len(census.children), options["all"])
        elif action == "check":
            census = census_extract(options["year"])
            self._report(validate(census), len(census.children), options["all"])

    def _generate(self, year: int, out: Path) -> None:
        report = ExtractReport()
        census = census_extract(year, report=report)
        out.parent.mkdir(parents=True, exist_ok=True)
        with open(out, "wb") as stream:
            render(census, stream)
        self.stdout.write(
            f"CIN census {year - 1}-{str(year)[2:]}: {len(census.children)} children, "
            f"{sum(len(c.episodes) for c in census.children)} episodes -> {out}"
        )
        for module, count in sorted(report.orphans.items()):
            self.stderr.write(
                f"  {count} {module} rows left out: their episode is not in the return"
            )

    def _report(self, failures: list[Failure], children: int, show_all: bool) -> None:
        errors = sum(1 for f in failures if f.severity == "error")
        queries = len(failures) - errors
        self.stdout.write(f"{children} children: {errors} errors, {queries} queries")
        by_code: dict[str, list[Failure]] = {}
        for f in failures:
            by_code.setdefault(f.code, []).append(f)
        for rule, count, kids in summary(failures):
            kind = "error" if rule.severity == "error" else "query"
            self.stdout.write(
                f"{rule.code:>6} {kind:<5} {count:>5} ({kids} children)  {rule.message}"
            )
            shown = by_code[rule.code] if show_all else by_code[rule.code][:MAX_LOCATIONS]
            for f in shown:
                who = f.la_child_id or (f"child #{f.position}" if f.position else "return")
                self.stdout.write(f"         {who}: {f.location}")
            if len(shown) < count:
                self.stdout.write(f"         ... and {count - len(shown)} more (--all)")
        if errors:
            sys.exit(1)
