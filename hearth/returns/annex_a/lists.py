"""Each Annex A list's rows for an as-of date (the inspection), as dicts keyed by the 2024
template's column names with DfE codes as values (`labels` letters them).

Lists 1 to 7 come from the pathway apps' own selectors; this module adds the disability
column where a selector leaves it out. List 8 (children in care) is built here from the
children in care and missing records. Lists 9 to 11 use the care leavers and adoption apps'
selectors when those apps are installed, and otherwise list what the record holds (list 9:
care leavers derived from periods of care; list 10: children placed for adoption or adopted;
list 11: no adopters are recorded without the adoption app, so the sheet has headers only).
Each builder makes a fixed number of queries whatever the number of children.
"""

from __future__ import annotations

import importlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from django.apps import apps
from django.db.models import Max, Q

from hearth.casework.models import VISIT_TYPES, Allocation, CaseNote
from hearth.core.presenters import age_in_years
from hearth.people.models import Disability, Person
from hearth.returns.annex_a.columns import BY_NUMBER, DISABILITY
from hearth.timescales.rules import add_months

Rows = list[dict[str, Any]]
YES, NO = "a) Yes", "b) No"
SHORT_BREAKS = frozenset({"V1", "V3", "V4"})
PLACED_FOR_ADOPTION = frozenset({"A3", "A4", "A5", "A6"})
FOSTERING_FOR_ADOPTION = frozenset({"U2", "U5"})
ADOPTED = frozenset({"E11", "E12"})


def _child_id(child: Person) -> str:
    return child.la_child_id or str(child.pk)


def _child_columns(child: Person, on: date) -> dict[str, Any]:
    born = child.date_of_birth
    return {
        "Child Unique ID": _child_id(child),
        "Gender": child.sex,
        "Ethnicity": child.ethnicity,
        "Date of Birth": born,
        "Age of Child (Years)": age_in_years(born, on) if born and born <= on else None,
    }


def _disabled(child_ids: Iterable[int]) -> set[int]:
    """Children with a recorded disability other than NONE. One query."""
    return set(
        Disability.objects.filter(person_id__in=list(child_ids))
        .exclude(code="NONE")
        .values_list("person_id", flat=True)
    )


def _add_disability(rows: Rows) -> Rows:
    """Fill the disability column for rows a selector gave without it (lists 5 to 7), keyed by
    the child unique ID. Two queries."""
    missing = {r["Child Unique ID"] for r in rows if DISABILITY not in r}
    if not missing:
        return rows
    ids = dict(Person.objects.filter(la_child_id__in=missing).values_list("la_child_id", "pk"))
    ids.update({key: int(key) for key in missing if key not in ids and str(key).isdigit()})
    disabled = _disabled(ids.values())
    for row in rows:
        if DISABILITY not in row:
            pk = ids.get(row["Child Unique ID"])
            row[DISABILITY] = YES if pk in disabled else NO
    return rows


def _allocations(child_ids: Iterable[int], on: date) -> dict[int, Allocation]:
    return {
        a.child_id: a
        for a in Allocation.objects.filter(child_id__in=list(child_ids))
        .current(on)
        .select_related("team", "worker")
        .order_by("start_date", "id")
    }


def _team_worker(allocation: Allocation | None) -> dict[str, str]:
    return {
        "Allocated Team": str(allocation.team) if allocation else "",
        "Allocated Worker": str(allocation.worker) if allocation and allocation.worker else "",
    }


def _external(app: str, module: str, names: tuple[str, ...]) -> Callable[[date], Rows] | None:
    """A pathway app's own Annex A selector, when the app is installed and has one."""
    if not apps.is_installed(app):
        return None
    try:
        found = importlib.import_module(module)
    except ImportError:
        return None
    for name in names:
        function = getattr(found, name, None)
        if callable(function):
            return function  # type: ignore[no-any-return]
    return None


# --- Lists 1 to 7: the pathway apps' selectors -----------------------------------------------


def _complete(rows: Rows, as_of: date) -> Rows:
    """Add the child columns, disability and allocation to rows that carry only their list's
    own columns and the Person (the care leavers selector). Two queries."""
    people = {row["person"].pk: row["person"] for row in rows if row.get("person") is not None}
    disabled = _disabled(people)
    allocations = _allocations(people, as_of)
    completed = []
    for row in rows:
        person = row.get("person")
        if person is None:
            completed.append(row)
            continue
        extra = {
            **_child_columns(person, as_of),
            DISABILITY: YES if person.pk in disabled else NO,
            **_team_worker(allocations.get(person.pk)),
        }
        completed.append({**extra, **{k: v for k, v in row.items() if k != "person"}})
    return _add_disability(completed)


def list_1(as_of: date) -> Rows:
    from hearth.front_door.selectors import annex_a_contacts

    return annex_a_contacts(as_of)


