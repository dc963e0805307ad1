"""`hearth indicators show --as-of YYYY-MM-DD [--id ID] [--children]`: the dashboard's borough
figures on the console, computed by the same code."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from hearth.indicators import presenters
from hearth.indicators.base import Period
from hearth.indicators.library import INDICATORS, get
from hearth.indicators.selectors import indicator_figures


class Command(BaseCommand):
    help = "Print the indicators for the collection year up to a date (borough-wide)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        show = sub.add_parser("show", help="Print figures")
        show.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD (default today)")
        show.add_argument("--id", dest="indicator_id", help="One indicator only")
        show.add_argument(
            "--children", action="store_true", help="List the records behind the numerator"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = timezone.localdate()
        if options.get("as_of"):
            try:
                as_of = date.fromisoformat(options["as_of"])
            except ValueError as exc:
                raise CommandError("Enter the date as YYYY-MM-DD") from exc
        indicators = INDICATORS
        if options.get("indicator_id"):
            one = get(options["indicator_id"])
            if one is None:
                raise CommandError(f"No indicator {options['indicator_id']!r}")
            indicators = (one,)
        period = Period.year_to_date(as_of)
        for figure in indicator_figures(period=period, indicators=indicators):
            self.stdout.write(
                f"{figure.indicator.id}\t{presenters.value_text(figure)}\t"
                f"{figure.numerator}/{figure.denominator}\t{figure.rag.value}\t"
                f"target {presenters.target_text(figure)}\t{presenters.period_text(figure)}"
            )
            if options.get("children"):
                for row in figure.numerator_rows:
                    self.stdout.write(f"  {row.key}\tchild {row.child_id}\t{row.on}\t{row.detail}")
