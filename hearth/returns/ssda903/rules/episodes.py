"""Episode rules: codes, dates, sequences, legal status and placement limits, providers, URNs and
the postcode-derived placement fields."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from hearth.returns.ssda903.parse import Return903, Row, postcode_known
from hearth.returns.ssda903.rules.helpers import (
    ADOPTED,
    ADOPTION_PLACEMENTS,
    FOSTER_PLACEMENTS,
    NO_URN_PLACEMENTS,
    OTHER,
    OUTSIDE_ENGLAND_LA,
    SHORT_BREAKS,
    TEMPORARY,
    dob,
    first_dated,
    invalid_code,
    invalid_date,
    le,
    lt,
    pairs,
    rows_where,
    years,
)
from hearth.returns.ssda903.validate import rule

E = "Episodes"
PLACEMENTS = (
    "A3", "A4", "A5", "A6", "K1", "K2", "K3", "P1", "P3", "R1", "R2", "R3", "R5", "S1", "T0",
    "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z11", "Z12", "Z13", "Z14",
)  # fmt: skip
REC_CODES = (
    "E11", "E12", "E2", "E3", "E4A", "E4B", "E13", "E41", "E45", "E46", "E47", "E48", "E5",
    "E6", "E7", "E8", "E9", "E14", "E15", "E16", "E17", "X1",
)  # fmt: skip
LEFT_CARE = frozenset(REC_CODES) - {"X1"}
PLACE_CHANGE_REASONS = (
    "CARPL", "CLOSE", "ALLEG", "STAND", "APPRR", "CREQB", "CREQO", "CHILD", "LAREQ", "PLACE",
    "CUSTOD", "OTHER",
)  # fmt: skip
PLACEHOLDER_URN = "XXXXXXX"


def _eq(a: object, b: object) -> bool:
    """a == b as pandas compares: blanks are never equal."""
    return a is not None and b is not None and a == b


def _episodes(ret: Return903) -> Iterator[list[Row]]:
    return iter(ret.episodes_by_child.values())


# Codes and formats -------------------------------------------------------------------------

rule(code="141", message="Date episode began is not a valid date.", fields=["DECOM"],
     tables=[E])(invalid_date(E, "DECOM"))  # fmt: skip
rule(code="143", message="The reason for new episode code is not a valid code.", fields=["RNE"],
     tables=[E])(invalid_code(E, "RNE", ("S", "P", "L", "T", "U", "B")))  # fmt: skip
rule(code="144", message="The legal status code is not a valid code.", fields=["LS"],
     tables=[E])(invalid_code(E, "LS", ("C1", "C2", "D1", "E1", "V2", "V3", "V4", "J1", "J2",
                                        "J3", "L1", "L2", "L3")))  # fmt: skip
rule(code="145", message="Category of need code is not a valid code.", fields=["CIN"],
     tables=[E])(invalid_code(E, "CIN", tuple(f"N{i}" for i in range(1, 9))))  # fmt: skip
rule(code="146", message="Placement type code is not a valid code.", fields=["PLACE"],
     tables=[E])(invalid_code(E, "PLACE", PLACEMENTS))  # fmt: skip
rule(code="147", message="Date episode ceased is not a valid date.", fields=["DEC"],
     tables=[E])(invalid_date(E, "DEC"))  # fmt: skip
rule(code="148", message="Date episode ceased and reason episode ceased must both be coded, or "
     "both left blank.", fields=["DEC", "REC"], tables=[E])(
    rows_where(E, lambda r: (r["DEC"] is None) != (r["REC"] is None)))  # fmt: skip
rule(code="149", message="Reason episode ceased code is not valid. ", fields=["REC"],
     tables=[E])(invalid_code(E, "REC", REC_CODES))  # fmt: skip
rule(code="1009", message="Reason for placement change is not a valid code.",
     fields=["REASON_PLACE_CHANGE"], tables=[E])(
    invalid_code(E, "REASON_PLACE_CHANGE", PLACE_CHANGE_REASONS))  # fmt: skip


@rule(code="142", message="A new episode has started, but the previous episode has not ended.",
      fields=["DEC", "REC"], tables=[E])  # fmt: skip
def previous_not_ended(ret: Return903) -> Iterator[Row]:
    for eps in _episodes(ret):
        for e in eps[:-1]:
            if e["DECOM_d"] is not None and (e["DEC_d"] is None or e["REC"] is None):
                yield e


# Placement providers -------------------------------------------------------------------------

_NO_PROVIDER_178 = frozenset({"T0", "T1", "T2", "T3"}) | OTHER


@rule(code="178", message="Placement provider code is not a valid code.",
      fields=["PLACE_PROVIDER"], tables=[E])  # fmt: skip
def provider_valid(ret: Return903) -> Iterator[Row]:
    valid = {"PR0", "PR1", "PR2", "PR3", "PR4", "PR5"}
    for r in ret.rows(E):
        p = r["PLACE_PROVIDER"]
        if p is not None and (p not in valid or r["PLACE"] in _NO_PROVIDER_178):
            yield r


rule(code="213", message="Placement provider information not required.",
     fields=["PLACE_PROVIDER"], tables=[E])(rows_where(
    E, lambda r: r["PLACE"] in TEMPORARY | OTHER and r["PLACE_PROVIDER"] is not None))  # fmt: skip
rule(code="526", message="Child is missing a placement provider code for at least one episode.",
     fields=["PLACE", "PLACE_PROVIDER"], tables=[E])(rows_where(
    E, lambda r: r["PLACE"] not in TEMPORARY | OTHER and r["PLACE_PROVIDER"] is None))  # fmt: skip
rule(code="527", message="A placement provider code of PR1 cannot be associated with placements "
     "P1, R2 or R5.", fields=["PLACE", "PLACE_PROVIDER"], tables=[E])(rows_where(
    E, lambda r: r["PLACE"] in ("P1", "R2", "R5") and r["PLACE_PROVIDER"] == "PR1"))  # fmt: skip
rule(code="528", message="A placement provider code of PR2 cannot be associated with placements "
     "P1, R2 or R5.", fields=["PLACE", "PLACE_PROVIDER"], tables=[E])(rows_where(
    E, lambda r: r["PLACE"] in ("P1", "R2", "R5") and r["PLACE_PROVIDER"] == "PR2"))  # fmt: skip
rule(code="529", message="Placement provider code of PR3 cannot be associated with placements "
     "P1, A3 to A6, K1, K2 and U1 to U6 as these placements cannot be provided by other public "
     "organisations.", fields=["PLACE", "PLACE_PROVIDER"], tables=[E])(rows_where(
    E, lambda r: r["PLACE_PROVIDER"] == "PR3" and r["PLACE"] in (
        ADOPTION_PLACEMENTS | FOSTER_PLACEMENTS | {"K1", "K2", "P1"})))  # fmt: skip
rule(code="530", message="A placement provider code of PR4 cannot be associated with placement "
     "P1.", fields=["PLACE", "PLACE_PROVIDER"], tables=[E])(rows_where(
    E, lambda r: r["PLACE"] == "P1" and r["PLACE_PROVIDER"] == "PR4"))  # fmt: skip
rule(code="531", message="A placement provider code of PR5 cannot be associated with placements "
     "P1.", fields=["PLACE", "PLACE_PROVIDER"], tables=[E])(rows_where(
    E, lambda r: r["PLACE"] == "P1" and r["PLACE_PROVIDER"] == "PR5"))  # fmt: skip
rule(code="550", message="A placement provider code of PR0 can only be associated with "
     "placement P1.", fields=["PLACE", "PLACE_PROVIDER"], tables=[E])(rows_where(
    E, lambda r: r["PLACE"] != "P1" and r["PLACE_PROVIDER"] == "PR0"))  # fmt: skip


@rule(code="1015", message="Placement provider is own provision but child not placed in own LA.",
      fields=["PL_LA"], tables=[E])  # fmt: skip
def own_provision_out_of_area(ret: Return903) -> Iterator[Row]:
    exempt = ADOPTION_PLACEMENTS | FOSTER_PLACEMENTS | {"K3"}
    for r in ret.rows(E):
        if (
            r["PLACE_PROVIDER"] == "PR1"
            and r["PLACE"] is not None
            and r["LS"] is not None
            and r["PLACE"] not in exempt
            and r["LS"] not in SHORT_BREAKS
            and r["PL_LA"] != ret.la_code
        ):
            yield r


# Postcodes, placement LA and distance ------------------------------------------------------


def _uasc_children(ret: Return903) -> frozenset[str] | None:
    """Children UASC this year or last (from the Header flags), or None when neither year says,
    as the DfE's tool then cannot tell."""
    headers = ret.rows("Header") + ret.last_rows("Header")
    if not any("UASC" in h for h in headers):
        return None
    return frozenset(h["CHILD"] for h in headers if h.get("UASC") == "1")


