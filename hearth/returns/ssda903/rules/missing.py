"""Missing and away from placement without authorisation rules."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from hearth.returns.ssda903.parse import Return903, Row
from hearth.returns.ssda903.rules.helpers import invalid_code, le, lt, pairs, rows_where, years
from hearth.returns.ssda903.validate import rule

M, E = "Missing", "Episodes"

rule(code="564", message="Child was missing or away from placement without authorisation and the "
     "date started is blank.", fields=["MISSING", "MIS_START"], tables=[M])(rows_where(
    M, lambda r: r["MISSING"] in ("M", "A") and r["MIS_START"] is None))  # fmt: skip
rule(
    code="565",
    message="The date that the child started to be missing or away from placement "
    "without authorisation has been completed but whether the child was missing or away from "
    "placement without authorisation has not been completed.",
    fields=["MISSING", "MIS_START"],
    tables=[M],
)(rows_where(M, lambda r: r["MIS_START"] is not None and r["MISSING"] is None))
rule(
    code="566",
    message="The date that the child's episode of being missing or away from "
    "placement without authorisation ended has been completed but whether the child was missing "
    "or away without authorisation has not been completed.",
    fields=["MISSING", "MIS_END"],
    tables=[M],
)(rows_where(M, lambda r: r["MISSING"] is None and r["MIS_END"] is not None))
rule(code="567", message="The date that the missing episode or episode that the child was away "
     "from placement without authorisation ended is before the date that it started.",
     fields=["MIS_START", "MIS_END"], tables=[M])(rows_where(
    M, lambda r: lt(r["MIS_END_d"], r["MIS_START_d"])))  # fmt: skip
rule(code="586", message="Dates of missing periods are before child’s date of birth.",
     fields=["MIS_START"], tables=[M])(rows_where(
    M, lambda r: le(r["MIS_START_d"], r["DOB_d"])))  # fmt: skip
rule(code="1004", message="The start date of the missing episode or episode that the child was "
     "away from placement without authorisation is not a valid date.", fields=["MIS_START"],
     tables=[M])(rows_where(M, lambda r: r["MIS_START_d"] is None))  # fmt: skip
rule(
    code="1005",
    message="The end date of the missing episode or episode that the child was away "
    "from placement without authorisation is not a valid date.",
    fields=["MIS_END"],
    tables=[M],
)(rows_where(M, lambda r: r["MIS_END"] is not None and r["MIS_END_d"] is None))
rule(code="1006", message="Missing type invalid.", fields=["MISSING"], tables=[M])(
    invalid_code(M, "MISSING", ("M", "A")))  # fmt: skip


@rule(code="570", message="The date that the child started to be missing or away from placement "
      "without authorisation is after the end of the collection year.", fields=["MIS_START"],
      tables=[M])  # fmt: skip
def missing_after_year(ret: Return903) -> Iterator[Row]:
    return (r for r in ret.rows(M) if lt(ret.end, r["MIS_START_d"]))


@rule(code="571", message="The date that the child ceased to be missing or away from placement "
      "without authorisation is before the start or after the end of the collection year.",
      fields=["MIS_END"], tables=[M])  # fmt: skip
def missing_end_outside_year(ret: Return903) -> Iterator[Row]:
    for r in ret.rows(M):
        if lt(r["MIS_END_d"], ret.start) or lt(ret.end, r["MIS_END_d"]):
            yield r


@rule(code="574", message="A new missing/away from placement without authorisation period cannot "
      "start when the previous missing/away from placement without authorisation period is still "
      "open. Missing/away from placement without authorisation periods should also not overlap.",
      fields=["MIS_START", "MIS_END"], tables=[M])  # fmt: skip
def overlapping_missing(ret: Return903) -> Iterator[Row]:
    def order(r: Row) -> tuple[bool, date, bool, date]:
        end = r["MIS_END_d"] or r["MIS_START_d"]
        return (end is None, end or date.min, r["MIS_START_d"] is None,
                r["MIS_START_d"] or date.min)  # fmt: skip

    for rows in ret.by_child(M).values():
        for prev, r in pairs(sorted(rows, key=order)):
            if prev["MIS_END_d"] is None or lt(r["MIS_START_d"], prev["MIS_END_d"]):
                yield r


@rule(code="575", message="If the placement from which the child goes missing/away from placement "
      "without authorisation ends, the missing/away from placement without authorisation period "
      "in the missing module must also have an end date.", fields=["MIS_END"],
      tables=[E, M])  # fmt: skip
def missing_open_after_placement(ret: Return903) -> Iterator[Row]:
    for r in ret.rows(M):
        if r["MIS_END"] is not None or r["MIS_START_d"] is None:
            continue
        for e in ret.episodes_by_child.get(r["CHILD"], []):
            if le(e["DECOM_d"], r["MIS_START_d"]) and le(r["MIS_START_d"], e["DEC_d"]):
                yield r
                break


def _periods_of_care(eps: list[Row]) -> list[tuple[date, date | None]]:
    """(start, end) of each period of care: episodes joined while each starts no later than the
    one before ended."""
    periods: list[tuple[date, date | None]] = []
    prev_dec: date | None = None
    for e in eps:
        decom = e["DECOM_d"]
        if decom is None:
            continue
        if periods and not lt(prev_dec, decom):
            periods[-1] = (periods[-1][0], e["DEC_d"])
        else:
            periods.append((decom, e["DEC_d"]))
        prev_dec = e["DEC_d"]
    return periods


@rule(code="577", message="Child ceased to be looked after but there is a missing/away from "
      "placement without authorisation period without an end date.", fields=["MIS_END"],
      tables=[E, M])  # fmt: skip
def missing_open_after_care(ret: Return903) -> Iterator[Row]:
    for r in ret.rows(M):
        start, end = r["MIS_START_d"], r["MIS_END_d"]
        if start is None:
            continue
        periods = _periods_of_care(ret.episodes_by_child.get(r["CHILD"], []))
        if periods and all(
            (end is None and p_end is not None)
            or (end is None and start < p_start)
            or lt(p_end, end)
            or lt(end, p_start)
            for p_start, p_end in periods
        ):
            yield r


@rule(code="578", message="The date that the child started to be missing is after the child ceased "
      "to be looked after.", fields=["MIS_START"], tables=[E, M])  # fmt: skip
def missing_after_care(ret: Return903) -> Iterator[Row]:
    for r in ret.rows(M):
        start = r["MIS_START_d"]
        periods = _periods_of_care(ret.episodes_by_child.get(r["CHILD"], []))
        if periods and all(lt(start, p_start) or lt(p_end, start) for p_start, p_end in periods):
            yield r


@rule(code="580", message="Child is missing when cease being looked after but reason episode "
      "ceased not ‘E8’.", fields=["REC"], tables=[E, M])  # fmt: skip
def missing_at_18_not_e8(ret: Return903) -> Iterator[Row]:
    for r in ret.rows(M):
        end = r["MIS_END_d"]
        if end is None or end != years(r["DOB_d"], 18):
            continue
        for e in ret.episodes_by_child.get(r["CHILD"], []):
            if e["DEC_d"] == end and e["REC"] != "E8":
                yield e


@rule(code="581", message="Child is missing but has not yet started to be looked after.",
      fields=["MIS_START"], tables=[E, M])  # fmt: skip
def missing_before_care(ret: Return903) -> Iterator[Row]:
    for r in ret.rows(M):
        eps = ret.episodes_by_child.get(r["CHILD"])
        if not eps:
            continue
        start = r["MIS_START_d"]
        if not any(
            le(e["DECOM_d"], start) and (e["DEC_d"] is None or le(start, e["DEC_d"])) for e in eps
        ):
            yield r
