"""Read-only extracts: the SSDA903 tables AD1, PlacedAdoption and PrevPerm (DOMAIN.md 3.2,
3.3.12, 3.3.13) keyed by the exact DfE CSV column names, and Ofsted Annex A lists 10
(adoption) and 11 (adopters) keyed by the 2024 template's column names (DOMAIN.md 4).

Same shape as hearth/children_in_care/extract.py: dates are `date` objects (the renderer
writes dd/mm/YYYY), a collection year is named by its starting year (2025 means 1 April 2025
to 31 March 2026), and each function makes a fixed number of queries whatever the rows.
Annex A rows carry raw codes where the template wants labels only for the columns that are
this app's own (the reason for no longer being placed, the reason for leaving).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from hearth.adoption.models import (
    WITH_FOSTER_CARERS,
    AdopterFamily,
    AdoptionJourney,
    PreviousPermanence,
)
from hearth.children_in_care.extract import collection_dates
from hearth.children_in_care.models import Episode
from hearth.core.presenters import age_in_years
from hearth.people.models import Disability, Person
from hearth.timescales.rules import add_months

AD1_COLUMNS = (
    "CHILD",
    "DOB",
    "DATE_INT",
    "DATE_MATCH",
    "FOSTER_CARE",
    "NB_ADOPTR",
    "SEX_ADOPTR",
    "LS_ADOPTR",
)
PLACED_ADOPTION_COLUMNS = (
    "CHILD",
    "DOB",
    "DATE_PLACED",
    "DATE_PLACED_CEASED",
    "REASON_PLACED_CEASED",
)
PREV_PERM_COLUMNS = ("CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM")

ANNEX_A_MONTHS = 12

# Annex A list 10: "Reason Why Child No Longer Placed for Adoption".
REVERSAL_LABELS = {
    "RD1": "a) Child's needs changed",
    "RD2": "b) Court did not make a placement order",
    "RD3": "c) Prospective adopters cannot be found",
    "RD4": "d) Any other reason",
}
# Annex A list 11: "Reason for leaving adoption process".
LEAVING_LABELS = {
    "withdrew": "a) Withdrew",
    "on_hold": "b) Process on hold",
    "refused": "c) Application refused",
}


def _child_id(person: Person) -> str:
    return person.la_child_id or str(person.pk)


def _cohort(year: int) -> Any:
    """The children in the year's return: looked after at any time in it."""
    start, end = collection_dates(year)
    return Episode.objects.in_collection_year(start, end).values("child_id")


def ad1(year: int) -> list[dict[str, Any]]:
    """One row per child adopted in the year (an adoption order, 903 REC E11/E12; rule 601):
    the decision date, the match, whether the adopters were the child's foster carers (the
    A3/A5 placement) and who adopted."""
    start, end = collection_dates(year)
    journeys = (
        AdoptionJourney.objects.adopted_between(start, end)
        .select_related("child", "family", "placed_episode")
        .order_by("child_id", "adoption_order_on", "id")
    )
    rows = []
    for j in journeys:
        family = j.family
        placed = j.placed_episode
        rows.append(
            {
                "CHILD": _child_id(j.child),
                "DOB": j.child.date_of_birth,
                "DATE_INT": j.decision_on,
                "DATE_MATCH": j.matched_on,
                "FOSTER_CARE": "" if placed is None else int(placed.place in WITH_FOSTER_CARERS),
                "NB_ADOPTR": family.adopter_count if family else "",
                "SEX_ADOPTR": family.sex_code if family else "",
                "LS_ADOPTR": family.legal_status if family else "",
            }
        )
    return rows


def placed_adoption(year: int) -> list[dict[str, Any]]:
    """Every decision that a child in the year's return should be placed for adoption, made on
    or before 31 March; a reversal is reported when it was made on or before then (rules 119,
    557, 579: decisions never overlap, which the one-active-decision constraint keeps)."""
    _, end = collection_dates(year)
    journeys = (
        AdoptionJourney.objects.filter(child__in=_cohort(year), decision_on__lte=end)
        .select_related("child")
        .order_by("child_id", "decision_on", "id")
    )
    rows = []
    for j in journeys:
        ceased = j.reversed_on is not None and j.reversed_on <= end
        rows.append(
            {
                "CHILD": _child_id(j.child),
                "DOB": j.child.date_of_birth,
                "DATE_PLACED": j.decision_on,
                "DATE_PLACED_CEASED": j.reversed_on if ceased else None,
                "REASON_PLACED_CEASED": j.reversal_reason if ceased else "",
            }
        )
    return rows


def prev_perm(year: int) -> list[dict[str, Any]]:
    """Previous permanence for every child in the year's return who has it recorded (903
    requires it for children starting care from 1 April 2016: rules 630, 634). With Z1 there
    is no LA and no date (635)."""
    found = (
        PreviousPermanence.objects.filter(child__in=_cohort(year))
        .select_related("child")
        .order_by("child_id")
    )
    return [
        {
            "CHILD": _child_id(p.child),
            "DOB": p.child.date_of_birth,
            "PREV_PERM": p.prev_perm,
            "LA_PERM": p.la_perm,
            "DATE_PERM": p.date_perm,
        }
        for p in found
    ]


