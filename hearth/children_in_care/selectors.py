"""Reads for the managers' and IROs' lists, and the visits a worker can add a bedroom to.
Each makes a fixed number of queries whatever the number of children."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from hearth.accounts.models import User
from hearth.casework.models import VISIT_TYPES
from hearth.children_in_care import presenters, rules
from hearth.children_in_care.models import IROChallenge, PeriodOfCare, Review
from hearth.people.models import Person
from hearth.timescales.catalogue import rule


@dataclass(frozen=True)
class ReviewDueRow:
    child: Person
    period: PeriodOfCare
    reviews_held: int
    due: date
    rule_title: str
    iro: str

    def is_overdue(self, today: date) -> bool:
        return self.due < today


def reviews_due(user: User, today: date) -> list[ReviewDueRow]:
    """Every open period of care the user may see, with its next review, soonest first.
    Two queries."""
    periods = list(
        PeriodOfCare.objects.open().visible_to(user).select_related("child", "iro").order_by("pk")
    )
    held: dict[int, list[date]] = defaultdict(list)
    for period_id, held_on in (
        Review.objects.filter(period__in=[p.pk for p in periods])
        .order_by("held_on")
        .values_list("period_id", "held_on")
    ):
        held[period_id].append(held_on)
    rows = []
    for period in periods:
        rule_id, start, _ = rules.review_due(period.start_date, held[period.pk])
        found = rule(rule_id)
        rows.append(
            ReviewDueRow(
                child=period.child,
                period=period,
                reviews_held=len(held[period.pk]),
                due=found.due_from(start),
                rule_title=found.title,
                iro=str(period.iro) if period.iro else "Not allocated",
            )
        )
    return sorted(rows, key=lambda r: (r.due, r.child.pk))


@dataclass(frozen=True)
class ChallengeRow:
    challenge: IROChallenge
    stage: str
    days_open: int
    respond_by: date | None
    overdue: bool


def open_challenges(user: User, today: date) -> list[ChallengeRow]:
    """Open IRO challenges the user may see, longest open first. Two queries."""
    found = IROChallenge.objects.open().visible_to(user).for_report().order_by("raised_on", "pk")
    rows = []
    for challenge in found:
        step = presenters.current_step(challenge)
        rows.append(
            ChallengeRow(
                challenge=challenge,
                stage=step.get_stage_display() if step else "",
                days_open=presenters.days_open(challenge, today),
                respond_by=step.respond_by if step else None,
                overdue=presenters.response_overdue(challenge, today),
            )
        )
    return rows


def visits_for_bedroom(child: Person) -> list[Any]:
    """The child's recent final visits at which they were seen, without a bedroom record."""
    return list(
        child.case_notes.final()
        .filter(note_type__in=list(VISIT_TYPES), child_seen=True, cla_visit__isnull=True)
        .order_by("-contact_date")[:5]
    )
