"""Children looked after at the period's end whose regulation 28 visit is not overdue."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from hearth.casework.models import VISIT_TYPES, CaseNote
from hearth.children_in_care.models import SHORT_BREAKS, Episode, Review
from hearth.children_in_care.rules import visit_due
from hearth.indicators.base import Area, ChildIds, Direction, Indicator, Period, Row, in_scope
from hearth.indicators.library._care import open_on
from hearth.timescales.catalogue import rule as rule_by_id

CARE_ORDER_STARTS = frozenset({"L", "B", "U", "S"})


def rows(period: Period, children: ChildIds) -> list[Row]:
    as_of = period.end
    episodes = list(
        in_scope(
            Episode.objects.filter(open_on(as_of)).exclude(legal_status__in=sorted(SHORT_BREAKS)),
            children,
        ).only(
            "id",
            "child_id",
            "period_id",
            "decom",
            "rne",
            "legal_status",
            "place",
            "placement_started_on",
        )
    )
    child_ids = [e.child_id for e in episodes]
    first_reviews: dict[int, date] = {}
    for period_id, held_on in (
        Review.objects.filter(period_id__in={e.period_id for e in episodes}, held_on__lte=as_of)
        .order_by("-held_on")
        .values_list("period_id", "held_on")
    ):
        first_reviews[period_id] = held_on  # oldest last, so the first review wins
    seen: dict[int, list[date]] = defaultdict(list)
    for child_id, on in (
        CaseNote.objects.final()
        .filter(
            child_id__in=child_ids,
            note_type__in=sorted(VISIT_TYPES),
            child_seen=True,
            contact_date__lte=as_of,
        )
        .order_by("contact_date")
        .values_list("child_id", "contact_date")
    ):
        seen[child_id].append(on)
    result = []
    for episode in episodes:
        visits = [v for v in seen.get(episode.child_id, []) if v >= episode.placement_started_on]
        rule_id, start, _ = visit_due(
            episode,
            visits=visits,
            first_review=first_reviews.get(episode.period_id),
            order_start=(
                episode.decom if episode.rne in CARE_ORDER_STARTS else episode.placement_started_on
            ),
        )
        due = rule_by_id(rule_id).due_from(start)
        last = visits[-1] if visits else None
        result.append(
            Row(
                key=f"episode:{episode.pk}",
                child_id=episode.child_id,
                on=last or episode.placement_started_on,
                detail=(f"Last seen {last:%d/%m/%Y}" if last else "Not seen in this placement")
                + f", next visit due {due:%d/%m/%Y}",
                in_numerator=as_of <= due,
            )
        )
    return result


INDICATOR = Indicator(
    id="cla_visits_in_time",
    title="Children in care visited in time",
    area=Area.CHILDREN_IN_CARE,
    definition=(
        "Children looked after at the end of the period whose next statutory visit is not yet "
        "overdue: seen on a visit (a final visit note with the child seen) within the "
        "regulation 28 interval for their placement, counted from the placement's start or the "
        "last visit at which they were seen (the same rules as My work)."
    ),
    source="Care Planning, Placement and Case Review Regulations 2010, reg 28; Annex A list 8",
    numerator="Children whose visit is not overdue",
    denominator="Children looked after at the end of the period",
    direction=Direction.HIGHER,
    default_target=95.0,
    default_tolerance=5.0,
    rows=rows,
    snapshot=True,
)
