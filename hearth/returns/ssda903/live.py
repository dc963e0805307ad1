"""The native SSDA903 rules over the live record: the return for a year (and the year before,
for the year-on-year rules) written to a scratch folder and read back exactly as the DfE would
read it. Used when a return is generated, by `hearth returns check` and the data quality page.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.conf import settings

from hearth.returns.ssda903.extract import Return903 as Extracted
from hearth.returns.ssda903.extract import ssda903_extract
from hearth.returns.ssda903.parse import Return903, parse
from hearth.returns.ssda903.render import write_folder
from hearth.returns.ssda903.validate import Failure, validate


def check_written(result: Extracted, previous: Extracted | None) -> tuple[Return903, list[Failure]]:
    """Write `result` (and last year's) as CSV, read it back and run every rule."""
    with tempfile.TemporaryDirectory(prefix="hearth-903-") as folder:
        this_year, last_year = Path(folder) / "this", Path(folder) / "last"
        write_folder(result, this_year)
        if previous is not None:
            write_folder(previous, last_year)
        parsed = parse(
            this_year,
            year=result.year,
            la_ons_code=str(settings.HEARTH["LA_ONS_CODE"]),
            previous=last_year if previous is not None else None,
        )
        return parsed, validate(parsed)


def live_check(year: int) -> tuple[Return903, list[Failure]]:
    """The record's SSDA903 for the collection ending 31 March `year`, checked with last
    year's."""
    previous = ssda903_extract(year - 1)
    return check_written(ssda903_extract(year), previous if previous.children else None)
