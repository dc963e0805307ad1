"""`hearth returns ...`: generate, validate and check statutory returns.

  hearth returns cin-census --year 2025 --out cin.xml
  hearth returns ssda903 --year 2026 --out DIR
  hearth returns validate cin-census FILE.xml
  hearth returns check --year 2025 [--return cin-census|ssda903|both]
  hearth returns annex-a --as-of 2026-11-26 --out annex-a.xlsx
  hearth returns import --cin cin-census.xml --ssda903 DIR

`validate` and `check` print each failing rule with its counts and locations and exit 1 when
there are errors (queries alone exit 0).
"""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hearth.returns.cin_census.extract import ExtractReport, census_extract
from hearth.returns.cin_census.parse import CensusFileError, parse
from hearth.returns.cin_census.render import render
from hearth.returns.cin_census.validate import Failure, summary, validate

MAX_LOCATIONS = 20


class Command(BaseCommand):
    help = "Generate, validate, check and import statutory returns (CIN census, SSDA903, Annex A)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        gen = sub.add_parser("cin-census", help="Write the CIN census XML")
        gen.add_argument("--year", type=int, required=True, help="Year the collection ends")
        gen.add_argument("--out", required=True, help="File to write")
        s903 = sub.add_parser("ssda903", help="Write the SSDA903 tables as CSV files")
        s903.add_argument("--year", type=int, required=True, help="Year the collection ends")
        s903.add_argument("--out", required=True, help="Folder to write the CSV files into")
        val = sub.add_parser("validate", help="Validate a return file from anywhere")
        val.add_argument("kind", choices=["cin-census", "ssda903"])
        val.add_argument("path", help="CIN census XML file, or folder of SSDA903 CSV files")
        val.add_argument("--all", action="store_true", help="Print every location")
        val.add_argument("--previous", help="SSDA903: folder of last year's CSV files")
        val.add_argument("--year", type=int, help="SSDA903: year the collection ends")
        val.add_argument("--la", help="SSDA903: ONS code of the responsible authority")
        chk = sub.add_parser("check", help="Validate the live record for a collection year")
        chk.add_argument("--year", type=int, required=True)
        chk.add_argument("--all", action="store_true", help="Print every location")
        chk.add_argument(
            "--return",
            dest="which",
            choices=["cin-census", "ssda903", "both"],
            default="both",
            help="Which return to check (default both)",
        )
        annex = sub.add_parser("annex-a", help="Write Ofsted Annex A (lists 1 to 11) as xlsx")
        annex.add_argument(
            "--as-of", required=True, type=date.fromisoformat, help="Inspection date YYYY-MM-DD"
        )
        annex.add_argument("--out", required=True, help="File to write (.xlsx)")
        imp = sub.add_parser(
            "import", help="Load legacy returns into Hearth (all or nothing, idempotent)"
        )
        imp.add_argument("--cin", help="CIN census XML file")
        imp.add_argument("--ssda903", help="Folder of SSDA903 CSV files (one collection year)")
        imp.add_argument(
            "--ssda903-previous", help="Folder of the year before's SSDA903 files (imported first)"
        )
        imp.add_argument(
            "--year", type=int, help="SSDA903: year the collection ends (default: from the dates)"
        )
        imp.add_argument("--user", help="Username of the person running the import (audit)")
        con = sub.add_parser(
            "conformance",
            help="Generate the CIN census and the SSDA903 and check them with the reference "
            "validators",
        )
        con.add_argument("--year", type=int, action="append", help="Year(s) the collection ends")
        con.add_argument("--out", required=True, help="Folder for the generated files")
        con.add_argument(
            "--pathway-demos",
            action="store_true",
            help="First add the assessment and child protection demo scenarios if no child "
            "has a CIN episode yet",
        )
        con.add_argument("--seed", type=int, default=7)
        con.add_argument(
            "--corpus",
            action="store_true",
            help="Also run both validators on the corpus of deliberate faults",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "cin-census":
            self._generate(options["year"], Path(options["out"]))
        elif action == "ssda903":
            from hearth.returns.ssda903.cli import generate

            generate(options["year"], Path(options["out"]), self.stdout)
        elif action == "validate" and options["kind"] == "ssda903":
            from hearth.returns.ssda903.validate import validate_folder

            if validate_folder(options, self.stdout.write):
                sys.exit(1)
        elif action == "validate":
            try:
                census = parse(options["path"])
            except CensusFileError as exc:
                raise CommandError(str(exc)) from exc
            self._report(validate(census), len(census.children), options["all"])
        elif action == "conformance":
            self._conformance(options)
        elif action == "import":
            from hearth.returns.importers.command import import_command

            import_command(options, self.stdout, self.stderr)
        elif action == "annex-a":
            from hearth.returns.annex_a.command import annex_a_command

            annex_a_command(options["as_of"], Path(options["out"]), self.stdout)
        elif action == "check":
            self._check(options)

    def _check(self, options: dict[str, Any]) -> None:
        """The live record against the DfE rules (scheduled nightly); exit 1 on errors."""
        errors = 0
        if options["which"] in ("cin-census", "both"):
            census = census_extract(options["year"])
            errors += self._report(
                validate(census), len(census.children), options["all"], exit_on_errors=False
            )
        if options["which"] in ("ssda903", "both"):
            from hearth.returns.ssda903.live import live_check
            from hearth.returns.ssda903.validate import print_report

            parsed, failures = live_check(options["year"])
            errors += print_report(parsed, failures, self.stdout.write, show_all=options["all"])
        if errors:
            sys.exit(1)

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

    def _conformance(self, options: dict[str, Any]) -> None:
        from hearth.returns.cin_census.conformance import KNOWN_DEFECTS, compare

        if options["pathway_demos"]:
            self._pathway_demos(options["seed"])
        today = date.today()
        years = options["year"] or [today.year if today.month >= 4 else today.year - 1]
        failed = False
        for year in years:
            path = Path(options["out"]) / f"cin-census-{year}.xml"
            self._generate(year, path)
            result = compare(path, year=year)
            self.stdout.write(f"Reference validator on {path.name}:")
            for code, count in sorted(result.reference.codes().items()):
                known = KNOWN_DEFECTS.get(code)
                note = f"  known defect: {known}" if known else ""
                self.stdout.write(f"  {code:>6} {count:>4} children{note}")
                failed = failed or not known
            if not result.reference.codes():
                self.stdout.write("  no errors and no queries")
            self._differences(result)
            failed = failed or bool(result.unexplained())
        from hearth.returns.ssda903.demo_conformance import check_demo

        failed = check_demo(years, Path(options["out"]), self.stdout) or failed
        if options["corpus"]:
            failed = self._corpus(Path(options["out"]) / "corpus") or failed
            from hearth.returns.ssda903.conformance import corpus_command

            corpus_903 = Path(options["out"]) / "corpus-903"
            failed = corpus_command(corpus_903, self.stdout.write) or failed
        if failed:
            self.stderr.write("Conformance FAILED: see the rules above")
            sys.exit(1)
        self.stdout.write("Conformance passed")

    def _corpus(self, folder: Path) -> bool:
        """Both validators on the deliberate faults; True when they disagree unexplained."""
        from hearth.returns.cin_census.conformance import corpus_compare

        disagree = False
        for path, result in corpus_compare(folder):
            self.stdout.write(
                f"Corpus {path.name}: the reference reports {len(result.reference.codes())} "
                f"rules, Hearth {len(result.native.codes())}"
            )
            self._differences(result)
            disagree = disagree or bool(result.unexplained())
        return disagree

    def _differences(self, result: Any) -> None:
        from hearth.returns.cin_census.conformance import KNOWN_DEFECTS

        for label, pairs in (
            ("only Hearth", result.only_native),
            ("only the reference", result.only_reference),
        ):
            by_code: dict[str, list[str]] = {}
            for child, code in sorted(pairs):
                by_code.setdefault(code, []).append(child)
            for code, kids in sorted(by_code.items()):
                known = " (known defect)" if code in KNOWN_DEFECTS else ""
                self.stdout.write(
                    f"  {label} reports {code}{known} for {len(kids)}: {', '.join(kids[:8])}"
                )

    def _pathway_demos(self, seed: int) -> None:
        from hearth.assessments.demo import assessments_demo
        from hearth.assessments.models import CINEpisode
        from hearth.child_protection.demo import child_protection_demo

        if CINEpisode.objects.exists():
            return
        assessments_demo(seed=seed)
        child_protection_demo(seed=seed)
        self.stdout.write(f"Added the pathway demos: {CINEpisode.objects.count()} CIN episodes")

    def _report(
        self, failures: list[Failure], children: int, show_all: bool, exit_on_errors: bool = True
    ) -> int:
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
        if errors and exit_on_errors:
            sys.exit(1)
        return errors
