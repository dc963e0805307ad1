"""Read-only extracts for the returns app: the CIN census modules Section47,
ChildProtectionPlans and CINPlanDates (DOMAIN.md 2.3.6 to 2.3.8), and Ofsted Annex A lists
5, 6 and 7 (DOMAIN.md 4). Rows carry raw codes and dates; the returns renderers label and
group them. Each function makes a fixed number of queries whatever the number of rows."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from django.db.models import Max, Q

from hearth.casework.models import VISIT_TYPES, Allocation, CaseNote
from hearth.child_protection.models import (
    CINPlan,
    Conference,
    ConferenceDecision,
    CPPlan,
    Section47Enquiry,
)
from hearth.core.presenters import age_in_years
from hearth.people.models import Person
from hearth.timescales.rules import add_months

ANNEX_A_MONTHS = 6


def census_period(year: int) -> tuple[date, date]:
    """The collection year named by its starting year: 1 April to 31 March (reference date)."""
    return date(year, 4, 1), date(year + 1, 3, 31)


def _within(on: date | None, end: date) -> date | None:
    """A date the census reports only when it falls on or before the reference date."""
    return on if on is not None and on <= end else None


def section47_rows(year: int) -> list[dict[str, Any]]:
    """Census Section47: enquiries that started in the year, or were open at its start."""
    start, end = census_period(year)
    enquiries = (
        Section47Enquiry.objects.in_period(start, end)
        .select_related("initial_conference", "child")
        .order_by("child_id", "start_date", "id")
    )
    rows = []
    for e in enquiries:
        conference = getattr(e, "initial_conference", None)
        icpc = _within(conference.held_on if conference else None, end)
        rows.append(
            {
                "child_id": e.child_id,
                "LAchildID": e.child.la_child_id or str(e.child_id),
                "CINdetailsID": e.episode_id,
                "S47ActualStartDate": e.start_date,
                "InitialCPCtarget": e.icpc_target,
                "DateOfInitialCPC": icpc,
                "ICPCnotRequired": e.icpc_not_required
                and (e.outcome_date is not None and e.outcome_date <= end),
            }
        )
    return rows


def episode_initial_cpc_dates(year: int) -> dict[int, date]:
    """Census CINdetails `DateOfInitialCPC`: the transfer-in conference of each episode (an
    initial conference with no Section47 record), keyed by CIN episode id, for the year."""
    start, end = census_period(year)
    return dict(
        Conference.objects.filter(kind="transfer_in", held_on__gte=start, held_on__lte=end)
        .order_by("held_on", "id")
        .values_list("episode_id", "held_on")
    )


def cp_plan_rows(year: int) -> list[dict[str, Any]]:
    """Census ChildProtectionPlans: plans open at any point in the year, with the review
    conferences held in the year up to the reference date."""
    start, end = census_period(year)
    plans = list(
        CPPlan.objects.filter(start_date__lte=end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .select_related("child")
        .order_by("child_id", "start_date", "id")
    )
    reviews: dict[int, list[tuple[date, str]]] = defaultdict(list)
    for plan_id, held_on, category in (
        Conference.objects.reviews()
        .filter(plan__in=[p.pk for p in plans], held_on__lte=end)
        .order_by("held_on", "id")
        .values_list("plan_id", "held_on", "category")
    ):
        reviews[plan_id].append((held_on, category))
    rows = []
    for plan in plans:
        held = reviews[plan.pk]
        latest = plan.initial_category
        for _, category in held:
            latest = category or latest  # an ending review has no category
        rows.append(
            {
                "child_id": plan.child_id,
                "LAchildID": plan.child.la_child_id or str(plan.child_id),
                "CINdetailsID": plan.episode_id,
                "CPPID": plan.pk,
                "CPPstartDate": plan.start_date,
                "CPPendDate": _within(plan.end_date, end),
                "InitialCategoryOfAbuse": plan.initial_category,
                "LatestCategoryOfAbuse": latest,
                "NumberOfPreviousCPP": plan.previous_plans,
                "CPPreviewDate": [d for d, _ in held if d >= start],
            }
        )
    return rows


def cin_plan_rows(year: int) -> list[dict[str, Any]]:
    """Census CINPlanDates: CIN plans open at any point in the year."""
    start, end = census_period(year)
    plans = (
        CINPlan.objects.filter(start_date__lte=end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .select_related("child")
        .order_by("child_id", "start_date", "id")
    )
    return [
        {
            "child_id": p.child_id,
            "LAchildID": p.child.la_child_id or str(p.child_id),
            "CINdetailsID": p.episode_id,
            "CINPlanStartDate": p.start_date,
            "CINPlanEndDate": _within(p.end_date, end),
        }
        for p in plans
    ]


# --- Annex A -------------------------------------------------------------------------------


def _child_columns(child: Person, on: date) -> dict[str, Any]:
    born = child.date_of_birth
    return {
        "Child Unique ID": child.la_child_id or str(child.pk),
        "Gender": child.sex,
        "Ethnicity": child.ethnicity,
        "Date of Birth": born,
        "Age of Child (Years)": age_in_years(born, on) if born and born <= on else None,
    }


def _allocations(child_ids: set[int], on: date) -> dict[int, Allocation]:
    return {
        a.child_id: a
        for a in Allocation.objects.filter(child_id__in=child_ids)
        .current(on)
        .select_related("team", "worker")
        .order_by("start_date", "id")
    }


def _team_worker(allocation: Allocation | None) -> dict[str, str]:
    return {
        "Allocated Team": str(allocation.team) if allocation else "",
        "Allocated Worker": str(allocation.worker) if allocation and allocation.worker else "",
    }


def _yes_no(value: bool | None) -> str:
    if value is None:
        return "c) Unknown"
    return "a) Yes" if value else "b) No"


def annex_a_list_5(as_of: date) -> list[dict[str, Any]]:
    """List 5: every section 47 enquiry in the 6 months before `as_of`, open ones included;
    one row per enquiry, with the child's enquiries and ICPCs in the 12 months before."""
    start = add_months(as_of, -ANNEX_A_MONTHS)
    enquiries = list(
        Section47Enquiry.objects.filter(start_date__lte=as_of)
        .filter(Q(start_date__gte=start) | Q(status="open"))
        .select_related("child", "initial_conference", "initial_conference__plan_started")
        .order_by("start_date", "id")
    )
    child_ids = {e.child_id for e in enquiries}
    year_before = add_months(as_of, -12)
    s47_dates: dict[int, list[date]] = defaultdict(list)
    for child_id, on in Section47Enquiry.objects.filter(
        child_id__in=child_ids, start_date__gte=year_before, start_date__lte=as_of
    ).values_list("child_id", "start_date"):
        s47_dates[child_id].append(on)
    icpc_dates: dict[int, list[date]] = defaultdict(list)
    for child_id, on in (
        Conference.objects.initial()
        .filter(child_id__in=child_ids, held_on__gte=year_before, held_on__lte=as_of)
        .values_list("child_id", "held_on")
    ):
        icpc_dates[child_id].append(on)
    allocations = _allocations(child_ids, as_of)
    rows = []
    for e in enquiries:
        conference = getattr(e, "initial_conference", None)
        held = conference if conference is not None and conference.held_on <= as_of else None
        rows.append(
            {
                **_child_columns(e.child, as_of),
                "Strategy discussion initiating Section 47 Enquiry Start Date": e.start_date,
                "Was an Initial Child Protection Conference deemed unnecessary?": _yes_no(
                    None if e.icpc_required is None else not e.icpc_required
                ),
                "Date of Initial Child Protection Conference": held.held_on if held else None,
                "Did the Initial Child Protection Conference Result in a Child Protection Plan": (
                    _yes_no(held.decision == ConferenceDecision.PLAN) if held else ""
                ),
                "Number of Section 47 Enquiries in the last 12 months": len(s47_dates[e.child_id]),
                "Number of ICPCs in the last 12 months": len(icpc_dates[e.child_id]),
                **_team_worker(allocations.get(e.child_id)),
            }
        )
    return rows


