"""The SSDA903 tables: the DfE's exact CSV column sets (DOMAIN.md 3.2) and Hearth's file names.

The DfE recognises each CSV file by its column set, not its name; the names here are only
what Hearth writes. `year` is the year the collection ENDS (2026 = 1 April 2025 to
31 March 2026), as for the CIN census and the reference validator.
"""

from __future__ import annotations

from datetime import date

HEADER = "Header"
EPISODES = "Episodes"
REVIEWS = "Reviews"
UASC = "UASC"
OC2 = "OC2"
OC3 = "OC3"
AD1 = "AD1"
PLACED_ADOPTION = "PlacedAdoption"
PREV_PERM = "PrevPerm"
MISSING = "Missing"
SW_EPISODES = "SWEpisodes"
DOLO = "DoLo"

COLUMNS: dict[str, tuple[str, ...]] = {
    HEADER: ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"),
    EPISODES: (
        "CHILD",
        "DECOM",
        "RNE",
        "LS",
        "CIN",
        "PLACE",
        "PLACE_PROVIDER",
        "DEC",
        "REC",
        "REASON_PLACE_CHANGE",
        "HOME_POST",
        "PL_POST",
        "URN",
    ),
    REVIEWS: ("CHILD", "DOB", "REVIEW", "REVIEW_CODE"),
    UASC: ("CHILD", "SEX", "DOB", "DUC"),
    OC2: (
        "CHILD",
        "DOB",
        "SDQ_SCORE",
        "SDQ_REASON",
        "CONVICTED",
        "HEALTH_CHECK",
        "IMMUNISATIONS",
        "TEETH_CHECK",
        "HEALTH_ASSESSMENT",
        "SUBSTANCE_MISUSE",
        "INTERVENTION_RECEIVED",
        "INTERVENTION_OFFERED",
    ),
    OC3: ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"),
    AD1: (
        "CHILD",
        "DOB",
        "DATE_INT",
        "DATE_MATCH",
        "FOSTER_CARE",
        "NB_ADOPTR",
        "SEX_ADOPTR",
        "LS_ADOPTR",
    ),
    PLACED_ADOPTION: (
        "CHILD",
        "DOB",
        "DATE_PLACED",
        "DATE_PLACED_CEASED",
        "REASON_PLACED_CEASED",
    ),
    PREV_PERM: ("CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"),
    MISSING: ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"),
    SW_EPISODES: ("CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"),
    DOLO: ("CHILD", "DOB", "DOLO_START", "DOLO_END"),
}

FILENAMES: dict[str, str] = {
    HEADER: "header.csv",
    EPISODES: "episodes.csv",
    REVIEWS: "reviews.csv",
    UASC: "uasc.csv",
    OC2: "oc2.csv",
    OC3: "oc3.csv",
    AD1: "ad1.csv",
    PLACED_ADOPTION: "placed_for_adoption.csv",
    PREV_PERM: "previous_permanence.csv",
    MISSING: "missing.csv",
    SW_EPISODES: "social_worker_episodes.csv",
    DOLO: "dolo.csv",
}

# Deprivation of liberty orders are collected from 2026-27 (DOMAIN.md 3.2).
FIRST_DOLO_YEAR = 2027
# Sex is M/F/U from 2024-25; 1 (male) and 2 (female) before (DOMAIN.md 3.3.1).
FIRST_MFU_YEAR = 2025
SW_REASONS = frozenset(
    {
        "MANAGE",
        "FCONTA",
        "LEFTRL",
        "ORGRST",
        "TSPROC",
        "ABSENC",
        "CHCHAN",
        "PCCHAN",
        "SWDIED",
        "OTHERS",
    }
)


def tables_for(year: int) -> list[str]:
    """The tables of the collection ending 31 March `year`, in the order Hearth writes them."""
    names = [name for name in COLUMNS if name != DOLO]
    if year >= FIRST_DOLO_YEAR:
        names.append(DOLO)
    return names


def collection_period(year: int) -> tuple[date, date]:
    """1 April `year`-1 to 31 March `year`."""
    return date(year - 1, 4, 1), date(year, 3, 31)


def collection_label(year: int) -> str:
    return f"{year - 1}-{str(year)[2:]}"
