"""CINPlanDates (DOMAIN.md 2.3.6) and how CIN plans sit beside CP plans."""

from __future__ import annotations

from collections.abc import Iterator

from hearth.returns.cin_census.records import Child, CINPlan, CPPlan
from hearth.returns.cin_census.rules.helpers import before, episodes
from hearth.returns.cin_census.validate import Context, rule


def _plans(child: Child) -> Iterator[tuple[str, CINPlan]]:
    for path, e in episodes(child):
        for k, p in enumerate(e.cin_plans, start=1):
            yield f"{path}/CINPlanDates[{k}]", p


def _cp_plans(child: Child) -> list[CPPlan]:
    return [c for e in child.episodes for c in e.cp_plans]


def _open_at(start: object, other_start: object, other_end: object, ctx: Context) -> bool:
    """`start` falls in the other period (end exclusive; no end: open to the reference date)."""
    if start is None or other_start is None or start < other_start:  # type: ignore[operator]
        return False
    if other_end is not None:
        return start < other_end  # type: ignore[operator]
    return start <= ctx.reference_date  # type: ignore[operator]


@rule(code="4003", message="A CPP review date is shown as being held at the same time as an open "
      "CIN Plan.", severity="error",
      fields=["CINPlanStartDate", "CINPlanEndDate", "CPPreviewDate"])  # fmt: skip
def review_not_during_cin_plan(child: Child, ctx: Context) -> Iterator[str]:
    for path, p in _plans(child):
        if p.start is None or p.end is None:
            continue
        for c in _cp_plans(child):
            if c.end is None:
                continue
            if any(r is not None and p.start <= r < p.end and r != c.end for r in c.reviews):
                yield f"{path}/CINPlanStartDate"
                break


@rule(code="4004", message="This child is showing more than one open CIN Plan, i.e. with no End "
      "Date", severity="error", fields=["CINPlanEndDate"])  # fmt: skip
def one_open_cin_plan(child: Child, ctx: Context) -> Iterator[str]:
    for path, e in episodes(child):
        open_ones = [k for k, p in enumerate(e.cin_plans, start=1) if p.end is None]
        if len(open_ones) > 1:
            for k in open_ones:
                yield f"{path}/CINPlanDates[{k}]/CINPlanEndDate"


@rule(code="4008", message="CIN Plan shown as starting after the child’s Date of Death.",
      severity="error", fields=["PersonDeathDate", "CINPlanStartDate"])  # fmt: skip
def cin_plan_starts_before_death(child: Child, ctx: Context) -> Iterator[str]:
    for path, p in _plans(child):
        if before(child.death_date, p.start):
            yield f"{path}/CINPlanStartDate"


@rule(code="4009Q", message="CIN Plan cannot end after the child’s Date of Death",
      severity="query", fields=["PersonDeathDate", "CINPlanEndDate"])  # fmt: skip
def cin_plan_ends_by_death(child: Child, ctx: Context) -> Iterator[str]:
    for path, p in _plans(child):
        if before(child.death_date, p.end):
            yield f"{path}/CINPlanEndDate"


@rule(code="4010", message="CIN Plan start date is missing or out of data collection period",
      severity="error", fields=["CINPlanStartDate"])  # fmt: skip
def cin_plan_start_present(child: Child, ctx: Context) -> Iterator[str]:
    for path, p in _plans(child):
        if p.start is None or p.start > ctx.reference_date:
            yield f"{path}/CINPlanStartDate"


@rule(code="4011", message="CIN Plan End Date earlier than Start Date", severity="error",
      fields=["CINPlanEndDate", "CINPlanStartDate"])  # fmt: skip
def cin_plan_dates_in_order(child: Child, ctx: Context) -> Iterator[str]:
    for path, p in _plans(child):
        if before(p.end, p.start):
            yield f"{path}/CINPlanEndDate"


@rule(code="4012Q", message="Please check and either amend or provide a reason: CIN Plan shown "
      "as starting and ending on the same day", severity="query",
      fields=["CINPlanStartDate", "CINPlanEndDate"])  # fmt: skip
def cin_plan_not_one_day(child: Child, ctx: Context) -> Iterator[str]:
    for path, p in _plans(child):
        if p.start is not None and p.start == p.end:
            yield f"{path}/CINPlanEndDate"


@rule(code="4013", message="CIN Plan end date must fall within the census year",
      severity="error", fields=["CINPlanEndDate", "ReferenceDate"])  # fmt: skip
def cin_plan_end_in_year(child: Child, ctx: Context) -> Iterator[str]:
    for path, p in _plans(child):
        if p.end is not None and not ctx.in_year(p.end):
            yield f"{path}/CINPlanEndDate"


@rule(code="4014", message="CIN Plan data contains overlapping dates", severity="error",
      fields=["CINPlanStartDate", "CINPlanEndDate"])  # fmt: skip
def cin_plans_do_not_overlap(child: Child, ctx: Context) -> Iterator[str]:
    plans = list(_plans(child))
    for i, (path, a) in enumerate(plans):
        for j, (_, b) in enumerate(plans):
            if i == j or a.start is None or b.start is None or a.start < b.start:
                continue
            if (b.end is not None and a.start <= b.end) or (
                b.end is None and a.start <= ctx.reference_date
            ):
                yield f"{path}/CINPlanStartDate"
                break


@rule(code="4015", message="The CIN Plan start date cannot be before the referral date",
      severity="error", fields=["CINPlanStartDate", "CINreferralDate"])  # fmt: skip
def cin_plan_after_referral(child: Child, ctx: Context) -> Iterator[str]:
    for path, e in episodes(child):
        for k, p in enumerate(e.cin_plans, start=1):
            if before(p.start, e.referral_date):
                yield f"{path}/CINPlanDates[{k}]/CINPlanStartDate"


@rule(code="4016", message="A CIN Plan has been reported as open at the same time as a Child "
      "Protection Plan.", severity="error",
      fields=["CINPlanStartDate", "CPPstartDate", "CPPendDate"])  # fmt: skip
def cin_plan_not_started_during_cp_plan(child: Child, ctx: Context) -> Iterator[str]:
    for path, p in _plans(child):
        if any(_open_at(p.start, c.start, c.end, ctx) for c in _cp_plans(child)):
            yield f"{path}/CINPlanStartDate"


@rule(code="4017", message="A CIN Plan has been reported as open at the same time as a Child "
      "Protection Plan.", severity="error",
      fields=["CINPlanStartDate", "CINPlanEndDate", "CPPstartDate"])  # fmt: skip
def cp_plan_not_started_during_cin_plan(child: Child, ctx: Context) -> Iterator[str]:
    plans = [p for _, p in _plans(child)]
    for path, e in episodes(child):
        for k, c in enumerate(e.cp_plans, start=1):
            if any(_open_at(c.start, p.start, p.end, ctx) for p in plans):
                yield f"{path}/ChildProtectionPlans[{k}]/CPPstartDate"


@rule(code="4001", message="A CIN Plan cannot run concurrently with a Child Protection Plan",
      severity="error", fields=["CINPlanEndDate", "CPPendDate"])  # fmt: skip
def open_cin_and_cp_plans(child: Child, ctx: Context) -> Iterator[str]:
    for path, e in episodes(child):
        open_cin = any(p.start is not None and p.end is None for p in e.cin_plans)
        if open_cin and any(c.end is None for c in e.cp_plans):
            yield f"{path}/CINPlanDates"
