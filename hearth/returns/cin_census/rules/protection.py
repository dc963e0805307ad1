"""ChildProtectionPlans and their reviews (DOMAIN.md 2.3.8)."""

from __future__ import annotations

from collections.abc import Iterator

from hearth.returns.cin_census import codes
from hearth.returns.cin_census.records import Child, CPPlan, Episode
from hearth.returns.cin_census.rules.helpers import before, episodes
from hearth.returns.cin_census.validate import Context, rule


def _plans(child: Child) -> Iterator[tuple[str, Episode, CPPlan]]:
    for path, e in episodes(child):
        for k, c in enumerate(e.cp_plans, start=1):
            yield f"{path}/ChildProtectionPlans[{k}]", e, c


@rule(code="1105", message="The child protection plan start date cannot be before the referral "
      "date", severity="error", fields=["CPPstartDate", "CINreferralDate"])  # fmt: skip
def cp_plan_after_referral(child: Child, ctx: Context) -> Iterator[str]:
    for path, e, c in _plans(child):
        if before(c.start, e.referral_date):
            yield f"{path}/CPPstartDate"


@rule(code="2885", message="Child protection plan shown as starting a different day to the "
      "initial child protection conference.", severity="error",
      fields=["CPPstartDate", "DateOfInitialCPC"])  # fmt: skip
def cp_plan_starts_at_icpc(child: Child, ctx: Context) -> Iterator[str]:
    for path, e, c in _plans(child):
        if not ctx.in_year(c.start):
            continue
        enquiries = [s for s in e.section47s if s.icpc_not_required != "1"]
        if enquiries:
            matched = any(s.icpc == c.start for s in enquiries)
        else:
            matched = e.initial_cpc == c.start
        if not matched:
            yield f"{path}/CPPstartDate"


@rule(code="8720", message="Child Protection Plan Start Date missing or out of data collection "
      "period", severity="error", fields=["CPPstartDate", "ReferenceDate"])  # fmt: skip
def cp_plan_start_present(child: Child, ctx: Context) -> Iterator[str]:
    for path, _, c in _plans(child):
        if c.start is None or c.start > ctx.reference_date:
            yield f"{path}/CPPstartDate"


@rule(code="8730", message="Total Number of previous Child Protection Plans missing",
      severity="error", fields=["NumberOfPreviousCPP"])  # fmt: skip
def previous_plans_present(child: Child, ctx: Context) -> Iterator[str]:
    for path, _, c in _plans(child):
        value = (c.previous_plans or "").strip()
        if not value.lstrip("-").isdigit() or int(value) < 0:
            yield f"{path}/NumberOfPreviousCPP"


@rule(code="8840", message="Child Protection Plan cannot start and end on the same day",
      severity="error", fields=["CPPstartDate", "CPPendDate"])  # fmt: skip
def cp_plan_not_one_day(child: Child, ctx: Context) -> Iterator[str]:
    for path, _, c in _plans(child):
        if c.start is not None and c.start == c.end:
            yield f"{path}/CPPendDate"


@rule(code="8841", message="The review date cannot be on the same day or before the Child "
      "protection Plan start date.", severity="error",
      fields=["CPPstartDate", "CPPreviewDate"])  # fmt: skip
def reviews_after_start(child: Child, ctx: Context) -> Iterator[str]:
    for path, _, c in _plans(child):
        for r, review in enumerate(c.reviews, start=1):
            if c.start is not None and review is not None and review <= c.start:
                yield f"{path}/Reviews/CPPreviewDate[{r}]"


@rule(code="8842Q", message="Please check and either amend or provide a reason: Review Record "
      "has a missing date", severity="query", fields=["CPPreviewDate"])  # fmt: skip
def review_has_date(child: Child, ctx: Context) -> Iterator[str]:
    for path, _, c in _plans(child):
        for r, review in enumerate(c.reviews, start=1):
            if review is None:
                yield f"{path}/Reviews/CPPreviewDate[{r}]"


@rule(code="8905", message="Initial Category of Abuse code missing or invalid (see Category of "
      "Abuse table in CIN Census code set)", severity="error",
      fields=["InitialCategoryOfAbuse"])  # fmt: skip
def initial_category_valid(child: Child, ctx: Context) -> Iterator[str]:
    for path, _, c in _plans(child):
        if c.initial_category not in codes.CATEGORY_OF_ABUSE:
            yield f"{path}/InitialCategoryOfAbuse"


@rule(code="8910", message="Latest Category of Abuse code missing or invalid (see Category of "
      "Abuse table in CIN Census code set)", severity="error",
      fields=["LatestCategoryOfAbuse"])  # fmt: skip
def latest_category_valid(child: Child, ctx: Context) -> Iterator[str]:
    for path, _, c in _plans(child):
        if c.latest_category not in codes.CATEGORY_OF_ABUSE:
            yield f"{path}/LatestCategoryOfAbuse"


@rule(code="8915", message="Child Protection Plan shown as starting after the child’s Date of "
      "Death", severity="error", fields=["CPPstartDate", "PersonDeathDate"])  # fmt: skip
def cp_plan_starts_before_death(child: Child, ctx: Context) -> Iterator[str]:
    for path, _, c in _plans(child):
        if before(child.death_date, c.start):
            yield f"{path}/CPPstartDate"


@rule(code="8920", message="Child Protection Plan cannot end after the child’s Date of Death",
      severity="error", fields=["PersonDeathDate", "CPPendDate"])  # fmt: skip
def cp_plan_ends_by_death(child: Child, ctx: Context) -> Iterator[str]:
    for path, _, c in _plans(child):
        if before(child.death_date, c.end):
            yield f"{path}/CPPendDate"


@rule(code="8925", message="Child Protection Plan End Date earlier than Start Date",
      severity="error", fields=["CPPstartDate", "CPPendDate"])  # fmt: skip
def cp_plan_dates_in_order(child: Child, ctx: Context) -> Iterator[str]:
    for path, _, c in _plans(child):
        if before(c.end, c.start):
            yield f"{path}/CPPendDate"


@rule(code="8930", message="Child Protection Plan End Date must fall within the census year",
      severity="error", fields=["CPPendDate", "ReferenceDate"])  # fmt: skip
def cp_plan_end_in_year(child: Child, ctx: Context) -> Iterator[str]:
    for path, _, c in _plans(child):
        if c.end is not None and not ctx.in_year(c.end):
            yield f"{path}/CPPendDate"


@rule(code="8935", message="This child is showing more than one open Child Protection plan, i.e. "
      "with no End Date", severity="error", fields=["CPPendDate"])  # fmt: skip
def one_open_cp_plan(child: Child, ctx: Context) -> Iterator[str]:
    open_ones = [path for path, _, c in _plans(child) if c.end is None]
    if len(open_ones) > 1:
        for path in open_ones:
            yield f"{path}/CPPendDate"


@rule(code="8940", message="Child Protection Plan data contains overlapping dates",
      severity="error", fields=["CPPstartDate", "CPPendDate"])  # fmt: skip
def cp_plans_do_not_overlap(child: Child, ctx: Context) -> Iterator[str]:
    plans = list(_plans(child))
    for i, (path, _, a) in enumerate(plans):
        for j, (_, _, b) in enumerate(plans):
            if i == j or a.start is None or b.start is None or a.start < b.start:
                continue
            if (b.end is not None and a.start <= b.end) or (
                b.end is None and a.start <= ctx.reference_date
            ):
                yield f"{path}/CPPstartDate"
                break