def _last_visits(child_ids: set[int], as_of: date) -> dict[int, tuple[date | None, date | None]]:
    """(last date seen, last date seen alone) on a final visit note, per child. One query each."""
    base = CaseNote.objects.final().filter(
        child_id__in=child_ids,
        note_type__in=list(VISIT_TYPES),
        child_seen=True,
        contact_date__lte=as_of,
    )
    seen = dict(
        base.values("child_id").annotate(last=Max("contact_date")).values_list("child_id", "last")
    )
    alone = dict(
        base.filter(child_seen_alone=True)
        .values("child_id")
        .annotate(last=Max("contact_date"))
        .values_list("child_id", "last")
    )
    return {c: (seen.get(c), alone.get(c)) for c in child_ids}


def annex_a_list_6(as_of: date) -> list[dict[str, Any]]:
    """List 6: children receiving CIN services at `as_of` or in the 6 months before (episodes
    open in the window, excluding those that were only a referral with no further action)."""
    from hearth.assessments.models import CINEpisode

    start = add_months(as_of, -ANNEX_A_MONTHS)
    episodes = list(
        CINEpisode.objects.filter(referral_date__lte=as_of, referral_nfa=False)
        .filter(Q(closure_date__isnull=True) | Q(closure_date__gte=start))
        .select_related("child")
        .order_by("referral_date", "id")
    )
    child_ids = {e.child_id for e in episodes}
    on_cp = set(
        CPPlan.objects.filter(child_id__in=child_ids)
        .open_on(as_of)
        .values_list("child_id", flat=True)
    )
    on_cin = set(
        CINPlan.objects.filter(child_id__in=child_ids, start_date__lte=as_of)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=as_of))
        .values_list("child_id", flat=True)
    )
    open_assessment = set(
        _assessment_model()
        .objects.filter(child_id__in=child_ids, start_date__lte=as_of)
        .filter(Q(authorised_on__isnull=True) | Q(authorised_on__gt=as_of))
        .values_list("child_id", flat=True)
    )
    looked_after = _looked_after(child_ids, as_of)
    visits = _last_visits(child_ids, as_of)
    allocations = _allocations(child_ids, as_of)
    rows = []
    for e in episodes:
        closed = e.closure_date is not None and e.closure_date <= as_of
        if closed:
            status = "e) Closed episode"
        elif e.child_id in looked_after:
            status = "a) Looked after child"
        elif e.child_id in on_cp:
            status = "b) Child Protection plan"
        elif e.child_id in on_cin:
            status = "c) Child in need plan"
        elif e.child_id in open_assessment:
            status = "d) Open assessment"
        else:
            status = "c) Child in need plan"
        rows.append(
            {
                **_child_columns(e.child, as_of),
                "CIN Start Date": e.referral_date,
                "Primary Need Code": e.primary_need,
                "Date Child Was Last Seen": visits[e.child_id][0],
                "CIN Closure Date": e.closure_date if closed else None,
                "Reason for Closure": e.closure_reason if closed else "",
                "Case Status": status,
                **_team_worker(allocations.get(e.child_id)),
            }
        )
    return rows


