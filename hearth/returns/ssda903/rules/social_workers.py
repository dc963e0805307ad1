"""Social worker episode rules (SWEpisodes, from 2023-24)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from hearth.returns.ssda903.parse import Return903, Row
from hearth.returns.ssda903.rules.helpers import (
    SHORT_BREAKS,
    invalid_date,
    le,
    lt,
    pairs,
    rows_where,
)
from hearth.returns.ssda903.validate import rule

SW, E = "SWEpisodes", "Episodes"
REASONS = frozenset(
    {"MANAGE", "FCONTA", "LEFTRL", "ORGRST", "TSPROC", "ABSENC", "CHCHAN", "PCCHAN", "SWDIED",
     "OTHERS"}
)  # fmt: skip
A_YEAR = timedelta(days=365.2425)  # numpy's 'Y', which the DfE tool subtracts from 1 April
WEEK = timedelta(days=7)


def _in_order(rows: list[Row]) -> list[Row]:
    return sorted(
        rows,
        key=lambda r: (
            r["SW_DECOM_d"] is None,
            r["SW_DECOM_d"] or date.min,
            r["SW_DEC_d"] is None,
            r["SW_DEC_d"] or date.min,
        ),
    )


def _by_child(ret: Return903) -> Iterator[list[Row]]:
    return (_in_order(rows) for rows in ret.by_child(SW).values())


rule(code="SW02STG1", message="Social worker ID does not begin with the characters ‘SW’ or ‘XX’.",
     fields=["SW_ID"], tables=[SW])(rows_where(
    SW, lambda r: (r["SW_ID"] or "")[:2] not in ("SW", "XX") or len(r["SW_ID"]) < 4))  # fmt: skip
rule(code="SW04STG1", message="Date social worker episode began is not a valid date..",
     fields=["SW_DECOM"], tables=[SW])(invalid_date(SW, "SW_DECOM"))  # fmt: skip
rule(code="SW05STG1", message="Date social worker episode began is not a valid date.",
     fields=["SW_DEC"], tables=[SW])(invalid_date(SW, "SW_DEC"))  # fmt: skip
rule(code="SW09STG2", message="Social worker episode appears to have lasted for less than 24 "
     "hours.", fields=["SW_DECOM", "SW_DEC"], tables=[SW])(rows_where(
    SW, lambda r: r["SW_DEC_d"] is not None and r["SW_DECOM_d"] is not None
    and r["SW_DEC_d"] - r["SW_DECOM_d"] < timedelta(days=3)))  # fmt: skip
rule(code="SW13STG1", message="The reason for social worker change is not valid.",
     fields=["SW_REASON"], tables=[SW])(rows_where(
    SW, lambda r: (r["SW_REASON"] is not None and r["SW_REASON"] not in REASONS)
    or (r["SW_REASON"] is None and le(date(2023, 4, 1), r["SW_DECOM_d"]))))  # fmt: skip
rule(code="SW18STG2", message="The end date of the social worker episode is before the start date",
     fields=["SW_DEC", "SW_DECOM"], tables=[SW])(rows_where(
    SW, lambda r: r["SW_DEC_d"] is not None and r["SW_DECOM_d"] is not None
    and not r["SW_DEC_d"] > r["SW_DECOM_d"]))  # fmt: skip


@rule(code="SW06STG2", message="Social worker episode data should be within the social worker data "
      "reporting year.", fields=["SW_DECOM"], tables=[SW])  # fmt: skip
def sw_starts_after_year(ret: Return903) -> Iterator[Row]:
    return (r for r in ret.rows(SW) if lt(ret.end, r["SW_DECOM_d"]))


@rule(code="SW07STG2", message="Social worker episode end date should be on or after the start of "
      "the social worker reporting period, and should be on or before the collection end date.",
      fields=["SW_DEC"], tables=[SW])  # fmt: skip
def sw_ends_outside_period(ret: Return903) -> Iterator[Row]:
    earliest = ret.start - A_YEAR
    for r in ret.rows(SW):
        dec = r["SW_DEC_d"]
        if dec is not None and (dec < earliest or dec > ret.end):
            yield r


@rule(code="SW08STG2", message="A new social worker episode has started, but the previous episode "
      "has not ended.", fields=["SW_DEC"], tables=[SW])  # fmt: skip
def sw_previous_open(ret: Return903) -> Iterator[Row]:
    for rows in _by_child(ret):
        for r in rows[:-1]:
            if r["SW_DEC_d"] is None and r["SW_DECOM_d"] is not None:
                yield r


def _gap_too_wide(ret: Return903, *, blank_reason_counts: bool) -> Iterator[Row]:
    for rows in _by_child(ret):
        for prev, r in pairs(rows):
            reason = r["SW_REASON"]
            if reason == "FCONTA" or (reason is None and not blank_reason_counts):
                continue
            start, prev_end = r["SW_DECOM_d"], prev["SW_DEC_d"]
            if start is None or prev_end is None or abs((start - prev_end).days) > WEEK.days:
                yield r


@rule(code="SW10STG2", message="A new social worker episode has started before the end date of "
      "the previous social worker episode.", fields=["SW_DECOM"], tables=[SW])  # fmt: skip
def sw_gap(ret: Return903) -> Iterator[Row]:
    return _gap_too_wide(ret, blank_reason_counts=True)


@rule(code="SW10aSTG2", message="A new social worker episode has started and it is not within "
      "+/- 7 days of a previous episode.", fields=["SW_DECOM"], tables=[SW])  # fmt: skip
def sw_gap_week(ret: Return903) -> Iterator[Row]:
    return _gap_too_wide(ret, blank_reason_counts=True)


@rule(code="SW10bSTG2", message="A new social worker episode has started with a reason of first "
      "contact before the previous episode has ended.", fields=["SW_DECOM", "SW_REASON"],
      tables=[SW])  # fmt: skip
def sw_first_contact_overlaps(ret: Return903) -> Iterator[Row]:
    for rows in _by_child(ret):
        for prev, r in pairs(rows):
            if r["SW_REASON"] == "FCONTA" and le(r["SW_DECOM_d"], prev["SW_DEC_d"]):
                yield r


@rule(code="SW11bSTG2", message="Social worker episode has ended before 31 March and no subsequent "
      "social worker episode has been provided.", fields=["SW_DEC"], tables=[SW])  # fmt: skip
def sw_ended_without_next(ret: Return903) -> Iterator[Row]:
    window_start = ret.end - timedelta(days=5)

    def in_window(d: date | None) -> bool:
        return d is not None and window_start <= d <= ret.end

    for rows in _by_child(ret):
        if len(rows) == 1:
            if in_window(rows[0]["SW_DEC_d"]):
                yield rows[0]
            continue
        for prev, r in pairs(rows):
            if r["SW_DECOM_d"] is None and in_window(prev["SW_DEC_d"]):
                yield r
            if in_window(r["SW_DEC_d"]) and lt(prev["SW_DECOM_d"], r["SW_DEC_d"]):
                yield r


@rule(code="SW12STG2", message="If a child is looked after on 31 March then all social worker "
      "episodes for the full previous year should be reported, even those whilst they were not "
      "looked after", fields=["SW_DECOM"], tables=[SW, E])  # fmt: skip
def sw_history_missing(ret: Return903) -> Iterator[Row]:
    """For a child looked after at 31 March (an open episode, not a short break), the social
    worker episodes must reach back to the start of the current period of care."""
    workers = ret.by_child(SW)
    for child, eps in ret.episodes_by_child.items():
        current = eps[-1]
        if current["DEC"] is not None or current["LS"] in SHORT_BREAKS:
            continue
        period_start = current["DECOM_d"]
        for prev in reversed(eps[:-1]):
            if prev["REC"] == "X1" and prev["DECOM_d"] is not None:
                period_start = prev["DECOM_d"]
            else:
                break
        starts = [r["SW_DECOM_d"] for r in workers.get(child, []) if r["SW_DECOM_d"]]
        if not starts or (period_start is not None and min(starts) > period_start):
            yield current


@rule(code="SW17STG2", message="There is no social worker episode open at 31 March",
      fields=["SW_DEC", "SW_DECOM"], tables=[SW])  # fmt: skip
def sw_none_open(ret: Return903) -> Iterator[Row]:
    for rows in ret.by_child(SW).values():
        dated = [r for r in rows if r["SW_DECOM_d"] is not None]
        if not dated:
            if rows[0]["SW_DEC"] is not None:
                yield rows[0]
            continue
        start = max(r["SW_DECOM_d"] for r in dated)
        latest = [r for r in dated if r["SW_DECOM_d"] == start]
        # Of two episodes starting that day, one still open will do.
        if all(r["SW_DEC"] is not None for r in latest):
            yield latest[0]


@rule(code="SW19STG2", message="There are 2 social worker episodes for the child starting on the "
      "same date.", fields=["SW_DEC", "SW_DECOM"], tables=[SW])  # fmt: skip
def sw_same_start(ret: Return903) -> Iterator[Row]:
    seen: set[tuple[str, str | None]] = set()
    for r in ret.rows(SW):
        key = (r["CHILD"], r["SW_DECOM"])
        if key in seen:
            yield r
        seen.add(key)