@rule(code="164", message="Distance is not valid. Please check a valid postcode has been entered. "
      "[NOTE: This check will result in false positives for children formerly UASC not "
      "identified as such in loaded data]", fields=["PL_DISTANCE"], tables=[E])  # fmt: skip
def distance_valid(ret: Return903) -> Iterator[Row]:
    uasc = _uasc_children(ret)
    if uasc is None:
        return
    for r in ret.rows(E):
        d = r["PL_DISTANCE"]
        if r["CHILD"] not in uasc and d is not None and not 0.0 <= d <= 999.9:
            yield r


rule(code="169", message="Local Authority (LA) of placement is not valid or is missing. Please "
     "check a valid postcode has been entered.", fields=["PL_LA"], tables=[E])(rows_where(
    E, lambda r: r["LS"] not in SHORT_BREAKS and r["PL_LA"] is None))  # fmt: skip
rule(code="179", message="Placement location code is not a valid code.", fields=["PL_LOCATION"],
     tables=[E])(rows_where(
    E, lambda r: r["LS"] not in SHORT_BREAKS and r["PL_LOCATION"] is None))  # fmt: skip
rule(
    code="214",
    message="Placement location information not required.",
    fields=["PL_POST", "URN"],
    tables=[E],
)(
    rows_where(
        E, lambda r: r["LS"] in SHORT_BREAKS and (r["PL_POST"] is not None or r["URN"] is not None)
    )
)