def children_without_prev_perm(year: int) -> list[int]:
    """Ids of children who started care in the year with no previous permanence recorded
    (what 903 rule 634 would flag)."""
    start, end = collection_dates(year)
    started = Episode.objects.filter(decom__gte=start, decom__lte=end, rne="S").values("child_id")
    return list(
        Person.objects.filter(pk__in=started, previous_permanence__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _disabled(person_ids: set[int]) -> set[int]:
    return set(
        Disability.objects.filter(person_id__in=person_ids)
        .exclude(code="NONE")
        .values_list("person_id", flat=True)
    )


def _yes_no(value: bool | None) -> str:
    if value is None:
        return "c) Unknown"
    return "a) Yes" if value else "b) No"


def annex_a_list_10(as_of: date) -> list[dict[str, Any]]:
    """List 10: children who in the 12 months before `as_of` were adopted, had a decision
    that they should be placed for adoption (not yet adopted), or had that decision
    reversed. One row per decision; dates after `as_of` are not reported."""
    start = add_months(as_of, -ANNEX_A_MONTHS)
    journeys = list(
        AdoptionJourney.objects.in_list_10_period(start, as_of)
        .select_related("child", "period", "family")
        .order_by("decision_on", "id")
    )
    disabled = _disabled({j.child_id for j in journeys})

    def upto(on: date | None) -> date | None:
        return on if on is not None and on <= as_of else None

    rows = []
    for j in journeys:
        child = j.child
        born = child.date_of_birth
        reversed_on = upto(j.reversed_on)
        rows.append(
            {
                "Child Unique ID": _child_id(child),
                "Gender": child.sex,
                "Ethnicity": child.ethnicity,
                "Date of Birth": born,
                "Age of Child (Years)": age_in_years(born, as_of)
                if born and born <= as_of
                else None,  # noqa: E501
                "Does the Child have a Disability": _yes_no(child.pk in disabled),
                "Family identifier": j.family.family_identifier if j.family else "",
                "Date the Child Entered Care": j.period.start_date,
                "Date of Decision that Child Should be Placed for Adoption": j.decision_on,
                "Date of Placement Order": upto(j.placement_order_on),
                "Date of Matching Child and Prospective Adopters": upto(j.matched_on),
                "Date Placed for Adoption": upto(j.placed_on),
                "Date of Adoption Order": upto(j.adoption_order_on),
                "Date of Decision that Child Should No Longer be Placed for Adoption": reversed_on,
                "Reason Why Child No Longer Placed for Adoption": (
                    REVERSAL_LABELS.get(j.reversal_reason, "") if reversed_on else ""
                ),
                "Date the child was placed for fostering in FFA or concurrent planning placement": upto(  # noqa: E501
                    j.ffa_placed_on
                ),
            }
        )
    return rows


def annex_a_list_11(as_of: date) -> list[dict[str, Any]]:
    """List 11: every (prospective) adopter who had contact with the adoption agency in the
    12 months before `as_of`, one row per individual. Match, placement, number of children
    and adoption order come from the children's journeys with the family."""
    start = add_months(as_of, -ANNEX_A_MONTHS)
    families = list(
        AdopterFamily.objects.contact_since(start)
        .filter(enquiry_on__lte=as_of)
        .prefetch_related("adopters", "journeys")
        .order_by("enquiry_on", "id")
    )

    def upto(on: date | None) -> date | None:
        return on if on is not None and on <= as_of else None

    rows = []
    for family in families:
        journeys = [j for j in family.journeys.all() if j.reversed_on is None]
        matched = [d for j in journeys if (d := upto(j.matched_on))]
        placed = [d for j in journeys if (d := upto(j.placed_on))]
        orders = [d for j in journeys if (d := upto(j.adoption_order_on))]
        left_on = upto(family.left_on)
        for adopter in family.adopters.all():
            rows.append(
                {
                    "Individual adopter identifier": adopter.identifier,
                    "Family identifier": family.family_identifier,
                    "Gender": adopter.sex,
                    "Ethnicity": adopter.ethnicity,
                    "Disability": _yes_no(adopter.disability),
                    "Is the (prospective) adopter fostering for adoption?": _yes_no(
                        family.fostering_for_adoption
                    ),
                    "Date enquiry received": family.enquiry_on,
                    "Date Stage 1 started": upto(family.stage1_started_on),
                    "Date Stage 1 ended": upto(family.stage1_ended_on),
                    "Date Stage 2 started": upto(family.stage2_started_on),
                    "Date Stage 2 ended": upto(family.stage2_ended_on),
                    "Date application submitted": upto(family.application_on),
                    "Date application approved": upto(family.approved_on),
                    "Date adopter matched with child(ren)": min(matched) if matched else None,
                    "Date child/children placed with adopter(s)": min(placed) if placed else None,
                    "No. of children placed": len(placed),
                    "Date of Adoption Order": max(orders) if orders else None,
                    "Date of leaving adoption process": left_on,
                    "Reason for leaving adoption process": (
                        LEAVING_LABELS.get(family.left_reason, "") if left_on else ""
                    ),
                }
            )
    return rows
