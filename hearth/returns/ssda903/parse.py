"""Read any folder of SSDA903 CSV files, as the DfE does.

Each CSV file is recognised by its exact set of column names (DOMAIN.md 3.2), whatever it is
called. Values are read as text, upper-cased (as the DfE's tool does) and blanks become None;
every date column also gets a parsed twin (`DECOM` -> `DECOM_d`, None when blank or not a real
dd/mm/YYYY date), so the rules compare dates without parsing them again.

Rows are plain dicts with the table's columns plus `_t` (table), `_i` (0-based row number, the
DfE tool's row index) and `_line` (line in the file, the header being line 1). Episodes also get
what the DfE derives from the postcodes: `PL_LA` (the placement's local authority, as its DfE
code, or SCO, WAL, NIR outside England), `PL_LOCATION` (IN or OUT of the responsible authority) and
`PL_DISTANCE` (miles, one decimal place), from the ONS Postcode Directory that Hearth already
reads for children in care (hearth.children_in_care.postcodes).

Problems with the files themselves (a CSV matching no table, two files for one table, unreadable
text) are collected with file and line rather than raised, so the caller reports them all.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

Row = dict[str, Any]

TABLES: dict[str, tuple[str, ...]] = {
    "Header": ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"),
    "Episodes": (
        "CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
        "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN",
    ),
    "Reviews": ("CHILD", "DOB", "REVIEW", "REVIEW_CODE"),
    "UASC": ("CHILD", "SEX", "DOB", "DUC"),
    "OC2": (
        "CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS",
        "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED",
        "INTERVENTION_OFFERED",
    ),
    "OC3": ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"),
    "AD1": (
        "CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR",
        "LS_ADOPTR",
    ),
    "PlacedAdoption": (
        "CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED",
    ),
    "PrevPerm": ("CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"),
    "Missing": ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"),
    "SWEpisodes": ("CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"),
    "DoLo": ("CHILD", "DOB", "DOLO_START", "DOLO_END"),
}  # fmt: skip

DATE_COLUMNS = frozenset(
    {
        "DOB", "MC_DOB", "DECOM", "DEC", "DUC", "REVIEW", "DATE_INT", "DATE_MATCH",
        "DATE_PLACED", "DATE_PLACED_CEASED", "MIS_START", "MIS_END", "SW_DECOM", "SW_DEC",
        "DOLO_START", "DOLO_END",
    }
)  # fmt: skip

_BY_COLUMNS = {frozenset(cols): name for name, cols in TABLES.items()}
OUTSIDE_ENGLAND = {"S": "SCO", "N": "NIR", "W": "WAL"}


@dataclass(frozen=True)
class Problem:
    """Something wrong with a file rather than with the data in it."""

    file: str
    line: int | None
    reason: str


@lru_cache(maxsize=65536)
def parse_date(text: str | None) -> date | None:
    """dd/mm/YYYY (day and month may be one digit) -> date; None when blank or not a date."""
    if not text:
        return None
    try:
        return datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError:
        return None


@lru_cache(maxsize=65536)
def add_years(day: date, years: int) -> date:
    """The same day `years` later (29 February -> 28 February), as pandas' DateOffset does."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass
