"""`hearth indicators show [--year YYYY] [--as-of YYYY-MM-DD] [--id ID] [--children]
[--format text|json|csv]`: the dashboard's borough figures, computed by the same code.

`--year 2026` is the collection year 1 April 2025 to 31 March 2026 (snapshot measures as at
31 March, or as at `--as-of` when given with it); `--as-of` alone is the collection year up to
that date; neither is the year up to today.

`hearth indicators refresh [--as-of YYYY-MM-DD] [--scope KEY ...] [--trends]` recomputes the
stored figures the dashboard reads (hearth.indicators.cache): by default the borough's, each
service's and each team's as at today. Run it every HEARTH_INDICATOR_FRESHNESS_MINUTES (cron or
a systemd timer) so pages find figures warm; with `--trends` also each of the 24 month ends
behind the trends (once a night is enough: HEARTH_INDICATOR_TREND_FRESHNESS_MINUTES). It
deletes figures past their freshness."""

from __future__ import annotations

import csv
import json
import time
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from hearth.indicators import cache, presenters, trends
from hearth.indicators.base import Figure, Period
from hearth.indicators.library import INDICATORS, get
from hearth.indicators.selectors import indicator_figures


def _record(figure: Figure, children: bool) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": figure.indicator.id,
        "numerator": figure.numerator,
        "denominator": figure.denominator,
        "value": figure.value,
        "rag": figure.rag.value,
        "target": figure.indicator.target,
        "tolerance": figure.indicator.tolerance,
        "direction": figure.indicator.direction.value,
        "period_start": figure.period.start.isoformat(),
        "period_end": figure.period.end.isoformat(),
        "snapshot": figure.indicator.snapshot,
    }
    if children:
        record["children"] = [
            {"record": row.key, "child_id": row.child_id, "on": row.on.isoformat()}
            for row in figure.numerator_rows
        ]
    return record


class Command(BaseCommand):
    help = "Print the indicators for a collection year (borough-wide)."

    def run_from_argv(self, argv: list[str]) -> None:
        # `hearth indicators --year 2026 --format json` (the form) means `show`.
        if len(argv) < 3 or argv[2] not in ("show", "refresh", "-h", "--help"):
            argv = [*argv[:2], "show", *argv[2:]]
        super().run_from_argv(argv)

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        show = sub.add_parser("show", help="Print figures")
        show.add_argument("--year", type=int, help="Collection year ending 31 March YYYY")
        show.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD (default today)")
        show.add_argument("--id", dest="indicator_id", help="One indicator only")
        show.add_argument(
            "--children",
            nargs="?",
            const=True,
            default=False,
            metavar="ID",
            help="List the records behind the numerator (of indicator ID, or of --id)",
        )
        show.add_argument("--format", choices=["text", "json", "csv"], default="text")
        refresh = sub.add_parser("refresh", help="Recompute the stored figures pages read")
        refresh.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD (default today)")
        refresh.add_argument(
            "--scope",
            dest="scopes",
            action="append",
            help="borough, service:ID, team:ID or worker:ID (repeat; default the borough, "
            "every service and every team)",
        )
        refresh.add_argument(
            "--trends", action="store_true", help="Also the 24 month ends behind the trends"
        )

    def _period(self, options: dict[str, Any]) -> Period:
        as_of = None
        if options.get("as_of"):
            try:
                as_of = date.fromisoformat(options["as_of"])
            except ValueError as exc:
                raise CommandError("Enter the date as YYYY-MM-DD") from exc
        if options.get("year"):
            year_end = date(options["year"], 3, 31)
            return Period(start=date(options["year"] - 1, 4, 1), end=as_of or year_end)
        return Period.year_to_date(as_of or timezone.localdate())

    def _refresh(self, options: dict[str, Any]) -> None:
        as_of = self._period({"as_of": options.get("as_of")}).end
        wanted = options.get("scopes") or []
        known = {s.key: s for s in cache.refresh_scopes(wanted)}
        unknown = [key for key in wanted if key not in known]
        if unknown:
            raise CommandError(f"No scope {unknown[0]!r}")
        months = trends.month_ends(as_of) if options.get("trends") else None
        started = time.perf_counter()
        stored = cache.refresh(scopes=known.values(), as_of=as_of, months=months)
        self.stdout.write(
            f"Stored {stored} figures for {len(known)} scopes as at {as_of} "
            f"in {time.perf_counter() - started:.1f} s"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "refresh":
            self._refresh(options)
            return
        indicators = INDICATORS
        if isinstance(options.get("children"), str):  # --children ID
            options["indicator_id"] = options["children"]
        if options.get("indicator_id"):
            one = get(options["indicator_id"])
            if one is None:
                raise CommandError(f"No indicator {options['indicator_id']!r}")
            indicators = (one,)
        figures = indicator_figures(period=self._period(options), indicators=indicators)
        children = bool(options.get("children"))
        if options["format"] == "json":
            self.stdout.write(json.dumps([_record(f, children) for f in figures], indent=2))
            return
        if options["format"] == "csv":
            records = [_record(f, False) for f in figures]
            writer = csv.DictWriter(self.stdout, fieldnames=list(records[0]))
            writer.writeheader()
            writer.writerows(records)
            return
        for figure in figures:
            self.stdout.write(
                f"{figure.indicator.id}\t{presenters.value_text(figure)}\t"
                f"{figure.numerator}/{figure.denominator}\t{figure.rag.value}\t"
                f"target {presenters.target_text(figure)}\t{presenters.period_text(figure)}"
            )
            if children:
                for row in figure.numerator_rows:
                    self.stdout.write(f"  {row.key}\tchild {row.child_id}\t{row.on}\t{row.detail}")
