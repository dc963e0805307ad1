"""Adoption (AD1) and 'should be placed for adoption' (PlacedAdoption) rules."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from hearth.returns.ssda903.parse import Return903, Row
from hearth.returns.ssda903.rules.helpers import (
    AD1_ITEMS,
    ADOPTED,
    ADOPTION_PLACEMENTS,
    FOSTER_PLACEMENTS,
    OC3_ITEMS,
    SHORT_BREAKS,
    any_filled,
    first_dated,
    invalid_code,
    invalid_date,
    last_dated,
    le,
    lt,
    pairs,
    rows_where,
)
from hearth.returns.ssda903.validate import rule

A, P, E = "AD1", "PlacedAdoption", "Episodes"

rule(code="112", message="Date should be placed for adoption is not a valid date.",
     fields=["DATE_INT"], tables=[A])(invalid_date(A, "DATE_INT"))  # fmt: skip
rule(code="113", message="Date matching child and adopter(s) is not a valid date.",
     fields=["DATE_MATCH"], tables=[A])(invalid_date(A, "DATE_MATCH"))  # fmt: skip
rule(code="114", message="Data entry to record the status of former carer(s) of an adopted child "
     "is invalid.", fields=["FOSTER_CARE"], tables=[A])(
    invalid_code(A, "FOSTER_CARE", ("0", "1")))  # fmt: skip
rule(code="115", message="Date of Local Authority's (LA) decision that a child should be placed "
     "for adoption is not a valid date.", fields=["DATE_PLACED"], tables=[P])(
    invalid_date(P, "DATE_PLACED"))  # fmt: skip
rule(code="116", message="Date of Local Authority's (LA) decision that a child should no longer "
     "be placed for adoption is not a valid date.", fields=["DATE_PLACED_CEASED"], tables=[P])(
    invalid_date(P, "DATE_PLACED_CEASED"))  # fmt: skip
rule(code="119", message="If the decision is made that a child should no longer be placed for "
     "adoption, then the date of this decision and the reason why this decision was made must "
     "be completed.", fields=["REASON_PLACED_CEASED", "DATE_PLACED_CEASED"], tables=[P])(
    rows_where(P, lambda r: (r["DATE_PLACED_CEASED"] is None)
               != (r["REASON_PLACED_CEASED"] is None)))  # fmt: skip
rule(code="120", message="The reason for the reversal of the decision that the child should be "
     "placed for adoption code is not valid.", fields=["REASON_PLACED_CEASED"], tables=[P])(
    invalid_code(P, "REASON_PLACED_CEASED", ("RD1", "RD2", "RD3", "RD4")))  # fmt: skip
rule(
    code="151",
    message="All data items relating to a childs adoption must be coded or left blank.",
    fields=["DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTER", "SEX_ADOPTR", "LS_ADOPTR"],
    tables=[A],
)(
    rows_where(
        A, lambda r: any_filled(r, AD1_ITEMS) and not all(r[c] is not None for c in AD1_ITEMS)
    )
)
rule(code="175", message="The number of adopter(s) code is not a valid code.",
     fields=["NB_ADOPTR"], tables=[A])(invalid_code(A, "NB_ADOPTR", ("1", "2")))  # fmt: skip
rule(code="176", message="The gender of adopter(s) at the date of adoption code is not a valid "
     "code.", fields=["SEX_ADOPTR"], tables=[A])(
    invalid_code(A, "SEX_ADOPTR", ("M1", "F1", "MM", "FF", "MF")))  # fmt: skip
rule(code="177", message="The legal status of adopter(s) code is not a valid code.",
     fields=["LS_ADOPTR"], tables=[A])(
    invalid_code(A, "LS_ADOPTR", ("L0", "L11", "L12", "L2", "L3", "L4")))  # fmt: skip
rule(code="333", message="Date should be placed for adoption must be on or prior to the date of "
     "matching child with adopter(s).", fields=["DATE_INT"], tables=[A])(rows_where(
    A, lambda r: r["DATE_MATCH_d"] is not None and (
        r["DATE_INT_d"] is None or r["DATE_INT_d"] > r["DATE_MATCH_d"])))  # fmt: skip
rule(code="511", message="If reporting that the number of person(s) adopting the looked after "
     "child is two adopters then the code should only be MM, FF or MF. MM = the adopting couple "
     "are both males; FF = the adopting couple are both females; MF = The adopting couple are "
     "male and female.", fields=["NB_ADOPTR", "SEX_ADOPTR"], tables=[A])(rows_where(
    A, lambda r: r["NB_ADOPTR"] == "2" and r["SEX_ADOPTR"] in ("M1", "F1")))  # fmt: skip
rule(code="514", message="Data entry on the legal status of adopters shows a single adopter but "
     "data entry for the numbers of adopters shows it as a couple.",
     fields=["LS_ADOPTR", "SEX_ADOPTR"], tables=[A])(rows_where(
    A, lambda r: r["LS_ADOPTR"] == "L0" and r["SEX_ADOPTR"] not in ("M1", "F1")))  # fmt: skip
rule(code="517", message="If reporting legal status of adopters is L3 then the genders of "
     "adopters should be coded as MF. MF = the adopting couple are male and female.",
     fields=["LS_ADOPTR", "SEX_ADOPTR"], tables=[A])(rows_where(
    A, lambda r: r["LS_ADOPTR"] == "L3" and r["SEX_ADOPTR"] != "MF"))  # fmt: skip
rule(code="518", message="If reporting legal status of adopters is L4 then the genders of "
     "adopters should be coded as MM or FF. MM = the adopting couple are both males. FF = the "
     "adopting couple are both females.", fields=["LS_ADOPTR", "SEX_ADOPTR"], tables=[A])(
    rows_where(A, lambda r: r["LS_ADOPTR"] == "L4"
               and r["SEX_ADOPTR"] not in ("MM", "FF")))  # fmt: skip
rule(code="519", message="Data entered on the legal status of adopters shows civil partnership "
     "couple, but data entered on genders of adopters does not show it as a couple.",
     fields=["LS_ADOPTR", "SEX_ADOPTR"], tables=[A])(rows_where(
    A, lambda r: r["LS_ADOPTR"] == "L2" and r["SEX_ADOPTR"] not in ("MM", "FF", "MF")))  # fmt: skip
rule(code="520", message="Data entry on the legal status of adopters shows different gender "
     "married couple but data entry on genders of adopters shows it as a same gender couple.",
     fields=["LS_ADOPTR", "SEX_ADOPTR"], tables=[A])(rows_where(
    A, lambda r: r["LS_ADOPTR"] == "L11" and r["SEX_ADOPTR"] != "MF"))  # fmt: skip
rule(code="524", message="If reporting legal status of adopters is L12 then the genders of "
     "adopters should be coded as MM or FF. MM = the adopting couple are both males. FF = the "
     "adopting couple are both females", fields=["LS_ADOPTR", "SEX_ADOPTR"], tables=[A])(
    rows_where(A, lambda r: r["LS_ADOPTR"] == "L12"
               and r["SEX_ADOPTR"] not in ("MM", "FF")))  # fmt: skip
rule(code="522", message="Date of decision that the child should be placed for adoption must be "
     "on or before the date that a child should no longer be placed for adoption.",
     fields=["DATE_PLACED", "DATE_PLACED_CEASED"], tables=[P])(rows_where(
    P, lambda r: lt(r["DATE_PLACED_CEASED_d"], r["DATE_PLACED_d"])))  # fmt: skip
rule(code="563", message="The child should no longer be placed for adoption but the date of the "
     "decision that the child should be placed for adoption is blank",
     fields=["DATE_PLACED", "REASON_PLACED_CEASED", "DATE_PLACED_CEASED"], tables=[P])(
    rows_where(P, lambda r: r["REASON_PLACED_CEASED"] is not None
               and r["DATE_PLACED_CEASED"] is not None and r["DATE_PLACED"] is None))  # fmt: skip


@rule(code="117", message="Date of decision that a child should/should no longer be placed for "
      "adoption is beyond the current collection year or after the child ceased to be looked "
      "after.", fields=["DATE_PLACED_CEASED", "DATE_PLACED", "DEC", "REC", "DECOM"],
      tables=[E, P])  # fmt: skip
def decision_after_leaving(ret: Return903) -> Iterator[Row]:
    placed = ret.by_child(P)
    for child, eps in ret.episodes_by_child.items():
        latest = last_dated([e for e in eps if e["REC"] != "X1"])
        if latest is None:
            continue
        for pa in placed.get(child, []):
            dates = (pa["DATE_PLACED_d"], pa["DATE_PLACED_CEASED_d"])
            if any(lt(ret.end, d) or lt(latest["DEC_d"], d) for d in dates):
                yield latest
                yield pa


@rule(code="118", message="Date of decision that a child should no longer be placed for adoption "
      "is before the current collection year or before the date the child started to be looked "
      "after.", fields=["DECOM", "DECOM", "LS"], tables=[E, P])  # fmt: skip
def reversal_before_care(ret: Return903) -> Iterator[Row]:
    placed = ret.by_child(P)
    for child, eps in ret.episodes_by_child.items():
        first = first_dated([e for e in eps if e["LS"] not in SHORT_BREAKS])
        if first is None:
            continue
        for pa in placed.get(child, []):
            ceased = pa["DATE_PLACED_CEASED_d"]
            if lt(ceased, first["DECOM_d"]) or lt(ceased, ret.start):
                yield first
                yield pa


@rule(code="184", message="Date of decision that a child should be placed for adoption is before "
      "the child was born.", fields=["DATE_PLACED", "DOB"], tables=["Header", P])  # fmt: skip
def decision_before_birth(ret: Return903) -> Iterator[Row]:
    for pa in ret.rows(P):
        placed = pa["DATE_PLACED_d"]
        if placed is not None and not le(pa["DOB_d"], placed):
            yield pa


def _ad1_for(ret: Return903, child: str) -> list[Row]:
    return ret.by_child(A).get(child, [])


@rule(code="331", message="Date of matching child and adopter(s) should be the same as, or prior "
      "to, the date of placement of adoption.", fields=["DATE_MATCH", "DECOM", "REC"],
      tables=[A, E])  # fmt: skip
def matched_after_placement(ret: Return903) -> Iterator[Row]:
    for e in ret.rows(E):
        if e["REC"] in ADOPTED:
            for ad in _ad1_for(ret, e["CHILD"]):
                if lt(e["DECOM_d"], ad["DATE_MATCH_d"]):
                    yield ad
                    yield e


@rule(code="334", message="Date child started to be looked after in latest period of care must be "
      "on or prior to the date should be placed for adoption. ",
      fields=["DATE_INT", "DECOM", "RNE"], tables=[E, A])  # fmt: skip
def decision_before_care(ret: Return903) -> Iterator[Row]:
    for child, eps in ret.episodes_by_child.items():
        latest = last_dated([e for e in eps if e["RNE"] == "S"])
        if latest is None:
            continue
        for ad in _ad1_for(ret, child):
            if lt(ad["DATE_INT_d"], latest["DECOM_d"]):
                yield latest
                yield ad


@rule(code="335", message="The current foster value (0) suggests that child is not adopted by "
      "current foster carer, but last placement is A2, A3, or A5. Or the current foster value (1) "
      "suggests that child is adopted by current foster carer, but last placement is A1, A4 or "
      "A6.", fields=["PLACE", "FOSTER_CARE"], tables=[E, A])  # fmt: skip
def foster_carer_disagrees(ret: Return903) -> Iterator[Row]:
    for e in ret.rows(E):
        if e["REC"] not in ("E1", "E11", "E12"):
            continue
        for ad in _ad1_for(ret, e["CHILD"]):
            fc = ad["FOSTER_CARE"]
            if (e["PLACE"] in ("A2", "A3", "A5") and fc == "0") or (
                e["PLACE"] in ("A1", "A4", "A6") and fc == "1"
            ):
                yield e
                yield ad


@rule(code="336", message="Child does not have a foster placement immediately prior to being "
      "placed for adoption.", fields=["PLACE"], tables=[E])  # fmt: skip
def adoption_without_foster_first(ret: Return903) -> Iterator[Row]:
    before = ADOPTION_PLACEMENTS | FOSTER_PLACEMENTS
    for eps in ret.episodes_by_child.values():
        first = first_dated(eps)
        for prev, e in pairs(eps):
            if e["PLACE"] in ("A3", "A4") and prev["PLACE"] not in before and e is not first:
                yield e


@rule(code="521", message="Date of local authority's decision (LA) that adoption is in the best "
      "interests of the child (date should be placed) must be on or prior to the date the child "
      "is placed for adoption.", fields=["PLACE", "DECOM", "DATE_INT"], tables=[E, A])  # fmt: skip
def best_interest_after_placement(ret: Return903) -> Iterator[Row]:
    for e in ret.rows(E):
        if e["PLACE"] in ADOPTION_PLACEMENTS:
            for ad in _ad1_for(ret, e["CHILD"]):
                if lt(e["DECOM_d"], ad["DATE_INT_d"]):
                    yield e
                    yield ad


@rule(code="523", message="Date of decision that the child should be placed for adoption should be "
      "the same date as the decision that adoption is in the best interest (date should be "
      "placed).", fields=["DATE_PLACED", "DATE_INT"], tables=[P, A])  # fmt: skip
def decision_dates_differ(ret: Return903) -> Iterator[Row]:
    for pa in ret.rows(P):
        if pa["DATE_PLACED_d"] is None:
            continue
        for ad in _ad1_for(ret, pa["CHILD"]):
            if ad["DATE_INT_d"] is not None and ad["DATE_INT_d"] != pa["DATE_PLACED_d"]:
                yield pa
                yield ad


@rule(code="525", message="A child for whom the decision to be placed for adoption has been "
      "reversed cannot be adopted during the year.",
      fields=["DATE_PLACED_CEASED", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR",
              "SEX_ADOPTR", "LS_ADOPTR"], tables=[P, A])  # fmt: skip
def adopted_after_reversal(ret: Return903) -> Iterator[Row]:
    for pa in ret.rows(P):
        if pa["DATE_PLACED_CEASED"] is None:
            continue
        for ad in _ad1_for(ret, pa["CHILD"]):
            if any_filled(ad, AD1_ITEMS):
                yield pa
                yield ad


@rule(code="551", message="Child has been placed for adoption but there is no date of the "
      "decision that the child should be placed for adoption.", fields=["DATE_PLACED", "PLACE"],
      tables=[E, P])  # fmt: skip
def placed_without_decision(ret: Return903) -> Iterator[Row]:
    placed = ret.by_child(P)
    for e in ret.rows(E):
        if e["PLACE"] in ADOPTION_PLACEMENTS:
            decisions = placed.get(e["CHILD"], [])
            if not decisions or any(pa["DATE_PLACED"] is None for pa in decisions):
                yield e


@rule(code="552", message="Date of Decision to place a child for adoption should be on or prior "
      "to the date that the child was placed for adoption.", fields=["DATE_PLACED", "DECOM"],
      tables=[E, P])  # fmt: skip
def decision_after_placed(ret: Return903) -> Iterator[Row]:
    placed = ret.by_child(P)
    for child, eps in ret.episodes_by_child.items():
        first = first_dated([e for e in eps if e["PLACE"] in ADOPTION_PLACEMENTS])
        decisions = [pa for pa in placed.get(child, []) if pa["DATE_PLACED_d"] is not None]
        if first is None or not decisions:
            continue
        latest = max(pa["DATE_PLACED_d"] for pa in decisions)
        last = next(pa for pa in decisions if pa["DATE_PLACED_d"] == latest)
        if first["DECOM_d"] < latest:
            yield first
            yield last


@rule(code="553", message="Placement order has been granted but there is no date of decision that "
      "the child should be placed for adoption.",
      fields=["CHILD", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"],
      tables=[E, P])  # fmt: skip
def order_without_decision(ret: Return903) -> Iterator[Row]:
    placed = ret.by_child(P)
    for e in ret.rows(E):
        if e["LS"] != "E1":
            continue
        decisions = placed.get(e["CHILD"], [])
        if not decisions:
            yield e
        elif e["DEC"] is None:
            for pa in decisions:
                if pa["DATE_PLACED_CEASED"] is not None or pa["REASON_PLACED_CEASED"] is not None:
                    yield pa


@rule(code="554", message="Date of decision that the child should be placed for adoption should be "
      "on or prior to the date that the placement order was granted. [NOTE: This rule may result "
      "in false positives or false negatives if relevant episodes are in previous years; please "
      "check carefully!]", fields=["DATE_PLACED", "DECOM", "LS"], tables=[E, P])  # fmt: skip
def decision_after_order(ret: Return903) -> Iterator[Row]:
    placed = ret.by_child(P)
    for child, eps in ret.episodes_by_child.items():
        first = first_dated([e for e in eps if e["LS"] == "E1"])
        if first is None:
            continue
        for pa in placed.get(child, []):
            if lt(first["DECOM_d"], pa["DATE_PLACED_d"]):
                yield first
                yield pa


@rule(code="557", message="Child for whom the decision was made that they should be placed for "
      "adoption has left care but was not adopted and information on the decision that they "
      "should no longer be placed for adoption items has not been completed.",
      fields=["DATE_PLACED_CEASED", "REASON_PLACED_CEASED", "PLACE", "LS", "REC"],
      tables=[E, P])  # fmt: skip
def left_without_reversal(ret: Return903) -> Iterator[Row]:
    placed = ret.by_child(P)
    for e in ret.rows(E):
        if not (e["PLACE"] in ADOPTION_PLACEMENTS or e["LS"] == "E1"):
            continue
        if e["REC"] in ADOPTED or e["REC"] in (None, "X1"):
            continue
        decisions = placed.get(e["CHILD"], [])
        if not decisions:
            yield e
        for pa in decisions:
            if pa["DATE_PLACED_CEASED"] is None or pa["REASON_PLACED_CEASED"] is None:
                yield e
                yield pa


@rule(code="558", message="If a child has been adopted, then the decision to place them for "
      "adoption has not been disrupted and the date of the decision that a child should no "
      "longer be placed for adoption should be left blank.",
      fields=["DATE_PLACED_CEASED", "REC"], tables=[E, P])  # fmt: skip
def adopted_with_reversal(ret: Return903) -> Iterator[Row]:
    placed = ret.by_child(P)
    for child, eps in ret.episodes_by_child.items():
        adopted = [e for e in eps if e["REC"] in ADOPTED]
        decisions = placed.get(child, [])
        if not adopted or not decisions:
            continue
        if all(pa["DATE_PLACED_CEASED"] is not None for pa in decisions) and len(decisions) > 1:
            yield from adopted


@rule(code="579", message="A new decision that the child should be placed for adoption this year "
      "cannot start when the previous decision is still open. Decisions to place the child for "
      "adoption should also not overlap. The date of any new decision to place the child for "
      "adoption must not be before the date placed ceased of previous decisions.",
      fields=["DATE_PLACED", "DATE_PLACED_CEASED"], tables=[P])  # fmt: skip
def overlapping_decisions(ret: Return903) -> Iterator[Row]:
    for decisions in ret.by_child(P).values():
        ordered = sorted(decisions, key=lambda r: (r["DATE_PLACED_d"] is None,
                                                   r["DATE_PLACED_d"] or date.min))  # fmt: skip
        for prev, pa in pairs(ordered):
            ceased = prev["DATE_PLACED_CEASED_d"]
            if ceased is None or lt(pa["DATE_PLACED_d"], ceased):
                yield pa


@rule(code="583", message="More than one date the child should be placed for adoption has been "
      "reported, but an earlier decision has not been revoked. Check that both dates are required "
      "and add in the date the earlier decision was revoked. Note this may be in a previous year.",
      fields=["DATE_PLACED", "DATE_PLACED_CEASED"], tables=[P])  # fmt: skip
def earlier_decision_open(ret: Return903) -> Iterator[Row]:
    for decisions in ret.by_child(P).values():
        if len(decisions) < 2:
            continue
        dated = [r for r in decisions if r["DATE_PLACED_d"] is not None]
        latest = max(dated, key=lambda r: r["DATE_PLACED_d"]) if dated else decisions[0]
        for r in decisions:
            if r is not latest and r["DATE_PLACED_CEASED"] is None:
                yield r


def _adoptions_in_year(ret: Return903, child: str) -> list[Row]:
    return [
        e
        for e in ret.episodes_by_child.get(child, [])
        if e["REC"] in ADOPTED and e["DEC_d"] is not None and ret.start <= e["DEC_d"] <= ret.end
    ]


@rule(code="601", message="The additional fields relating to adoption have not been completed "
      "although the episode data shows that the child was adopted during the year.",
      fields=["REC", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR",
              "LS_ADOPTR"], tables=[E, A])  # fmt: skip
def adoption_items_missing(ret: Return903) -> Iterator[Row]:
    for child, ads in ret.by_child(A).items():
        adoptions = _adoptions_in_year(ret, child)
        for ad in ads:
            if adoptions and any(ad[c] is None for c in AD1_ITEMS):
                yield ad
                yield from adoptions


@rule(code="602", message="The episode data submitted for this child does not show that he/she "
      "was adopted during the year.", fields=["CHILD"], tables=[E, A])  # fmt: skip
def adoption_without_episode(ret: Return903) -> Iterator[Row]:
    for ad in ret.rows(A):
        if any_filled(ad, AD1_ITEMS) and not _adoptions_in_year(ret, ad["CHILD"]):
            yield ad


@rule(code="582", message="Child is showing as ceasing to be looked after due to adoption, but the "
      "date of adoption is the same as the date reported for being matched with adopters. In "
      "most circumstances we expect the date the child is matched with adopters to be before the "
      "date of adoption.", fields=["DEC", "DATE_MATCH"], tables=[E, A])  # fmt: skip
def matched_on_adoption_day(ret: Return903) -> Iterator[Row]:
    for e in ret.rows(E):
        if (
            e["REC"] in ADOPTED
            and e["DEC"] is not None
            and any(ad["DATE_MATCH"] == e["DEC"] for ad in _ad1_for(ret, e["CHILD"]))
        ):
            yield e


@rule(code="1003", message="Date of LA's decision that a child should be placed for adoption is "
      "before the child started to be looked after.", fields=["DATE_PLACED", "DECOM", "RNE"],
      tables=[E, P])  # fmt: skip
def decision_before_looked_after(ret: Return903) -> Iterator[Row]:
    placed = ret.by_child(P)
    for child, eps in ret.episodes_by_child.items():
        first = first_dated([e for e in eps if e["RNE"] == "S"])
        if first is None:
            continue
        for pa in placed.get(child, []):
            if lt(pa["DATE_PLACED_d"], first["DECOM_d"]):
                yield first
                yield pa


@rule(code="134", message="Data on adoption should not be entered for the OC3 cohort.",
      fields=["IN_TOUCH", "ACTIV", "ACCOM", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR",
              "SEX_ADOPTR", "LS_ADOPTR"], tables=["OC3", A])  # fmt: skip
def adoption_for_care_leaver(ret: Return903) -> Iterator[Row]:
    oc3 = ret.by_child("OC3")
    for ad in ret.rows(A):
        if any_filled(ad, AD1_ITEMS) and any(
            any_filled(o, OC3_ITEMS) for o in oc3.get(ad["CHILD"], [])
        ):
            yield ad
