"""What `hearth returns ssda903 --year YYYY --out DIR` does (the returns command dispatches
here, so the shared command file keeps one line per subcommand)."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from django.core.management.base import OutputWrapper

from hearth.returns.ssda903 import tables as t
from hearth.returns.ssda903.extract import Return903, ssda903_extract
from hearth.returns.ssda903.render import write_folder


def generate(year: int, out: Path, stdout: OutputWrapper | TextIO) -> Return903:
    """Extract the return for the collection ending 31 March `year`, write one CSV per
    table into `out`, and print what was written."""
    result = ssda903_extract(year)
    write_folder(result, out)
    stdout.write(f"SSDA903 {t.collection_label(year)}: {result.children} children -> {out}\n")
    for name, count in result.counts().items():
        stdout.write(f"  {t.FILENAMES[name]:<30} {name:<15} {count:>6} rows\n")
    return result
