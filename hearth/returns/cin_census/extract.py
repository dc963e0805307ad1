"""Compose the CIN census from the record: one `Child` per child in scope (DOMAIN.md 2.1).

Read-only. The modules come from the pathway apps' extract functions
(`hearth.assessments.extract`, `hearth.child_protection.extract`); identifiers and
characteristics from `Person`. A fixed number of queries for the whole return, whatever the
number of children: children are selected with a subquery, never a list of ids, so 50,000
children fit in one statement on SQLite and PostgreSQL.

`year` everywhere in this package is the year the collection ENDS (2025 = 1 April 2024 to
31 March 2025); the pathway extracts take the year it starts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings

from hearth.assessments import extract as assessments_extract
from hearth.assessments.models import CINEpisode
from hearth.child_protection import extract as cp_extract
from hearth.child_protection.models import CINPlan as CINPlanRecord
from hearth.child_protection.models import Section47Enquiry
from hearth.people.models import Disability, Person
from hearth.returns.cin_census.records import (
    Assessment,
    CensusReturn,
    Child,
    CINPlan,
    CPPlan,
    Episode,
    Header,
    Section47,
)


def collection_period(year: int) -> tuple[date, date]:
    """1 April `year`-1 to 31 March `year` (the reference date)."""
    return date(year - 1, 4, 1), date(year, 3, 31)


def _flag(value: bool | None) -> str | None:
    if value is None:
        return None
    return "true" if value else "false"


IdsByKey = dict[tuple[int | None, date | None], list[int]]


def _ids_by_episode_and_start(model: Any, start_year: int) -> IdsByKey:
    """Every record of the model on the year's CIN episodes, by (episode, start date), in id
    order: one query, whatever the number of children."""
    found: IdsByKey = defaultdict(list)
    in_year = CINEpisode.objects.in_collection_year(start_year).values("pk")
    for pk, episode_id, start in (
        model.objects.filter(episode__in=in_year)
        .order_by("id")
        .values_list("pk", "episode_id", "start_date")
    ):
        found[(episode_id, start)].append(pk)
    return found


def _take(ids: IdsByKey, episode_id: int | None, start: date | None) -> int | None:
    waiting = ids.get((episode_id, start))
    return waiting.pop(0) if waiting else None


@dataclass
class ExtractReport:
    """What the extract could not place: rows whose episode is not in the return."""

    orphans: dict[str, int] = field(default_factory=dict)


def census_extract(
    year: int, *, report: ExtractReport | None = None, lea: str | None = None
) -> CensusReturn:
    """The CIN census for the collection ending 31 March `year`, ordered by LA child id."""
    start_year = year - 1
    _, reference_date = collection_period(year)
    report = report if report is not None else ExtractReport()

    episodes: dict[int, Episode] = {}
    episodes_by_child: dict[int, list[Episode]] = defaultdict(list)
    for row in assessments_extract.cin_details_rows(None, year=start_year):
        episode = Episode(
            referral_date=row["CINreferralDate"],
            referral_source=row["ReferralSource"] or None,
            primary_need=row["PrimaryNeedCode"] or None,
            closure_date=row["CINclosureDate"],
            closure_reason=row["ReasonForClosure"] or None,
            initial_cpc=row["DateOfInitialCPC"],
            referral_nfa=_flag(row["ReferralNFA"]),
            record_id=row["CINdetailsID"],
        )
        episodes[row["CINdetailsID"]] = episode
        episodes_by_child[row["child_id"]].append(episode)

    def attach(module: str, rows: list[dict[str, Any]], build: Any) -> None:
        for row in rows:
            episode = episodes.get(row["CINdetailsID"])
            if episode is None:
                report.orphans[module] = report.orphans.get(module, 0) + 1
                continue
            build(episode, row)

    for episode_id, held_on in cp_extract.episode_initial_cpc_dates(start_year).items():
        if episode_id in episodes and episodes[episode_id].initial_cpc is None:
            episodes[episode_id].initial_cpc = held_on

    attach(
        "Assessments",
        assessments_extract.assessment_rows(None, year=start_year),
        lambda e, r: e.assessments.append(
            Assessment(
                start=r["AssessmentActualStartDate"],
                review=r["AssessmentInternalReviewDate"],
                authorised=r["AssessmentAuthorisationDate"],
                factors=list(r["AssessmentFactors"]),
                record_id=r["AssessmentID"],
            )
        ),
    )
    # The pathway rows for CIN plans and enquiries carry no id: one query per table finds
    # each record by its episode and start date, so a failure can link to it.
    cin_plan_ids = _ids_by_episode_and_start(CINPlanRecord, start_year)
    enquiry_ids = _ids_by_episode_and_start(Section47Enquiry, start_year)
    attach(
        "CINPlanDates",
        cp_extract.cin_plan_rows(start_year),
        lambda e, r: e.cin_plans.append(
            CINPlan(
                start=r["CINPlanStartDate"],
                end=r["CINPlanEndDate"],
                record_id=_take(cin_plan_ids, r["CINdetailsID"], r["CINPlanStartDate"]),
            )
        ),
    )
    attach(
        "Section47",
        cp_extract.section47_rows(start_year),
        lambda e, r: e.section47s.append(
            Section47(
                start=r["S47ActualStartDate"],
                icpc_target=r["InitialCPCtarget"],
                icpc=r["DateOfInitialCPC"],
                icpc_not_required=_flag(bool(r["ICPCnotRequired"])),
                record_id=_take(enquiry_ids, r["CINdetailsID"], r["S47ActualStartDate"]),
            )
        ),
    )
    attach(
        "ChildProtectionPlans",
        cp_extract.cp_plan_rows(start_year),
        lambda e, r: e.cp_plans.append(
            CPPlan(
                start=r["CPPstartDate"],
                end=r["CPPendDate"],
                initial_category=r["InitialCategoryOfAbuse"] or None,
                latest_category=r["LatestCategoryOfAbuse"] or None,
                previous_plans=None
                if r["NumberOfPreviousCPP"] is None
                else str(r["NumberOfPreviousCPP"]),
                reviews=list(r["CPPreviewDate"]),
                record_id=r["CPPID"],
            )
        ),
    )

    in_scope = CINEpisode.objects.in_collection_year(start_year).values("child_id")
    disabilities: dict[int, list[str]] = defaultdict(list)
    for person_id, code in (
        Disability.objects.filter(person_id__in=in_scope)
        .order_by("person_id", "code")
        .values_list("person_id", "code")
    ):
        disabilities[person_id].append(code)

    children = []
    people = Person.objects.filter(pk__in=in_scope).only(
        "pk",
        "la_child_id",
        "upn",
        "former_upn",
        "upn_unknown_reason",
        "date_of_birth",
        "expected_date_of_birth",
        "sex",
        "date_of_death",
        "ethnicity",
    )
    for person in people.iterator(chunk_size=5000):
        child_episodes = episodes_by_child.get(person.pk)
        if not child_episodes:
            continue
        child_episodes.sort(key=lambda e: e.referral_date or date.min)
        born, expected, sex = person.date_of_birth, person.expected_date_of_birth, person.sex
        if born is not None and born > reference_date:
            # Born after the reference date: on 31 March the child was still unborn (8520, 8750).
            born, expected, sex = None, expected or born, "U"
        children.append(
            Child(
                la_child_id=person.la_child_id or str(person.pk),
                upn=person.upn or None,
                former_upn=person.former_upn or None,
                upn_unknown=person.upn_unknown_reason or None,
                birth_date=born,
                expected_birth_date=expected if born is None else None,
                sex=sex or None,
                death_date=person.date_of_death
                if person.date_of_death and person.date_of_death <= reference_date
                else None,
                ethnicity=person.ethnicity or None,
                disabilities=disabilities.get(person.pk, []),
                episodes=child_episodes,
                person_id=person.pk,
            )
        )
    children.sort(key=lambda c: c.la_child_id or "")
    for position, child in enumerate(children, start=1):
        child.position = position
    header = Header(
        year=year,
        reference_date=reference_date,
        lea=lea if lea is not None else str(settings.HEARTH["LA_CODE"]),
    )
    return CensusReturn(header=header, children=children)