def list_2(as_of: date) -> Rows:
    from hearth.early_help.selectors import annex_a_early_help

    return annex_a_early_help(as_of)


def list_3(as_of: date) -> Rows:
    from hearth.front_door.selectors import annex_a_referrals

    return annex_a_referrals(as_of)


def list_4(as_of: date) -> Rows:
    from hearth.assessments.extract import annex_a_list_4

    return _add_disability(annex_a_list_4(as_of))


def list_5(as_of: date) -> Rows:
    from hearth.child_protection.extract import annex_a_list_5

    return _add_disability(annex_a_list_5(as_of))


def list_6(as_of: date) -> Rows:
    from hearth.child_protection.extract import annex_a_list_6

    return _add_disability(annex_a_list_6(as_of))


def list_7(as_of: date) -> Rows:
    from hearth.child_protection.extract import annex_a_list_7

    return _add_disability(annex_a_list_7(as_of))


# --- List 8: children in care ----------------------------------------------------------------


def _latest(pairs: Iterable[tuple[int, date]]) -> dict[int, date]:
    latest: dict[int, date] = {}
    for key, when in pairs:
        if when is not None and (key not in latest or when > latest[key]):
            latest[key] = when
    return latest


def _health_dates(child_ids: list[int], as_of: date) -> tuple[dict[int, date], dict[int, date]]:
    """Last health assessment and dental check per child, from the children in care health
    records (HealthAssessment.completed_on, HealthCheck of kind dental). Two queries; empty
    when those models are not installed."""
    try:
        assessment = apps.get_model("children_in_care", "HealthAssessment")
        check = apps.get_model("children_in_care", "HealthCheck")
    except LookupError:
        return {}, {}
    assessments = _latest(
        assessment.objects.filter(child_id__in=child_ids, completed_on__lte=as_of)
        .values("child_id")
        .annotate(last=Max("completed_on"))
        .values_list("child_id", "last")
    )
    dental = _latest(
        check.objects.filter(child_id__in=child_ids, kind="dental", checked_on__lte=as_of)
        .values("child_id")
        .annotate(last=Max("checked_on"))
        .values_list("child_id", "last")
    )
    return assessments, dental


def list_8(as_of: date) -> Rows:
    """Children in care on `as_of` and those who ceased in the 6 months before, one row per
    period of care; short-break periods (V1, V3, V4) and young people 18 or over whose period
    is still open (a recording error) are left out."""
    from hearth.children_in_care.models import (
        Episode,
        IROContact,
        PeriodOfCare,
        PermanencePlan,
        Review,
    )
    from hearth.missing_exploitation.extract import list8_missing_columns

    start = add_months(as_of, -6)
    year_before = add_months(as_of, -12)
    periods = list(
        PeriodOfCare.objects.filter(start_date__lte=as_of)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .select_related("child")
        .order_by("start_date", "id")
    )
    period_ids = [p.pk for p in periods]
    child_ids = list({p.child_id for p in periods})
    episodes: dict[int, list[Episode]] = defaultdict(list)
    for episode in Episode.objects.filter(period_id__in=period_ids, decom__lte=as_of).order_by(
        "decom", "id"
    ):
        episodes[episode.period_id].append(episode)
    previous_ends: dict[int, list[date]] = defaultdict(list)
    for child_id, ended in PeriodOfCare.objects.filter(
        child_id__in=child_ids, end_date__isnull=False
    ).values_list("child_id", "end_date"):
        previous_ends[child_id].append(ended)
    reviews = _latest(
        Review.objects.filter(period_id__in=period_ids, held_on__lte=as_of).values_list(
            "period_id", "held_on"
        )
    )
    iro_contacts = _latest(
        IROContact.objects.filter(period_id__in=period_ids, contact_on__lte=as_of).values_list(
            "period_id", "contact_on"
        )
    )
    plans: dict[int, str] = {}
    for period_id, plan in (
        PermanencePlan.objects.filter(period_id__in=period_ids, agreed_on__lte=as_of)
        .order_by("agreed_on", "id")
        .values_list("period_id", "plan")
    ):
        plans[period_id] = plan
    plan_labels = dict(PermanencePlan._meta.get_field("plan").choices or [])
    visits = _latest(
        CaseNote.objects.final()
        .filter(
            child_id__in=child_ids,
            note_type__in=list(VISIT_TYPES),
            child_seen=True,
            contact_date__lte=as_of,
        )
        .values("child_id")
        .annotate(last=Max("contact_date"))
        .values_list("child_id", "last")
    )
    health, dental = _health_dates(child_ids, as_of)
    disabled = _disabled(child_ids)
    missing = list8_missing_columns(child_ids, as_of)
    allocations = _allocations(child_ids, as_of)
    rows = []
    for period in periods:
        child = period.child
        run = episodes.get(period.pk, [])
        if not run:
            continue
        latest = run[-1]
        ended = period.end_date if period.end_date and period.end_date <= as_of else None
        age = _child_columns(child, as_of)["Age of Child (Years)"]
        if latest.legal_status in SHORT_BREAKS or (ended is None and age is not None and age >= 18):
            continue
        status_start = latest.decom
        for episode in reversed(run[:-1]):
            if episode.legal_status != latest.legal_status:
                break
            status_start = episode.decom
        placements = {
            e.placement_started_on
            for e in run
            if e.dec is None or e.dec > year_before or e.placement_started_on >= year_before
        }
        earlier = [
            d
            for d in previous_ends[child.pk]
            if d < period.start_date and d >= add_months(period.start_date, -12)
        ]
        current_plan = plans.get(period.pk)
        rows.append(
            {
                **_child_columns(child, as_of),
                DISABILITY: YES if child.pk in disabled else NO,
                "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)": "Y"
                if child.uasc
                else "N",
                "Date Started to be Looked After": period.start_date,
                "Child's Category of Need": period.category_of_need,
                "Is this a second or subsequent period of being a Looked After Child within the "
                "last 12 months (Y/N)": "Y" if earlier else "N",
                "Start date of current legal status": status_start,
                "Child's Legal Status": latest.legal_status,
                "Date of Latest Statutory Review": reviews.get(period.pk),
                "Date of Last Social Work Visit": visits.get(child.pk),
                "What is the permanence plan for this child?": plan_labels.get(current_plan, "")
                if current_plan
                else "",
                "Date of Last IRO Visit / Contact to the Child": iro_contacts.get(period.pk),
                "Date of Last Health Assessment": health.get(child.pk),
                "Date of Last Dental Check": dental.get(child.pk),
                "Number of Placements in the Last 12 months": len(placements),
                "Date Ceased to be Looked After": ended,
                "Reason Ceased to be Looked After": latest.rec if ended else "",
                "Start Date of Most Recent Placement": latest.placement_started_on,
                "Placement Type": latest.place,
                "Placement Provider": latest.place_provider,
                "Placement postcode": latest.placement_postcode,
                "URN of Placement": latest.urn,
                "Placement Location": latest.placement_location,
                "LA of Placement": latest.placement_la,
                **missing.get(child.pk, {}),
                **_team_worker(allocations.get(child.pk)),
            }
        )
    return rows


