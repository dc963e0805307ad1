"""Read-only extracts for the returns: CIN census `CINdetails` and `Assessments` modules
(DOMAIN.md 2.3.4, 2.3.5) and Ofsted Annex A list 4 (DOMAIN.md 4).

Values are the raw codes and dates; the returns app renders and validates them. Each function
makes a fixed number of queries whatever the number of children.

Census rules applied here (DOMAIN.md 2.1): an episode is included when it was open at any
point from 1 April to 31 March (referred in the year, or open at 1 April); a closure after the
reference date is reported as still open; an open NFA referral is reported only in the year it
was made; an assessment is included when it started by the
reference date and was not authorised before the year began (8696, 8736); an authorisation
after the reference date is reported as not yet authorised; factors are reported only for
assessments authorised in the year (8614, 8897Q).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import Prefetch, Q

from hearth.assessments.models import Assessment, AssessmentFactor, CINEpisode
from hearth.casework.models import Allocation
from hearth.core.presenters import age_in_years
from hearth.people.models import Person
from hearth.timescales.rules import add_months

ANNEX_A_MONTHS = 6

LIST_4_COLUMNS = (
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age of Child (Years)",
    "Does the Child have a Disability",
    "Continuous Assessment Start Date",
    "Child Seen During Continuous Assessment",
    "Continuous Assessment Date of Authorisation",
    "Was the child assessed as requiring LA children's social care support?",
    "Allocated Team",
    "Allocated Worker",
)

YES, NO = "a) Yes", "b) No"


def census_period(year: int) -> tuple[date, date]:
    """The collection year named by its starting year: 1 April `year` to 31 March `year`+1."""
    return date(year, 4, 1), date(year + 1, 3, 31)


def _la_child_id(child: Person) -> str:
    return child.la_child_id or str(child.pk)


def _episodes(child_ids: Iterable[int] | None, year: int) -> list[CINEpisode]:
    start, _ = census_period(year)
    # An NFA referral left open belongs to the year it was made: carried into a later year it
    # would read as a real open case flagged NFA (8569Q).
    episodes = (
        CINEpisode.objects.in_collection_year(year)
        .exclude(referral_nfa=True, closure_date__isnull=True, referral_date__lt=start)
        .select_related("child")
    )
    if child_ids is not None:
        episodes = episodes.filter(child_id__in=list(child_ids))
    return list(episodes.order_by("child_id", "referral_date", "id"))


def cin_details_rows(child_ids: Iterable[int] | None, *, year: int) -> list[dict[str, Any]]:
    """One row per CIN episode in the collection year (census `CINdetails`). `child_ids`
    None means every child. One query."""
    _, reference_date = census_period(year)
    rows = []
    for episode in _episodes(child_ids, year):
        closed = episode.closure_date is not None and episode.closure_date <= reference_date
        rows.append(
            {
                "LAchildID": _la_child_id(episode.child),
                "child_id": episode.child_id,
                "CINdetailsID": episode.pk,
                "CINreferralDate": episode.referral_date,
                "ReferralSource": episode.referral_source,
                "PrimaryNeedCode": episode.primary_need or None,
                "CINclosureDate": episode.closure_date if closed else None,
                "ReasonForClosure": episode.closure_reason if closed else None,
                # A transfer-in conference without a section 47 is child_protection's to add.
                "DateOfInitialCPC": None,
                "ReferralNFA": episode.referral_nfa,
            }
        )
    return rows


def assessment_rows(child_ids: Iterable[int] | None, *, year: int) -> list[dict[str, Any]]:
    """One row per assessment in the collection year (census `Assessments`), keyed to its
    episode by `CINdetailsID`. Two queries."""
    start, reference_date = census_period(year)
    assessments = (
        Assessment.objects.filter(
            episode__in=CINEpisode.objects.in_collection_year(year).values("pk"),
            start_date__lte=reference_date,
        )
        .filter(Q(authorised_on__isnull=True) | Q(authorised_on__gte=start))
        .select_related("child")
        .prefetch_related(Prefetch("factors", queryset=AssessmentFactor.objects.order_by("code")))
        .order_by("child_id", "start_date", "id")
    )
    if child_ids is not None:
        assessments = assessments.filter(child_id__in=list(child_ids))
    rows = []
    for assessment in assessments:
        authorised = assessment.authorised_on
        if authorised is not None and authorised > reference_date:
            authorised = None
        rows.append(
            {
                "LAchildID": _la_child_id(assessment.child),
                "child_id": assessment.child_id,
                "CINdetailsID": assessment.episode_id,
                "AssessmentID": assessment.pk,
                "AssessmentActualStartDate": assessment.start_date,
                "AssessmentInternalReviewDate": None,
                "AssessmentAuthorisationDate": authorised,
                "AssessmentFactors": [f.code for f in assessment.factors.all()]
                if authorised is not None
                else [],
            }
        )
    return rows


def annex_a_list_4(as_of: date) -> list[dict[str, Any]]:
    """Annex A list 4: assessments in the 6 months before `as_of` (started by `as_of` and
    open then or authorised within the 6 months), one row per assessment. Three queries."""
    window_start = add_months(as_of, -ANNEX_A_MONTHS)
    assessments = list(
        Assessment.objects.filter(start_date__lte=as_of)
        .filter(
            Q(authorised_on__isnull=True)
            | Q(authorised_on__gt=as_of)
            | Q(authorised_on__gte=window_start)
        )
        .select_related("child")
        .prefetch_related("child__disabilities")
        .order_by("start_date", "id")
    )
    child_ids = {a.child_id for a in assessments}
    allocations: dict[int, Allocation] = {}
    for allocation in (
        Allocation.objects.current(as_of)
        .filter(child_id__in=child_ids)
        .select_related("team", "worker")
        .order_by("start_date", "id")
    ):
        allocations[allocation.child_id] = allocation
    rows = []
    for assessment in assessments:
        child = assessment.child
        born = child.date_of_birth
        disabled = any(d.code != "NONE" for d in child.disabilities.all())
        authorised = (
            assessment.authorised_on if (assessment.authorised_on or as_of) <= as_of else None
        )
        seen = assessment.child_seen_on is not None and assessment.child_seen_on <= as_of
        support = ""
        if authorised is not None and assessment.support_required is not None:
            support = YES if assessment.support_required else NO
        allocation = allocations.get(child.pk)
        rows.append(
            {
                "Child Unique ID": _la_child_id(child),
                "Gender": child.sex,
                "Ethnicity": child.ethnicity,
                "Date of Birth": born,
                "Age of Child (Years)": age_in_years(born, as_of)
                if born and born <= as_of
                else None,
                "Does the Child have a Disability": YES if disabled else NO,
                "Continuous Assessment Start Date": assessment.start_date,
                "Child Seen During Continuous Assessment": YES if seen else NO,
                "Continuous Assessment Date of Authorisation": authorised,
                "Was the child assessed as requiring LA children's social care support?": support,
                "Allocated Team": str(allocation.team) if allocation else "",
                "Allocated Worker": str(allocation.worker)
                if allocation and allocation.worker
                else "",
            }
        )
    return rows
