"""Reads across a manager's children: the drift and practice reports (the inspection's
findings as lists). Every read is scoped through `listed_for(user)` (the user's circle, with
restricted records they are not named on shown masked); each list is one query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from hearth.accounts.models import User
from hearth.child_protection.models import (
    CINPlan,
    CPPlan,
    PoliceAction,
    PoliceActionKind,
    Section47Enquiry,
    StrategyDiscussion,
)
from hearth.child_protection.rules import CIN_REVIEW_RULE
from hearth.people.models import Person
from hearth.timescales.catalogue import rule


@dataclass
class OverdueReview:
    plan: Any
    kind: str
    due: date


@dataclass
class ManagerReports:
    enquiries_without_decision: list[Section47Enquiry]
    overdue_reviews: list[OverdueReview]
    abe_without_social_worker: list[PoliceAction]
    police_and_social_care_only: list[StrategyDiscussion]
    joint_not_carried_out: list[Section47Enquiry]
    drifting_cin_plans: list[CINPlan]
    long_cp_plans: list[CPPlan]
    # Restricted children the user is not named on: listed (counts stay true) but shown as
    # "Restricted record", with no name, link or free text.
    masked_child_ids: frozenset[int] = frozenset()


def _cp_review_due(plan: CPPlan) -> date:
    last_review: date | None = getattr(plan, "last_review", None)  # annotated by the queryset
    if last_review is None:
        return rule("cp_review_first_3m").due_from(plan.start_date)
    return rule("cp_review_6m").due_from(last_review)


def manager_reports(user: User, today: date) -> ManagerReports:
    """Eight queries whatever the number of children."""
    listed = Person.objects.children().listed_for(user)
    children = listed.values("pk")
    masked = frozenset(listed.filter(masked=True).values_list("pk", flat=True))
    cp_plans = list(
        CPPlan.objects.filter(child__in=children)
        .open()
        .with_last_meetings()
        .select_related("child")
    )
    cin_plans = list(
        CINPlan.objects.filter(child__in=children).open().with_last_review().select_related("child")
    )
    overdue: list[OverdueReview] = []
    for plan in cp_plans:
        due = _cp_review_due(plan)
        if today > due:
            overdue.append(OverdueReview(plan, "Child protection review conference", due))
    for cin in cin_plans:
        due = CIN_REVIEW_RULE.due_from(cin.last_review or cin.start_date)
        if today > due:
            overdue.append(OverdueReview(cin, "Child in need review", due))
    return ManagerReports(
        enquiries_without_decision=list(
            Section47Enquiry.objects.filter(child__in=children)
            .without_icpc_decision()
            .select_related("child")
            .order_by("start_date", "id")
        ),
        overdue_reviews=sorted(overdue, key=lambda r: r.due),
        abe_without_social_worker=list(
            PoliceAction.objects.filter(
                enquiry__child__in=children,
                kind=PoliceActionKind.ABE_INTERVIEW,
                social_worker_present=False,
            )
            .select_related("enquiry", "enquiry__child")
            .order_by("-action_date", "-id")
        ),
        police_and_social_care_only=list(
            StrategyDiscussion.objects.filter(child__in=children)
            .only_police_and_social_care()
            .select_related("child")
            .order_by("-held_on", "-id")[:200]
        ),
        joint_not_carried_out=list(
            Section47Enquiry.objects.filter(
                child__in=children, joint_agreed=True, carried_out_jointly=False
            )
            .select_related("child")
            .order_by("-start_date", "-id")
        ),
        drifting_cin_plans=[p for p in cin_plans if p.is_drifting(today)],
        long_cp_plans=[p for p in cp_plans if p.is_beyond_18_months(today)],
        masked_child_ids=masked,
    )