@rule(code="392a", message="Child is looked after but no distance is recorded. [NOTE: This check "
      "may result in false positives for children formerly UASC]", fields=["PL_DISTANCE"],
      tables=[E])  # fmt: skip
def distance_missing(ret: Return903) -> Iterator[Row]:
    uasc = _uasc_children(ret)
    if uasc is None:
        return
    for r in ret.rows(E):
        if r["CHILD"] not in uasc and r["LS"] not in SHORT_BREAKS and r["PL_DISTANCE"] is None:
            yield r


@rule(
    code="392b",
    message="Child is looked after but no postcodes are recorded. [NOTE: This "
    "check may result in false positives for children formerly UASC, particularly if current "
    "& prior year UASC data not loaded]",
    fields=["HOME_POST", "PL_POST"],
    tables=[E],
)
def postcodes_missing(ret: Return903) -> Iterator[Row]:
    uasc = _uasc_children(ret) or frozenset()
    for r in ret.rows(E):
        if (
            r["CHILD"] not in uasc
            and r["LS"] not in SHORT_BREAKS
            and (r["HOME_POST"] is None or r["PL_POST"] is None)
        ):
            yield r


@rule(code="392c", message="Postcode(s) provided are invalid.", fields=["HOME_POST", "PL_POST"],
      tables=[E])  # fmt: skip
def postcodes_invalid(ret: Return903) -> Iterator[Row]:
    for r in ret.rows(E):
        home, placed = r["HOME_POST"], r["PL_POST"]
        if (home is not None and not postcode_known(home)) or (
            placed is not None and not postcode_known(placed)
        ):
            yield r


rule(code="392d", message="Home and placement postcodes should not be same unless the placement "
     "type is P1.", fields=["HOME_POST", "PL_POST", "PLACE"], tables=[E])(rows_where(
    E, lambda r: r["PLACE"] != "P1" and _eq(r["HOME_POST"], r["PL_POST"])))  # fmt: skip
rule(code="398", message="Distance field completed but child looked after under legal status V3 "
     "or V4.", fields=["LS", "HOME_POST", "PL_POST"], tables=[E])(rows_where(
    E, lambda r: r["LS"] in SHORT_BREAKS and (
        r["HOME_POST"] is not None or r["PL_POST"] is not None)))  # fmt: skip


@rule(code="406", message="Child is Unaccompanied Asylum-Seeking Child (UASC) or was formerly "
      "UASC. Distance should be blank. [NOTE: This check will result in false negatives for "
      "children formerly UASC not identified as such in loaded data]", fields=["PL_DISTANCE"],
      tables=[E])  # fmt: skip
def uasc_distance(ret: Return903) -> Iterator[Row]:
    uasc = _uasc_children(ret)
    if not uasc:
        return
    for r in ret.rows(E):
        if r["CHILD"] in uasc and r["PL_DISTANCE"] is not None:
            yield r


@rule(code="411", message="Placement location code disagrees with LA of placement.",
      fields=["PL_LOCATION"], tables=[E])  # fmt: skip
def location_disagrees(ret: Return903) -> Iterator[Row]:
    for r in ret.rows(E):
        if r["PL_LOCATION"] == "IN" and r["PL_LA"] != ret.la_code:
            yield r


rule(code="420", message="LA of placement completed but child is looked after under legal status "
     "V3 or V4.", fields=["PL_LA"], tables=[E])(rows_where(
    E, lambda r: r["LS"] in SHORT_BREAKS and r["PL_LA"] is not None))  # fmt: skip
rule(code="454", message="Placement distance from home is over 350 miles. [NOTE: This check will "
     "result in false positives for children formerly UASC not identified as such in loaded "
     "data]", fields=["PL_DISTANCE"], tables=[E])(rows_where(
    E, lambda r: r["PL_DISTANCE"] is not None and r["PL_DISTANCE"] > 350
    and r["PL_DISTANCE"] != 999.9))  # fmt: skip


# URNs -----------------------------------------------------------------------------------------


@rule(code="218", message="Ofsted Unique reference number (URN) is required.", fields=["URN"],
      tables=[E])  # fmt: skip
def urn_required(ret: Return903) -> Iterator[Row]:
    for r in ret.rows(E):
        if (
            r["URN"] is None
            and (r["DEC"] is None or le(ret.start, r["DEC_d"]))
            and r["PLACE"] not in NO_URN_PLACEMENTS
            and (r["PL_LA"] or "").upper() not in OUTSIDE_ENGLAND_LA
        ):
            yield r


rule(
    code="222",
    message="Ofsted Unique reference number (URN) should not be recorded for this placement type.",
    fields=["URN"],
    tables=[E],
)(
    rows_where(
        E, lambda r: r["PLACE"] in NO_URN_PLACEMENTS and r["URN"] not in (None, PLACEHOLDER_URN)
    )
)
rule(code="242", message="URN = 'XXXXXXX' can only be used for regional adoption agencies",
     fields=["URN"], tables=[E])(rows_where(
    E, lambda r: r["URN"] == PLACEHOLDER_URN
    and r["PLACE"] not in ADOPTION_PLACEMENTS | FOSTER_PLACEMENTS))  # fmt: skip
