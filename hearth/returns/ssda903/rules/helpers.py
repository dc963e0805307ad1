"""Small helpers the SSDA903 rules share: null-safe date comparisons and rule factories for the
many rules that check one column against a code list or a date format."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from datetime import date

from hearth.returns.ssda903.parse import Return903, Row, add_years, parse_date
from hearth.returns.ssda903.validate import Check

TEMPORARY = frozenset({"T0", "T1", "T2", "T3", "T4"})
OTHER = frozenset({"Z11", "Z12", "Z13", "Z14"})
SHORT_BREAKS = frozenset({"V3", "V4"})
ADOPTION_PLACEMENTS = frozenset({"A3", "A4", "A5", "A6"})
FOSTER_PLACEMENTS = frozenset({"U1", "U2", "U3", "U4", "U5", "U6"})
ADOPTED = frozenset({"E11", "E12"})
NO_URN_PLACEMENTS = frozenset({"P1", "P3", "R1", "R2", "R5"}) | TEMPORARY | OTHER
OUTSIDE_ENGLAND_LA = frozenset({"CON", "NIR", "SCO", "WAL", "NUK"})
UN_CODES = frozenset({"UN1", "UN2", "UN3", "UN4", "UN5"})
AD1_ITEMS = ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR")
OC3_ITEMS = ("IN_TOUCH", "ACTIV", "ACCOM")
OC2_ITEMS = (
    "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT",
    "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED",
)  # fmt: skip


def lt(a: date | None, b: date | None) -> bool:
    """a < b, False when either is missing (as pandas compares NaT)."""
    return a is not None and b is not None and a < b


def le(a: date | None, b: date | None) -> bool:
    return a is not None and b is not None and a <= b


def years(day: date | None, n: int) -> date | None:
    return add_years(day, n) if day is not None else None


def dob(ret: Return903, child: str) -> date | None:
    h = ret.header_by_child.get(child)
    return h["DOB_d"] if h is not None else None


def any_filled(row: Row, columns: Collection[str]) -> bool:
    return any(row[c] is not None for c in columns)


def first_dated(eps: list[Row]) -> Row | None:
    """The episode with the earliest DECOM (episodes are in DECOM order, undated last)."""
    return eps[0] if eps and eps[0]["DECOM_d"] is not None else None


def last_dated(eps: list[Row]) -> Row | None:
    """The episode with the latest DECOM (the first of equals, as idxmax picks)."""
    dated = [e for e in eps if e["DECOM_d"] is not None]
    if not dated:
        return None
    latest = dated[-1]["DECOM_d"]
    return next(e for e in dated if e["DECOM_d"] == latest)


def pairs(eps: list[Row]) -> Iterator[tuple[Row, Row]]:
    """(previous, episode) for consecutive episodes of one child."""
    return zip(eps, eps[1:], strict=False)


def invalid_code(
    table: str, column: str, codes: Collection[str], *, blank_ok: bool = True
) -> Check:
    allowed = frozenset(codes)

    def check(ret: Return903) -> Iterator[Row]:
        for r in ret.rows(table):
            value = r[column]
            if value is None:
                if not blank_ok:
                    yield r
            elif value not in allowed:
                yield r

    return check


def invalid_date(table: str, column: str) -> Check:
    """Filled in but not a dd/mm/YYYY date."""

    def check(ret: Return903) -> Iterator[Row]:
        dated = column + "_d"
        for r in ret.rows(table):
            if r[column] is not None and r[dated] is None:
                yield r

    return check


def rows_where(table: str, test: Callable[[Row], bool]) -> Check:
    def check(ret: Return903) -> Iterator[Row]:
        return (r for r in ret.rows(table) if test(r))

    return check


def as_date(text: str | None) -> date | None:
    return parse_date(text)
