"""Integrity checks across tables: every child in the Header, once where once is expected, the
same date of birth and sex everywhere, and nothing else for children with no episodes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from hearth.returns.ssda903.parse import Return903, Row
from hearth.returns.ssda903.validate import Check, rule

H = "Header"


def _not_in_header(table: str) -> Check:
    def check(ret: Return903) -> Iterator[Row]:
        return (r for r in ret.rows(table) if r["CHILD"] not in ret.header_by_child)

    return check


def _dob_differs(table: str) -> Check:
    def check(ret: Return903) -> Iterator[Row]:
        # Every Header row for the child is compared, as the DfE's join does.
        headers = ret.by_child(H)
        for r in ret.rows(table):
            mine = r["DOB_d"]
            if mine is not None and any(
                h["DOB_d"] is not None and h["DOB_d"] != mine for h in headers.get(r["CHILD"], [])
            ):
                yield r

    return check


def _more_than_once(table: str) -> Check:
    def check(ret: Return903) -> Iterator[Row]:
        counts = Counter(r["CHILD"] for r in ret.rows(table))
        return (r for r in ret.rows(table) if counts[r["CHILD"]] > 1)

    return check


_NOT_IN_HEADER = {
    "INT01": ("AD1", "Data Integrity Check: Child in AD1 does not exist in Header."),
    "INT02": (
        "PlacedAdoption",
        "Internal Check: Child in PlacedAdoption does not exist in Header.",
    ),
    "INT03": ("Episodes", "Internal Check: Child in Episodes does not exist in Header."),
    "INT04": ("Missing", "Internal Check: Child in Missing does not exist in Header."),
    "INT05": ("OC2", "Internal Check: Child in OC2 does not exist in Header."),
    "INT06": ("OC3", "Internal Check: Child in OC3 does not exist in Header."),
    "INT07": ("PrevPerm", "Internal Check: Child in PrevPerm does not exist in Header."),
    "INT08": ("Reviews", "Internal Check: Child in Reviews does not exist in Header."),
    "INT09": ("UASC", "Internal Check: Child in UASC does not exist in Header."),
}
for _code, (_table, _message) in _NOT_IN_HEADER.items():
    rule(code=_code, message=_message, fields=["CHILD"], tables=[H, _table])(_not_in_header(_table))

_DOB = {
    "INT11": "AD1", "INT12": "PlacedAdoption", "INT13": "Missing", "INT14": "OC2",
    "INT15": "OC3", "INT16": "PrevPerm", "INT17": "Reviews", "INT18": "UASC",
}  # fmt: skip
for _code, _table in _DOB.items():
    rule(code=_code, message=f"Internal Check: DOB in {_table} is different to DOB in Header.",
         fields=["DOB"], tables=[H, _table])(_dob_differs(_table))  # fmt: skip

_ONCE = {
    "INT31": ("AD1", "Internal Check: Child should only exist once in AD1."),
    "INT32": ("Header", "Internal Check: Child should only exist once in Header."),
    "INT33": ("OC2", "Internal Check: Child should only exist once in OC2."),
    "INT34": ("OC3", "Internal Check: Child should only exist once in OC3."),
    "INT35": ("PrevPerm", "Internal Check: Child should only exist once in PrevPerm."),
    "INT36": ("UASC", "Internal Check: Child should only exist once in UASC."),
}
for _code, (_table, _message) in _ONCE.items():
    rule(code=_code, message=_message, fields=["CHILD"], tables=[_table])(_more_than_once(_table))


@rule(code="INT21", message="Internal Check: SEX in UASC is different to SEX in Header.",
      fields=["SEX"], tables=[H, "UASC"])  # fmt: skip
def uasc_sex_differs(ret: Return903) -> Iterator[Row]:
    headers = ret.by_child(H)
    for r in ret.rows("UASC"):
        if r["SEX"] is not None and any(
            h["SEX"] is not None and h["SEX"] != r["SEX"] for h in headers.get(r["CHILD"], [])
        ):
            yield r


@rule(code="EPI", message="WARNING: Episodes need to be loaded for this child before further "
      "validation is possible [NOTE: This refers to the DfE portal - here, all checks that can be "
      "performed with only the available data will be.]", fields=["CHILD"], tables=[H])  # fmt: skip
def no_episodes(ret: Return903) -> Iterator[Row]:
    leavers = ret.by_child("OC3")
    for h in ret.rows(H):
        if h["CHILD"] not in ret.episodes_by_child and h["CHILD"] not in leavers:
            yield h


@rule(code="1012", message="No other data should be returned for OC3 children who had no episodes "
      "in the current year", fields=["CHILD"], tables=["Episodes"])  # fmt: skip
def data_without_episodes(ret: Return903) -> Iterator[Row]:
    for table in ("PlacedAdoption", "Missing", "Reviews", "AD1", "PrevPerm", "OC2"):
        for r in ret.rows(table):
            if r["CHILD"] not in ret.episodes_by_child:
                yield r