def _assessment_model() -> Any:
    from hearth.assessments.models import Assessment

    return Assessment


def _looked_after(child_ids: set[int], as_of: date) -> set[int]:
    """Children looked after on `as_of`, when the children in care app is installed."""
    from django.apps import apps

    if not apps.is_installed("hearth.children_in_care"):
        return set()
    try:
        period = apps.get_model("children_in_care", "PeriodOfCare")
    except LookupError:
        return set()
    try:
        return set(
            period.objects.filter(child_id__in=child_ids, start_date__lte=as_of)
            .filter(Q(end_date__isnull=True) | Q(end_date__gt=as_of))
            .values_list("child_id", flat=True)
        )
    except Exception:  # a different shape: leave the status to the plans
        return set()


def annex_a_list_7(as_of: date) -> list[dict[str, Any]]:
    """List 7: children on a CP plan at `as_of`, plus plans that ended in the 6 months before."""
    start = add_months(as_of, -ANNEX_A_MONTHS)
    plans = list(
        CPPlan.objects.filter(start_date__lte=as_of)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .select_related("child")
        .order_by("start_date", "id")
    )
    child_ids = {p.child_id for p in plans}
    latest_review: dict[int, date] = dict(
        Conference.objects.reviews()
        .filter(plan__in=[p.pk for p in plans], held_on__lte=as_of)
        .values("plan_id")
        .annotate(last=Max("held_on"))
        .values_list("plan_id", "last")
    )
    latest_category: dict[int, str] = {}
    for plan_id, category in (
        Conference.objects.reviews()
        .filter(plan__in=[p.pk for p in plans], held_on__lte=as_of)
        .exclude(category="")
        .order_by("held_on", "id")
        .values_list("plan_id", "category")
    ):
        latest_category[plan_id] = category
    visits = _last_visits(child_ids, as_of)
    allocations = _allocations(child_ids, as_of)
    rows = []
    for plan in plans:
        seen, alone = visits[plan.child_id]
        last_visit = seen if seen is not None and seen >= plan.start_date else None
        rows.append(
            {
                **_child_columns(plan.child, as_of),
                "Child Protection Plan Start Date": plan.start_date,
                "Initial Category of Abuse": plan.initial_category,
                "Latest Category of Abuse": latest_category.get(plan.pk, plan.initial_category),
                "Date of the Last Statutory Visit": last_visit,
                "Was the Child Seen Alone?": _yes_no(
                    None if last_visit is None else alone is not None and alone == last_visit
                ),
                "Date of latest review conference": latest_review.get(plan.pk),
                "Child Protection Plan End Date": _within(plan.end_date, as_of),
                # Police protection and EPOs are recorded by the children in care work.
                "Subject to Emergency Protection Order or Protected Under Police Powers in Last "
                "Six Months (Y/N)": "",
                "Number of Previous Child Protection Plans": plan.previous_plans,
                **_team_worker(allocations.get(plan.child_id)),
            }
        )
    return rows
