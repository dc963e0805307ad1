"""The DfE local authority code of a placement (SSDA903 `PL_LA`) from the ONS code of the
district its postcode is in (DOMAIN.md 3.3.16; the mapping and its sources are recorded in
docs/domain/placement-la.md).

`data/la_codes.csv` maps every English lower-tier (district) and upper-tier ONS code to the
3-digit DfE code of the authority responsible for children's services there: a district in a
two-tier area maps to its county. Outside England `PL_LA` is WAL, SCO or NIR.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "la_codes.csv"
NATIONS = {"W": "WAL", "S": "SCO", "N": "NIR"}


@dataclass(frozen=True)
class LocalAuthority:
    ons_code: str
    dfe_code: str
    name: str
    upper_tier_ons_code: str


@cache
def table() -> dict[str, LocalAuthority]:
    with DATA.open(newline="", encoding="utf-8") as handle:
        return {
            row["ons_code"]: LocalAuthority(
                row["ons_code"], row["dfe_code"], row["name"], row["upper_tier_ons_code"]
            )
            for row in csv.DictReader(handle)
        }


def dfe_code(ons_code: str) -> str:
    """'E07000106' (Canterbury) -> '886' (Kent); 'W06000015' -> 'WAL'; '' when unknown."""
    if not ons_code:
        return ""
    found = table().get(ons_code)
    if found is not None:
        return found.dfe_code
    return NATIONS.get(ons_code[0], "")


def name(ons_code: str) -> str:
    found = table().get(ons_code)
    return found.name if found else ""
