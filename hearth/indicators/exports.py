"""Figures as CSV, JSON and XLSX (the dashboard's export and the self-evaluation workbook),
from the same records the command prints."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from hearth.indicators import benchmarks
from hearth.indicators.base import Figure
from hearth.indicators.inspection import Readiness

FIELDS = (
    "id",
    "title",
    "area",
    "numerator",
    "denominator",
    "value",
    "unit",
    "rag",
    "target",
    "tolerance",
    "direction",
    "period_start",
    "period_end",
    "snapshot",
    "england",
    "england_year",
    "england_source",
)


def record(figure: Figure, children: bool = False) -> dict[str, Any]:
    indicator = figure.indicator
    england = benchmarks.england(indicator.id)
    result: dict[str, Any] = {
        "id": indicator.id,
        "title": indicator.title,
        "area": str(indicator.area),
        "numerator": figure.numerator,
        "denominator": figure.denominator,
        "value": figure.value,
        "unit": indicator.unit or ("" if indicator.measure == "count" else "%"),
        "rag": figure.rag.value,
        "target": indicator.target,
        "tolerance": indicator.tolerance,
        "direction": indicator.direction.value,
        "period_start": figure.period.start.isoformat(),
        "period_end": figure.period.end.isoformat(),
        "snapshot": indicator.snapshot,
        "england": england.value if england else None,
        "england_year": england.year if england else "",
        "england_source": (
            f"{england.publication}{'' if england.confirmed else ' [unconfirmed]'}"
            if england
            else ""
        ),
    }
    if children:
        result["children"] = [
            {"record": row.key, "child_id": row.child_id, "on": row.on.isoformat()}
            for row in figure.numerator_rows
        ]
    return result


def as_csv(figures: list[Figure]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(FIELDS))
    writer.writeheader()
    writer.writerows(record(f) for f in figures)
    return out.getvalue()


def as_json(figures: list[Figure], children: bool = False) -> str:
    return json.dumps([record(f, children) for f in figures], indent=2)


def _sheet(workbook: Workbook, title: str, header: list[str], rows: list[list[Any]]) -> None:
    sheet = workbook.create_sheet(title)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "A2"


def as_xlsx(figures: list[Figure], readiness: Readiness | None = None) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    records = [record(f) for f in figures]
    _sheet(workbook, "Figures", list(FIELDS), [[r[k] for k in FIELDS] for r in records])
    if readiness is not None:
        rows = []
        for title, moves in readiness.judgements:
            for move in moves:
                rows.append(
                    [
                        title,
                        move.now.indicator.id,
                        move.now.indicator.title,
                        move.now.value,
                        move.before.value,
                        move.text,
                        move.now.rag.value,
                    ]
                )
        _sheet(
            workbook,
            "Judgement areas",
            [
                "Judgement area",
                "Indicator",
                "Title",
                f"Value at {readiness.as_of:%d/%m/%Y}",
                f"Value at {readiness.baseline:%d/%m/%Y}",
                "Movement",
                "RAG",
            ],
            rows,
        )
        _sheet(
            workbook,
            "Improvement areas",
            [
                "Number",
                "What needs to improve",
                "Plan RAG",
                "Actions",
                "Complete",
                "Overdue",
                "Indicators",
            ],
            [
                [
                    row.area.number,
                    row.area.title,
                    row.rating.get_rag_display() if row.rating else "Not rated",
                    row.actions,
                    row.complete,
                    row.overdue,
                    "; ".join(
                        f"{m.now.indicator.id}: {m.now.value} ({m.text})" for m in row.measures
                    ),
                ]
                for row in readiness.improvements
            ],
        )
        _sheet(workbook, "Audit grades", ["Grade", "Audits"], [list(g) for g in readiness.grades])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
