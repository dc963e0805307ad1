"""Read-only SSDA903 extract: rows keyed by the exact DfE CSV column names (DOMAIN.md 3.2).

Dates are `date` objects; the renderer (returns/ssda903) writes them dd/mm/YYYY. A collection
year is named by its starting year: 2025 means 1 April 2025 to 31 March 2026. Missing is for
the missing and exploitation issue; OC2, OC3, AD1, PlacedAdoption and PrevPerm come with
health, care leavers and adoption.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from hearth.children_in_care.models import Episode, Review

HEADER_COLUMNS = ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB")
EPISODE_COLUMNS = (
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
)
UASC_COLUMNS = ("CHILD", "SEX", "DOB", "DUC")
REVIEW_COLUMNS = ("CHILD", "DOB", "REVIEW", "REVIEW_CODE")


def collection_dates(year: int) -> tuple[date, date]:
    return date(year, 4, 1), date(year + 1, 3, 31)


def _child_id(person: Any) -> str:
    return person.la_child_id or str(person.pk)


def _episodes(year: int) -> list[Episode]:
    start, end = collection_dates(year)
    return list(
        Episode.objects.in_collection_year(start, end)
        .select_related("child")
        .order_by("child_id", "decom", "id")
    )


def episodes(year: int) -> list[dict[str, Any]]:
    """Every episode open at any time in the year. An episode ending after 31 March is
    reported open (DEC, REC blank), as the return is cumulative."""
    _, end = collection_dates(year)
    rows = []
    for e in _episodes(year):
        ended = e.dec is not None and e.dec <= end
        rows.append(
            {
                "CHILD": _child_id(e.child),
                "DECOM": e.decom,
                "RNE": e.rne,
                "LS": e.legal_status,
                "CIN": e.category_of_need,
                "PLACE": e.place,
                "PLACE_PROVIDER": e.place_provider,
                "DEC": e.dec if ended else None,
                "REC": e.rec if ended else "",
                "REASON_PLACE_CHANGE": e.reason_place_change if ended else "",
                "HOME_POST": e.home_postcode,
                "PL_POST": e.placement_postcode,
                "URN": e.urn,
            }
        )
    return rows


def _sex(code: str) -> str:
    return code if code in {"M", "F"} else "U"


def header(year: int) -> list[dict[str, Any]]:
    """One row per child looked after at any time in the year. MOTHER and MC_DOB are blank
    until the health issue records young mothers."""
    seen: dict[int, Any] = {}
    for e in _episodes(year):
        seen.setdefault(e.child_id, e.child)
    return [
        {
            "CHILD": _child_id(child),
            "SEX": _sex(child.sex),
            "DOB": child.date_of_birth,
            "ETHNIC": child.ethnicity,
            "UPN": child.upn or child.upn_unknown_reason,
            "MOTHER": "",
            "MC_DOB": None,
        }
        for child in seen.values()
    ]


def uasc(year: int) -> list[dict[str, Any]]:
    """Unaccompanied asylum-seeking children in the year. DUC is blank until the date UASC
    status ceased is recorded (people holds the flag only)."""
    return [
        {"CHILD": row["CHILD"], "SEX": row["SEX"], "DOB": row["DOB"], "DUC": None}
        for row, child in _header_children(year)
        if child.uasc
    ]


def _header_children(year: int) -> list[tuple[dict[str, Any], Any]]:
    seen: dict[int, Any] = {}
    for e in _episodes(year):
        seen.setdefault(e.child_id, e.child)
    return [
        ({"CHILD": _child_id(c), "SEX": _sex(c.sex), "DOB": c.date_of_birth}, c)
        for c in seen.values()
    ]


def reviews(year: int) -> list[dict[str, Any]]:
    """Every looked after review held in the year (none for short-break periods)."""
    start, end = collection_dates(year)
    found = (
        Review.objects.held_between(start, end)
        .select_related("child")
        .order_by("child_id", "held_on")
    )
    return [
        {
            "CHILD": _child_id(r.child),
            "DOB": r.child.date_of_birth,
            "REVIEW": r.held_on,
            "REVIEW_CODE": r.participation,
        }
        for r in found
    ]


def derived_placement(year: int) -> list[dict[str, Any]]:
    """What the DfE derives from the postcodes (PL_DISTANCE, PL_LA as the ONS code,
    PL_LOCATION), for checking the return before submission."""
    return [
        {
            "CHILD": _child_id(e.child),
            "DECOM": e.decom,
            "PL_DISTANCE": e.placement_distance,
            "PL_LA": e.placement_la,
            "PL_LOCATION": e.placement_location,
        }
        for e in _episodes(year)
    ]
