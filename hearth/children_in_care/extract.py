"""Read-only SSDA903 extract: rows keyed by the exact DfE CSV column names (DOMAIN.md 3.2).

Dates are `date` objects; the renderer (returns/ssda903) writes them dd/mm/YYYY. A collection
year is named by its starting year: 2025 means 1 April 2025 to 31 March 2026. Missing is for
the missing and exploitation issue; OC3, AD1, PlacedAdoption and PrevPerm come with care
leavers and adoption. OC2 (`oc2_rows`) reads the health records.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from django.db import models

from hearth.children_in_care.la_codes import dfe_code
from hearth.children_in_care.models import (
    SDQ,
    SHORT_BREAKS,
    Conviction,
    Episode,
    HealthAssessment,
    HealthCheck,
    HealthCheckKind,
    PeriodOfCare,
    Review,
    SubstanceMisuse,
    age_on,
)
from hearth.timescales.rules import add_months

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
OC2_COLUMNS = (
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
)


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
    """What the DfE derives from the postcodes, for checking the return before submission:
    PL_DISTANCE, PL_LA (the 3-digit DfE code of the placing area, or WAL, SCO, NIR),
    PL_LOCATION, and the ONS district code PL_LA was read from."""
    return [
        {
            "CHILD": _child_id(e.child),
            "DECOM": e.decom,
            "PL_DISTANCE": e.placement_distance,
            "PL_LA": dfe_code(e.placement_la),
            "PL_LOCATION": e.placement_location,
            "PL_ONS_DISTRICT": e.placement_la,
        }
        for e in _episodes(year)
    ]


def oc2_cohort(year: int) -> list[Any]:
    """Children looked after continuously for 12 months at 31 March: a period of care open
    from 1 April (or before) to after 31 March, with no short-break (V3/V4) episode in the year
    (DOMAIN.md 3.1). The children, ordered by id. Two queries."""
    start, end = collection_dates(year)
    periods = (
        PeriodOfCare.objects.filter(start_date__lte=start)
        .filter(models.Q(end_date__isnull=True) | models.Q(end_date__gt=end))
        .select_related("child")
        .order_by("child_id")
    )
    short_breaks = set(
        Episode.objects.in_collection_year(start, end)
        .filter(legal_status__in=list(SHORT_BREAKS))
        .values_list("child_id", flat=True)
    )
    return [p.child for p in periods if p.child_id not in short_breaks]


def _flag(value: bool) -> str:
    return "1" if value else "0"


def oc2_rows(year: int) -> list[dict[str, Any]]:
    """The SSDA903 OC2 table: one row per child in the 12-month cohort (`oc2_cohort`).

    - SDQ_SCORE / SDQ_REASON for children aged 4 or over on 31 March and under 17 on 1 April
      (so those who turn 4 or 17 in the year too, as rules 188, 189 and 197B read it): the
      latest SDQ completed in the year (score, or the reason there is none); blank for other
      ages and when none was recorded.
    - CONVICTED for children aged 10 or over on 31 March: a conviction or caution in the year.
    - HEALTH_CHECK for children under 5 on 31 March: the latest development check on or
      before 31 March, in the year, found them up to date.
    - IMMUNISATIONS: the latest immunisation check on or before 31 March says up to date.
    - TEETH_CHECK: a dental check in the year.
    - HEALTH_ASSESSMENT: a health assessment in date at 31 March (within 6 months for a child
      under 5, 12 months otherwise).
    - SUBSTANCE_MISUSE: a problem identified in the year; INTERVENTION_RECEIVED and
      INTERVENTION_OFFERED (offered and refused) only when it is 1.

    Values are strings as the CSV carries them ("1", "0", "" for blank). Seven queries."""
    start, end = collection_dates(year)
    children = oc2_cohort(year)
    ids = [c.pk for c in children]
    sdqs: dict[int, SDQ] = {}
    for found in SDQ.objects.filter(
        child_id__in=ids, completed_on__gte=start, completed_on__lte=end
    ).order_by("completed_on", "id"):
        sdqs[found.child_id] = found
    convicted = set(
        Conviction.objects.filter(child_id__in=ids, on__gte=start, on__lte=end).values_list(
            "child_id", flat=True
        )
    )
    checks: dict[tuple[int, str], list[tuple[date, bool]]] = defaultdict(list)
    for child_id, kind, on, up_to_date in (
        HealthCheck.objects.filter(child_id__in=ids, checked_on__lte=end)
        .order_by("checked_on", "id")
        .values_list("child_id", "kind", "checked_on", "up_to_date")
    ):
        checks[(child_id, kind)].append((on, up_to_date))
    assessed: dict[int, date] = {}
    for child_id, on in (
        HealthAssessment.objects.filter(child_id__in=ids, completed_on__lte=end)
        .order_by("completed_on", "id")
        .values_list("child_id", "completed_on")
    ):
        assessed[child_id] = on
    misuse: dict[int, list[SubstanceMisuse]] = defaultdict(list)
    for row in SubstanceMisuse.objects.filter(
        child_id__in=ids, identified_on__gte=start, identified_on__lte=end
    ).order_by("identified_on", "id"):
        misuse[row.child_id].append(row)

    def latest(child_id: int, kind: str, *, since: date | None = None) -> tuple[date, bool] | None:
        found = checks.get((child_id, kind), [])
        if since is not None:
            found = [c for c in found if c[0] >= since]
        return found[-1] if found else None

    rows = []
    for child in children:
        age_start = age_on(child.date_of_birth, start)
        age_end = age_on(child.date_of_birth, end)
        sdq_due = age_start is not None and age_end is not None and age_end >= 4 and age_start < 17
        sdq: SDQ | None = sdqs.get(child.pk) if sdq_due else None
        under_five = age_end is not None and age_end < 5
        surveillance = latest(child.pk, HealthCheckKind.SURVEILLANCE, since=start)
        immunised = latest(child.pk, HealthCheckKind.IMMUNISATIONS)
        dental = latest(child.pk, HealthCheckKind.DENTAL, since=start)
        last_assessed = assessed.get(child.pk)
        window = 6 if under_five else 12
        in_date = last_assessed is not None and add_months(last_assessed, window) >= end
        problems = misuse.get(child.pk, [])
        rows.append(
            {
                "CHILD": _child_id(child),
                "DOB": child.date_of_birth,
                "SDQ_SCORE": "" if sdq is None or sdq.score is None else str(sdq.score),
                "SDQ_REASON": sdq.reason if sdq is not None else "",
                "CONVICTED": _flag(child.pk in convicted)
                if age_end is not None and age_end >= 10
                else "",
                "HEALTH_CHECK": _flag(bool(surveillance and surveillance[1])) if under_five else "",
                "IMMUNISATIONS": _flag(bool(immunised and immunised[1])),
                "TEETH_CHECK": _flag(dental is not None),
                "HEALTH_ASSESSMENT": _flag(in_date),
                "SUBSTANCE_MISUSE": _flag(bool(problems)),
                "INTERVENTION_RECEIVED": _flag(any(p.intervention_received for p in problems))
                if problems
                else "",
                "INTERVENTION_OFFERED": _flag(any(p.intervention_refused for p in problems))
                if problems
                else "",
            }
        )
    return rows
