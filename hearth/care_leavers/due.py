"""Due items for care leavers (hearth.timescales.engine providers): a personal adviser by 16,
the needs assessment, the pathway plan review and the next contact. A fixed number of
queries whatever the number of children (selectors.cohort_rows)."""

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
    items: list[DueItem] = []
    for row in cohort_rows(today, people=people):
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

    register_provider("care_leavers.due", care_leaver_due)
