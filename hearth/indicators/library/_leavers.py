"""Shared reads for the care leaver indicators: the leaving care service's own cohort rows
(hearth.care_leavers.selectors.cohort_rows) as at the period's end, so the figures agree with
the service's lists, with what the service reads as 'latest' (pathway plan, contacts, adviser,
contact frequency, significant changes, service end) taken as it stood on that day, so a past
month end is not coloured by records made after it."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable
from datetime import date

from django.db.models import Max

from hearth.care_leavers import rules
from hearth.care_leavers.models import (
    AdviserAllocation,
    CircumstanceChange,
    Contact,
    ContactFrequency,
    PathwayPlan,
    ServiceEnd,
)
from hearth.care_leavers.selectors import (
    CareLeaverRow,
    allocation_rows,
    cohort_rows,
    contacts_by_person,
    narrowed,
    with_contacts,
    with_review,
)
from hearth.indicators.base import ChildIds, Row
from hearth.indicators.library._care import age_on
from hearth.indicators.memo import scope_key, shared
from hearth.people.models import Person

# The DfE's care leaver outcomes (SSDA903 OC3) cover relevant and former relevant young
# people aged 17 to 21.
OUTCOME_CATEGORIES = frozenset({rules.RELEVANT, rules.FORMER_RELEVANT})


def rows_as_at(as_of: date, children: ChildIds) -> list[CareLeaverRow]:
    def compute() -> list[CareLeaverRow]:
        scope = None if children is None else Person.objects.children().filter(pk__in=children)
        rows = as_they_stood(cohort_rows(as_of, scope=scope), as_of)
        return [row for row in rows if not row.is_closed]

    return shared(("care_leavers", as_of, scope_key(children)), compute)


def as_they_stood(rows: list[CareLeaverRow], as_of: date) -> list[CareLeaverRow]:
    """The rows with the records dated after `as_of` left out: the pathway plan in force then
    (and the changes after it that bring its review forward), the contacts recorded by then,
    the adviser allocated then, the contact frequency set by then and a service end by then.
    Six queries, whatever the number of young people."""
    if not rows:
        return rows
    people = [row.person for row in rows]
    contacts = contacts_by_person(Contact.objects.filter(contact_on__lte=as_of), people)
    plans = dict(
        narrowed(PathwayPlan.objects.filter(plan_date__lte=as_of), people)
        .values("young_person_id")
        .annotate(last=Max("plan_date"))
        .values_list("young_person_id", "last")
    )
    frequencies: dict[int, int] = {}
    for pid, weeks in (
        narrowed(ContactFrequency.objects.filter(set_on__lte=as_of), people)
        .order_by("set_on", "id")
        .values_list("young_person_id", "weeks")
    ):
        frequencies[pid] = weeks
    labels = dict(CircumstanceChange._meta.get_field("kind").choices or [])
    changes: dict[int, list[tuple[date, str]]] = defaultdict(list)
    for pid, on, kind in narrowed(
        CircumstanceChange.objects.filter(occurred_on__lte=as_of), people
    ).values_list("young_person_id", "occurred_on", "kind"):
        changes[pid].append((on, f"a significant change ({str(labels.get(kind, kind)).lower()})"))
    allocations = allocation_rows(AdviserAllocation.objects.current(as_of), people)
    ends: dict[int, ServiceEnd] = {}
    for end in narrowed(ServiceEnd.objects.filter(ended_on__lte=as_of), people).order_by(
        "ended_on", "id"
    ):
        ends[end.young_person_id] = end
    config = rules.ContactSettings.read()
    result = []
    for row in rows:
        pid = row.pk
        allocation = allocations.get(pid)
        eligibility = row.eligibility
        if eligibility.category == rules.NONE and allocation is None:
            continue
        then = dataclasses.replace(
            row,
            allocation=allocation,
            latest_plan_on=plans.get(pid),
            frequency_weeks=frequencies.get(pid),
            service_end=ends.get(pid),
        )
        with_contacts(then, contacts.get(pid, ()), as_of, config)
        with_review(then, changes.get(pid, []), as_of, config)
        result.append(then)
    return result


def outcome_cohort(as_of: date, children: ChildIds) -> list[CareLeaverRow]:
    """Relevant and former relevant young people aged 17 to 21, open to the service."""
    return [
        row
        for row in rows_as_at(as_of, children)
        if row.eligibility.category in OUTCOME_CATEGORIES
        and 17 <= (age_on(row.person.date_of_birth, as_of) or 0) <= 21
    ]


def leaver_rows(
    cohort: list[CareLeaverRow],
    as_of: date,
    test: Callable[[CareLeaverRow], bool],
    detail: Callable[[CareLeaverRow], str],
) -> list[Row]:
    return [
        Row(
            key=f"care_leaver:{row.pk}",
            child_id=row.pk,
            on=as_of,
            detail=f"{row.eligibility.label}: {detail(row)}",
            in_numerator=test(row),
        )
        for row in cohort
    ]


def when(day: date | None, text: str, none: str) -> str:
    return f"{text} {day:%d/%m/%Y}" if day else none