rule(code="243", message="Only placements with providers registered with Ofsted should have a "
     "URN reported.", fields=["URN"], tables=[E])(rows_where(
    E, lambda r: r["PL_LA"] in OUTSIDE_ENGLAND_LA and r["URN"] is not None))  # fmt: skip


@rule(code="241", message="LA of placement is not an LA the provider has premises.",
      fields=["URN"], tables=[E])  # fmt: skip
def k3_out_of_area(ret: Return903) -> Iterator[Row]:
    for r in ret.rows(E):
        if (
            r["URN"] not in (None, PLACEHOLDER_URN)
            and r["PLACE"] == "K3"
            and r["PL_LA"] != ret.la_code
        ):
            yield r


# Reasons for placement change ---------------------------------------------------------------


@rule(code="225", message="Reason for placement change must be recorded.",
      fields=["REASON_PLACE_CHANGE"], tables=[E])  # fmt: skip
def place_change_reason_required(ret: Return903) -> Iterator[Row]:
    for eps in _episodes(ret):
        for prev, e in pairs(eps):
            if (
                prev["REC"] == "X1"
                and prev["REASON_PLACE_CHANGE"] is None
                and prev["PLACE"] not in TEMPORARY
                and e["RNE"] in ("P", "B", "T", "U")
                and e["PLACE"] not in TEMPORARY
            ):
                yield prev


@rule(code="226", message="Reason for placement change is not required for temporary placements.",
      fields=["REASON_PLACE_CHANGE", "PLACE"], tables=[E])  # fmt: skip
def place_change_reason_temporary(ret: Return903) -> Iterator[Row]:
    for eps in _episodes(ret):
        previous_reason = None
        for e in eps:
            if e["PLACE"] in TEMPORARY and (
                e["REASON_PLACE_CHANGE"] is not None or previous_reason is not None
            ):
                yield e
            previous_reason = e["REASON_PLACE_CHANGE"]


rule(code="233", message="Reason for placement change is not required when the episode has not "
     "ceased.", fields=["REASON_PLACE_CHANGE", "REASON_PLACE_CHANGE"], tables=[E])(rows_where(
    E, lambda r: r["DEC"] is None and r["REASON_PLACE_CHANGE"] is not None))  # fmt: skip


@rule(code="234", message="A child aged under 10 can not change placement due to being admitted "
      "to custody", fields=["REASON_PLACE_CHANGE", "DOB"], tables=[E, "Header"])  # fmt: skip
def custody_under_10(ret: Return903) -> Iterator[Row]:
    for r in ret.rows(E):
        if r["REASON_PLACE_CHANGE"] == "CUSTOD" and lt(
            r["DECOM_d"], years(dob(ret, r["CHILD"]), 10)
        ):
            yield r
            yield ret.header_by_child[r["CHILD"]]


# Dates ----------------------------------------------------------------------------------------

rule(code="353", message="No episode submitted can start before 14 October 1991.",
     fields=["DECOM"], tables=[E])(rows_where(
    E, lambda r: lt(r["DECOM_d"], date(1991, 10, 14))))  # fmt: skip
rule(code="355", message="Episode appears to have lasted for less than 24 hours",
     fields=["DECOM", "DEC"], tables=[E])(rows_where(
    E, lambda r: r["DECOM"] == r["DEC"]))  # fmt: skip
rule(code="356", message="The date the episode ceased is before the date the same episode "
     "started.", fields=["DECOM"], tables=[E])(rows_where(
    E, lambda r: lt(r["DEC_d"], r["DECOM_d"])))  # fmt: skip
rule(code="446", message="E1 is not a valid code for episodes starting before December 2005.",
     fields=["LS", "DECOM"], tables=[E])(rows_where(
    E, lambda r: r["LS"] == "E1" and lt(r["DECOM_d"], date(2005, 12, 1))))  # fmt: skip


@rule(code="354", message="Date episode ceased must be on or before the end of the current "
      "collection year.", fields=["DECOM"], tables=[E])  # fmt: skip
def started_after_year(ret: Return903) -> Iterator[Row]:
    return (r for r in ret.rows(E) if lt(ret.end, r["DECOM_d"]))


@rule(code="385", message="Date episode ceased must be on or before the end of the current "
      "collection year.", fields=["DEC"], tables=[E])  # fmt: skip
def ceased_after_year(ret: Return903) -> Iterator[Row]:
    return (r for r in ret.rows(E) if lt(ret.end, r["DEC_d"]))


@rule(code="357", message="If this is the first episode ever for this child, reason for new "
      "episode must be S.  Check whether there is an episode immediately preceding this one, "
      "which has been left out.  If not the reason for new episode code must be amended to S.",
      fields=["RNE"], tables=[E])  # fmt: skip
def first_episode_s(ret: Return903) -> Iterator[Row]:
    for eps in _episodes(ret):
        first = first_dated(eps)
        if first is not None and first["DECOM_d"] >= ret.start and first["RNE"] != "S":
            yield first


# Sequences of episodes ----------------------------------------------------------------------


@rule(code="388", message="Reason episode ceased is coded new episode begins, but there is no "
      "continuation episode.", fields=["REC"], tables=[E])  # fmt: skip
