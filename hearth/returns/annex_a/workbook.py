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
SEALED_NOTE = (
    "Rows of sealed records: children whose pre-adoption record was sealed after an adoption "
    "order, listed under their pre-adoption Child Unique ID. Their case files are opened for "
    "inspectors by the council's sealed-record roles."
)


def write_workbook(
    lists: dict[int, list[dict[str, Any]]],
    stream: IO[bytes],
    *,
    as_of: date,
    la_code: str,
    sealed: dict[int, int] | None = None,
) -> None:
    """Write `lists` (rows per list number) to `stream` as xlsx; `sealed` is the number of
    each list's rows that are of a sealed pre-adoption record (the contents sheet says so)."""
    sealed = sealed or {}
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    contents = book.create_sheet("Contents")
    contents.append([f"Ofsted Annex A child-level lists to {as_of:%d/%m/%Y}, LA {la_code}"])
    contents.append(["List", "Sheet", "Rows", "What it covers", "Rows of sealed records"])
    for spec in LISTS:
        contents.append(
            [
                spec.number,
                spec.sheet,
                len(lists.get(spec.number, [])),
                spec.period,
                sealed.get(spec.number, 0),
            ]
        )
    contents.append([])
    contents.append([SEALED_NOTE])
    for spec in LISTS:
        sheet = book.create_sheet(spec.sheet)
        header = []
        for name in spec.columns:
            cell = WriteOnlyCell(sheet, value=name)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        # One date-formatted cell per column, reused row after row: a write-only sheet writes
        # each row as it is appended, and making and styling a new cell for every date was a
        # seventh of the workbook's time at 50,000 children.
        date_cells: dict[int, WriteOnlyCell] = {}
        for row in lists.get(spec.number, []):
            values: list[Any] = []
            for column, value in enumerate(labelled(row, spec.columns)):
                if isinstance(value, date):
                    cell = date_cells.get(column)
                    if cell is None:
                        cell = date_cells[column] = WriteOnlyCell(sheet)
                        cell.number_format = DATE_FORMAT
                    cell.value = value
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
