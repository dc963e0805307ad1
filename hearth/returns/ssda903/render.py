"""Write an SSDA903 return as the DfE's CSV files: one per table, the exact column names as
the header line, dates dd/mm/YYYY, blanks for missing values. Either into a folder or as a
zip whose bytes depend only on the content (fixed entry dates), so equal returns have equal
checksums."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from hearth.returns.ssda903 import tables as t
from hearth.returns.ssda903.extract import Return903

ZIP_DATE = (2000, 1, 1, 0, 0, 0)


def cell(value: Any) -> str:
    """One CSV cell in the DfE's format."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def table_csv(name: str, rows: list[dict[str, Any]]) -> str:
    """The CSV text of one table (header line, then one line per row, CRLF endings)."""
    columns = t.COLUMNS[name]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell(row.get(column)) for column in columns])
    return out.getvalue()


def write_folder(result: Return903, folder: Path) -> list[Path]:
    """Write every table of the return into `folder` (created if missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in result.tables.items():
        path = folder / t.FILENAMES[name]
        path.write_text(table_csv(name, rows), encoding="utf-8", newline="")
        written.append(path)
    return written


def write_zip(result: Return903, stream: IO[bytes]) -> None:
    """Write every table of the return as one zip archive."""
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, rows in result.tables.items():
            info = zipfile.ZipInfo(t.FILENAMES[name], date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, table_csv(name, rows).encode("utf-8"))