def x1_without_continuation(ret: Return903) -> Iterator[Row]:
    for eps in _episodes(ret):
        for prev, e in pairs(eps):
            nxt = e["DECOM_d"]
            if nxt is None or prev["DEC_d"] is None:
                continue
            if (
                prev["REC"] == "X1"
                and prev["DEC_d"] != nxt
                or prev["REC"] not in ("X1", None)
                and prev["DEC_d"] == nxt
            ):
                yield prev
        last = eps[-1]
        if last["DEC_d"] is not None and last["REC"] == "X1":
            yield last


@rule(code="431", message="The reason for new episode is started to be looked after, but the "
      "previous episode ended on the same day.", fields=["RNE", "DECOM"], tables=[E])  # fmt: skip
def s_after_same_day_end(ret: Return903) -> Iterator[Row]:
    for eps in _episodes(ret):
        for prev, e in pairs(eps):
            if e["RNE"] == "S" and le(e["DECOM_d"], prev["DEC_d"]):
                yield e


@rule(code="432", message="The child ceased to be looked after at the end of the previous "
      "episode but the reason for the new episode is not started to be looked after.",
      fields=["RNE"], tables=[E])  # fmt: skip
def continuation_after_leaving(ret: Return903) -> Iterator[Row]:
    for eps in _episodes(ret):
        for prev, e in pairs(eps):
            if prev["REC"] in LEFT_CARE and e["RNE"] != "S":
                yield e


@rule(code="433", message="The reason for new episode suggests that this is a continuation "
      "episode, but the episode does not start on the same day as the last episode finished.",
      fields=["RNE", "DECOM"], tables=[E])  # fmt: skip
def continuation_not_same_day(ret: Return903) -> Iterator[Row]:
    for eps in _episodes(ret):
        ordered = sorted(
            eps,
            key=lambda e: (
                e["DECOM_d"] is None,
                e["DECOM_d"] or date.min,
                e["DEC_d"] is None,
                e["DEC_d"] or date.min,
            ),
        )
        for prev, e in pairs(ordered):
            if e["RNE"] in ("P", "L", "T", "U", "B") and not _eq(prev["DEC"], e["DECOM"]):
                yield e


_PLACEMENT_COLS = ("PLACE", "PL_POST", "URN", "PLACE_PROVIDER")


@rule(code="434", message="Reason for new episode is that child's legal status has changed but "
      "not the placement, but this is not reflected in the episode data.",
      fields=["RNE", "LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"], tables=[E])  # fmt: skip
def legal_status_only(ret: Return903) -> Iterator[Row]:
    for eps in _episodes(ret):
        for prev, e in pairs(eps):
            if e["RNE"] == "L" and (
                _eq(e["LS"], prev["LS"])
                or any((e[c] or "") != (prev[c] or "") for c in _PLACEMENT_COLS)
            ):
                yield e


@rule(code="435", message="Reason for new episode is that child’s placement has changed but not "
      "the legal status, but this is not reflected in the episode data recorded.",
      fields=["LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"], tables=[E])  # fmt: skip
def placement_only(ret: Return903) -> Iterator[Row]:
    for eps in _episodes(ret):
        for prev, e in pairs(eps):
            if e["RNE"] in ("P", "T") and (
                not _eq(e["LS"], prev["LS"]) or all(_eq(e[c], prev[c]) for c in _PLACEMENT_COLS)
            ):
                yield e


@rule(code="436", message="Reason for new episode is that both child’s placement and legal status "
      "have changed, but this is not reflected in the episode data.",
      fields=["RNE", "LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"], tables=[E])  # fmt: skip
def both_changed(ret: Return903) -> Iterator[Row]:
    for eps in _episodes(ret):
        for prev, e in pairs(eps):
            if e["RNE"] in ("U", "B") and (
                e["LS"] == prev["LS"] or all(e[c] == prev[c] for c in _PLACEMENT_COLS)
            ):
                yield e


@rule(code="437", message="Reason episode ceased is child has died or is aged 18 or over but "
      "there are further episodes.", fields=["REC"], tables=[E])  # fmt: skip
def episodes_after_death(ret: Return903) -> Iterator[Row]:
    for eps in _episodes(ret):
        for prev, _e in pairs(eps):
            if prev["DECOM_d"] is not None and prev["REC"] in ("E2", "E15"):
                yield prev


@rule(code="501", message="A new episode has started before the end date of the previous "
      "episode.", fields=["DECOM", "DEC"], tables=[E])  # fmt: skip
def overlapping_episodes(ret: Return903) -> Iterator[Row]:
    for eps in _episodes(ret):
        for prev, e in pairs(eps):
            if lt(e["DECOM_d"], prev["DEC_d"]):
                yield e


@rule(code="504", message="The category of need code differs from that reported at start of "
      "current period of being looked after", fields=["CIN"], tables=[E])  # fmt: skip
def need_changed(ret: Return903) -> Iterator[Row]:
    for eps in _episodes(ret):
        for prev, e in pairs(eps):
            if (
                prev["REC"] == "X1"
                and _eq(prev["DEC_d"], e["DECOM_d"])
                and not _eq(e["CIN"], prev["CIN"])
            ):
                yield e


@rule(code="383", message="A child in a temporary placement must subsequently return to his/her "
      "normal placement.", fields=["PLACE", "RNE", "PL_POST"], tables=[E])  # fmt: skip
