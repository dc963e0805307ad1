"""Children looked after for 12 months (OC2), care leavers (OC3), reviews and previous
permanence rules."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from hearth.returns.ssda903.parse import Return903, Row, add_years, parse_date
from hearth.returns.ssda903.rules.helpers import (
    AD1_ITEMS,
    OC2_ITEMS,
    OC3_ITEMS,
    SHORT_BREAKS,
    any_filled,
    dob,
    first_dated,
    invalid_code,
    last_dated,
    le,
    lt,
    rows_where,
    years,
)
from hearth.returns.ssda903.validate import rule

O2, O3, R, PP, E = "OC2", "OC3", "Reviews", "PrevPerm", "Episodes"
HEALTH = ("IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE")
DAYS_PER_YEAR = 365.2425  # numpy's 'Y' unit, which the DfE tool uses for ages in 347 and 1016


def _cla(ret: Return903, r: Row) -> bool:
    return r["CHILD"] in ret.continuously_looked_after


# OC2 -----------------------------------------------------------------------------------------


def _sdq_score_valid(text: str) -> bool:
    try:
        value = float(text)
    except ValueError:
        return False
    return value.is_integer() and 0 <= value <= 40


rule(code="158", message="If a child has been recorded as receiving an intervention for their "
     "substance misuse problem, then the additional item on whether an intervention was offered "
     "should be left blank.", fields=["INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"],
     tables=[O2])(rows_where(O2, lambda r: r["INTERVENTION_RECEIVED"] == "1"
                             and r["INTERVENTION_OFFERED"] is not None))  # fmt: skip
rule(code="159", message="If a child has been recorded as not receiving an intervention for their "
     "substance misuse problem, then the additional item on whether an intervention was offered "
     "should be completed as well.",
     fields=["SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"], tables=[O2])(
    rows_where(O2, lambda r: r["SUBSTANCE_MISUSE"] == "1" and r["INTERVENTION_RECEIVED"] == "0"
               and r["INTERVENTION_OFFERED"] is None))  # fmt: skip
rule(code="180", message="Data entry for the strengths and difficulties questionnaire (SDQ) score "
     "is invalid.", fields=["SDQ_SCORE"], tables=[O2])(rows_where(
    O2, lambda r: r["SDQ_SCORE"] is not None and not _sdq_score_valid(r["SDQ_SCORE"])))  # fmt: skip
rule(code="181", message="Data items relating to children looked after continuously for 12 months "
     "should be completed with a 0 or 1.", fields=list(OC2_ITEMS), tables=[O2])(rows_where(
    O2, lambda r: any(r[c] not in (None, "0", "1") for c in OC2_ITEMS)))  # fmt: skip
rule(
    code="182",
    message="Data entries on immunisations, teeth checks, health assessments and "
    "substance misuse problem identified should be completed or all OC2 fields should be left "
    "blank.",
    fields=list(HEALTH)
    + ["CONVICTED", "HEALTH_CHECK", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"],
    tables=[O2],
)(
    rows_where(
        O2,
        lambda r: (
            any(r[c] is None for c in HEALTH)
            and any_filled(
                r, ("CONVICTED", "HEALTH_CHECK", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED")
            )
        ),
    )
)
rule(code="192", message="Child has been identified as having a substance misuse problem but the "
     "additional item on whether an intervention was received has been left blank.",
     fields=["SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED"], tables=[O2])(rows_where(
    O2, lambda r: r["SUBSTANCE_MISUSE"] == "1" and r["INTERVENTION_RECEIVED"] is None))  # fmt: skip
rule(code="193", message="Child not identified as having a substance misuse problem but at least "
     "one of the two additional items on whether an intervention were offered and received have "
     "been completed.", fields=["SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED",
                                "INTERVENTION_OFFERED"], tables=[O2])(rows_where(
    O2, lambda r: r["SUBSTANCE_MISUSE"] in (None, "0") and any_filled(
        r, ("INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"))))  # fmt: skip
rule(code="196", message="Strengths and Difficulties (SDQ) reason is not a valid code.",
     fields=["SDQ_REASON"], tables=[O2])(
    invalid_code(O2, "SDQ_REASON", ("SDQ1", "SDQ2", "SDQ3", "SDQ4", "SDQ5")))  # fmt: skip
rule(code="197a", message="Reason for no Strengths and Difficulties (SDQ) score is not required if "
     "Strengths and Difficulties Questionnaire score is filled in.",
     fields=["SDQ_SCORE", "SDQ_REASON"], tables=[O2])(rows_where(
    O2, lambda r: r["SDQ_SCORE"] is not None and r["SDQ_REASON"] is not None))  # fmt: skip
rule(code="544", message="Any child who has conviction information completed must also have "
     "immunisation, teeth check, health assessment and substance misuse problem identified "
     "fields completed.", fields=["CONVICTED"] + list(HEALTH), tables=[O2])(rows_where(
    O2, lambda r: r["CONVICTED"] == "1" and any(r[c] is None for c in HEALTH)))  # fmt: skip
rule(code="547", message="Any child who has health promotion information completed must also have "
     "immunisation, teeth check, health assessment and substance misuse problem identified "
     "fields completed.", fields=["HEALTH_CHECK"] + list(HEALTH), tables=[O2])(rows_where(
    O2, lambda r: r["HEALTH_CHECK"] == "1" and any(r[c] is None for c in HEALTH)))  # fmt: skip


@rule(code="157", message="Child is aged 4 years or over at the beginning of the year or 16 years "
      "or under at the end of the year and Strengths and Difficulties Questionnaire (SDQ) 1 has "
      "been recorded as the reason for no Strengths and Difficulties Questionnaire (SDQ) score.",
      fields=["SDQ_REASON", "DOB"], tables=[O2, E])  # fmt: skip
def sdq1_for_school_age(ret: Return903) -> Iterator[Row]:
    for r in ret.rows(O2):
        if (
            _cla(ret, r)
            and le(years(r["DOB_d"], 4), ret.start)
            and le(ret.end, years(r["DOB_d"], 16))
            and r["SDQ_SCORE"] is None
            and r["SDQ_REASON"] == "SDQ1"
        ):
            yield r


@rule(code="185", message="Child has not been looked after continuously for at least 12 months at "
      "31 March but a Strengths and Difficulties (SDQ) score has been completed.",
      fields=["SDQ_SCORE"], tables=[E, O2])  # fmt: skip
def sdq_outside_cohort(ret: Return903) -> Iterator[Row]:
    return (r for r in ret.rows(O2) if r["SDQ_SCORE"] is not None and not _cla(ret, r))


@rule(code="198", message="Child has not been looked after continuously for at least 12 months at "
      "31 March but a reason for no Strengths and Difficulties (SDQ) score has been completed. ",
      fields=["SDQ_REASON"], tables=[E, O2])  # fmt: skip
def sdq_reason_outside_cohort(ret: Return903) -> Iterator[Row]:
    return (r for r in ret.rows(O2) if r["SDQ_REASON"] is not None and not _cla(ret, r))


@rule(code="186", message="Children aged 4 or over at the start of the year and children aged "
      "under 17 at the end of the year and who have been looked after for at least 12 months "
      "continuously should have a Strengths and Difficulties (SDQ) score completed.",
      fields=["SDQ_SCORE"], tables=[E, O2])  # fmt: skip
def sdq_missing(ret: Return903) -> Iterator[Row]:
    for r in ret.rows(O2):
        if (
            _cla(ret, r)
            and le(years(r["DOB_d"], 4), ret.start)
            and lt(ret.end, years(r["DOB_d"], 17))
            and r["SDQ_SCORE"] is None
            and r["SDQ_REASON"] is None
        ):
            yield r


@rule(code="187", message="Child cannot be looked after continuously for 12 months at 31 March "
      "(OC2) and have any of adoption or care leavers returns completed.",
      fields=list(AD1_ITEMS) + list(OC3_ITEMS), tables=[O3, "AD1", E])  # fmt: skip
def cohort_with_adoption_or_leaving(ret: Return903) -> Iterator[Row]:
    for r in ret.rows("AD1"):
        if _cla(ret, r) and any_filled(r, AD1_ITEMS):
            yield r
    for r in ret.rows(O3):
        if _cla(ret, r) and any_filled(r, OC3_ITEMS):
            yield r


@rule(code="188", message="Child is aged under 4 years at the end of the year, but a Strengths and "
      "Difficulties (SDQ) score or a reason for no SDQ score has been completed. ",
      fields=["SDQ_SCORE", "SDQ_REASON"], tables=[O2])  # fmt: skip
def sdq_under_4(ret: Return903) -> Iterator[Row]:
    for r in ret.rows(O2):
        if lt(ret.end, years(r["DOB_d"], 4)) and any_filled(r, ("SDQ_SCORE", "SDQ_REASON")):
            yield r


@rule(
    code="189",
    message="Child is aged 17 years or over at the beginning of the year, but an "
    "Strengths and Difficulties (SDQ) score or a reason for no Strengths and Difficulties (SDQ) "
    "score has been completed.",
    fields=["DOB", "SDQ_SCORE", "SDQ_REASON"],
    tables=[O2],
)
def sdq_over_17(ret: Return903) -> Iterator[Row]:
    for r in ret.rows(O2):
        if lt(years(r["DOB_d"], 17), ret.start) and any_filled(r, ("SDQ_SCORE", "SDQ_REASON")):
            yield r


@rule(code="190", message="Child has not been looked after continuously for at least 12 months at "
      "31 March but one or more data items relating to children looked after for 12 months have "
      "been completed.", fields=list(OC2_ITEMS), tables=[O2, E])  # fmt: skip
def oc2_outside_cohort(ret: Return903) -> Iterator[Row]:
    return (r for r in ret.rows(O2) if not _cla(ret, r) and any_filled(r, OC2_ITEMS))


@rule(code="191", message="Child has been looked after continuously for at least 12 months at 31 "
      "March but one or more data items relating to children looked after for 12 months have "
      "been left blank.", fields=list(HEALTH) + ["CHILD"], tables=[O2, E])  # fmt: skip
def oc2_missing(ret: Return903) -> Iterator[Row]:
    for r in ret.rows(O2):
        if _cla(ret, r) and any(r[c] is None for c in HEALTH):
            yield r
    with_oc2 = ret.by_child(O2)
    for child in ret.continuously_looked_after:
        if child not in with_oc2:
            first = first_dated(ret.episodes_by_child[child])
            if first is not None:
                yield first


@rule(code="197B", message="SDQ score or reason for no SDQ should be reported for 4- or "
      "17-year-olds.", fields=["SDQ_REASON", "DOB"], tables=[O2, E])  # fmt: skip
def sdq_at_4_or_17(ret: Return903) -> Iterator[Row]:
    for r in ret.rows(O2):
        four, seventeen = years(r["DOB_d"], 4), years(r["DOB_d"], 17)
        turns = any(b is not None and ret.start <= b <= ret.end for b in (four, seventeen))
        if turns and _cla(ret, r) and r["SDQ_SCORE"] is None and r["SDQ_REASON"] is None:
            yield r


@rule(code="542", message="A child aged under 10 at 31 March should not have conviction "
      "information completed.", fields=["CONVICTED"], tables=[O2])  # fmt: skip
def convicted_under_10(ret: Return903) -> Iterator[Row]:
    for r in ret.rows(O2):
        if lt(ret.end, years(r["DOB_d"], 10)) and r["CONVICTED"] is not None:
            yield r


@rule(code="543", message="Child is aged 10 or over at 31 March and has been looked after "
      "continuously for 12 months yet conviction information has not been completed.",
      fields=["DOB", "CONVICTED"], tables=[E, O2])  # fmt: skip
def convicted_missing(ret: Return903) -> Iterator[Row]:
    for r in ret.rows(O2):
        if lt(years(r["DOB_d"], 10), ret.end) and _cla(ret, r) and r["CONVICTED"] is None:
            yield r


@rule(code="545", message="Child is aged under 5 at 31 March and has been looked after "
      "continuously for 12 months yet health promotion information has not been completed.",
      fields=["DOB", "HEALTH_CHECK"], tables=[O2, E])  # fmt: skip
def health_check_missing(ret: Return903) -> Iterator[Row]:
    for r in ret.rows(O2):
        if lt(ret.end, years(r["DOB_d"], 5)) and _cla(ret, r) and r["HEALTH_CHECK"] is None:
            yield r


@rule(code="546", message="Children aged 5 or over at 31 March should not have health promotion "
      "information completed.", fields=["DOB", "HEALTH_CHECK"], tables=[E, O2])  # fmt: skip
def health_check_over_5(ret: Return903) -> Iterator[Row]:
    for r in ret.rows(O2):
        if le(years(r["DOB_d"], 5), ret.end) and _cla(ret, r) and r["HEALTH_CHECK"] is not None:
            yield r


# OC3 -----------------------------------------------------------------------------------------

rule(code="131", message="Data entry for being in touch after leaving care is invalid.",
     fields=["IN_TOUCH"], tables=[O3])(invalid_code(
    O3, "IN_TOUCH", ("YES", "NO", "DIED", "REFU", "NREQ", "RHOM"), blank_ok=False))  # fmt: skip
rule(code="132", message="Data entry for activity after leaving care is invalid.",
     fields=["ACTIV"], tables=[O3])(invalid_code(
    O3, "ACTIV", ("F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5", "G4", "G5", "G6", "0"),
    blank_ok=False))  # fmt: skip
ACCOM = (
    "B1", "B2", "C1", "C2", "D1", "D2", "E1", "E2", "G1", "G2", "H1", "H2", "K1", "K2", "R1",
    "R2", "S2", "T1", "T2", "U1", "U2", "V1", "V2", "W1", "W2", "X2", "Y1", "Y2", "Z1", "Z2", "0",
)  # fmt: skip
rule(code="133", message="Data entry for accommodation after leaving care is invalid. If reporting "
     "on a childs accommodation after leaving care the data entry must be valid",
     fields=["ACCOM"], tables=[O3])(invalid_code(O3, "ACCOM", ACCOM, blank_ok=False))  # fmt: skip
rule(code="153", message="All data items relating to a child's activity or accommodation after "
     "leaving care must be coded or left blank.", fields=list(OC3_ITEMS), tables=[O3])(
    rows_where(O3, lambda r: any_filled(r, OC3_ITEMS)
               and not all(r[c] is not None for c in OC3_ITEMS)))  # fmt: skip
rule(code="344", message="The record shows the young person has died or returned home to live "
     "with parent(s) or someone with parental responsibility for a continuous period of 6 months "
     "or more, but activity and/or accommodation on leaving care have been completed.",
     fields=list(OC3_ITEMS), tables=[O3])(rows_where(
    O3, lambda r: r["IN_TOUCH"] in ("DIED", "RHOM")
    and (r["ACTIV"] != "0" or r["ACCOM"] != "0")))  # fmt: skip
rule(code="345", message="The data collection record shows the local authority is in touch with "
     "this young person, but activity and/or accommodation data items are zero.",
     fields=list(OC3_ITEMS), tables=[O3])(rows_where(
    O3, lambda r: r["IN_TOUCH"] == "YES" and (r["ACTIV"] == "0" or r["ACCOM"] == "0")))  # fmt: skip


@rule(code="215", message="Child has care leaver information but one or more data items relating "
      "to children looked after for 12 months have been completed.",
      fields=list(OC3_ITEMS) + list(OC2_ITEMS), tables=[O2, O3])  # fmt: skip
def leaver_with_oc2(ret: Return903) -> Iterator[Row]:
    oc2 = ret.by_child(O2)
    for r in ret.rows(O3):
        if any_filled(r, OC3_ITEMS):
            filled = [o for o in oc2.get(r["CHILD"], []) if any_filled(o, OC2_ITEMS)]
            if filled:
                yield r
                yield from filled


@rule(code="347", message="Care leavers aged under 18 years, can not be accommodated in a Foyer.",
      fields=["PLACE", "DEC", "URN"], tables=[O3])  # fmt: skip
def foyer_under_18(ret: Return903) -> Iterator[Row]:
    for r in ret.rows(O3):
        accom = r["ACCOM"] or ""
        born = r["DOB_d"]
        if accom[:1] == "T" and born is not None and (ret.start - born).days < 18 * DAYS_PER_YEAR:
            yield r


@rule(code="391", message="Young person was not 17, 18, 19, 20 or 21 during the current "
      "collection year. ", fields=["DOB"] + list(OC3_ITEMS), tables=[O3])  # fmt: skip
def leaver_too_young(ret: Return903) -> Iterator[Row]:
    for r in ret.rows(O3):
        if lt(ret.end, years(r["DOB_d"], 17)) and any_filled(r, OC3_ITEMS):
            yield r


@rule(
    code="1000",
    message="This child is recorded as having died in care and therefore should not "
    "have the care leaver information completed. [NOTE: This only tests the current and "
    "previous year data loaded into the tool]",
    fields=list(OC3_ITEMS),
    tables=[E, O3],
)
def leaver_died_in_care(ret: Return903) -> Iterator[Row]:
    died = {e["CHILD"] for e in ret.rows(E) if e["REC"] == "E2"}
    died |= {e["CHILD"] for e in ret.last_rows(E) if e["REC"] == "E2"}
    return (r for r in ret.rows(O3) if r["CHILD"] in died)


@rule(code="1007", message="Care leaver information is not required for 17- or 18-year olds who "
      "are still looked after [on their 17th or 18th birthday.]", fields=list(OC3_ITEMS),
      tables=[E, O3])  # fmt: skip
def leaver_still_looked_after(ret: Return903) -> Iterator[Row]:
    for r in ret.rows(O3):
        born = r["DOB_d"]
        if born is None or not any_filled(r, OC3_ITEMS):
            continue
        if not (add_years(born, 17) <= ret.end < add_years(born, 19)):
            continue
        birthday = add_years(born, ret.end.year - born.year)
        if birthday > ret.end:
            birthday = add_years(birthday, -1)
        for e in ret.episodes_by_child.get(r["CHILD"], []):
            if le(e["DECOM_d"], birthday) and lt(birthday, e["DEC_d"]):
                yield r
                break


@rule(code="1011", message="This child is recorded as having his/her care transferred to another "
      "local authority for the final episode and therefore should not have the care leaver "
      "information completed.", fields=list(OC3_ITEMS), tables=[E, O3])  # fmt: skip
def leaver_transferred(ret: Return903) -> Iterator[Row]:
    for r in ret.rows(O3):
        latest = last_dated(ret.episodes_by_child.get(r["CHILD"], []))
        if latest is not None and latest["REC"] == "E3" and any_filled(r, OC3_ITEMS):
            yield r


@rule(code="1014", message="UASC information is not required for care leavers",
      fields=["ACTIV", "ACCOM", "IN_TOUCH", "DUC"], tables=[E, "UASC", O3])  # fmt: skip
def uasc_for_care_leaver(ret: Return903) -> Iterator[Row]:
    oc3 = ret.by_child(O3)
    for child, rows in ret.by_child("UASC").items():
        eps = ret.episodes_by_child.get(child)
        if not eps:
            continue
        in_year = any(
            le(e["DECOM_d"], ret.end) and (e["DEC"] is None or le(ret.start, e["DEC_d"]))
            for e in eps
        )
        leaver = [o for o in oc3.get(child, []) if any_filled(o, OC3_ITEMS)]
        if not in_year and leaver:
            yield from rows
            yield from leaver


@rule(code="1016", message="Care leaver information is not required for 17- or 18-year olds who "
      "cease to be looked after, after their birthday.", fields=list(OC3_ITEMS),
      tables=[E, O3])  # fmt: skip
def leaver_ceased_after_birthday(ret: Return903) -> Iterator[Row]:
    for r in ret.rows(O3):
        born = r["DOB_d"]
        if born is None or not any_filled(r, OC3_ITEMS):
            continue
        age = (ret.end - born).days
        for e in ret.episodes_by_child.get(r["CHILD"], []):
            dec = e["DEC_d"]
            if (
                17 * DAYS_PER_YEAR <= age < 18 * DAYS_PER_YEAR and le(add_years(born, 17), dec)
            ) or (18 * DAYS_PER_YEAR <= age < 19 * DAYS_PER_YEAR and le(add_years(born, 18), dec)):
                yield r
                break


@rule(code="3001", message="Where care leavers information is being returned for a young person "
      "around their 17th birthday, the accommodation cannot be with their former foster "
      "carer(s).", fields=["REC"], tables=["Header", O3])  # fmt: skip
def staying_put_at_17(ret: Return903) -> Iterator[Row]:
    for r in ret.rows(O3):
        seventeen = years(dob(ret, r["CHILD"]), 17)
        if r["ACCOM"] in ("Z1", "Z2") and seventeen and ret.start <= seventeen <= ret.end:
            yield r


# Reviews -------------------------------------------------------------------------------------

rule(code="166", message="Date of review is invalid or blank.", fields=["REVIEW"], tables=[R])(
    rows_where(R, lambda r: r["REVIEW_d"] is None))  # fmt: skip
_PN = ("PN0", "PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7")
rule(code="167", message="Data entry for participation is invalid or blank.",
     fields=["REVIEW_CODE"], tables=[R])(rows_where(
    R, lambda r: not ((r["REVIEW"] is not None and r["REVIEW_CODE"] in _PN)
                      or (r["REVIEW"] is None and r["REVIEW_CODE"] is None))))  # fmt: skip
rule(
    code="440",
    message="Participation method indicates child was under 4 years old at the time "
    "of the review, but date of birth and review date indicates the child was 4 years old or "
    "over.",
    fields=["DOB", "REVIEW", "REVIEW_CODE"],
    tables=[R],
)(rows_where(R, lambda r: r["REVIEW_CODE"] == "PN0" and lt(years(r["DOB_d"], 4), r["REVIEW_d"])))
rule(
    code="441",
    message="Participation method indicates child was 4 years old or over at the "
    "time of the review, but the date of birth and review date indicates the child was under 4 "
    "years old.",
    fields=["DOB", "REVIEW", "REVIEW_CODE"],
    tables=[R],
)(rows_where(R, lambda r: r["REVIEW_CODE"] in _PN[1:] and lt(r["REVIEW_d"], years(r["DOB_d"], 4))))


@rule(code="399", message="Mother field, review field or participation field are completed but "
      "child is looked after under legal status V3 or V4.",
      fields=["MOTHER", "LS", "REVIEW", "REVIEW_CODE"], tables=[E, "Header", R])  # fmt: skip
def short_breaks_with_reviews(ret: Return903) -> Iterator[Row]:
    reviews = ret.by_child(R)
    for child, eps in ret.episodes_by_child.items():
        if not all(e["LS"] in SHORT_BREAKS for e in eps):
            continue
        header = ret.header_by_child.get(child)
        filled = [v for v in reviews.get(child, []) if any_filled(v, ("REVIEW", "REVIEW_CODE"))]
        if (header is not None and header["MOTHER"] is not None) or filled:
            yield from eps
            if header is not None:
                yield header
            yield from (reviews.get(child, []) if header and header["MOTHER"] else filled)


# Previous permanence -------------------------------------------------------------------------

LA_CODES = frozenset(
    [
        "800",
        "889",
        "822",
        "301",
        "304",
        "303",
        "330",
        "825",
        "837",
        "302",
        "846",
        "370",
        "350",
        "890",
        "867",
        "380",
        "305",
        "801",
        "351",
        "873",
        "823",
        "895",
        "896",
        "381",
        "909",
        "202",
        "908",
        "331",
        "306",
        "841",
        "830",
        "831",
        "878",
        "371",
        "835",
        "332",
        "840",
        "307",
        "308",
        "811",
        "881",
        "845",
        "390",
        "916",
        "203",
        "876",
        "850",
        "311",
        "204",
        "884",
        "312",
        "205",
        "313",
        "805",
        "919",
        "310",
        "309",
        "420",
        "921",
        "206",
        "207",
        "886",
        "810",
        "382",
        "314",
        "340",
        "888",
        "208",
        "856",
        "383",
        "855",
        "209",
        "925",
        "341",
        "201",
        "821",
        "352",
        "806",
        "887",
        "826",
        "315",
        "929",
        "812",
        "391",
        "926",
        "892",
        "813",
        "802",
        "928",
        "891",
        "392",
        "316",
        "815",
        "353",
        "931",
        "879",
        "836",
        "851",
        "874",
        "807",
        "354",
        "317",
        "870",
        "318",
        "372",
        "857",
        "333",
        "935",
        "343",
        "803",
        "373",
        "342",
        "893",
        "356",
        "355",
        "871",
        "394",
        "334",
        "933",
        "882",
        "936",
        "861",
        "852",
        "319",
        "860",
        "808",
        "393",
        "866",
        "210",
        "357",
        "894",
        "883",
        "880",
        "358",
        "211",
        "937",
        "869",
        "320",
        "359",
        "865",
        "384",
        "335",
        "336",
        "212",
        "868",
        "872",
        "885",
        "344",
        "877",
        "213",
        "938",
        "816",
        "999",
    ]
) | {"WAL", "SCO", "NUK", "NIR"}


def permanence_date(text: str | None) -> date | None:
    """DATE_PERM may have ZZ for an unknown day or month (ZZZZ for the year): the latest date
    it could be, as the DfE reads it."""
    if not text:
        return None
    parts = text.split("/")
    if len(parts) != 3:
        return None
    day, month, year = parts
    widen = None
    if day == "ZZ":
        day, widen = "01", "month"
    if month == "ZZ":
        month, widen = "01", "year"
    if year == "ZZZZ":
        year = "2000"
    found = parse_date(f"{day}/{month}/{year}")
    if found is None or widen is None:
        return found
    if widen == "month":
        following = date(found.year + (found.month == 12), found.month % 12 + 1, 1)
        return following - timedelta(days=1)
    return date(found.year + 1, found.month, found.day) - timedelta(days=1)


rule(code="631", message="Previous permanence option not a valid value.", fields=["PREV_PERM"],
     tables=[PP])(invalid_code(PP, "PREV_PERM", ("P1", "P2", "P3", "P4", "Z1")))  # fmt: skip
rule(code="633", message="Local authority code where previous permanence option was arranged is "
     "not a valid value.", fields=["LA_PERM"], tables=[PP])(rows_where(
    PP, lambda r: r["LA_PERM"] is not None and r["LA_PERM"] not in LA_CODES))  # fmt: skip
rule(code="635", message="There are entries for date of order and local authority code where "
     "previous permanence option was arranged but previous permanence code is Z1",
     fields=["LA_PERM", "DATE_PERM", "PREV_PERM"], tables=[PP])(rows_where(
    PP, lambda r: any_filled(r, ("LA_PERM", "DATE_PERM")) and r["PREV_PERM"] is None))  # fmt: skip


@rule(code="630", message="Information on previous permanence option should be returned.",
      fields=["RNE"], tables=[E, PP])  # fmt: skip
def permanence_missing(ret: Return903) -> Iterator[Row]:
    perm = ret.by_child(PP)
    for e in ret.rows(E):
        if e["RNE"] != "S" or not le(ret.start, e["DECOM_d"]):
            continue
        rows = perm.get(e["CHILD"], [])
        if not rows or any(
            p["PREV_PERM"] is None
            or (p["PREV_PERM"] != "Z1" and (p["LA_PERM"] is None or p["DATE_PERM"] is None))
            for p in rows
        ):
            yield e


@rule(code="632", message="Date of previous permanence order not a valid value. NOTE: This rule "
      "may result in false negatives where the period of care started before the current "
      "collection year", fields=["DATE_PERM", "DECOM"], tables=[E, PP])  # fmt: skip
def permanence_date_invalid(ret: Return903) -> Iterator[Row]:
    for child, rows in ret.by_child(PP).items():
        first = first_dated(ret.episodes_by_child.get(child, []))
        if first is None:
            continue
        for p in rows:
            when = permanence_date(p["DATE_PERM"])
            if le(first["DECOM_d"], when) or (p["DATE_PERM"] is not None and when is None):
                yield first
                yield p


@rule(code="634", message="There are entries for previous permanence options, but child has not "
      "started to be looked after from 1 April 2016 onwards.",
      fields=["LA_PERM", "PREV_PERM", "DATE_PERM", "DECOM"], tables=[E, PP])  # fmt: skip
def permanence_not_needed(ret: Return903) -> Iterator[Row]:
    for p in ret.rows(PP):
        eps = ret.episodes_by_child.get(p["CHILD"], [])
        starts = [e["DECOM_d"] for e in eps if e["DECOM_d"] is not None]
        if (
            starts
            and max(starts) < ret.start
            and any_filled(p, ("PREV_PERM", "DATE_PERM", "LA_PERM"))
        ):
            yield p
            yield from eps
