"""Display helpers: flags in words, and what the child page's section and plan pages show."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from hearth.child_protection.models import (
    CINPlan,
    CPPlan,
    PreProceedings,
    Section47Enquiry,
    StrategyDiscussion,
)
from hearth.child_protection.rules import LOCAL_RULES
from hearth.reference import lookups
from hearth.timescales.catalogue import rule
from hearth.timescales.engine import DueItem


def category(code: str) -> str:
    return lookups.description("abuse_category", code) or code or "Not recorded"


def s47_outcome(code: str) -> str:
    return lookups.description("s47_outcome", code) or code or "Not recorded yet"


def discussion_flags(discussion: StrategyDiscussion) -> list[str]:
    agencies = {p.agency for p in discussion.participants.all()}
    if agencies <= {"police", "social_care"}:
        return ["Only police and social care took part"]
    return []


def enquiry_flags(enquiry: Section47Enquiry, today: date) -> list[str]:
    flags = []
    if enquiry.joint_not_carried_out:
        flags.append("Agreed as joint, carried out by social care alone")
    if any(a.abe_without_social_worker for a in enquiry.police_actions.all()):
        flags.append("ABE interview without a social worker")
    conference = getattr(enquiry, "initial_conference", None)
    if conference is None and enquiry.icpc_required is not False and today > enquiry.icpc_target:
        flags.append("Initial conference overdue")
    if conference is not None and conference.held_on > enquiry.icpc_target:
        flags.append("Initial conference held late")
    return flags


def cp_plan_flags(plan: CPPlan, today: date) -> list[str]:
    flags = []
    if plan.is_beyond_18_months(today):
        flags.append("Plan beyond 18 months")
    if plan.is_repeat_within_two_years:
        flags.append("Second or subsequent plan within 2 years")
    elif plan.previous_plans:
        flags.append("Second or subsequent plan")
    return flags


def cin_plan_flags(plan: CINPlan, today: date) -> list[str]:
    if plan.is_drifting(today):
        return ["Open beyond the expected length without a step-down or closure plan"]
    return []


@dataclass
class PlanDrift:
    """What a plan page shows as overdue: actions past their date and reviews past due."""

    overdue_actions: list[Any] = field(default_factory=list)
    due: list[DueItem] = field(default_factory=list)

    @property
    def overdue_due(self) -> list[DueItem]:
        today = timezone.localdate()
        return [d for d in self.due if d.is_overdue(today)]


def cp_plan_drift(plan: CPPlan, today: date, last_visit: date | None) -> PlanDrift:
    """From the prefetched plan: the next core group, review and visit, and overdue actions."""
    core_groups = list(plan.core_groups.all())
    reviews = list(plan.reviews.all())
    due = []
    if plan.is_open:
        if core_groups:
            last = max(c.held_on for c in core_groups)
            due.append(
                _item(
                    "core_group_next",
                    plan,
                    "Core group meeting",
                    last,
                    "the last core group meeting",
                )
            )
        else:
            due.append(
                _item(
                    "core_group_10wd",
                    plan,
                    "First core group meeting",
                    plan.start_date,
                    "the initial child protection conference",
                )
            )
        if reviews:
            last = max(r.held_on for r in reviews)
            due.append(
                _item("cp_review_6m", plan, "Review conference", last, "the last review conference")
            )
        else:
            due.append(
                _item(
                    "cp_review_first_3m",
                    plan,
                    "First review conference",
                    plan.start_date,
                    "the initial child protection conference",
                )
            )
        if last_visit is not None and last_visit >= plan.start_date:
            due.append(
                _item(
                    "cp_visit",
                    plan,
                    "Visit (child to be seen)",
                    last_visit,
                    "the last visit at which the child was seen",
                )
            )
        else:
            due.append(
                _item(
                    "cp_visit",
                    plan,
                    "Visit (child to be seen)",
                    plan.start_date,
                    "the start of the plan",
                )
            )
    actions = [a for a in plan.actions.all() if plan.is_open and a.is_overdue(today)]
    return PlanDrift(overdue_actions=actions, due=due)


def cin_plan_drift(plan: CINPlan, today: date) -> PlanDrift:
    reviews = list(plan.reviews.all())
    due = []
    if plan.is_open:
        if reviews:
            last = max(r.held_on for r in reviews)
            due.append(_item("cin_review", plan, "CIN review", last, "the last CIN review"))
        else:
            due.append(
                _item("cin_review", plan, "CIN review", plan.start_date, "the start of the plan")
            )
    actions = [a for a in plan.actions.all() if plan.is_open and a.is_overdue(today)]
    return PlanDrift(overdue_actions=actions, due=due)


def _item(rule_id: str, plan: Any, subject: str, start: date, event: str) -> DueItem:
    found = LOCAL_RULES.get(rule_id) or rule(rule_id)
    return DueItem(
        rule=found,
        child_id=plan.child_id,
        subject=subject,
        clock_start=start,
        clock_event=event,
        due=found.due_from(start),
    )


@dataclass
class ChildSection:
    discussions: list[StrategyDiscussion]
    enquiries: list[Section47Enquiry]
    cp_plans: list[CPPlan]
    cin_plans: list[CINPlan]
    pre_proceedings: list[PreProceedings]
    today: date

    def enquiry_flags(self, enquiry: Section47Enquiry) -> list[str]:
        return enquiry_flags(enquiry, self.today)

    def cp_plan_flags(self, plan: CPPlan) -> list[str]:
        return cp_plan_flags(plan, self.today)

    def cin_plan_flags(self, plan: CINPlan) -> list[str]:
        return cin_plan_flags(plan, self.today)

    def discussion_flags(self, discussion: StrategyDiscussion) -> list[str]:
        return discussion_flags(discussion)

    @property
    def is_empty(self) -> bool:
        return not (
            self.discussions
            or self.enquiries
            or self.cp_plans
            or self.cin_plans
            or self.pre_proceedings
        )


def child_section(
    qs: Any, today: date | None = None, *, empty: Collection[str] = ()
) -> ChildSection:
    """Everything about one child (the child the related manager `qs` belongs to). Seven
    queries whatever the history, fewer when `empty` names tables ("child_protection.CPPlan.
    child") the caller already knows hold no row for the child: those lists are empty."""
    child = qs._hints.get("instance")
    child_id = child.pk if child is not None else None
    when = today or timezone.localdate()

    def rows(model: Any, ordered: QuerySet[Any]) -> list[Any]:
        if f"child_protection.{model.__name__}.child" in empty:
            return []
        return list(ordered)

    return ChildSection(
        discussions=rows(
            StrategyDiscussion,
            StrategyDiscussion.objects.filter(child_id=child_id)
            .prefetch_related("participants")
            .order_by("-held_on", "-id"),
        ),
        enquiries=rows(
            Section47Enquiry,
            Section47Enquiry.objects.filter(child_id=child_id)
            .select_related("initial_conference")
            .prefetch_related("police_actions")
            .order_by("-start_date", "-id"),
        ),
        cp_plans=rows(
            CPPlan, CPPlan.objects.filter(child_id=child_id).order_by("-start_date", "-id")
        ),
        cin_plans=rows(
            CINPlan, CINPlan.objects.filter(child_id=child_id).order_by("-start_date", "-id")
        ),
        pre_proceedings=rows(
            PreProceedings,
            PreProceedings.objects.filter(child_id=child_id).order_by("-gateway_date", "-id"),
        ),
        today=when,
    )