def back_from_temporary(ret: Return903) -> Iterator[Row]:
    for eps in _episodes(ret):
        for before, temp, e in zip(eps, eps[1:], eps[2:], strict=False):
            if temp["PLACE"] in TEMPORARY and (
                e["RNE"] != "P"
                or not _eq(e["PLACE"], before["PLACE"])
                or not _eq(e["PL_POST"], before["PL_POST"])
            ):
                yield e


# Legal status and placement limits ----------------------------------------------------------


def _runs(eps: list[Row], status: str, end: date) -> Iterator[list[Row]]:
    """Runs of consecutive episodes with this legal status, each starting the day the one
    before it ended."""
    run: list[Row] = []
    for e in eps:
        if e["LS"] != status:
            if run:
                yield run
            run = []
            continue
        if run and (run[-1]["DEC_d"] or end) != e["DECOM_d"]:
            yield run
            run = []
        run.append(e)
    if run:
        yield run


def _status_too_long(status: str, days: int):  # type: ignore[no-untyped-def]
    def check(ret: Return903) -> Iterator[Row]:
        for eps in _episodes(ret):
            for run in _runs(eps, status, ret.end):
                starts = [e["DECOM_d"] for e in run if e["DECOM_d"] is not None]
                if not starts:
                    continue
                last_end = max((e["DEC_d"] or ret.end) for e in run)
                if (last_end - min(starts)).days > days:
                    yield from run

    return check


rule(code="361", message="Police protection legal status lasted longer than maximum 72 hours "
     "allowed in the Children Act 1989.", fields=["DECOM", "LS", "DEC"], tables=[E])(
    _status_too_long("L1", 3))  # fmt: skip
rule(code="362", message="Emergency protection order (EPO) lasted longer than 21 days",
     fields=["DECOM", "LS", "DEC"], tables=[E])(_status_too_long("L2", 21))  # fmt: skip


def _period_too_long(status: str, days: int):  # type: ignore[no-untyped-def]
    """Episodes with this legal status, in file order, joined into periods where one starts no
    later than the one before ended; a period's total length over `days` fails."""

    def check(ret: Return903) -> Iterator[Row]:
        period: list[Row] = []
        total = 0
        previous: Row | None = None
        previous_end: date | None = None
        for r in ret.rows(E):
            if r["LS"] != status or r["DECOM_d"] is None:
                continue
            # An open episode runs to 31 March; one whose DEC cannot be read counts no days.
            dec = ret.end if r["DEC"] is None else r["DEC_d"]
            if (
                previous is None
                or r["CHILD"] != previous["CHILD"]
                or lt(previous_end, r["DECOM_d"])
            ):
                if total > days:
                    yield from period
                period, total = [], 0
            period.append(r)
            if dec is not None:
                total += (dec - r["DECOM_d"]).days
            previous, previous_end = r, dec
        if total > days:
            yield from period

    return check


rule(code="363", message="Child assessment order (CAO) lasted longer than 7 days allowed in the "
     "Children Act 1989.", fields=["LS", "DECOM", "DEC"], tables=[E])(
    _period_too_long("L3", 7))  # fmt: skip
rule(code="364", message="Sections 41-46 of Police and Criminal Evidence (PACE; 1984) severely "
     "limits the time a child can be detained in custody in Local Authority (LA) "
     "accommodation.", fields=["LS", "DECOM", "DEC"], tables=[E])(
    _period_too_long("J2", 21))  # fmt: skip


@rule(code="365", message="Any individual short- term respite placement must not exceed 17 days.",
      fields=["LS", "DECOM", "DEC"], tables=[E])  # fmt: skip
def short_break_too_long(ret: Return903) -> Iterator[Row]:
    for r in ret.rows(E):
        dec = r["DEC_d"] if r["DEC"] is not None else ret.end
        if r["LS"] == "V3" and r["DECOM_d"] and lt(r["DECOM_d"] + timedelta(days=17), dec):
            yield r


rule(code="366", message="A child cannot change placement during the course of an individual "
     "short-term respite break.", fields=["RNE"], tables=[E])(rows_where(
    E, lambda r: r["LS"] == "V3" and r["RNE"] != "S"))  # fmt: skip


@rule(code="367", message="The maximum amount of respite care allowable is 75 days in any "
      "12-month period.", fields=["LS", "DECOM", "DEC"], tables=[E])  # fmt: skip
def respite_over_75_days(ret: Return903) -> Iterator[Row]:
    for eps in _episodes(ret):
        counted: list[Row] = []
        total = 0
        for e in eps:
            if e["LS"] != "V3" or e["DECOM"] is None or e["DECOM_d"] is None:
                continue
            dec = e["DEC_d"]
            dec = ret.end if dec is None or dec > ret.end else dec
            decom = max(e["DECOM_d"], ret.start)
            days = (dec - decom).days
            if days > 0:
                counted.append(e)
                total += days
        if total > 75:
            yield from counted


def _too_young(place: str, age: int):  # type: ignore[no-untyped-def]
    def check(ret: Return903) -> Iterator[Row]:
        for r in ret.rows(E):
            if (
                r["PLACE"] == place
                and r["DEC_d"] is not None
                and lt(r["DECOM_d"], years(dob(ret, r["CHILD"]), age))
            ):
                yield r

    return check


