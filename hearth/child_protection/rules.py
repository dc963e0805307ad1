"""Child protection's due items: the providers the timescale engine calls (registered in
apps.py), and the three local rules the timescale catalogue does not declare yet.

Statutory rules (ICPC 15 working days, first core group 10 working days, review conferences at
3 then 6 months) and the local visit and core group cadences are declared once in
hearth.timescales.catalogue; here we only say what starts each clock and what satisfies it.
Each provider makes a fixed number of queries whatever the number of children.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from django.conf import settings
from django.db.models import Max
from django.urls import reverse

from hearth.casework.models import VISIT_TYPES, CaseNote
from hearth.child_protection.models import (
    CINPlan,
    CPPlan,
    PlanAction,
    PreProceedings,
    Section47Enquiry,
)
from hearth.timescales.calendar import add_working_days
from hearth.timescales.catalogue import LOCAL_PRACTICE
from hearth.timescales.catalogue import rule as catalogue_rule
from hearth.timescales.engine import DueItem
from hearth.timescales.rules import Offset, Rule

ICPC = "icpc_15wd"
FIRST_CORE_GROUP = "core_group_10wd"
NEXT_CORE_GROUP = "core_group_next"
FIRST_REVIEW = "cp_review_first_3m"
NEXT_REVIEW = "cp_review_6m"
CP_VISIT = "cp_visit"

# Local rules not (yet) in the timescale catalogue. They follow its shape exactly, so moving
# them there later changes nothing else.
CIN_REVIEW_RULE = Rule(
    id="cin_review",
    title="Child in need review",
    description="A child in need plan is reviewed at a CIN review meeting at a local cadence.",
    source=LOCAL_PRACTICE,
    basis="local policy",
    clock_starts="Child in need plan start, then the previous CIN review",
    offset=Offset(3, "months"),
    satisfied_by="CIN review meeting held",
    setting="CIN_REVIEW_MONTHS",
)
PLAN_ACTION_RULE = Rule(
    id="plan_action",
    title="Plan action",
    description="An action in a child protection or child in need plan is done by its date.",
    source="The child's plan (the date agreed for the action)",
    basis="local policy",
    clock_starts="The date agreed in the plan",
    offset=Offset(0, "days"),
    satisfied_by="Action marked done or no longer needed",
)
PLO_RULE = Rule(
    id="plo_period",
    title="End of the pre-proceedings period",
    description=(
        "Pre-proceedings end with a decision to step down or to issue care proceedings within "
        "the local length (best practice guidance suggests 16 weeks)."
    ),
    source=f"{LOCAL_PRACTICE}; Public Law Working Group best practice guidance (2023)",
    basis="local policy",
    clock_starts="Legal gateway decision to enter pre-proceedings",
    offset=Offset(16, "weeks"),
    satisfied_by="Outcome recorded: step down or court application",
    setting="PLO_WEEKS",
)
LOCAL_RULES: dict[str, Rule] = {r.id: r for r in (CIN_REVIEW_RULE, PLAN_ACTION_RULE, PLO_RULE)}


def local_item(
    rule: Rule, *, child_id: int, subject: str, clock_start: date, clock_event: str, url: str
) -> DueItem:
    return DueItem(
        rule=rule,
        child_id=child_id,
        subject=subject,
        clock_start=clock_start,
        clock_event=clock_event,
        due=rule.due_from(clock_start),
        url=url,
    )


def _child_url(child_id: int) -> str:
    return reverse("child_protection:child", args=[child_id])


def icpc_due(child_ids: Sequence[int], today: date) -> Iterable[DueItem]:
    """An ICPC for every enquiry without one, unless it concluded none was needed. One query."""
    enquiries = Section47Enquiry.objects.filter(child_id__in=child_ids).awaiting_icpc()
    return [
        DueItem.create(
            ICPC,
            child_id=e.child_id,
            subject="Initial child protection conference",
            clock_start=e.start_date,
            clock_event="the strategy discussion that started the section 47 enquiry",
            url=reverse("child_protection:enquiry", args=[e.child_id, e.pk]),
        )
        for e in enquiries.only("id", "child_id", "start_date")
    ]


def _last_seen_visits(child_ids: Sequence[int], today: date) -> dict[int, date]:
    rows = (
        CaseNote.objects.final()
        .filter(
            child_id__in=child_ids,
            note_type__in=list(VISIT_TYPES),
            child_seen=True,
            contact_date__lte=today,
        )
        .values("child_id")
        .annotate(last=Max("contact_date"))
    )
    return {row["child_id"]: row["last"] for row in rows}


def cp_plan_due(child_ids: Sequence[int], today: date) -> Iterable[DueItem]:
    """Core groups, review conferences and visits for open CP plans. Two queries."""
    plans = list(
        CPPlan.objects.filter(child_id__in=child_ids)
        .open()
        .with_last_meetings()
        .only("id", "child_id", "start_date")
    )
    if not plans:
        return []
    visits = _last_seen_visits([p.child_id for p in plans], today)
    items: list[DueItem] = []
    for plan in plans:
        url = reverse("child_protection:cp_plan", args=[plan.child_id, plan.pk])
        if plan.last_core_group is None:
            items.append(
                DueItem.create(
                    FIRST_CORE_GROUP,
                    child_id=plan.child_id,
                    subject="First core group meeting",
                    clock_start=plan.start_date,
                    clock_event="the initial child protection conference",
                    url=url,
                )
            )
        else:
            items.append(
                DueItem.create(
                    NEXT_CORE_GROUP,
                    child_id=plan.child_id,
                    subject="Core group meeting",
                    clock_start=plan.last_core_group,
                    clock_event="the last core group meeting",
                    url=url,
                )
            )
        if plan.last_review is None:
            items.append(
                DueItem.create(
                    FIRST_REVIEW,
                    child_id=plan.child_id,
                    subject="First child protection review conference",
                    clock_start=plan.start_date,
                    clock_event="the initial child protection conference",
                    url=url,
                )
            )
        else:
            items.append(
                DueItem.create(
                    NEXT_REVIEW,
                    child_id=plan.child_id,
                    subject="Child protection review conference",
                    clock_start=plan.last_review,
                    clock_event="the last review conference",
                    url=url,
                )
            )
        seen = visits.get(plan.child_id)
        if seen is not None and seen >= plan.start_date:
            start, event = seen, "the last visit at which the child was seen"
        else:
            start, event = plan.start_date, "the start of the child protection plan"
        items.append(
            DueItem.create(
                CP_VISIT,
                child_id=plan.child_id,
                subject="Child protection visit (child to be seen)",
                clock_start=start,
                clock_event=event,
                url=url,
            )
        )
    return items


def cin_review_due(child_ids: Sequence[int], today: date) -> Iterable[DueItem]:
    """The next CIN review for every open CIN plan. One query."""
    plans = (
        CINPlan.objects.filter(child_id__in=child_ids)
        .open()
        .with_last_review()
        .only("id", "child_id", "start_date")
    )
    items = []
    for plan in plans:
        if plan.last_review is None:
            start, event = plan.start_date, "the start of the child in need plan"
        else:
            start, event = plan.last_review, "the last CIN review"
        items.append(
            local_item(
                CIN_REVIEW_RULE,
                child_id=plan.child_id,
                subject="Child in need review",
                clock_start=start,
                clock_event=event,
                url=reverse("child_protection:cin_plan", args=[plan.child_id, plan.pk]),
            )
        )
    return items


def _soon(today: date) -> date:
    days = int(getattr(settings, "HEARTH", {}).get("DUE_SOON_WORKING_DAYS", 5))
    return add_working_days(today, days)


def plan_actions_due(child_ids: Sequence[int], today: date) -> Iterable[DueItem]:
    """Outstanding actions on open plans that are overdue or due soon. One query."""
    actions = (
        PlanAction.objects.filter(child_id__in=child_ids, due_date__lte=_soon(today))
        .outstanding()
        .on_open_plans()
        .only("id", "child_id", "what", "due_date", "cp_plan_id", "cin_plan_id")
    )
    items = []
    for action in actions:
        if action.cp_plan_id:
            url = reverse("child_protection:cp_plan", args=[action.child_id, action.cp_plan_id])
            kind = "child protection plan"
        else:
            url = reverse("child_protection:cin_plan", args=[action.child_id, action.cin_plan_id])
            kind = "child in need plan"
        what = action.what if len(action.what) <= 80 else action.what[:77] + "..."
        items.append(
            local_item(
                PLAN_ACTION_RULE,
                child_id=action.child_id,
                subject=f"Plan action: {what}",
                clock_start=action.due_date,
                clock_event=f"the date agreed in the {kind}",
                url=url,
            )
        )
    return items


def plo_due(child_ids: Sequence[int], today: date) -> Iterable[DueItem]:
    """The end of every open pre-proceedings period. One query."""
    return [
        local_item(
            PLO_RULE,
            child_id=p.child_id,
            subject="Pre-proceedings outcome (step down or issue)",
            clock_start=p.gateway_date,
            clock_event="the legal gateway decision to enter pre-proceedings",
            url=reverse("child_protection:plo", args=[p.child_id, p.pk]),
        )
        for p in PreProceedings.objects.filter(child_id__in=child_ids)
        .open()
        .only("id", "child_id", "gateway_date")
    ]


def rule_for(rule_id: str) -> Rule:
    """A rule by id, from the catalogue or the local rules above."""
    return LOCAL_RULES.get(rule_id) or catalogue_rule(rule_id)


def register() -> None:
    from hearth.timescales.engine import register_provider

    # Each provider's items start from a row of its own table (timescales/gates.py): a child
    # with none of them (most children) costs the child's page no query here.
    register_provider(
        "child_protection.icpc", icpc_due, gate=("child_protection.Section47Enquiry.child",)
    )
    register_provider(
        "child_protection.cp_plans", cp_plan_due, gate=("child_protection.CPPlan.child",)
    )
    register_provider(
        "child_protection.cin_reviews", cin_review_due, gate=("child_protection.CINPlan.child",)
    )
    register_provider(
        "child_protection.plan_actions",
        plan_actions_due,
        gate=("child_protection.PlanAction.child",),
    )
    register_provider(
        "child_protection.pre_proceedings",
        plo_due,
        gate=("child_protection.PreProceedings.child",),
    )