# --- Lists 9 to 11 -----------------------------------------------------------------------------


def _care_days_since_14(periods: list[tuple[date, date | None]], born: date, on: date) -> int:
    fourteenth = date(born.year + 14, born.month, min(born.day, 28))
    days = 0
    for began, ended in periods:
        first = max(began, fourteenth)
        last = min(ended or on, on)
        if last > first:
            days += (last - first).days
    return days


def list_9(as_of: date) -> Rows:
    """Care leavers entitled to services on `as_of`. With the care leavers app, its selector;
    otherwise derived from periods of care (looked after 13 weeks or more since 14, including
    on or after the 16th birthday): eligible (16 or 17 and still in care), relevant (16 or 17,
    left care) and former relevant (18 to 21)."""
    external = _external(
        "hearth.care_leavers",
        "hearth.care_leavers.selectors",
        ("annex_a_list_9", "annex_a_care_leavers"),
    ) or _external(
        "hearth.care_leavers",
        "hearth.care_leavers.extract",
        ("annex_a_list_9", "annex_a_care_leavers"),
    )
    if external is not None:
        return _complete(external(as_of), as_of)
    from hearth.children_in_care.models import PeriodOfCare

    oldest = date(as_of.year - 22, as_of.month, min(as_of.day, 28))
    youngest = date(as_of.year - 16, as_of.month, min(as_of.day, 28))
    history: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    people: dict[int, Person] = {}
    for period in (
        PeriodOfCare.objects.filter(
            child__date_of_birth__gt=oldest,
            child__date_of_birth__lte=youngest,
            start_date__lte=as_of,
        )
        .select_related("child")
        .order_by("start_date")
    ):
        history[period.child_id].append((period.start_date, period.end_date))
        people[period.child_id] = period.child
    disabled = _disabled(people)
    allocations = _allocations(people, as_of)
    rows = []
    for child_id, periods in history.items():
        child = people[child_id]
        born = child.date_of_birth
        if born is None or child.date_of_death is not None:
            continue
        sixteenth = date(born.year + 16, born.month, min(born.day, 28))
        if _care_days_since_14(periods, born, as_of) < 91:
            continue
        if not any((ended or as_of) >= sixteenth for _, ended in periods):
            continue
        age = age_in_years(born, as_of)
        in_care = any(b <= as_of and (e is None or e > as_of) for b, e in periods)
        if age < 18:
            category = "Eligible" if in_care else "Relevant"
        elif in_care:
            continue
        else:
            category = "Former relevant"
        allocation = allocations.get(child_id)
        rows.append(
            {
                **_child_columns(child, as_of),
                DISABILITY: YES if child_id in disabled else NO,
                "Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over "
                "(Y/N)": "Y" if child.uasc else "N",
                "Allocated Personal Advisor": "",
                "Eligibility Category": category,
                **_team_worker(allocation),
            }
        )
    rows.sort(key=lambda r: (r["Date of Birth"], r["Child Unique ID"]))
    return rows