class Return903:
    """One year's SSDA903 tables (and optionally last year's), with the collection year."""

    year: int  # the year the collection ends: 2026 = 1 April 2025 to 31 March 2026
    la_ons_code: str
    tables: dict[str, list[Row]] = field(default_factory=dict)
    last: dict[str, list[Row]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    provider_info: dict[str, Row] | None = None  # Ofsted provider lists, by URN, when loaded

    def __post_init__(self) -> None:
        self.start: date = date(self.year - 1, 4, 1)
        self.end: date = date(self.year, 3, 31)
        # The responsible authority as PL_LA names a placement's authority (see _authority).
        self.la_code: str = _authority(self.la_ons_code)

    def has(self, *names: str) -> bool:
        return all(n in self.tables for n in names)

    def has_last(self, *names: str) -> bool:
        return all(n in self.last for n in names)

    def rows(self, name: str) -> list[Row]:
        return self.tables.get(name, [])

    def last_rows(self, name: str) -> list[Row]:
        return self.last.get(name, [])

    # Indexes the rules share, built once per return.
    @cached_property
    def episodes_by_child(self) -> dict[str, list[Row]]:
        """Each child's episodes in DECOM order (undated ones last), as the DfE sorts them."""
        return _by_child_sorted(self.rows("Episodes"), "DECOM_d")

    @cached_property
    def last_episodes_by_child(self) -> dict[str, list[Row]]:
        return _by_child_sorted(self.last_rows("Episodes"), "DECOM_d")

    @cached_property
    def header_by_child(self) -> dict[str, Row]:
        return _first_by_child(self.rows("Header"))

    @cached_property
    def last_header_by_child(self) -> dict[str, Row]:
        return _first_by_child(self.last_rows("Header"))

    def by_child(self, name: str) -> dict[str, list[Row]]:
        cache = self.__dict__.setdefault("_by_child", {})
        if name not in cache:
            grouped: dict[str, list[Row]] = {}
            for r in self.rows(name):
                grouped.setdefault(r["CHILD"], []).append(r)
            cache[name] = grouped
        return cache[name]  # type: ignore[no-any-return]

    def last_by_child(self, name: str) -> dict[str, list[Row]]:
        cache = self.__dict__.setdefault("_last_by_child", {})
        if name not in cache:
            grouped: dict[str, list[Row]] = {}
            for r in self.last_rows(name):
                grouped.setdefault(r["CHILD"], []).append(r)
            cache[name] = grouped
        return cache[name]  # type: ignore[no-any-return]

    @cached_property
    def continuously_looked_after(self) -> frozenset[str]:
        """Children looked after throughout the year (the OC2 cohort, DOMAIN.md 3.1): in care at
        some point in the year, and no episode starting the year with RNE S, ending it with REC
        other than X1, or on short breaks (V3/V4) during it."""
        start, end = self.start, self.end
        yes: set[str] = set()
        for child, eps in self.episodes_by_child.items():
            during_any = False
            broken = False
            for e in eps:
                decom, dec = e["DECOM_d"], e["DEC_d"]
                during = decom is not None and decom <= end and (dec is None or dec >= start)
                during_any = during_any or during
                if (
                    (e["RNE"] == "S" and decom is not None and start < decom <= end)
                    or (e["REC"] != "X1" and dec is not None and start <= dec < end)
                    or (e["LS"] in ("V3", "V4") and during)
                ):
                    broken = True
                    break
            if during_any and not broken:
                yes.add(child)
        return frozenset(yes)


def _by_child_sorted(rows: Iterable[Row], key: str) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = {}
    for r in rows:
        grouped.setdefault(r["CHILD"], []).append(r)
    for eps in grouped.values():
        if len(eps) > 1:
            eps.sort(key=lambda e: (e[key] is None, e[key] or date.min))
    return grouped


def _first_by_child(rows: Iterable[Row]) -> dict[str, Row]:
    found: dict[str, Row] = {}
    for r in rows:
        found.setdefault(r["CHILD"], r)
    return found


def read_table(text: str, name_hint: str = "") -> tuple[str | None, list[Row], list[Problem]]:
    """One CSV file's text -> (table name or None, rows, problems)."""
    # newline="": a lone carriage return ends a row, as the csv module expects; any other
    # unreadable CSV (an oversized field) is a problem with its line, not a crash. Both found
    # by tests/property/test_importers.py.
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return _read_rows(reader, name_hint)
    except csv.Error as exc:
        return (
            None,
            [],
            [Problem(name_hint, reader.line_num, f"The file is not readable CSV: {exc}")],
        )


def _read_rows(reader: Any, name_hint: str) -> tuple[str | None, list[Row], list[Problem]]:
    try:
        columns = [c.strip() for c in next(reader)]
    except StopIteration:
        return None, [], [Problem(name_hint, None, "The file is empty")]
    name = _BY_COLUMNS.get(frozenset(columns))
    if name is None:
        return (
            None,
            [],
            [Problem(name_hint, 1, f"The columns match no SSDA903 table: {', '.join(columns)}")],
        )
    problems: list[Problem] = []
    rows: list[Row] = []
    width = len(columns)
    dated = [c for c in columns if c in DATE_COLUMNS]
    index = -1
    for values in reader:
        line = reader.line_num
        if not values:
            continue  # blank lines are not rows (nor row numbers), as the DfE's reader skips them
        index += 1
        if len(values) != width:
            problems.append(
                Problem(name_hint, line, f"Expected {width} values, found {len(values)}")
            )
            values = (values + [""] * width)[:width]
        rows.append(make_row(name, columns, values, dated, index, line))
    return name, rows, problems


def make_row(
    name: str, columns: list[str], values: list[str], dated: list[str], index: int, line: int
) -> Row:
    """One row as the rules read it: upper-cased text, None for blanks, parsed dates."""
    row: Row = {c: (v.upper() if v != "" else None) for c, v in zip(columns, values, strict=True)}
    for c in dated:
        row[c + "_d"] = parse_date(row[c])
    row["_t"] = name
    row["_i"] = index
    row["_line"] = line
    return row


def from_tables(
    tables: dict[str, list[dict[str, str]]],
    *,
    year: int,
    la_ons_code: str,
    last: dict[str, list[dict[str, str]]] | None = None,
) -> Return903:
    """A Return903 from tables already in memory (rows of column -> text), as if read from CSV."""

    def rows_of(source: dict[str, list[dict[str, str]]], is_last: bool) -> dict[str, list[Row]]:
        out: dict[str, list[Row]] = {}
        for name, rows in source.items():
            columns = list(TABLES[name])
            dated = [c for c in columns if c in DATE_COLUMNS]
            made = [
                make_row(name, columns, [r.get(c, "") for c in columns], dated, i, i + 2)
                for i, r in enumerate(rows)
            ]
            if is_last:
                for r in made:
                    r["_last"] = True
            out[name] = made
        return out

    ret = Return903(year=year, la_ons_code=la_ons_code, tables=rows_of(tables, False),
                    last=rows_of(last or {}, True))  # fmt: skip
    prepare(ret)
    return ret


def read_folder(folder: str | Path) -> tuple[dict[str, list[Row]], list[Problem]]:
    """Every *.csv file in the folder, by table."""
    tables: dict[str, list[Row]] = {}
    problems: list[Problem] = []
    paths = sorted(Path(folder).glob("*.csv"))
    if not paths:
        problems.append(Problem(str(folder), None, "No CSV files found"))
    for path in paths:
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            problems.append(Problem(path.name, None, "The file is not UTF-8 text"))
            continue
        name, rows, found = read_table(text, path.name)
        problems.extend(found)
        if name is None:
            continue
        if name in tables:
            problems.append(
                Problem(path.name, None, f"A second {name} table; this one is left out")
            )
            continue
        tables[name] = rows
    return tables, problems


def parse(
    folder: str | Path,
    *,
    year: int,
    la_ons_code: str,
    previous: str | Path | None = None,
) -> Return903:
    """Read this year's folder (and last year's) into a Return903 ready for validation."""
    tables, problems = read_folder(folder)
    last: dict[str, list[Row]] = {}
    if previous is not None:
        last, more = read_folder(previous)
        for rows in last.values():
            for r in rows:
                r["_last"] = True
        problems.extend(Problem(f"previous/{p.file}", p.line, p.reason) for p in more)
    ret = Return903(year=year, la_ons_code=la_ons_code, tables=tables, last=last,
                    problems=problems)  # fmt: skip
    prepare(ret)
    return ret


def prepare(ret: Return903) -> None:
    """The columns the DfE adds before validating: the Header UASC flag and the postcode-derived
    placement fields."""
    for header, uasc in ((ret.tables, ret.tables), (ret.last, ret.last)):
        if "Header" in header and "UASC" in uasc:
            uasc_children = {r["CHILD"] for r in uasc["UASC"]}
            for r in header["Header"]:
                r["UASC"] = "1" if r["CHILD"] in uasc_children else "0"
    for episodes in (ret.tables.get("Episodes"), ret.last.get("Episodes")):
        if episodes:
            derive_placement_fields(episodes, ret.la_code)


@lru_cache(maxsize=1024)
def _authority(ons_code: str) -> str:
    """The authority responsible for children's services where a postcode's ONS district is:
    its DfE code (a county district gives its county: E07000106 Canterbury -> 886 Kent), as the
    DfE takes the upper-tier authority; the ONS code itself when the table does not know it."""
    from hearth.children_in_care.la_codes import dfe_code

    return dfe_code(ons_code) or ons_code


_DIRECTORY: dict[str, tuple[dict[str, int], dict[str, list[Any]]] | None] = {}


def _directory(letter: str) -> tuple[dict[str, int], dict[str, list[Any]]] | None:
    """The ONS directory's postcodes starting with `letter`, as the column lists it ships
    (pcd, laua, oseast1m, osnrth1m) and an index of pcd (outward code padded to four
    characters, then the inward code: 'E1  0AA') to row. Hearth's children in care reader
    builds a dict of tuples per postcode, which is many times slower for a whole return."""
    if letter not in _DIRECTORY:
        from hearth.children_in_care.postcodes import _data_dir

        folder = _data_dir()
        path = folder / f"postcodes_{letter}.msgpack.br" if folder is not None else None
        if path is None or not path.exists():
            _DIRECTORY[letter] = None
        else:
            import brotli
            import msgpack

            data = msgpack.unpackb(brotli.decompress(path.read_bytes()), raw=False)["data"]
            _DIRECTORY[letter] = ({p: i for i, p in enumerate(data["pcd"]) if p}, data)
    return _DIRECTORY[letter]


@lru_cache(maxsize=131072)
def _place(postcode: str | None) -> tuple[str, float, float] | None:
    """(ONS LA code, easting, northing) of a postcode in the ONS directory, else None."""
    if not postcode:
        return None
    squashed = postcode.replace(" ", "").upper()
    if len(squashed) < 5 or len(squashed) > 7:
        return None
    found = _directory(squashed[0])
    if found is None:
        return None
    index, data = found
    i = index.get(f"{squashed[:-3]:<4}{squashed[-3:]}")
    if i is None:
        return None
    east, north = data["oseast1m"][i], data["osnrth1m"][i]
    if east is None or north is None or east != east or north != north:  # NaN
        return None
    return data["laua"][i] or "", float(east), float(north)


def postcode_known(postcode: str | None) -> bool:
    return _place(postcode) is not None


def derive_placement_fields(episodes: list[Row], la_code: str) -> None:
    """PL_LA (the placement's authority as _authority names it, or SCO, WAL, NIR), PL_LOCATION
    and PL_DISTANCE for each episode."""
    for e in episodes:
        home = _place(e["HOME_POST"])
        placed = _place(e["PL_POST"])
        if placed is None:
            e["PL_LA"] = None
            e["PL_LOCATION"] = None
        else:
            la = placed[0]
            country = OUTSIDE_ENGLAND.get(la[:1].upper()) if la else None
            if country:
                e["PL_LA"], e["PL_LOCATION"] = country, "OUT"
            else:
                e["PL_LA"] = _authority(la) if la else None
                e["PL_LOCATION"] = "IN" if e["PL_LA"] == la_code else "OUT"
        if home is None or placed is None:
            e["PL_DISTANCE"] = None
        else:
            metres = math.hypot(home[1] - placed[1], home[2] - placed[2])
            e["PL_DISTANCE"] = round(metres / 1000 / 1.6093, 1)
