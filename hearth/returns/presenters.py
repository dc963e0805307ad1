from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from hearth.returns.cin_census.validate import Failure
from hearth.returns.models import GeneratedReturn
from hearth.returns.selectors import FailureRow


def collection_label(year: int) -> str:
    return f"{year - 1} to {year}"


def checked_label(record: GeneratedReturn) -> str:
    if record.errors is None or record.queries is None:
        return "not checked against the DfE rules"
    return f"{record.errors} errors, {record.queries} queries"


def generated_message(record: GeneratedReturn) -> str:
    return (
        f"{record.get_kind_display()} {collection_label(record.year)} generated: "
        f"{record.children} children, {checked_label(record)}"
    )


def history_rows(records: Iterable[GeneratedReturn]) -> list[dict[str, Any]]:
    return [
        {
            "pk": r.pk,
            "return": r.get_kind_display(),
            "year": f"to {r.as_of:%d/%m/%Y}" if r.as_of else collection_label(r.year),
            "created_at": r.created_at,
            "created_by": r.created_by.get_full_name() or r.created_by.get_username(),
            "children": r.children,
            "errors": "Not checked" if r.errors is None else r.errors,
            "queries": "Not checked" if r.queries is None else r.queries,
            "sha256": r.sha256,
            "size": f"{r.size / 1024:.0f} KB",
        }
        for r in records
    ]


def by_rule(rows: list[FailureRow]) -> list[dict[str, Any]]:
    counts: Counter[str] = Counter(r.failure.code for r in rows)
    first: dict[str, Failure] = {}
    for r in rows:
        first.setdefault(r.failure.code, r.failure)
    return [
        {
            "code": code,
            "severity": "Error" if first[code].severity == "error" else "Query",
            "message": first[code].message,
            "count": counts[code],
        }
        for code in sorted(counts, key=lambda c: (int("".join(ch for ch in c if ch.isdigit())), c))
    ]


def by_team_and_worker(rows: list[FailureRow]) -> list[dict[str, Any]]:
    counts: Counter[tuple[str, str]] = Counter((r.team, r.worker) for r in rows)
    return [
        {"team": team, "worker": worker or "No named worker", "count": n}
        for (team, worker), n in sorted(counts.items())
    ]


def data_quality_title(kind: str) -> str:
    return "SSDA903 data quality" if kind == "ssda903" else "CIN census data quality"


def rule_count(kind: str) -> str:
    return (
        "316 DfE SSDA903 rules (with last year's return)"
        if kind == "ssda903"
        else ("109 DfE CIN census rules")
    )
