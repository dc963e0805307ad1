"""The 2024 Annex A template's lettered value sets (DOMAIN.md 4): the pathway selectors give
DfE codes; the workbook shows the template's labels. A code with no label in the template's
value set is written as the DfE code itself (documented in docs/domain/annex-a.md)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

YES, NO, UNKNOWN = "a) Yes", "b) No", "c) Unknown"

GENDER = {
    "M": "a) Male",
    "F": "b) Female",
    "U": "c) Not stated/recorded",
    # Pre-2024-25 CIN codes, as an imported return may carry them.
    "1": "a) Male",
    "2": "b) Female",
    "0": "c) Not stated/recorded",
    "9": "d) Neither",
}

# The 20 CBDS ethnicity codes in the template's order, lettered a) to t).
ETHNICITY_ORDER = (
    "WBRI",
    "WIRI",
    "WIRT",
    "WOTH",
    "WROM",
    "MWBC",
    "MWBA",
    "MWAS",
    "MOTH",
    "AIND",
    "APKN",
    "ABAN",
    "AOTH",
    "BCRB",
    "BAFR",
    "BOTH",
    "CHNE",
    "OOTH",
    "REFU",
    "NOBT",
)
ETHNICITY = {code: f"{chr(ord('a') + i)}) {code}" for i, code in enumerate(ETHNICITY_ORDER)}

_SOURCE_GROUPS = (
    ("a) Individual", ("1A", "1B", "1C", "1D")),
    ("b) Schools", ("2A",)),
    ("c) Education services", ("2B",)),
    ("d) Health services", ("3A", "3B", "3C", "3D", "3E", "3F")),
    ("e) Housing", ("4",)),
    ("f) LA services", ("5A", "5B", "5C", "5D")),
    ("g) Police", ("6",)),
    ("h) Other legal agency", ("7",)),
    ("i) Other", ("8",)),
    ("j) Anonymous", ("9",)),
    ("k) Unknown", ("10",)),
)
SOURCE = {code: label for label, codes in _SOURCE_GROUPS for code in codes}

NEED = {
    "N1": "a) Abuse or neglect",
    "N2": "b) Child's disability",
    "N3": "c) Parental disability or illness",
    "N4": "d) Family in acute stress",
    "N5": "e) Family dysfunction",
    "N6": "f) Socially unacceptable behaviour",
    "N7": "g) Low income",
    "N8": "h) Absent parenting",
    "N9": "i) Not CIN",
    "N0": "j) Not stated",
}

CLOSURE = {
    "RC1": "a) Adopted",
    "RC2": "b) Died",
    "RC3": "c) Residence order",
    "RC4": "d) SGO",
    "RC5": "e) Transfer to another LA",
    "RC6": "f) Transfer to adult services",
    "RC7": "g) Other incl. no longer in need",
    "RC8": "h) Child not in need after assessment",
    "RC9": "h) Child not in need after assessment",
}

LEGAL_STATUS = {
    "C1": "a) Interim care orders",
    "C2": "b) Full care orders",
    "D1": "c) Freed for adoption",
    "E1": "d) Placement order",
    "V2": "e) Accommodated under s20",
    "L1": "f) Detained on child protection grounds in LA accommodation",
    "L2": "f) Detained on child protection grounds in LA accommodation",
    "L3": "f) Detained on child protection grounds in LA accommodation",
    "J1": "g) Youth justice legal statuses",
    "J2": "g) Youth justice legal statuses",
    "J3": "g) Youth justice legal statuses",
}

PROVIDER = {
    "PR1": "a) Own LA",
    "PR4": "b) Private",
    "PR0": "c) Other",
    "PR2": "c) Other",
    "PR3": "c) Other",
    "PR5": "c) Other",
}

LOCATION = {"IN": "In", "OUT": "Out", "I": "In", "O": "Out"}


def _mapped(table: dict[str, str]) -> Callable[[Any], Any]:
    def label(value: Any) -> Any:
        if value in (None, ""):
            return value
        return table.get(str(value).strip(), value)

    return label


def _closure(value: Any) -> Any:
    if value in (None, ""):
        return value
    return CLOSURE.get(str(value), "i) Not stated")


# Columns whose values are codes the template letters. Every other column is written as given.
BY_COLUMN: dict[str, Callable[[Any], Any]] = {
    "Gender": _mapped(GENDER),
    "Ethnicity": _mapped(ETHNICITY),
    "Contact Source": _mapped(SOURCE),
    "Referral Source": _mapped(SOURCE),
    "Primary Need Code": _mapped(NEED),
    "Child's Category of Need": _mapped(NEED),
    "Reason for Closure": _closure,
    "Child's Legal Status": _mapped(LEGAL_STATUS),
    "Placement Provider": _mapped(PROVIDER),
    "Placement Location": _mapped(LOCATION),
}


def labelled(row: dict[str, Any], columns: tuple[str, ...]) -> list[Any]:
    """The row's values in the list's column order, codes turned into the template's labels
    and a missing column left blank."""
    values = []
    for column in columns:
        value = row.get(column)
        label = BY_COLUMN.get(column)
        values.append(label(value) if label is not None else value)
    return values
