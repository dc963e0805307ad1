"""Header (the child), UASC and motherhood rules."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import date

from hearth.returns.ssda903.parse import Return903, Row
from hearth.returns.ssda903.rules.helpers import (
    OC3_ITEMS,
    SHORT_BREAKS,
    UN_CODES,
    any_filled,
    first_dated,
    invalid_code,
    invalid_date,
    lt,
    years,
)
from hearth.returns.ssda903.validate import rule

ETHNIC = (
    "WBRI", "WIRI", "WOTH", "WIRT", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN",
    "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
)  # fmt: skip
UPN = re.compile(r"^((?![IOS])[A-Z](\d{12}|\d{11}[A-Z])|UN[1-5])$")

rule(code="101", message="The child or young person’s reported sex is not valid.",
     fields=["SEX"], tables=["Header"])(
    invalid_code("Header", "SEX", ("M", "F", "U"), blank_ok=False))  # fmt: skip


@rule(code="102", message="Date of birth is not a valid date.", fields=["DOB"],
      tables=["Header"])  # fmt: skip
def dob_valid(ret: Return903) -> Iterator[Row]:
    return (r for r in ret.rows("Header") if r["DOB_d"] is None)


rule(code="103", message="The ethnicity code is either not valid or has not been entered.",
     fields=["ETHNIC"], tables=["Header"])(
    invalid_code("Header", "ETHNIC", ETHNIC, blank_ok=False))  # fmt: skip


@rule(code="104", message="Date for Unaccompanied Asylum-Seeking Children (UASC) status ceased "
      "is not a valid date.", fields=["DUC"], tables=["UASC"])  # fmt: skip
def duc_valid(ret: Return903) -> Iterator[Row]:
    for r in ret.rows("UASC"):
        if (r["DUC"] is not None and r["DUC_d"] is None) or lt(r["DUC_d"], ret.start):
            yield r


@rule(code="105", message="Data entry for Unaccompanied Asylum-Seeking Children (UASC) status "
      "of child is invalid or has not been completed.", fields=["UASC"],
      tables=["Header"])  # fmt: skip
def uasc_flag_valid(ret: Return903) -> Iterator[Row]:
    """Only an XML return carries a UASC flag of its own; from CSV files the flag is derived from
    the UASC table, so it is always valid."""
    for r in ret.rows("Header"):
        if r.get("UASC_FROM_FILE") is not None and r["UASC_FROM_FILE"] not in ("0", "1"):
            yield r


@rule(code="168", message="Unique Pupil Number (UPN) is not valid. If unknown, default codes "
      "should be UN1, UN2, UN3, UN4 or UN5.", fields=["UPN"], tables=["Header"])  # fmt: skip
def upn_valid(ret: Return903) -> Iterator[Row]:
    return (r for r in ret.rows("Header") if r["UPN"] is not None and not UPN.match(r["UPN"]))


rule(code="171", message="Date of birth of mother's child is not a valid date.",
     fields=["MC_DOB"], tables=["Header"])(invalid_date("Header", "MC_DOB"))  # fmt: skip


@rule(code="174", message="Mother's child date of birth is recorded but sex shows that the "
      "child is a male.", fields=["SEX", "MC_DOB"], tables=["Header"])  # fmt: skip
def male_mother(ret: Return903) -> Iterator[Row]:
    return (r for r in ret.rows("Header") if r["SEX"] == "M" and r["MC_DOB"] is not None)


@rule(code="231", message="We expect that unaccompanied asylum seeking children are generally "
      "older young people. Please check the date of birth is correct. If the date of birth is "
      "correct then please provide details in a bypass request.", fields=["DOB", "UASC_STATUS"],
      tables=["Header"])  # fmt: skip
def young_uasc(ret: Return903) -> Iterator[Row]:
    cutoff = years(ret.end, -11)
    for r in ret.rows("Header"):
        if r.get("UASC") == "1" and lt(cutoff, r["DOB_d"]):
            yield r


@rule(code="232", message="Sex of the child/young person has been reported as unknown.",
      fields=["SEX"], tables=["Header"])  # fmt: skip
def sex_unknown(ret: Return903) -> Iterator[Row]:
    return (r for r in ret.rows("Header") if r["SEX"] == "U")


@rule(code="301", message="Date of birth falls after the year ended.", fields=["DOB"],
      tables=["Header"])  # fmt: skip
def born_after_year(ret: Return903) -> Iterator[Row]:
    return (r for r in ret.rows("Header") if lt(ret.end, r["DOB_d"]))


@rule(code="351", message="Child was over 25 at the start of the current collection year.",
      fields=["DOB"], tables=["Header"])  # fmt: skip
def over_25(ret: Return903) -> Iterator[Row]:
    return (r for r in ret.rows("Header") if lt(years(r["DOB_d"], 25), ret.start))


@rule(code="444", message="Duplicate UPN has been reported", fields=["UPN"],
      tables=["Header"])  # fmt: skip
def duplicate_upn(ret: Return903) -> Iterator[Row]:
    counts = Counter(r["UPN"] for r in ret.rows("Header") if r["UPN"] not in UN_CODES)
    return (r for r in ret.rows("Header") if r["UPN"] is not None and counts[r["UPN"]] > 1)


@rule(code="611", message="Date of birth field is blank, but child is a mother.",
      fields=["MOTHER", "MC_DOB"], tables=["Header"])  # fmt: skip
def mother_without_child_dob(ret: Return903) -> Iterator[Row]:
    return (r for r in ret.rows("Header") if r["MOTHER"] == "1" and r["MC_DOB"] is None)


@rule(code="612", message="Date of birth field has been completed but mother field indicates "
      "child is not a mother.", fields=["SEX", "MOTHER", "MC_DOB"], tables=["Header"])  # fmt: skip
def child_dob_without_mother(ret: Return903) -> Iterator[Row]:
    for r in ret.rows("Header"):
        if r["MOTHER"] in ("0", None) and r["SEX"] == "F" and r["MC_DOB"] is not None:
            yield r


@rule(code="620", message="Child has been recorded as a mother, but date of birth shows that "
      "the mother is under 11 years of age.", fields=["DOB", "MOTHER"],
      tables=["Header"])  # fmt: skip
def mother_under_11(ret: Return903) -> Iterator[Row]:
    for r in ret.rows("Header"):
        if r["MOTHER"] == "1" and lt(ret.start, years(r["DOB_d"], 11)):
            yield r


@rule(code="621", message="Mother’s field has been completed but date of birth shows that the "
      "mother is younger than her child.", fields=["DOB", "MC_DOB"], tables=["Header"])  # fmt: skip
def mother_younger_than_child(ret: Return903) -> Iterator[Row]:
    for r in ret.rows("Header"):
        mc = r["MC_DOB_d"]
        if mc is not None and not lt(r["DOB_d"], mc):
            yield r


@rule(
    code="209",
    message="Child looked after is of school age and should not have an unknown "
    "Unique Pupil Number (UPN) code of UN1.",
    fields=["UPN", "DOB"],
    tables=["Header"],
)
def school_age_un1(ret: Return903) -> Iterator[Row]:
    reference = date(ret.start.year - 1, 8, 31)
    for r in ret.rows("Header"):
        four = years(r["DOB_d"], 4)
        if r["UPN"] == "UN1" and four is not None and reference >= four:
            yield r


@rule(code="210", message="Children looked after for more than a week at 31 March should not "
      "have an unknown Unique Pupil Number (UPN) code of UN4.", fields=["UPN", "DECOM"],
      tables=["Header", "Episodes"])  # fmt: skip
def un4_looked_after(ret: Return903) -> Iterator[Row]:
    reference = date(ret.end.year, 3, 24)
    for h in ret.rows("Header"):
        if h["UPN"] != "UN4":
            continue
        late = [e for e in ret.episodes_by_child.get(h["CHILD"], []) if
                e["DECOM_d"] is not None and e["DECOM_d"] >= reference]  # fmt: skip
        if late:
            yield h
            yield from late


@rule(code="442", message="Unique Pupil Number (UPN) field is not completed.", fields=["UPN"],
      tables=["Episodes", "Header"])  # fmt: skip
def upn_missing(ret: Return903) -> Iterator[Row]:
    for h in ret.rows("Header"):
        if h["UPN"] is None and any(
            e["LS"] not in SHORT_BREAKS for e in ret.episodes_by_child.get(h["CHILD"], [])
        ):
            yield h


@rule(code="393", message="Child is looked after but mother field is not completed.",
      fields=["MOTHER"], tables=["Header", "Episodes"])  # fmt: skip
def mother_missing(ret: Return903) -> Iterator[Row]:
    for h in ret.rows("Header"):
        if (
            h["SEX"] == "F"
            and h["MOTHER"] is None
            and any(e["LS"] not in SHORT_BREAKS for e in ret.episodes_by_child.get(h["CHILD"], []))
        ):
            yield h


@rule(code="607", message="Child ceased to be looked after in the year, but mother field has "
      "not been completed.", fields=["DEC", "REC", "MOTHER", "LS", "SEX"],
      tables=["Episodes", "Header"])  # fmt: skip
def mother_missing_on_leaving(ret: Return903) -> Iterator[Row]:
    for h in ret.rows("Header"):
        if h["SEX"] != "F" or h["MOTHER"] is not None:
            continue
        for e in ret.episodes_by_child.get(h["CHILD"], []):
            dec = e["DEC_d"]
            if (
                dec is not None
                and e["REC"] not in ("X1", None)
                and e["LS"] not in SHORT_BREAKS
                and ret.start <= dec <= ret.end
            ):
                yield e
                yield h


@rule(code="625", message="Date of birth of the first child is beyond the end of this reporting "
      "year or the date the child ceased to be looked after.", fields=["MC_DOB", "DEC"],
      tables=["Episodes", "Header"])  # fmt: skip
def child_born_after_leaving(ret: Return903) -> Iterator[Row]:
    for child, eps in ret.episodes_by_child.items():
        ended = [e for e in eps if e["DEC_d"] is not None]
        h = ret.header_by_child.get(child)
        if not ended or h is None or h["MC_DOB_d"] is None:
            continue
        latest_dec = max(e["DEC_d"] for e in ended)
        latest = min((e for e in ended if e["DEC_d"] == latest_dec), key=lambda e: e["_i"])
        mc = h["MC_DOB_d"]
        if mc > ret.end or mc > latest_dec:
            yield h
            yield latest


@rule(code="165", message="Data entry for mother status is invalid.",
      fields=["MOTHER", "SEX", "ACTIV", "ACCOM", "IN_TOUCH", "DECOM"],
      tables=["Header", "Episodes", "OC3"])  # fmt: skip
def mother_status_invalid(ret: Return903) -> Iterator[Row]:
    oc3 = ret.by_child("OC3")
    for child, eps in ret.episodes_by_child.items():
        eps = [e for e in eps if e["LS"] not in SHORT_BREAKS]
        h = ret.header_by_child.get(child)
        if not eps or h is None:
            continue
        in_year = any(
            e["DECOM_d"] is not None
            and e["DECOM_d"] <= ret.end
            and (e["DEC_d"] or ret.end) >= ret.start
            for e in eps
        )
        leaver = oc3.get(child, [])
        has_oc3 = any(any_filled(o, ("ACTIV", "ACCOM", "IN_TOUCH")) for o in leaver)
        mother, sex = h["MOTHER"], h["SEX"]
        if (
            (mother is not None and mother not in ("0", "1"))
            or (mother is not None and sex == "M")
            or (mother is None and sex == "F" and in_year)
            or (mother is not None and sex == "F" and not in_year and has_oc3)
        ):
            yield h
            yield from leaver


@rule(code="628", message="Motherhood details are not required for care leavers who have not "
      "been looked after during the year.", fields=["MOTHER"],
      tables=["Episodes", "Header", "OC3"])  # fmt: skip
def mother_details_for_leaver(ret: Return903) -> Iterator[Row]:
    oc3 = ret.by_child("OC3")
    for h in ret.rows("Header"):
        child = h["CHILD"]
        if h["MOTHER"] is None or child in ret.episodes_by_child:
            continue
        if any(any_filled(o, OC3_ITEMS) for o in oc3.get(child, [])):
            yield h


@rule(code="302", message="First episode starts before child was born.", fields=["DECOM", "DOB"],
      tables=["Header", "Episodes"])  # fmt: skip
def started_before_born(ret: Return903) -> Iterator[Row]:
    for child, eps in ret.episodes_by_child.items():
        first = first_dated(eps)
        h = ret.header_by_child.get(child)
        if first is not None and h is not None and lt(first["DECOM_d"], h["DOB_d"]):
            yield first
            yield h


@rule(code="303", message="If date Unaccompanied Asylum-Seeking Child (UASC) status ceased is "
      "not null, UASC status must be coded 1.", fields=["DUC", "UASC"],
      tables=["UASC", "Header"])  # fmt: skip
def duc_needs_uasc(ret: Return903) -> Iterator[Row]:
    for u in ret.rows("UASC"):
        h = ret.header_by_child.get(u["CHILD"])
        if u["DUC"] is not None and h is not None and h.get("UASC") != "1":
            yield u
            yield h


@rule(code="304", message="Date unaccompanied asylum-seeking child (UASC) status ceased must be "
      "on or before the 18th birthday of a child.", fields=["DUC"], tables=["UASC"])  # fmt: skip
def duc_after_18(ret: Return903) -> Iterator[Row]:
    return (r for r in ret.rows("UASC") if lt(years(r["DOB_d"], 18), r["DUC_d"]))
