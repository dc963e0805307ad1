"""Year-on-year rules: this year's return against last year's (`--previous`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

from hearth.returns.ssda903.parse import Return903, Row
from hearth.returns.ssda903.rules.helpers import (
    ADOPTED,
    OC3_ITEMS,
    OTHER,
    SHORT_BREAKS,
    UN_CODES,
    first_dated,
    last_dated,
    lt,
    years,
)
from hearth.returns.ssda903.validate import Check, rule

E, EL, H, HL = "Episodes", "Episodes_last", "Header", "Header_last"


def _s(value: object) -> str:
    """A value as the DfE tool compares it after astype(str): blanks are 'nan'."""
    return "nan" if value is None else str(value)


def _continuing(ret: Return903) -> list[tuple[Row, Row]]:
    """(this year's first episode, last year's latest episode) for children in both years,
    found once per return."""
    found: list[tuple[Row, Row]] | None = ret.__dict__.get("_continuing")
    if found is None:
        found = []
        for child, eps in ret.episodes_by_child.items():
            last = ret.last_episodes_by_child.get(child)
            if not last:
                continue
            first, latest = first_dated(eps), last_dated(last)
            if first is not None and latest is not None:
                found.append((first, latest))
        ret.__dict__["_continuing"] = found
    return found


def _field_changed(field: str) -> Check:
    def check(ret: Return903) -> Iterator[Row]:
        for first, latest in _continuing(ret):
            if latest["DEC_d"] is not None:
                continue
            now, before = _s(first.get(field)), _s(latest.get(field))
            if now == before:
                continue
            if field == "PLACE" and before == "Z1" and now in OTHER:
                continue  # Z1 was divided into Z11 to Z14 from 2025-26
            yield first

    return check


_CONTINUITY = {
    "503A": ("RNE", "The reason for new episode in the first episode does not match open episode "
                    "at end of last year."),
    "503B": ("LS", "The legal status in the first episode does not match open episode at end of "
                   "last year."),
    "503C": ("CIN", "The category of need in the first episode does not match open episode at end "
                    "of last year."),
    "503D": ("PLACE", "The placement type in the first episode does not match open episode at end "
                      "of last year"),
    "503E": ("PLACE_PROVIDER", "The placement provider in the first episode does not match open "
                               "episode at end of last year."),
    "503F": ("URN", "The Ofsted URN in the  first episode does not match open episode at end of "
                    "last year."),
    "503H": ("PL_LA", "The placement LA in first episode does not match open episode at end of "
                      "last year."),
    "503J": ("PL_LOCATION", "The placement location in first episode does not match open episode "
                            "at end of last year."),
}  # fmt: skip
for _code, (_field, _message) in _CONTINUITY.items():
    rule(code=_code, message=_message, fields=[_field], tables=[E, EL])(_field_changed(_field))


def _distance_changed(*, same_rne: bool) -> Check:
    def check(ret: Return903) -> Iterator[Row]:
        for first, latest in _continuing(ret):
            if latest["DEC_d"] is not None or (same_rne and not _eq(first["RNE"], latest["RNE"])):
                continue
            now, before = first["PL_DISTANCE"], latest["PL_DISTANCE"]
            if (now is not None and before is not None and abs(now - before) >= 0.2) or (
                before is None and now is not None
            ):
                yield first

    return check


def _eq(a: object, b: object) -> bool:
    return a is not None and b is not None and a == b


rule(code="503G", message="The distance in first episode does not match open episode at end of "
     "last year.", fields=["PL_DISTANCE"], tables=[E, EL])(
    _distance_changed(same_rne=False))  # fmt: skip
rule(code="453", message="Contradiction between placement distance in the last episode of the "
     "previous year and in the first episode of the current year.", fields=["PL_DISTANCE"],
     tables=[E, EL])(_distance_changed(same_rne=True))  # fmt: skip


@rule(code="452", message="Contradiction between local authority of placement code in the last "
      "episode of the previous year and in the first episode of the current year.",
      fields=["PL_LA"], tables=[E, EL])  # fmt: skip
def placement_la_changed(ret: Return903) -> Iterator[Row]:
    for first, latest in _continuing(ret):
        if (
            _eq(first["RNE"], latest["RNE"])
            and latest["DEC"] is None
            and _s(first["PL_LA"]) != _s(latest["PL_LA"])
        ):
            yield first


@rule(code="502", message="Last year's record ended with an open episode. The date on which that "
      "episode started does not match the start date of the first episode on this year’s record.",
      fields=["DECOM"], tables=[E, EL])  # fmt: skip
def open_episode_start_differs(ret: Return903) -> Iterator[Row]:
    for child, eps in ret.episodes_by_child.items():
        first = first_dated(eps)
        if first is None:
            continue
        for old in ret.last_episodes_by_child.get(child, []):
            if old["DEC"] is None and old["DECOM_d"] != first["DECOM_d"]:
                yield first


@rule(code="562", message="Episode commenced before the start of the current collection year but "
      "there is a missing continuous episode in the previous year.", fields=["DECOM"],
      tables=[E, EL])  # fmt: skip
def continuous_episode_missing(ret: Return903) -> Iterator[Row]:
    for child, eps in ret.episodes_by_child.items():
        before = [e for e in eps if lt(e["DECOM_d"], ret.start)]
        if not before:
            continue
        latest = last_dated(ret.last_episodes_by_child.get(child, []))
        if latest is None or latest["DECOM_d"] != before[0]["DECOM_d"]:
            yield before[0]


@rule(code="NoE", message="This child has no episodes loaded for previous year even though child "
      "started to be looked after before this current year.", fields=["DECOM"],
      tables=[E, EL])  # fmt: skip
def no_previous_episodes(ret: Return903) -> Iterator[Row]:
    for r in ret.rows(E):
        if lt(r["DECOM_d"], ret.start) and r["CHILD"] not in ret.last_episodes_by_child:
            yield r


def _header_changed(compare: Callable[[Row, Row], bool]) -> Check:
    def check(ret: Return903) -> Iterator[Row]:
        last = ret.last_by_child(H)
        for h in ret.rows(H):
            if any(compare(h, old) for old in last.get(h["CHILD"], [])):
                yield h

    return check


rule(code="202", message="The gender code conflicts with the gender already recorded for this "
     "child.", fields=["SEX"], tables=[H, HL])(
    _header_changed(lambda h, old: _s(h["SEX"]) != _s(old["SEX"])))  # fmt: skip
rule(code="203", message="Date of birth disagrees with the date of birth already recorded for this "
     "child.", fields=["DOB"], tables=[H, HL])(
    _header_changed(lambda h, old: h["DOB_d"] != old["DOB_d"]))  # fmt: skip
rule(code="204", message="Ethnic origin code disagrees with the ethnic origin already recorded for "
     "this child.", fields=["ETHNIC"], tables=[H, HL])(
    _header_changed(lambda h, old: _s(h["ETHNIC"]) != _s(old["ETHNIC"])))  # fmt: skip
rule(code="624", message="Date of birth of the first child contradicts the date of birth of the "
     "first child previously recorded.", fields=["MC_DOB"], tables=[H, HL])(
    _header_changed(lambda h, old: old["MC_DOB"] is not None
                    and not _eq(h["MC_DOB"], old["MC_DOB"])))  # fmt: skip


@rule(code="207", message="Mother status for the current year disagrees with the mother status "
      "already recorded for this child.", fields=["MOTHER"], tables=[E, H, HL])  # fmt: skip
def mother_status_changed(ret: Return903) -> Iterator[Row]:
    last = ret.last_by_child(H)
    for h in ret.rows(H):
        if h["CHILD"] not in ret.episodes_by_child:
            continue
        if any(
            old["MOTHER"] == "1" and _s(h["MOTHER"]) != _s(old["MOTHER"])
            for old in last.get(h["CHILD"], [])
        ):
            yield h


@rule(code="208", message="Unique Pupil Number (UPN) for the current year disagrees with the "
      "Unique Pupil Number (UPN) already recorded for this child.", fields=["UPN"],
      tables=[H, HL])  # fmt: skip
def upn_changed(ret: Return903) -> Iterator[Row]:
    later_unknown = UN_CODES - {"UN1"}
    last = ret.last_by_child(H)
    for h in ret.rows(H):
        for old in last.get(h["CHILD"], []):
            now, before = h["UPN"], old["UPN"]
            if now is None and before is None:
                continue
            if now == before:
                continue
            if (before == "UN1" or before is None) and now in later_unknown:
                continue  # an unknown code may be refined
            if (before in UN_CODES or before is None) and now is not None and now not in UN_CODES:
                continue  # unknown became known
            yield h
            break


@rule(code="626", message="Child was reported as a mother but the date of birth of the first child "
      "is before the current year which contradicts with the mother status recorded last year.",
      fields=["MOTHER", "MC_DOB"], tables=[H, HL])  # fmt: skip
def became_mother_before_year(ret: Return903) -> Iterator[Row]:
    last = ret.last_by_child(H)
    for h in ret.rows(H):
        if h["MC_DOB_d"] is None or h["MOTHER"] != "1" or not lt(h["MC_DOB_d"], ret.start):
            continue
        if any(old["MOTHER"] == "0" for old in last.get(h["CHILD"], [])):
            yield h


def _uasc_flag(rows: list[Row], header: dict[str, Row], uasc_rows: dict[str, list[Row]],
               child: str) -> str | None:  # fmt: skip
    h = header.get(child)
    if h is not None:
        return h.get("UASC")
    if not rows:
        return None
    found = uasc_rows.get(child, [])
    return "1" if any(r["SEX"] is not None or r["DUC"] is not None for r in found) else "0"


def _uasc_pairs(ret: Return903) -> Iterator[tuple[Row, str | None, Row | None, str | None]]:
    """(this year's UASC row, its flag, last year's UASC row, last year's flag)."""
    last_uasc = ret.last_by_child("UASC")
    for u in ret.rows("UASC"):
        now_flag = _uasc_flag(ret.rows(H), ret.header_by_child, ret.by_child("UASC"), u["CHILD"])
        olds: list[Row | None] = list(last_uasc.get(u["CHILD"], [])) or [None]
        for old in olds:
            last_flag = _uasc_flag(ret.last_rows(H), ret.last_header_by_child, last_uasc,
                                   u["CHILD"]) if old is not None else None  # fmt: skip
            yield u, now_flag, old, last_flag


@rule(code="205A", message="Child identified as UASC last year is no longer UASC this year, but "
      "date UASC ceased in both years does not support this.", fields=["CHILD", "UASC"],
      tables=["UASC", "UASC_last"])  # fmt: skip
def uasc_ended(ret: Return903) -> Iterator[Row]:
    last_start, last_end = years(ret.start, -1), years(ret.end, -1)
    for u, now, old, before in _uasc_pairs(ret):
        if now != "1" and before == "1":
            duc_last = old["DUC_d"] if old else None
            in_last_year = duc_last is not None and last_start <= duc_last <= last_end
            if u["DUC"] is not None or not in_last_year:
                yield u
                h = ret.header_by_child.get(u["CHILD"])
                if h is not None:
                    yield h


@rule(code="205B", message="Child previously identified as UASC is also UASC this year, but date "
      "UASC ceased in both years does not support this.", fields=["DUC", "UASC"],
      tables=["UASC", "UASC_last"])  # fmt: skip
def uasc_continues(ret: Return903) -> Iterator[Row]:
    for u, now, old, before in _uasc_pairs(ret):
        if now != "1" or before != "1" or old is None:
            continue
        duc, duc_last = u["DUC_d"], old["DUC_d"]
        duc_in_year = duc is not None and ret.start <= duc <= ret.end
        prev_is_18th = duc_last is not None and duc_last == years(old["DOB_d"], 18)
        same = duc is not None and duc == duc_last
        if (not duc_in_year and not same) or not prev_is_18th:
            yield u
            h = ret.header_by_child.get(u["CHILD"])
            if h is not None:
                yield h


@rule(code="205C", message="Child not identified as UASC either this year or last year but date "
      "UASC ceased has been provided.", fields=["DUC", "UASC"],
      tables=["UASC", "UASC_last"])  # fmt: skip
def uasc_never(ret: Return903) -> Iterator[Row]:
    for u, now, old, before in _uasc_pairs(ret):
        if (
            now in ("0", None)
            and before in ("0", None)
            and (u["DUC"] is not None or (old is not None and old["DUC"] is not None))
        ):
            yield u
            h = ret.header_by_child.get(u["CHILD"])
            if h is not None:
                yield h


@rule(code="205D", message="Child identified as UASC this year but not identified as UASC status "
      "provided for the child last year.", fields=["UASC", "CHILD"], tables=[H, HL])  # fmt: skip
def uasc_new(ret: Return903) -> Iterator[Row]:
    if not any("UASC" in h for h in ret.rows(H)) or not any("UASC" in h for h in ret.last_rows(H)):
        return
    last = ret.last_by_child(H)
    for h in ret.rows(H):
        if h.get("UASC") == "1" and any(old.get("UASC") != "1" for old in last.get(h["CHILD"], [])):
            yield h


@rule(code="348", message="Care leaver has previously been reported as having died. ",
      fields=["IN_TOUCH"], tables=["OC3", "OC3_last"])  # fmt: skip
def died_before(ret: Return903) -> Iterator[Row]:
    last = ret.last_by_child("OC3")
    for r in ret.rows("OC3"):
        if r["IN_TOUCH"] != "DIED" and any(
            old["IN_TOUCH"] == "DIED" for old in last.get(r["CHILD"], [])
        ):
            yield r


P, PL = "PlacedAdoption", "PlacedAdoption_last"


@rule(
    code="559",
    message="Date of decision that a child should be placed for adoption was not in "
    "the current year but the date of the decision that the child should be placed for adoption "
    "was not completed in a previous return.",
    fields=["DATE_PLACED"],
    tables=[P, PL],
)
def decision_missing_last_year(ret: Return903) -> Iterator[Row]:
    last = ret.last_by_child(P)
    for pa in ret.rows(P):
        if lt(pa["DATE_PLACED_d"], ret.start):
            olds = last.get(pa["CHILD"], [])
            if not olds or any(old["DATE_PLACED_d"] is None for old in olds):
                yield pa


@rule(code="560", message="Date of decision that the child should be placed for adoption this year "
      "is different from that recorded last year but the decision to place the child for "
      "adoption did not change.", fields=["DATE_PLACED", "DATE_PLACED_CEASED"],
      tables=[P, PL])  # fmt: skip
def decision_date_changed(ret: Return903) -> Iterator[Row]:
    last = ret.last_by_child(P)
    for pa in ret.rows(P):
        for old in last.get(pa["CHILD"], []):
            if (
                old["DATE_PLACED"] is not None
                and old["DATE_PLACED_CEASED"] is None
                and pa["DATE_PLACED"] != old["DATE_PLACED"]
            ):
                yield pa
                break


@rule(code="561", message="Date of the decision that the child should be placed for adoption this "
      "year is the same as that recorded last year but records show that the decision changed, "
      "and the child should no longer be placed for adoption last year.",
      fields=["DATE_PLACED"], tables=[P, PL])  # fmt: skip
def reversed_decision_repeated(ret: Return903) -> Iterator[Row]:
    last = ret.last_by_child(P)
    for pa in ret.rows(P):
        for old in last.get(pa["CHILD"], []):
            if _eq(pa["DATE_PLACED"], old["DATE_PLACED"]) and (
                old["REASON_PLACED_CEASED"] is not None or old["DATE_PLACED_CEASED"] is not None
            ):
                yield pa
                break


@rule(code="584", message="Date of decision that the child should be placed for adoption this year "
      "is different from that recorded last year, but the decision to placed the child for "
      "adoption changed and the child should no longer be placed for adoption.",
      fields=["DATE_PLACED"], tables=[P, PL])  # fmt: skip
def new_decision_not_later(ret: Return903) -> Iterator[Row]:
    last = ret.last_by_child(P)
    for pa in ret.rows(P):
        reversed_last = [
            old for old in last.get(pa["CHILD"], [])
            if old["DATE_PLACED_CEASED"] is not None or old["REASON_PLACED_CEASED"] is not None
        ]  # fmt: skip
        if not reversed_last:
            continue
        if pa["DATE_PLACED"] is None or any(
            old["DATE_PLACED_d"] is not None
            and pa["DATE_PLACED_d"] is not None
            and pa["DATE_PLACED_d"] <= old["DATE_PLACED_d"]
            for old in reversed_last
        ):
            yield pa


@rule(code="576", message="There is an open missing/away from placement without authorisation "
      "period in last year’s return and there is no corresponding period recorded at the start of "
      "this year.", fields=["CHILD"], tables=["Missing", "Missing_last"])  # fmt: skip
def open_missing_not_continued(ret: Return903) -> Iterator[Row]:
    last = ret.last_by_child("Missing")
    far = date(2099, 1, 1)
    for child, rows in ret.by_child("Missing").items():
        earliest = min(rows, key=lambda r: r["MIS_START_d"] or far)
        start = earliest["MIS_START_d"] or far
        for old in last.get(child, []):
            if (
                old["MIS_END"] is None
                and old["MIS_START_d"] is not None
                and (old["MIS_START_d"] != start)
            ):
                yield earliest
                break


O3 = "OC3"


@rule(code="1001", message="The episodes recorded for this young person suggest they are not a "
      "relevant or a former relevant child and therefore should not have care leaver information "
      "completed. [NOTE: This tool can only test the current and previous year data loaded into "
      "the tool - this check may generate false positives if a child had episodes prior to last "
      "year's collection.]", fields=list(OC3_ITEMS), tables=[E, O3, H, EL])  # fmt: skip
def not_relevant_child(ret: Return903) -> Iterator[Row]:
    """A care leaver must have been looked after for at least 13 weeks after turning 14 and for
    some time after turning 16 (Children (Leaving Care) Act 2000), and not have been adopted.
    Only young people under 20 at the end of the year can be tested from two years' returns."""
    if not ret.rows(E) or not ret.rows(O3) or not ret.rows(H) or not ret.last_rows(E):
        return
    for r in ret.rows(O3):
        child = r["CHILD"]
        h = ret.header_by_child.get(child)
        born = h["DOB_d"] if h is not None else None
        history: dict[date | None, Row] = {}
        for e in sorted(ret.last_episodes_by_child.get(child, []) +
                        ret.episodes_by_child.get(child, []),
                        key=lambda e: (e["DEC_d"] is None, e["DEC_d"] or date.min)):  # fmt: skip
            history.setdefault(e["DECOM_d"], e)
        episodes = list(history.values())
        latest = last_dated(sorted(episodes, key=lambda e: e["DECOM_d"] or date.min))
        if latest is not None and latest["REC"] in ADOPTED:
            yield r
            continue
        if h is None:
            yield r  # no date of birth to test against: not shown to be a relevant child
            continue
        twenty = years(born, 20)
        if born is None or twenty is None or twenty <= ret.end:
            continue
        after_14 = after_16 = 0
        for e in episodes:
            if e["LS"] in SHORT_BREAKS or e["DECOM_d"] is None:
                continue
            end = e["DEC_d"] or (ret.end if e is latest else None)
            if end is None:
                continue
            after_14 += max(0, (end - max(e["DECOM_d"], years(born, 14))).days)
            after_16 += max(0, (end - max(e["DECOM_d"], years(born, 16))).days)
        if not (after_14 >= 91 and after_16 >= 1):
            yield r


@rule(code="1002", message="This child has no previous episodes of care, therefore should not have "
      "care leaver information recorded. [NOTE: This tool can only test the current and previous "
      "year data loaded into the tool - this check may generate false positives if a child had "
      "episodes prior to last year's collection.]", fields=list(OC3_ITEMS),
      tables=[E, O3, EL])  # fmt: skip
def leaver_without_care(ret: Return903) -> Iterator[Row]:
    for r in ret.rows(O3):
        child = r["CHILD"]
        if child not in ret.episodes_by_child and child not in ret.last_episodes_by_child:
            yield r


@rule(code="1010", message="This child has no episodes loaded for current year even though there "
      "was an open episode of care at the end of the previous year, and care leaver data has been "
      "entered.", fields=list(OC3_ITEMS), tables=[E, EL, O3])  # fmt: skip
def leaver_with_open_episode_last_year(ret: Return903) -> Iterator[Row]:
    for r in ret.rows(O3):
        child = r["CHILD"]
        if child in ret.episodes_by_child:
            continue
        dated = [e for e in ret.last_episodes_by_child.get(child, []) if e["DECOM_d"]]
        if dated and dated[-1]["DEC"] is None:
            yield r