def _too_long(place: str, days: int):  # type: ignore[no-untyped-def]
    def check(ret: Return903) -> Iterator[Row]:
        for r in ret.rows(E):
            if (
                r["PLACE"] == place
                and r["DECOM_d"]
                and r["DEC_d"]
                and dob(ret, r["CHILD"])
                and r["DEC_d"] > r["DECOM_d"] + timedelta(days=days)
            ):
                yield r

    return check


rule(code="371", message="Child in supported accomodation not subject to children’s homes "
     "regulations should be at least 16.", fields=["DECOM", "PLACE"], tables=[E, "Header"])(
    _too_young("K3", 16))  # fmt: skip
rule(code="372", message="Child in youth custody or prison should be at least 10.",
     fields=["DECOM", "PLACE"], tables=[E, "Header"])(_too_young("R5", 10))  # fmt: skip
rule(code="373", message="Child placed in a school should be at least 4 years old.",
     fields=["DECOM", "PLACE"], tables=[E, "Header"])(_too_young("S1", 4))  # fmt: skip
rule(code="374", message="Child in residential employment should be at least 14 years old.",
     fields=["DECOM", "PLACE"], tables=[E, "Header"])(_too_young("P3", 14))  # fmt: skip
rule(code="375", message="Hospitalisation coded as a temporary placement exceeds six weeks.",
     fields=["DECOM", "PLACE"], tables=[E, "Header"])(_too_long("T1", 42))  # fmt: skip
rule(code="376", message="Temporary placements coded as being due to holiday of usual foster "
     "carer(s) cannot exceed three weeks.", fields=["DECOM", "PLACE"], tables=[E, "Header"])(
    _too_long("T3", 21))  # fmt: skip
rule(code="379", message="Temporary placements for unspecified reason (placement code T4) cannot "
     "exceed seven days.", fields=["DECOM", "PLACE"], tables=[E, "Header"])(
    _too_long("T4", 7))  # fmt: skip


@rule(
    code="377",
    message="Only two temporary placements coded as being due to holiday of usual "
    "foster carer(s) are allowed in any 12- month period.",
    fields=["PLACE"],
    tables=[E],
)
def too_many_t3(ret: Return903) -> Iterator[Row]:
    for eps in _episodes(ret):
        t3 = [e for e in eps if e["PLACE"] == "T3"]
        if len(t3) > 2:
            yield from t3


rule(code="378", message="A child who is placed with parent(s) cannot be looked after under a "
     "single period of accommodation under Section 20 of the Children Act 1989.",
     fields=["PLACE", "LS"], tables=[E])(rows_where(
    E, lambda r: r["PLACE"] == "P1" and r["LS"] == "V2"))  # fmt: skip
rule(code="380", message="A period of care cannot start with a temporary placement.",
     fields=["PLACE", "RNE"], tables=[E])(rows_where(
    E, lambda r: r["PLACE"] in TEMPORARY and r["RNE"] not in ("P", "B")))  # fmt: skip
rule(code="381", message="A period of care cannot end with a temporary placement.",
     fields=["PLACE", "REC"], tables=[E])(rows_where(
    E, lambda r: r["PLACE"] in TEMPORARY and r["REC"] not in ("X1", None)))  # fmt: skip
rule(code="382", message="A child receiving respite care cannot be in a temporary placement.",
     fields=["LS", "PLACE"], tables=[E])(rows_where(
    E, lambda r: r["LS"] in SHORT_BREAKS and r["PLACE"] in TEMPORARY))  # fmt: skip
rule(code="384", message="A child receiving respite care cannot be in a long-term foster "
     "placement ", fields=["PLACE", "LS"], tables=[E])(rows_where(
    E, lambda r: r["LS"] in SHORT_BREAKS and r["PLACE"] in ("U1", "U4")))  # fmt: skip
rule(code="390", message="Reason episode ceased is adopted but child has not been previously "
     "placed for adoption.", fields=["PLACE", "REC"], tables=[E])(rows_where(
    E, lambda r: r["REC"] in ADOPTED and r["PLACE"] not in ADOPTION_PLACEMENTS))  # fmt: skip
rule(code="408", message="Child is placed for adoption with a placement order, but no placement "
     "order has been recorded.", fields=["PLACE", "LS"], tables=[E])(rows_where(
    E, lambda r: r["PLACE"] in ("A5", "A6") and r["LS"] != "E1"))  # fmt: skip
rule(code="516", message="The episode data submitted for this child does not show that he/she was "
     "with their former foster carer(s) during the year.If the code in the reason episode "
     "ceased is E45 or E46 the child must have a placement code of U1 to U6.",
     fields=["REC", "PLACE"], tables=[E])(rows_where(
    E, lambda r: r["REC"] in ("E45", "E46") and r["PLACE"] not in FOSTER_PLACEMENTS))  # fmt: skip
rule(code="217", message="Children who are placed for adoption with current foster carers "
     "(placement types A3 or A5) must have a reason for new episode of S, T or U.",
     fields=["PLACE", "DECOM", "RNE"], tables=[E])(rows_where(
    E, lambda r: r["PLACE"] in ("A3", "A5") and le(date(2015, 4, 1), r["DECOM_d"])
    and r["RNE"] not in ("S", "T", "U")))  # fmt: skip


