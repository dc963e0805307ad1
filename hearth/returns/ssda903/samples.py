"""A small, clean SSDA903 return for 2025-26 (and last year's), written as the DfE's CSV files.

Six children cover every table: Alice looked after all year (OC2, reviews, social worker),
Ben adopted during the year (AD1, placed for adoption), Cara a care leaver of 19 (OC3), Dan
who started to be looked after this year (missing, previous permanence) and Eve, a UASC young
person. Postcodes are real (the rules derive distance and placement LA from them). The rule
tests and the conformance corpus break it one rule at a time (faults.py).
"""

from __future__ import annotations

import copy
import csv
from dataclasses import dataclass, field
from pathlib import Path

from hearth.returns.ssda903.parse import TABLES, Return903, from_tables, parse

YEAR = 2026
LA_ONS_CODE = "E09000025"  # Newham: the sample's home postcodes are in Newham

Table = list[dict[str, str]]


@dataclass
class Sample:
    this: dict[str, Table] = field(default_factory=dict)
    last: dict[str, Table] = field(default_factory=dict)

    def copy(self) -> Sample:
        return copy.deepcopy(self)

    def rows(self, table: str, child: str | None = None) -> Table:
        return [r for r in self.this[table] if child is None or r["CHILD"] == child]

    def row(self, table: str, child: str, n: int = 0) -> dict[str, str]:
        return self.rows(table, child)[n]

    def add(self, table: str, **values: str) -> dict[str, str]:
        row = {c: "" for c in TABLES[table]}
        row.update(values)
        self.this.setdefault(table, []).append(row)
        return row


def _row(table: str, **values: str) -> dict[str, str]:
    row = {c: "" for c in TABLES[table]}
    row.update(values)
    return row


ALICE, BEN, CARA, DAN, EVE, FAY = "ALICE1", "BEN2", "CARA3", "DAN4", "EVE5", "FAY6"
DOB = {
    ALICE: "10/05/2012",
    BEN: "03/02/2022",
    CARA: "20/08/2006",
    DAN: "14/07/2010",
    EVE: "02/09/2008",
    FAY: "01/03/2015",
}


def _headers() -> Table:
    return [
        _row("Header", CHILD=ALICE, SEX="F", DOB=DOB[ALICE], ETHNIC="WBRI", UPN="A123456789012",
             MOTHER="0"),
        _row("Header", CHILD=BEN, SEX="M", DOB=DOB[BEN], ETHNIC="MWBC", UPN="P123456789013"),
        _row("Header", CHILD=CARA, SEX="F", DOB=DOB[CARA], ETHNIC="BAFR", UPN="D123456789014"),
        _row("Header", CHILD=DAN, SEX="M", DOB=DOB[DAN], ETHNIC="APKN", UPN="T123456789015"),
        _row("Header", CHILD=EVE, SEX="F", DOB=DOB[EVE], ETHNIC="OOTH", UPN="UN2", MOTHER="0"),
        _row("Header", CHILD=FAY, SEX="F", DOB=DOB[FAY], ETHNIC="WBRI", UPN="G123456789016"),
    ]  # fmt: skip


def _episode(child: str, decom: str, rne: str, ls: str, place: str, provider: str, dec: str = "",
             rec: str = "", reason: str = "", home: str = "E15 4HT", placed: str = "E13 9PJ",
             urn: str = "XXXXXXX", cin: str = "N1") -> dict[str, str]:  # fmt: skip
    return _row(
        "Episodes", CHILD=child, DECOM=decom, RNE=rne, LS=ls, CIN=cin, PLACE=place,
        PLACE_PROVIDER=provider, DEC=dec, REC=rec, REASON_PLACE_CHANGE=reason, HOME_POST=home,
        PL_POST=placed, URN=urn,
    )  # fmt: skip


