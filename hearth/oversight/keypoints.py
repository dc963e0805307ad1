"""Key points of a case that call for management oversight, read from the pathway records.

Oversight depends on the pathway apps, never the reverse (ARCHITECTURE.md), so the pathway
services do not call oversight. Instead the key points are derived from their records, like
every other due item: an allocation starting, an assessment authorised, a child protection or
child in need plan starting, reviewed or ending, a child in need episode closing. Each asks the
manager of the child's team for an oversight entry within OVERSIGHT_KEY_POINT_WORKING_DAYS
(rule `oversight_key_point`); the entry recorded for it (its source, or the same occasion on or
after the key point) satisfies it. Direction and actions are a manager's judgement, so no entry
is ever written automatically.

Key points older than OVERSIGHT_KEY_POINT_LOOKBACK_DAYS are left to the interval rule.
A fixed number of queries whatever the number of children.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import CharField, DateField, Q, QuerySet, Value
from django.db.models.functions import Cast
from django.urls import reverse

from hearth.assessments.models import Assessment, CINEpisode
from hearth.casework.models import Allocation
from hearth.child_protection.models import CINPlan, CINReview, Conference, ConferenceKind, CPPlan
from hearth.oversight.models import OversightEntry, OversightOccasion
from hearth.oversight.selectors import read_together
from hearth.timescales.catalogue import rule as rule_by_id
from hearth.timescales.engine import DueItem

KEY_POINT_RULE = "oversight_key_point"


def lookback_days() -> int:
    return int(getattr(settings, "HEARTH", {}).get("OVERSIGHT_KEY_POINT_LOOKBACK_DAYS", 90))


@dataclass(frozen=True, slots=True)
class KeyPoint:
    child_id: int
    occasion: str
    on: date
    source_type: str
    source_id: str
    what: str

    @property
    def ref(self) -> str:
        return f"{self.source_type}:{self.source_id}"

    def url(self) -> str:
        query = urlencode({"occasion": self.occasion, "source": self.ref})
        return reverse("oversight:oversight_new", args=[self.child_id]) + "?" + query


def _rows(
    qs: QuerySet[Any],
    label: str,
    on: str,
    *,
    child: str = "child_id",
    end: str | None = None,
    detail: str | None = None,
) -> QuerySet[Any]:
    """One source's rows as (label, pk, child, on, end, detail), the shape `key_points` reads
    every source in. A missing date is typed so PostgreSQL can match the columns."""
    extra: dict[str, Any] = {"kp_label": Value(label, output_field=CharField())}
    if end is None:
        extra["kp_end"] = Cast(Value(None), output_field=DateField())
    if detail is None:
        extra["kp_detail"] = Value("", output_field=CharField())
    return (
        qs.order_by()
        .annotate(**extra)
        .values_list("kp_label", "pk", child, on, end or "kp_end", detail or "kp_detail")
    )


def key_points(child_ids: Sequence[int], since: date, today: date) -> list[KeyPoint]:
    """Every key point of these children from `since` to `today`, oldest first.
    One query for up to UNION_MAX_CHILDREN children, else one per source."""
    found: list[KeyPoint] = []
    if not child_ids:
        return found

    def add(child_id: int, occasion: str, on: date | None, label: str, pk: int, what: str) -> None:
        if on is not None and since <= on <= today:
            found.append(KeyPoint(child_id, occasion, on, label, str(pk), what))

    recent = Q(start_date__gte=since) | Q(end_date__gte=since)
    sources = [
        _rows(
            Allocation.objects.filter(child_id__in=child_ids, start_date__gte=since),
            "casework.allocation",
            "start_date",
            detail="team__name",
        ),
        _rows(
            Assessment.objects.filter(child_id__in=child_ids, authorised_on__gte=since),
            "assessments.assessment",
            "authorised_on",
        ),
        _rows(
            CPPlan.objects.filter(recent, child_id__in=child_ids),
            "child_protection.cpplan",
            "start_date",
            end="end_date",
        ),
        _rows(
            Conference.objects.filter(
                child_id__in=child_ids, kind=ConferenceKind.REVIEW, held_on__gte=since
            ),
            "child_protection.conference",
            "held_on",
        ),
        _rows(
            CINPlan.objects.filter(recent, child_id__in=child_ids),
            "child_protection.cinplan",
            "start_date",
            end="end_date",
        ),
        _rows(
            CINReview.objects.filter(plan__child_id__in=child_ids, held_on__gte=since),
            "child_protection.cinreview",
            "held_on",
            child="plan__child_id",
            detail="decision",
        ),
        _rows(
            # The step-down as text, so the column has one type in every source.
            CINEpisode.objects.filter(child_id__in=child_ids, closure_date__gte=since).annotate(
                kp_step_down=Cast("step_down_to_id", output_field=CharField())
            ),
            "assessments.cinepisode",
            "closure_date",
            detail="kp_step_down",
        ),
    ]
    plan_change = OversightOccasion.PLAN_CHANGE
    for label, pk, child_id, on, end, detail in read_together(sources, child_ids):
        if label == "casework.allocation":
            add(child_id, OversightOccasion.ALLOCATION, on, label, pk, f"Allocated to {detail}")
        elif label == "assessments.assessment":
            add(
                child_id,
                OversightOccasion.ASSESSMENT_AUTHORISATION,
                on,
                label,
                pk,
                "Assessment authorised",
            )
        elif label == "child_protection.cpplan":
            add(child_id, plan_change, on, label, pk, "Child protection plan started")
            add(child_id, plan_change, end, f"{label}.end", pk, "Child protection plan ended")
        elif label == "child_protection.conference":
            what = "Child protection plan reviewed at conference"
            add(child_id, plan_change, on, label, pk, what)
        elif label == "child_protection.cinplan":
            add(child_id, plan_change, on, label, pk, "Child in need plan started")
            add(child_id, plan_change, end, f"{label}.end", pk, "Child in need plan ended")
        elif label == "child_protection.cinreview":
            stepping_down = detail == "step_down"
            occasion = OversightOccasion.STEP_DOWN if stepping_down else plan_change
            add(child_id, occasion, on, label, pk, "Child in need plan reviewed")
        elif label == "assessments.cinepisode":
            step_down = bool(detail)
            occasion = OversightOccasion.STEP_DOWN if step_down else OversightOccasion.CLOSURE
            what = "Stepped down to early help" if step_down else "Child in need episode closed"
            add(child_id, occasion, on, label, pk, what)
    return sorted(found, key=lambda k: (k.on, k.child_id, k.ref))


def _is_met(point: KeyPoint, entries: Iterable[tuple[str, date, str, str]]) -> bool:
    for occasion, occurred_on, source_type, source_id in entries:
        if source_type == point.source_type and source_id == point.source_id:
            return True
        if occasion == point.occasion and occurred_on >= point.on and not source_type:
            return True
    return False


def waiting_key_points(child_ids: Sequence[int], today: date) -> list[KeyPoint]:
    """Key points in the look-back window that no oversight entry answers yet."""
    since = today - timedelta(days=lookback_days())
    points = key_points(child_ids, since, today)
    if not points:
        return []
    entries: dict[int, list[tuple[str, date, str, str]]] = defaultdict(list)
    for child_id, *row in OversightEntry.objects.filter(
        child_id__in={p.child_id for p in points}, occurred_on__gte=since
    ).values_list("child_id", "occasion", "occurred_on", "source_type", "source_id"):
        entries[child_id].append(tuple(row))  # type: ignore[arg-type]
    return [p for p in points if not _is_met(p, entries.get(p.child_id, []))]


def key_point_for(child_id: int, ref: str, today: date) -> KeyPoint | None:
    """The waiting key point `ref` ("label:id") of this child, or None: the oversight form
    only ever links an entry to a real key point of the child it is recorded on."""
    return next((p for p in waiting_key_points([child_id], today) if p.ref == ref), None)


def _managers(child_ids: Sequence[int], today: date) -> dict[int, int | None]:
    """The manager of the team holding each child now, or of the team that last held it."""
    managers: dict[int, int | None] = {}
    for child_id, manager_id in (
        Allocation.objects.filter(child_id__in=child_ids, start_date__lte=today)
        .order_by("child_id", "start_date", "id")
        .values_list("child_id", "team__manager_id")
    ):
        managers[child_id] = manager_id
    return managers


def key_point_oversight_due(child_ids: Sequence[int], today: date) -> list[DueItem]:
    """Provider: oversight asked for by each waiting key point, for the team's manager."""
    points = waiting_key_points(child_ids, today)
    if not points:
        return []
    managers = _managers(sorted({p.child_id for p in points}), today)
    rule = rule_by_id(KEY_POINT_RULE)
    return [
        DueItem(
            rule=rule,
            child_id=p.child_id,
            subject=f"Management oversight: {p.what.lower()}"[:200],
            clock_start=p.on,
            clock_event=p.what.lower(),
            due=rule.due_from(p.on),
            url=p.url(),
            assignee_id=managers.get(p.child_id),
        )
        for p in points
    ]