@rule(code="426", message="A child receiving respite care cannot be recorded under a legal status "
      "of V3 and V4 in the same year.", fields=["LS"], tables=[E])  # fmt: skip
def v3_and_v4(ret: Return903) -> Iterator[Row]:
    for eps in _episodes(ret):
        statuses = {e["LS"] for e in eps}
        if "V3" in statuses and "V4" in statuses:
            yield from (e for e in eps if e["LS"] in SHORT_BREAKS)


# Ages -----------------------------------------------------------------------------------------


@rule(code="352", message="Child who started to be looked after was aged 18 or over.",
      fields=["DECOM", "RNE"], tables=["Header", E])  # fmt: skip
def started_over_18(ret: Return903) -> Iterator[Row]:
    for r in ret.rows(E):
        if r["RNE"] == "S" and le(years(dob(ret, r["CHILD"]), 18), r["DECOM_d"]):
            yield r


@rule(code="358", message="Child with this legal status should not be under 10.",
      fields=["DECOM", "DOB", "LS"], tables=["Header", E])  # fmt: skip
def youth_justice_under_10(ret: Return903) -> Iterator[Row]:
    for r in ret.rows(E):
        if r["LS"] in ("J1", "J2", "J3") and le(r["DECOM_d"], years(dob(ret, r["CHILD"]), 10)):
            yield r
            yield ret.header_by_child[r["CHILD"]]


@rule(code="359", message="Child being looked after following 18th birthday must be accommodated "
      "under section 20(5) of the Children Act 1989 in a community home.",
      fields=["DEC", "LS", "PLACE"], tables=["Header", E])  # fmt: skip
def over_18_not_v2_k2(ret: Return903) -> Iterator[Row]:
    for r in ret.rows(E):
        if (
            r["DEC"] is None
            and lt(years(dob(ret, r["CHILD"]), 18), ret.end)
            and not (r["LS"] == "V2" and r["PLACE"] == "K2")
        ):
            yield r


def _ceased_by_age(codes: frozenset[str], age: int, *, at_least: bool):  # type: ignore[no-untyped-def]
    def check(ret: Return903) -> Iterator[Row]:
        for r in ret.rows(E):
            if r["REC"] not in codes:
                continue
            birthday = years(dob(ret, r["CHILD"]), age)
            if at_least:  # fails unless the child had reached `age` by DEC
                if not le(birthday, r["DEC_d"]) and (r["DEC_d"] is not None or age != 14):
                    yield r
            elif le(birthday, r["DEC_d"]):  # fails once the child had reached `age`
                yield r

    return check


rule(code="386", message="Reason episode ceased is adopted but child has reached age 18.",
     fields=["REC"], tables=["Header", E])(
    _ceased_by_age(ADOPTED, 18, at_least=False))  # fmt: skip
rule(code="387", message="Reason episode ceased is child moved into independent living "
     "arrangement, but the child is aged under 14.", fields=["REC"], tables=["Header", E])(
    _ceased_by_age(frozenset({"E5", "E6"}), 14, at_least=True))  # fmt: skip
rule(code="389", message="Reason episode ceased is that child transferred to care of adult social "
     "care services, but child is aged under 16.", fields=["REC"], tables=[E, "Header"])(
    _ceased_by_age(frozenset({"E7"}), 16, at_least=True))  # fmt: skip


@rule(code="407", message="Reason episode ceased is Special Guardianship Order, but child has "
      "reached age 18.", fields=["DEC", "DOB", "REC"], tables=[E, "Header"])  # fmt: skip
def sgo_over_18(ret: Return903) -> Iterator[Row]:
    for r in ret.rows(E):
        if r["REC"] in ("E45", "E46", "E47", "E48") and lt(
            years(dob(ret, r["CHILD"]), 18), r["DEC_d"]
        ):
            yield r
            yield ret.header_by_child[r["CHILD"]]


@rule(code="460", message="Reason episode ceased is that child stayed with current carers at age "
      "18 (or above), but child is aged under 18.", fields=["DEC", "REC"],
      tables=["Header", E])  # fmt: skip
def staying_put_under_18(ret: Return903) -> Iterator[Row]:
    for r in ret.rows(E):
        if r["REC"] == "E17" and lt(r["DEC_d"], years(dob(ret, r["CHILD"]), 18)):
            yield r


@rule(code="199", message="Episode information shows child has been previously adopted from care. "
      "[NOTE: This only tests the current and previous year data loaded into the tool]",
      fields=["CHILD"], tables=[E])  # fmt: skip
def adopted_before(ret: Return903) -> Iterator[Row]:
    for child, eps in ret.episodes_by_child.items():
        history = [e for e in ret.last_episodes_by_child.get(child, []) + eps if e["DECOM_d"]]
        history.sort(key=lambda e: e["DECOM_d"])
        adoptions = 0
        for e in history:
            adopted = e["REC"] in ADOPTED
            adoptions += adopted
            if adoptions > 0 and adoptions != int(adopted) and not e.get("_last"):
                yield e