def list_10(as_of: date) -> Rows:
    """Children adopted, or with a decision to place for adoption, in the 12 months before
    `as_of`. With the adoption app, its selector; otherwise the children in care episodes
    (placed for adoption A3 to A6, fostering for adoption U2/U5, adopted E11/E12)."""
    external = _external(
        "hearth.adoption", "hearth.adoption.selectors", ("annex_a_list_10", "annex_a_children")
    ) or _external(
        "hearth.adoption", "hearth.adoption.extract", ("annex_a_list_10", "annex_a_children")
    )
    if external is not None:
        return _add_disability(external(as_of))
    from hearth.children_in_care.models import Episode

    start = add_months(as_of, -12)
    episodes = list(
        Episode.objects.filter(decom__lte=as_of)
        .filter(
            Q(place__in=PLACED_FOR_ADOPTION | FOSTERING_FOR_ADOPTION)
            | Q(rec__in=ADOPTED, dec__gte=start, dec__lte=as_of)
        )
        .filter(Q(dec__isnull=True) | Q(dec__gte=start))
        .select_related("child", "period")
        .order_by("child_id", "decom", "id")
    )
    by_child: dict[int, list[Any]] = defaultdict(list)
    for episode in episodes:
        by_child[episode.child_id].append(episode)
    disabled = _disabled(by_child)
    rows = []
    for child_id, run in by_child.items():
        child = run[0].child
        placed = next((e.decom for e in run if e.place in PLACED_FOR_ADOPTION), None)
        ffa = next((e.decom for e in run if e.place in FOSTERING_FOR_ADOPTION), None)
        adopted = next((e.dec for e in run if e.rec in ADOPTED and e.dec), None)
        rows.append(
            {
                **_child_columns(child, as_of),
                DISABILITY: YES if child_id in disabled else NO,
                "Date the Child Entered Care": run[0].period.start_date,
                "Date Placed for Adoption": placed,
                "Date of Adoption Order": adopted,
                "Date the child was placed for fostering in FFA or concurrent planning "
                "placement": ffa,
            }
        )
    return rows


def list_11(as_of: date) -> Rows:
    """Adopters in contact with the adoption agency in the 12 months before `as_of`: the
    adoption app's selector; without it the record holds no adopters."""
    external = _external(
        "hearth.adoption", "hearth.adoption.selectors", ("annex_a_list_11", "annex_a_adopters")
    ) or _external(
        "hearth.adoption", "hearth.adoption.extract", ("annex_a_list_11", "annex_a_adopters")
    )
    return external(as_of) if external is not None else []


BUILDERS: dict[int, Callable[[date], Rows]] = {
    1: list_1,
    2: list_2,
    3: list_3,
    4: list_4,
    5: list_5,
    6: list_6,
    7: list_7,
    8: list_8,
    9: list_9,
    10: list_10,
    11: list_11,
}


def annex_a_lists(as_of: date) -> dict[int, Rows]:
    """Every list's rows for `as_of`, in list order."""
    return {number: BUILDERS[number](as_of) for number in sorted(BY_NUMBER)}


# --- Sealed pre-adoption records ---------------------------------------------------------------


def sealed_child_ids() -> set[str]:
    """The Child Unique IDs (as the lists write them) of children whose pre-adoption record is
    sealed after an adoption order. One query; empty without the privacy app."""
    try:
        sealed = apps.get_model("privacy", "SealedRecord")
    except LookupError:
        return set()
    return {
        la_child_id or str(child_id)
        for child_id, la_child_id in sealed.objects.values_list("child_id", "child__la_child_id")
    }


def sealed_rows(lists: dict[int, Rows]) -> dict[int, int]:
    """How many rows of each list are of a sealed pre-adoption record. The rows stay in the
    lists under the pre-adoption Child Unique ID (docs/domain/annex-a.md, "Sealed records"):
    the count lets the analyst, who cannot open those records, tell inspectors which figures
    include them and that their case files are opened through the sealed-record roles."""
    ids = sealed_child_ids()
    return {
        number: sum(1 for row in rows if row.get("Child Unique ID") in ids) if ids else 0
        for number, rows in lists.items()
    }
