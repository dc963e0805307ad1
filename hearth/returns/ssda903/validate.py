"""The DfE SSDA903 validation rules for 2025-26 (316 rules), declared once each.

Each rule is a function over the whole return (`Return903`, parse.py) registered with
`@rule(code=..., message=..., fields=[...], tables=[...])`. It yields the rows that fail; a
row carries its table (`_t`), row number (`_i`), file line (`_line`) and child (`CHILD`). Rules
read the per-child indexes the return builds once (episodes in date order, header by child), so
one pass over the rows answers each rule: no rule joins tables row by row.

Messages are the DfE's own. Conditions follow the DfE rules as the published validator
(csc-validator-be-903, lac2025_26) implements them; where that validator departs from the rule
text (or cannot run), docs/domain/ssda903-rules.md says so and what Hearth does.

`needs` names what else a rule must have to run: `previous` (last year's return, for the
year-on-year rules) or `providers` (the Ofsted provider lists, which Hearth does not hold). A
rule whose tables are missing does not run, as the DfE's tool skips it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from hearth.returns.ssda903.parse import Return903, Row

Severity = Literal["error", "query"]
Check = Callable[[Return903], Iterable[Row]]

# Rules the DfE treats as queries to be checked and explained rather than errors to fix.
QUERIES = frozenset({"231", "232", "355", "454", "582", "SW09STG2"})


@dataclass(frozen=True)
class Rule:
    code: str
    message: str
    severity: Severity
    fields: tuple[str, ...]
    tables: tuple[str, ...]
    needs: tuple[str, ...]
    check: Check

    def can_run(self, ret: Return903) -> bool:
        this_year = [t for t in self.tables if not t.endswith("_last")]
        last_year = [t[: -len("_last")] for t in self.tables if t.endswith("_last")]
        if not ret.has(*this_year) or not ret.has_last(*last_year):
            return False
        return not ("providers" in self.needs and ret.provider_info is None)


@dataclass(frozen=True)
class Failure:
    code: str
    severity: Severity
    message: str
    child: str | None
    table: str
    row: int
    line: int


RULES: dict[str, Rule] = {}


def rule(
    *,
    code: str,
    message: str,
    fields: Iterable[str],
    tables: Iterable[str],
    needs: Iterable[str] = (),
    severity: Severity | None = None,
) -> Callable[[Check], Check]:
    """Register a rule. Each DfE code may be declared once. `tables` are the tables the rule
    must have to run (`Episodes_last` for last year's)."""

    def register(check: Check) -> Check:
        if code in RULES:
            raise ValueError(f"SSDA903 rule {code} is declared twice")
        RULES[code] = Rule(
            code=code,
            message=message,
            severity=severity or ("query" if code in QUERIES else "error"),
            fields=tuple(fields),
            tables=tuple(tables),
            needs=tuple(needs),
            check=check,
        )
        return check

    return register


def _load_rules() -> None:
    from hearth.returns.ssda903 import rules  # noqa: F401  (registers on import)


def rules() -> list[Rule]:
    _load_rules()
    return sorted(RULES.values(), key=lambda r: code_key(r.code))


def code_key(code: str) -> tuple[int, str]:
    digits = "".join(ch for ch in code if ch.isdigit())
    return (0 if code[:1].isdigit() else 1), f"{int(digits or 0):06d}{code}"


def validate(ret: Return903, *, codes: Iterable[str] | None = None) -> list[Failure]:
    """Run every rule (or the given codes) that can run on this return."""
    _load_rules()
    selected = [RULES[c] for c in codes] if codes is not None else list(RULES.values())
    failures: list[Failure] = []
    for r in selected:
        if not r.can_run(ret):
            continue
        seen: set[tuple[str, int]] = set()
        for row in r.check(ret):
            key = (row["_t"], row["_i"])
            if key in seen:
                continue
            seen.add(key)
            failures.append(
                Failure(
                    code=r.code,
                    severity=r.severity,
                    message=r.message,
                    child=row.get("CHILD"),
                    table=row["_t"],
                    row=row["_i"],
                    line=row["_line"],
                )
            )
    return failures


def skipped(ret: Return903) -> list[Rule]:
    """Rules that cannot run on this return (tables, last year or provider lists missing)."""
    return [r for r in rules() if not r.can_run(ret)]


def summary(failures: Iterable[Failure]) -> list[tuple[Rule, int, int]]:
    """(rule, failing rows, children) per rule that failed, in code order."""
    _load_rules()
    counts: dict[str, int] = {}
    children: dict[str, set[str | None]] = {}
    for f in failures:
        counts[f.code] = counts.get(f.code, 0) + 1
        children.setdefault(f.code, set()).add(f.child)
    return [(RULES[c], counts[c], len(children[c])) for c in sorted(counts, key=code_key)]


def codes_by_child(failures: Iterable[Failure]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for f in failures:
        found.setdefault(f.child or "", set()).add(f.code)
    return found


def print_report(
    ret: Return903, failures: list[Failure], write: Callable[[str], object], *, show_all: bool
) -> int:
    """Print problems with the files, then each failing rule with its counts and locations
    (child, table, file line); returns the number of errors."""
    max_locations = 20
    for p in ret.problems:
        where = f"{p.file}:{p.line}" if p.line else p.file
        write(f"File problem {where}: {p.reason}")
    children = len(ret.header_by_child)
    errors = sum(1 for f in failures if f.severity == "error")
    write(
        f"SSDA903 {ret.year - 1}-{str(ret.year)[2:]}: {children} children, {errors} errors, "
        f"{len(failures) - errors} queries"
        + ("" if ret.last else " (no previous year: year-on-year rules not run)")
    )
    by_code: dict[str, list[Failure]] = {}
    for f in failures:
        by_code.setdefault(f.code, []).append(f)
    for r, count, kids in summary(failures):
        write(f"{r.code:>9} {r.severity:<5} {count:>5} ({kids} children)  {r.message}")
        shown = by_code[r.code] if show_all else by_code[r.code][:max_locations]
        for f in shown:
            write(f"          {f.child or '(no child)'}: {f.table} line {f.line}")
        if len(shown) < count:
            write(f"          ... and {count - len(shown)} more (--all)")
    return errors


def validate_folder(options: dict[str, object], write: Callable[[str], object]) -> bool:
    """`hearth returns validate ssda903 DIR [--previous DIR] [--year YYYY] [--la CODE]`:
    True when errors were found."""
    from datetime import date
    from pathlib import Path

    from django.conf import settings
    from django.core.management.base import CommandError

    from hearth.returns.ssda903.parse import parse

    folder = Path(str(options["path"]))
    if not folder.is_dir():
        raise CommandError(f"{folder} is not a folder of SSDA903 CSV files")
    today = date.today()
    year = int(str(options.get("year") or (today.year if today.month >= 4 else today.year - 1)))
    la = str(options.get("la") or settings.HEARTH["LA_ONS_CODE"])
    previous = options.get("previous")
    ret = parse(
        folder, year=year, la_ons_code=la, previous=Path(str(previous)) if previous else None
    )
    if not ret.tables:
        raise CommandError(f"No SSDA903 tables found in {folder}")
    failures = validate(ret)
    return print_report(ret, failures, write, show_all=bool(options.get("all"))) > 0
