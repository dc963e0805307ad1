"""Due items for care leavers (hearth.timescales.engine providers): a personal adviser by 16,
the needs assessment, the pathway plan review, the next contact, and moving the case to the
adviser once care has ended. A fixed number of queries whatever the number of children
(selectors.cohort_rows, and one for who holds each case)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from hearth.care_leavers import rules
from hearth.timescales.engine import DueItem


def _url(person_id: int) -> str:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("care_leavers:young_person", args=[person_id])
    except NoReverseMatch:
        return ""


def care_leaver_due(child_ids: Sequence[int], today: date) -> Iterable[DueItem]:
    from hearth.care_leavers.selectors import PERSON_FIELDS, cohort_rows
    from hearth.people.models import Person

    people = list(
        Person.objects.filter(pk__in=list(child_ids), date_of_birth__isnull=False).only(
            *PERSON_FIELDS
        )
    )
    if not people:
        return []
    from hearth.casework.models import Allocation

    rows = cohort_rows(today, people=people)
    holders = dict(
        Allocation.objects.current(today)
        .filter(child_id__in=[row.pk for row in rows])
        .values_list("child_id", "worker_id")
    )
    items: list[DueItem] = []
    for row in rows:
        if row.is_closed:
            continue
        cat = row.eligibility.category
        born = row.history.born
        url = _url(row.pk)
        adviser_id = row.allocation.adviser_id if row.allocation else None
        b16 = rules.birthday(born, 16)
        in_care = row.history.looked_after_on(today)
        if row.allocation is None and (
            (cat == rules.TRANSITION and in_care) or cat in rules.PA_CATEGORIES
        ):
            items.append(
                DueItem.create(
                    "personal_adviser_by_16",
                    child_id=row.pk,
                    subject="Allocate a personal adviser",
                    clock_start=b16,
                    clock_event="16th birthday",
                    url=url,
                )
            )
        if cat in (rules.ELIGIBLE, rules.RELEVANT) and row.needs_assessment_on is None:
            items.append(
                DueItem.create(
                    "needs_assessment_3m_after_16",
                    child_id=row.pk,
                    subject="Leaving care needs assessment",
                    clock_start=b16,
                    clock_event="16th birthday",
                    url=url,
                    assignee_id=adviser_id,
                )
            )
        if row.review is not None and cat in rules.CARE_LEAVER_CATEGORIES:
            items.append(
                DueItem.create(
                    row.review.rule_id,
                    child_id=row.pk,
                    subject="Review the pathway plan",
                    clock_start=row.review.clock_start,
                    clock_event=row.review.clock_event,
                    url=url,
                    assignee_id=adviser_id,
                )
            )
        left_on = row.eligibility.left_care_on
        if (
            row.allocation is not None
            and cat in (rules.RELEVANT, rules.FORMER_RELEVANT)
            and left_on is not None
            and not in_care
            and holders.get(row.pk) != adviser_id
        ):
            items.append(
                DueItem.create(
                    "care_leaver_case_to_adviser",
                    child_id=row.pk,
                    subject=f"Move the case to the personal adviser, {row.allocation.adviser}",
                    clock_start=left_on,
                    clock_event="care ended",
                    url=f"{url}move-case/" if url else "",
                )
            )
        if row.gap is not None and row.allocation is not None:
            start = row.last_in_touch or row.allocation.start_date
            item = DueItem.create(
                "care_leaver_contact",
                child_id=row.pk,
                subject="Be in touch with the young person",
                clock_start=start,
                clock_event="the last contact in touch"
                if row.last_in_touch
                else "the adviser's allocation",
                url=url,
                assignee_id=adviser_id,
            )
            # The young person's own frequency (or their age band) sets the date.
            due = start + timedelta(weeks=row.gap.expected_weeks)
            if due != item.due:
                from dataclasses import replace

                item = replace(item, due=due)
            items.append(item)
    return items


def register() -> None:
    from hearth.timescales.engine import register_provider

    # cohort_rows keeps only people with a care episode or a current adviser: with neither
    # (most children) there is nothing due, and the gate spares the provider's queries.
    register_provider(
        "care_leavers.due",
        care_leaver_due,
        gate=("children_in_care.Episode.child", "care_leavers.AdviserAllocation.young_person"),
    )
