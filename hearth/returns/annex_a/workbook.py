"""Write the Annex A lists as one xlsx workbook: a contents sheet, then one sheet per list
with the template's column names in the first row (openpyxl, write-only: ADR 0007)."""

from __future__ import annotations

from datetime import date
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from hearth.returns.annex_a.columns import LISTS
from hearth.returns.annex_a.labels import labelled

DATE_FORMAT = "DD/MM/YYYY"


def write_workbook(
    lists: dict[int, list[dict[str, Any]]], stream: IO[bytes], *, as_of: date, la_code: str
) -> None:
    """Write `lists` (rows per list number) to `stream` as xlsx."""
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    contents = book.create_sheet("Contents")
    contents.append([f"Ofsted Annex A child-level lists to {as_of:%d/%m/%Y}, LA {la_code}"])
    contents.append(["List", "Sheet", "Rows", "What it covers"])
    for spec in LISTS:
        contents.append([spec.number, spec.sheet, len(lists.get(spec.number, [])), spec.period])
    for spec in LISTS:
        sheet = book.create_sheet(spec.sheet)
        header = []
        for name in spec.columns:
            cell = WriteOnlyCell(sheet, value=name)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in lists.get(spec.number, []):
            values: list[Any] = []
            for value in labelled(row, spec.columns):
                if isinstance(value, date):
                    cell = WriteOnlyCell(sheet, value=value)
                    cell.number_format = DATE_FORMAT
                    values.append(cell)
                else:
                    # A blank is no cell at all (openpyxl skips None), but for the last column,
                    # so every row reads back as long as the header.
                    values.append(None if value == "" else value)
            if values and values[-1] is None:
                values[-1] = ""
            sheet.append(values)
    book.save(stream)


def read_workbook(path: Any) -> dict[str, list[list[Any]]]:
    """Every sheet's rows (header first), dates as dates: for tests and checks."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    sheets: dict[str, list[list[Any]]] = {}
    for sheet in book.worksheets:
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(
                [
                    value.date() if hasattr(value, "date") and callable(value.date) else value
                    for value in row
                ]
            )
        sheets[sheet.title] = rows
    book.close()
    return sheets
