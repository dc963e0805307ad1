"""The DfE CIN census validation rules (2024-25 onwards: 109 rules), declared once each.

Each rule is a small function over one child (`level="child"`) or over the whole return
(`level="return"`), registered with `@rule(code=..., message=..., severity=..., fields=[...])`.
A child rule yields the location of each failure inside the child (an element path such as
`CINdetails[2]/Assessments[1]/AssessmentAuthorisationDate`); a return rule yields
(child or None, location). Messages are the DfE's own. Conditions follow the DfE rule
texts as the published validator (csc-validator-be-cin) implements them; where that validator
departs from the rule text, docs/domain/cin-census.md says so and what Hearth does.

The rules live in `hearth.returns.cin_census.rules` (one module per CIN module); importing
this module registers them all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from hearth.returns.cin_census.records import CensusReturn, Child

Severity = Literal["error", "query"]
Level = Literal["child", "return"]

ChildCheck = Callable[[Child, "Context"], Iterable[str]]
ReturnCheck = Callable[[CensusReturn, "Context"], Iterable[tuple[Child | None, str]]]


@dataclass(frozen=True)
class Rule:
    code: str
    message: str
    severity: Severity
    fields: tuple[str, ...]
    level: Level
    check: Callable[..., Iterable[object]]


@dataclass(frozen=True)
class Failure:
    code: str
    severity: Severity
    message: str
    la_child_id: str | None
    person_id: int | None
    position: int | None
    location: str


@dataclass
class Context:
    """What the rules know about the collection: its reference date and first day."""

    reference_date: date
    start: date = field(init=False)

    def __post_init__(self) -> None:
        self.start = _census_start(self.reference_date)

    def in_year(self, value: date | None) -> bool:
        return value is not None and self.start <= value <= self.reference_date


def _census_start(reference_date: date) -> date:
    try:
        previous = reference_date.replace(year=reference_date.year - 1)
    except ValueError:  # 29 February
        previous = reference_date.replace(year=reference_date.year - 1, day=28)
    return previous + timedelta(days=1)


RULES: dict[str, Rule] = {}


def rule(
    *,
    code: str,
    message: str,
    severity: Severity,
    fields: Iterable[str],
    level: Level = "child",
) -> Callable[[Callable[..., Iterable[object]]], Callable[..., Iterable[object]]]:
    """Register a rule. Each DfE code may be declared once."""

    def register(check: Callable[..., Iterable[object]]) -> Callable[..., Iterable[object]]:
        if code in RULES:
            raise ValueError(f"CIN census rule {code} is declared twice")
        RULES[code] = Rule(
            code=code,
            message=message,
            severity=severity,
            fields=tuple(fields),
            level=level,
            check=check,
        )
        return check

    return register


def _load_rules() -> None:
    from hearth.returns.cin_census import rules  # noqa: F401  (registers on import)


def context_for(census: CensusReturn) -> Context:
    header = census.header
    reference = header.reference_date or date(header.year or date.today().year, 3, 31)
    return Context(reference_date=reference)


def validate(census: CensusReturn, *, codes: Iterable[str] | None = None) -> list[Failure]:
    """Run every rule (or the given codes) over the return; failures in child order."""
    _load_rules()
    ctx = context_for(census)
    selected = [RULES[c] for c in codes] if codes is not None else list(RULES.values())
    failures: list[Failure] = []
    child_rules = [r for r in selected if r.level == "child"]
    for child in census.children:
        for r in child_rules:
            for location in r.check(child, ctx):
                failures.append(_failure(r, child, str(location)))
    for r in selected:
        if r.level != "return":
            continue
        for found in r.check(census, ctx):
            child, location = found  # type: ignore[misc]
            failures.append(_failure(r, child, str(location)))
    return failures


def _failure(r: Rule, child: Child | None, location: str) -> Failure:
    return Failure(
        code=r.code,
        severity=r.severity,
        message=r.message,
        la_child_id=child.la_child_id if child else None,
        person_id=child.person_id if child else None,
        position=child.position if child else None,
        location=location,
    )


def rules() -> list[Rule]:
    _load_rules()
    return sorted(RULES.values(), key=lambda r: _code_key(r.code))


def _code_key(code: str) -> tuple[int, str]:
    digits = "".join(ch for ch in code if ch.isdigit())
    return int(digits or 0), code


def summary(failures: Iterable[Failure]) -> list[tuple[Rule, int, int]]:
    """(rule, failures, children) per rule that failed, in code order."""
    _load_rules()
    counts: dict[str, int] = {}
    children: dict[str, set[object]] = {}
    for f in failures:
        counts[f.code] = counts.get(f.code, 0) + 1
        children.setdefault(f.code, set()).add(f.la_child_id or f.position)
    return [
        (RULES[code], counts[code], len(children[code])) for code in sorted(counts, key=_code_key)
    ]


def iter_rules_for_level(level: Level) -> Iterator[Rule]:
    _load_rules()
    return (r for r in RULES.values() if r.level == level)