def clean_sample() -> Sample:
    alice = _episode(ALICE, "15/06/2023", "S", "C2", "U4", "PR1")
    ben_order = _episode(BEN, "20/09/2024", "L", "E1", "U6", "PR1", home="E6 1AB",
                         placed="E16 2QU")  # fmt: skip
    ben_order_this = dict(ben_order, DEC="01/06/2025", REC="X1", REASON_PLACE_CHANGE="CARPL")
    ben_adopted = _episode(BEN, "01/06/2025", "T", "E1", "A5", "PR1", dec="15/01/2026",
                           rec="E11", home="E6 1AB", placed="E16 2QU")  # fmt: skip
    eve = _episode(EVE, "12/10/2024", "S", "V2", "U6", "PR4", home="", placed="E13 8SL",
                   urn="1234567", cin="N2")  # fmt: skip
    this: dict[str, Table] = {
        "Header": _headers(),
        "Episodes": [
            alice,
            ben_order_this,
            ben_adopted,
            _episode(DAN, "05/05/2025", "S", "V2", "K2", "PR4", dec="10/11/2025", rec="X1",
                     reason="CHILD", home="E7 9AB", placed="SE1 7PB", urn="1234567", cin="N4"),
            _episode(DAN, "10/11/2025", "P", "V2", "U6", "PR4", home="E7 9AB",
                     placed="E16 2QU", urn="2345678", cin="N4"),
            eve,
            _episode(FAY, "01/07/2025", "S", "V3", "Z11", "", dec="04/07/2025", rec="E4A",
                     home="", placed="", urn=""),
        ],
        "Reviews": [
            _row("Reviews", CHILD=ALICE, DOB=DOB[ALICE], REVIEW="01/07/2025", REVIEW_CODE="PN1"),
            _row("Reviews", CHILD=ALICE, DOB=DOB[ALICE], REVIEW="01/12/2025", REVIEW_CODE="PN1"),
            _row("Reviews", CHILD=BEN, DOB=DOB[BEN], REVIEW="10/07/2025", REVIEW_CODE="PN0"),
            _row("Reviews", CHILD=DAN, DOB=DOB[DAN], REVIEW="20/05/2025", REVIEW_CODE="PN1"),
            _row("Reviews", CHILD=DAN, DOB=DOB[DAN], REVIEW="15/08/2025", REVIEW_CODE="PN5"),
            _row("Reviews", CHILD=EVE, DOB=DOB[EVE], REVIEW="01/10/2025", REVIEW_CODE="PN1"),
        ],
        "UASC": [_row("UASC", CHILD=EVE, SEX="F", DOB=DOB[EVE], DUC="02/09/2026")],
        "OC2": [
            _row("OC2", CHILD=ALICE, DOB=DOB[ALICE], SDQ_SCORE="12", CONVICTED="0",
                 IMMUNISATIONS="1", TEETH_CHECK="1", HEALTH_ASSESSMENT="1", SUBSTANCE_MISUSE="0"),
            _row("OC2", CHILD=EVE, DOB=DOB[EVE], SDQ_SCORE="9", CONVICTED="0",
                 IMMUNISATIONS="1", TEETH_CHECK="1", HEALTH_ASSESSMENT="1", SUBSTANCE_MISUSE="0"),
        ],
        "OC3": [_row("OC3", CHILD=CARA, DOB=DOB[CARA], IN_TOUCH="YES", ACTIV="F2", ACCOM="Z1")],
        "AD1": [
            _row("AD1", CHILD=BEN, DOB=DOB[BEN], DATE_INT="01/08/2024", DATE_MATCH="10/05/2025",
                 FOSTER_CARE="1", NB_ADOPTR="2", SEX_ADOPTR="MF", LS_ADOPTR="L11"),
        ],
        "PlacedAdoption": [
            _row("PlacedAdoption", CHILD=BEN, DOB=DOB[BEN], DATE_PLACED="01/08/2024"),
        ],
        "PrevPerm": [
            _row("PrevPerm", CHILD=DAN, DOB=DOB[DAN], PREV_PERM="Z1"),
            _row("PrevPerm", CHILD=FAY, DOB=DOB[FAY], PREV_PERM="Z1"),
        ],
        "Missing": [
            _row("Missing", CHILD=DAN, DOB=DOB[DAN], MISSING="M", MIS_START="01/08/2025",
                 MIS_END="03/08/2025"),
        ],
        "SWEpisodes": [
            _row("SWEpisodes", CHILD=ALICE, DOB=DOB[ALICE], SW_ID="SW12345",
                 SW_DECOM="15/06/2023", SW_REASON="FCONTA"),
            _row("SWEpisodes", CHILD=BEN, DOB=DOB[BEN], SW_ID="SW23456", SW_DECOM="10/03/2023",
                 SW_REASON="FCONTA"),
            _row("SWEpisodes", CHILD=DAN, DOB=DOB[DAN], SW_ID="SW34567", SW_DECOM="05/05/2025",
                 SW_REASON="FCONTA"),
            _row("SWEpisodes", CHILD=EVE, DOB=DOB[EVE], SW_ID="XX45678", SW_DECOM="12/10/2024",
                 SW_REASON="FCONTA"),
        ],
    }  # fmt: skip
    last: dict[str, Table] = {
        "Header": [h for h in _headers() if h["CHILD"] not in (DAN, FAY)],
        "Episodes": [
            dict(alice),
            _episode(BEN, "10/03/2023", "S", "C1", "U6", "PR1", dec="20/09/2024", rec="X1",
                     reason="CARPL", home="E6 1AB", placed="E16 2QU"),
            ben_order,
            _episode(CARA, "01/01/2020", "S", "C2", "U4", "PR1", dec="20/08/2024", rec="E17",
                     home="E13 9PJ", placed="E16 2QU"),
            dict(eve),
        ],
        "UASC": [_row("UASC", CHILD=EVE, SEX="F", DOB=DOB[EVE], DUC="02/09/2026")],
        "OC3": [_row("OC3", CHILD=CARA, DOB=DOB[CARA], IN_TOUCH="YES", ACTIV="F2", ACCOM="Z1")],
        "PlacedAdoption": [
            _row("PlacedAdoption", CHILD=BEN, DOB=DOB[BEN], DATE_PLACED="01/08/2024"),
        ],
        "Missing": [],
    }  # fmt: skip
    return Sample(this=this, last=last)


def write_tables(tables: dict[str, Table], folder: Path) -> None:
    """One CSV per table, named after the table, with the DfE's columns."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        with open(folder / f"{name}.csv", "w", newline="", encoding="utf-8") as stream:
            writer = csv.DictWriter(stream, fieldnames=list(TABLES[name]))
            writer.writeheader()
            writer.writerows(rows)


def write_sample(sample: Sample, folder: Path) -> tuple[Path, Path]:
    """Write this year's and last year's folders under `folder`."""
    this, last = folder / "this_year", folder / "last_year"
    write_tables(sample.this, this)
    write_tables(sample.last, last)
    return this, last


def load_sample(sample: Sample, folder: Path) -> Return903:
    this, last = write_sample(sample, folder)
    return parse(this, year=YEAR, la_ons_code=LA_ONS_CODE, previous=last)


def sample_return(sample: Sample) -> Return903:
    """The sample as a Return903 without writing files."""
    return from_tables(sample.this, year=YEAR, la_ons_code=LA_ONS_CODE, last=sample.last)
