"""A pair of returns (CIN census and SSDA903, collection ending 31 March 2026) for any number
of children, sharing child IDs the way an authority's do: the pair import's test and
bench/returns_import_pair.py.

Every child looked after is in the SSDA903, and all of them but the care leavers (18 and
over: no longer children in need) are in the CIN census too, with the same child ID, date of
birth, sex, ethnicity and UPN. The rest are in the CIN census only. The SSDA903 is the clean
six-child sample (ssda903/samples.py) repeated, each child under a new ID: the sample ID's
first letter and the copy's number (ALICE1 in copy 12 is A000012). A child in care's census
entry is the sample census's worked child (assessment, section 47 enquiry, conference, CP
plan with a review, CIN plan) under the SSDA903's identifiers; the CIN-only children
(N0000000, N0000001, ...) alternate that child and the sample's referral with no further
action.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from hearth.returns.cin_census import records as r
from hearth.returns.cin_census.samples import clean_census
from hearth.returns.ssda903 import samples as ssda903_samples

GROUP = 6  # children in the SSDA903 sample
CARE_LEAVER = ssda903_samples.CARA  # 19 at the end of the year: not in the CIN census
YEAR = ssda903_samples.YEAR


@dataclass
class Pair:
    census: r.CensusReturn
    ssda903: dict[str, list[dict[str, str]]]  # the SSDA903 tables, as samples.write_tables takes
    in_both: int  # children in both returns

    @property
    def looked_after(self) -> int:
        return len(self.ssda903["Header"])


def pair(children: int, in_care: float) -> Pair:
    """`children` children in all, about `in_care` of them (in whole copies of the six-child
    sample) looked after."""
    from hearth.child_protection.models import ICPC_WORKING_DAYS
    from hearth.timescales.calendar import add_working_days

    copies = min(round(children * in_care / GROUP), children // GROUP)
    sample = ssda903_samples.clean_sample()
    tables: dict[str, list[dict[str, str]]] = {name: [] for name in sample.this}
    for n in range(copies):
        for name, rows in sample.this.items():
            for row in rows:
                tables[name].append({**row, "CHILD": f"{row['CHILD'][0]}{n:06d}"})

    census = clean_census()
    worked, nfa = census.children
    for s47 in worked.episodes[0].section47s:
        assert s47.start is not None
        s47.icpc_target = add_working_days(s47.start, ICPC_WORKING_DAYS)
    census.children = []

    def add(template: r.Child, **values: Any) -> None:
        child = copy.deepcopy(template)
        for name, value in values.items():
            setattr(child, name, value)
        child.position = len(census.children) + 1
        census.children.append(child)

    for row in tables["Header"]:
        if row["CHILD"][0] == CARE_LEAVER[0]:
            continue
        unknown = row["UPN"].startswith("UN")
        add(
            worked,
            la_child_id=row["CHILD"],
            birth_date=datetime.strptime(row["DOB"], "%d/%m/%Y").date(),
            sex={"1": "M", "2": "F"}.get(row["SEX"], row["SEX"]),
            ethnicity=row["ETHNIC"],
            upn=None if unknown else row["UPN"],
            upn_unknown=row["UPN"] if unknown else None,
        )
    in_both = len(census.children)
    for i in range(children - len(tables["Header"])):
        add((worked, nfa)[i % 2], la_child_id=f"N{i:07d}")
    return Pair(census=census, ssda903=tables, in_both=in_both)
