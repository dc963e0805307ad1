"""Children in care's due items: care plan, placement plan, looked after reviews and
regulation 28 visits. Registered with the timescale engine in apps.py, so they appear on My
work and the child's page. The rules (offsets, sources) are declared once in
hearth.timescales.catalogue; here we say what starts each clock and what satisfies it.

`care_due` makes five queries whatever the number of children.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from django.urls import reverse

from hearth.casework.models import VISIT_TYPES, CaseNote
from hearth.children_in_care.models import (
    LONG_TERM_PLACEMENTS,
    SHORT_BREAKS,
    CarePlan,
    Episode,
    PlacementPlan,
    Review,
)
from hearth.timescales.engine import DueItem
from hearth.timescales.rules import add_months

CARE_PLAN = "care_plan_10wd"
PLACEMENT_PLAN = "placement_plan_5wd"
FIRST_REVIEW = "cla_review_first_20wd"
SECOND_REVIEW = "cla_review_second_3m"
LATER_REVIEW = "cla_review_6m"
VISIT_FIRST_WEEK = "cla_visit_first_week"
VISIT_6W = "cla_visit_6w"
VISIT_3M = "cla_visit_3m"
VISIT_WEEKLY = "cla_visit_weekly"
VISIT_4W = "cla_visit_4w"
VISIT_CARE_ORDER_HOME = "cla_visit_care_order_at_home"
IHA = "iha_20wd"
RHA_UNDER_5 = "rha_6m_under5"
RHA_5_PLUS = "rha_12m"
SDQ = "sdq_12m"
DENTAL = "dental_check"
PEP_FIRST = "pep_10wd"
PEP_TERMLY = "pep_termly"


def review_due(period_start: date, held: Sequence[date]) -> tuple[str, date, str]:
    """(rule id, clock start, clock event) of the next review, from the reviews held so far."""
    if not held:
        return FIRST_REVIEW, period_start, "the child became looked after"
    if len(held) == 1:
        return SECOND_REVIEW, held[0], "the first review"
    return LATER_REVIEW, held[-1], "the previous review"


def visit_due(
    episode: Episode, *, visits: Sequence[date], first_review: date | None, order_start: date
) -> tuple[str, date, str]:
    """(rule id, clock start, clock event) of the next reg 28 visit for the current episode.

    `visits` are the dates the child was seen on a visit since the placement started, oldest
    first; `order_start` is when the current legal status began (for a care order at home)."""
    placement_start = episode.placement_started_on
    last = visits[-1] if visits else None
    at_home = episode.place == "P1"
    if at_home and episode.legal_status == "C2":
        seen_since_order = [v for v in visits if v >= order_start]
        if not seen_since_order:
            return VISIT_CARE_ORDER_HOME, order_start, "the care order (child living at home)"
        return VISIT_6W, seen_since_order[-1], "the last visit at which the child was seen"
    if at_home and (first_review is None or first_review < placement_start):
        # Placed with parents (reg 19) or at home on an interim care order: weekly until the
        # first review after the placement started.
        if last is None:
            return VISIT_WEEKLY, placement_start, "the start of the placement"
        return VISIT_WEEKLY, last, "the last visit at which the child was seen"
    if last is None:
        return VISIT_FIRST_WEEK, placement_start, "the start of the placement"
    if at_home and episode.legal_status == "C1":
        return VISIT_4W, last, "the last visit at which the child was seen"
    if episode.place in LONG_TERM_PLACEMENTS and add_months(placement_start, 12) <= last:
        return VISIT_3M, last, "the last visit at which the child was seen"
    return VISIT_6W, last, "the last visit at which the child was seen"


def care_due(child_ids: Sequence[int], today: date) -> Iterable[DueItem]:
    episodes = list(
        Episode.objects.open()
        .filter(child_id__in=child_ids, period__end_date__isnull=True)
        .select_related("period")
        .only(
            "id",
            "child_id",
            "decom",
            "rne",
            "legal_status",
            "place",
            "placement_started_on",
            "period__id",
            "period__start_date",
        )
    )
    if not episodes:
        return []
    period_ids = [e.period_id for e in episodes]
    reviews: dict[int, list[date]] = defaultdict(list)
    for period_id, held_on in (
        Review.objects.filter(period_id__in=period_ids, held_on__lte=today)
        .order_by("held_on")
        .values_list("period_id", "held_on")
    ):
        reviews[period_id].append(held_on)
    with_care_plan = set(
        CarePlan.objects.filter(period_id__in=period_ids).values_list("period_id", flat=True)
    )
    placement_plans = set(
        PlacementPlan.objects.filter(episode__period_id__in=period_ids).values_list(
            "episode__period_id", "episode__placement_started_on"
        )
    )
    earliest = min(e.period.start_date for e in episodes)
    seen: dict[int, list[date]] = defaultdict(list)
    for child_id, contact_date in (
        CaseNote.objects.final()
        .filter(
            child_id__in=[e.child_id for e in episodes],
            note_type__in=list(VISIT_TYPES),
            child_seen=True,
            contact_date__gte=earliest,
            contact_date__lte=today,
        )
        .order_by("contact_date")
        .values_list("child_id", "contact_date")
    ):
        seen[child_id].append(contact_date)
    # The start of each current legal status (a care order at home dates from the order).
    items: list[DueItem] = []
    for episode in episodes:
        period = episode.period
        url = reverse("children_in_care:child", args=[episode.child_id])
        if episode.legal_status in SHORT_BREAKS:
            continue  # short breaks follow reg 48's modified care planning
        if period.pk not in with_care_plan:
            items.append(
                DueItem.create(
                    CARE_PLAN,
                    child_id=episode.child_id,
                    subject="Care plan",
                    clock_start=period.start_date,
                    clock_event="the start of the first placement",
                    url=url,
                )
            )
        if (
            not episode.is_temporary
            and (period.pk, episode.placement_started_on) not in placement_plans
        ):
            items.append(
                DueItem.create(
                    PLACEMENT_PLAN,
                    child_id=episode.child_id,
                    subject="Placement plan",
                    clock_start=episode.placement_started_on,
                    clock_event="the start of the placement",
                    url=url,
                )
            )
        held = reviews.get(period.pk, [])
        rule_id, start, event = review_due(period.start_date, held)
        items.append(
            DueItem.create(
                rule_id,
                child_id=episode.child_id,
                subject="Looked after review",
                clock_start=start,
                clock_event=event,
                url=url,
            )
        )
        visits = [v for v in seen.get(episode.child_id, []) if v >= episode.placement_started_on]
        first_review = held[0] if held else None
        rule_id, start, event = visit_due(
            episode,
            visits=visits,
            first_review=first_review,
            order_start=episode.decom
            if episode.rne in {"L", "B", "U", "S"}
            else episode.placement_started_on,
        )
        items.append(
            DueItem.create(
                rule_id,
                child_id=episode.child_id,
                subject="Statutory visit (child to be seen)",
                clock_start=start,
                clock_event=event,
                url=url,
            )
        )
    return items


def _latest(rows: Iterable[tuple[int, date]]) -> dict[int, date]:
    found: dict[int, date] = {}
    for key, on in rows:
        if key not in found or on > found[key]:
            found[key] = on
    return found


def health_due(child_ids: Sequence[int], today: date) -> Iterable[DueItem]:
    """Initial and review health assessments, SDQs (ages 4 to 16) and dental checks for
    children looked after now (not on short breaks). Five queries."""
    from hearth.children_in_care.models import SDQ as SDQRecord
    from hearth.children_in_care.models import (
        HealthAssessment,
        HealthAssessmentKind,
        HealthCheck,
        HealthCheckKind,
        age_on,
    )

    episodes = list(
        Episode.objects.open()
        .filter(child_id__in=child_ids, period__end_date__isnull=True)
        .exclude(legal_status__in=list(SHORT_BREAKS))
        .values_list("child_id", "period_id", "period__start_date", "child__date_of_birth")
    )
    if not episodes:
        return []
    period_ids = [e[1] for e in episodes]
    ids = [e[0] for e in episodes]
    initial = set(
        HealthAssessment.objects.filter(
            period_id__in=period_ids, kind=HealthAssessmentKind.INITIAL
        ).values_list("period_id", flat=True)
    )
    assessed = _latest(
        HealthAssessment.objects.filter(period_id__in=period_ids).values_list(
            "period_id", "completed_on"
        )
    )
    sdqs = _latest(
        SDQRecord.objects.filter(child_id__in=ids).values_list("child_id", "completed_on")
    )
    dental = _latest(
        HealthCheck.objects.filter(child_id__in=ids, kind=HealthCheckKind.DENTAL).values_list(
            "child_id", "checked_on"
        )
    )
    items: list[DueItem] = []
    for child_id, period_id, started, born in episodes:
        url = reverse("children_in_care:health", args=[child_id])
        age = age_on(born, today)
        if period_id not in initial:
            items.append(
                DueItem.create(
                    IHA,
                    child_id=child_id,
                    subject="Initial health assessment",
                    clock_start=started,
                    clock_event="the child became looked after",
                    url=url,
                )
            )
        else:
            items.append(
                DueItem.create(
                    RHA_UNDER_5 if age is not None and age < 5 else RHA_5_PLUS,
                    child_id=child_id,
                    subject="Review health assessment",
                    clock_start=assessed[period_id],
                    clock_event="the last health assessment",
                    url=url,
                )
            )
        if age is not None and 4 <= age <= 16:
            last = sdqs.get(child_id)
            items.append(
                DueItem.create(
                    SDQ,
                    child_id=child_id,
                    subject="Strengths and Difficulties Questionnaire",
                    clock_start=last or started,
                    clock_event="the last SDQ" if last else "the child became looked after",
                    url=url,
                )
            )
        last_dental = dental.get(child_id)
        items.append(
            DueItem.create(
                DENTAL,
                child_id=child_id,
                subject="Dental check",
                clock_start=last_dental or started,
                clock_event="the last dental check"
                if last_dental
                else "the child became looked after",
                url=url,
            )
        )
    return items


PEP_AGES = (3, 17)  # early years (the term after the third birthday) to the 18th birthday


def education_due(child_ids: Sequence[int], today: date) -> Iterable[DueItem]:
    """The first personal education plan within 10 working days of becoming looked after,
    then a PEP meeting each term, for children looked after now aged 3 to 17. Two queries."""
    from hearth.children_in_care.models import PersonalEducationPlan, age_on

    episodes = [
        e
        for e in Episode.objects.open()
        .filter(child_id__in=child_ids, period__end_date__isnull=True)
        .exclude(legal_status__in=list(SHORT_BREAKS))
        .values_list("child_id", "period_id", "period__start_date", "child__date_of_birth")
        if (age := age_on(e[3], today)) is not None and PEP_AGES[0] <= age <= PEP_AGES[1]
    ]
    if not episodes:
        return []
    held = _latest(
        PersonalEducationPlan.objects.filter(period_id__in=[e[1] for e in episodes]).values_list(
            "period_id", "held_on"
        )
    )
    items: list[DueItem] = []
    for child_id, period_id, started, _born in episodes:
        last = held.get(period_id)
        items.append(
            DueItem.create(
                PEP_TERMLY if last else PEP_FIRST,
                child_id=child_id,
                subject="Personal education plan",
                clock_start=last or started,
                clock_event="the last PEP meeting" if last else "the child became looked after",
                url=reverse("children_in_care:education", args=[child_id]),
            )
        )
    return items


def register() -> None:
    from hearth.timescales.engine import register_provider

    register_provider("children_in_care.care", care_due)
    register_provider("children_in_care.health", health_due)
    register_provider("children_in_care.education", education_due)
