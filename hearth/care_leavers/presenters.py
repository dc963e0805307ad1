"""Display formatting for the leaving care pages (words, dates, tags, sort order)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from hearth.care_leavers import rules
from hearth.care_leavers.selectors import CareLeaverRow
from hearth.core.presenters import format_date
from hearth.reference import lookups


@dataclass(frozen=True)
class Tag:
    text: str
    colour: str = ""  # a GOV.UK tag modifier: red, orange, yellow, green, grey

    @property
    def classes(self) -> str:
        return f"govuk-tag govuk-tag--{self.colour}" if self.colour else "govuk-tag"


def adviser_text(row: CareLeaverRow) -> str:
    if row.allocation is not None:
        return str(row.allocation.adviser)
    return "No adviser" if row.eligibility.needs_adviser else "Not needed yet"


def contact_tag(row: CareLeaverRow) -> Tag | None:
    gap = row.gap
    if gap is None:
        return None
    if not gap.not_in_touch and not gap.not_seen:
        return Tag("In touch", "green")
    return Tag(gap.summary, "red" if gap.escalated else "orange")


def plan_text(row: CareLeaverRow, today: date) -> str:
    if row.latest_plan_on is None:
        return "No pathway plan" if row.eligibility.needs_adviser else ""
    if row.review is None:
        return f"Plan {format_date(row.latest_plan_on)}"
    when = format_date(row.review.due)
    if row.review.due < today:
        return f"Review overdue since {when}"
    return f"Review due {when}"


def plan_tag(row: CareLeaverRow, today: date) -> Tag | None:
    if row.no_plan:
        return Tag("No plan", "red")
    if row.plan_overdue:
        return Tag("Review overdue", "red")
    return None


def accommodation_text(row: CareLeaverRow) -> str:
    acc = row.accommodation
    if acc is None:
        return "Not recorded"
    return (
        f"{acc.get_accommodation_type_display()} ({'suitable' if acc.suitable else 'not suitable'})"
    )


def activity_text(row: CareLeaverRow) -> str:
    act = row.activity
    if act is None:
        return "Not recorded"
    return lookups.description("oc3_activity", act.code) or act.code


def age_text(row: CareLeaverRow, today: date) -> str:
    return str(rules.age_on(row.history.born, today))


def entitlement_text(row: CareLeaverRow) -> str:
    ends = row.eligibility.entitlement_ends
    if ends is None:
        return ""
    return f"Entitled to support until {format_date(ends)}"


def urgency(row: CareLeaverRow) -> tuple[int, int, str, str]:
    """Sort key: unallocated first, then escalated, not in touch, not seen, plan overdue."""
    gap = row.gap
    score = 0
    if row.unallocated:
        score = 5
    elif gap is not None and gap.escalated:
        score = 4
    elif gap is not None and gap.not_in_touch:
        score = 3
    elif gap is not None and gap.not_seen:
        score = 2
    elif row.plan_overdue or row.no_plan:
        score = 1
    weeks = gap.weeks_not_in_touch if gap else 0
    return (-score, -weeks, row.person.last_name, row.person.first_name)


def counts(rows: list[CareLeaverRow]) -> dict[str, int]:
    """The whole-service counts above the list, in one pass over the rows."""
    unallocated = not_in_touch = not_seen = escalated = plan_overdue = no_health_history = 0
    for r in rows:
        unallocated += r.unallocated
        gap = r.gap
        if gap is not None:
            not_in_touch += gap.not_in_touch
            not_seen += gap.not_seen
            escalated += gap.escalated
        plan_overdue += r.plan_overdue or r.no_plan
        no_health_history += r.no_health_history
    return {
        "owed": len(rows),
        "unallocated": unallocated,
        "not_in_touch": not_in_touch,
        "not_seen": not_seen,
        "escalated": escalated,
        "plan_overdue": plan_overdue,
        "no_health_history": no_health_history,
    }


# Rows per page of the service list: the most urgent come first (see `urgency`) and the
# counts above the list are always for the whole service.
SERVICE_PAGE_SIZE = 100

FILTERS = {
    "all": ("Everyone", lambda r: True),
    "unallocated": ("No adviser", lambda r: r.unallocated),
    "not_seen": (
        "Not seen or not in touch",
        lambda r: bool(r.gap and (r.gap.not_seen or r.gap.not_in_touch)),
    ),
    "escalated": ("Escalated to the manager", lambda r: bool(r.gap and r.gap.escalated)),
    "plan_overdue": ("Plan missing or overdue", lambda r: r.plan_overdue or r.no_plan),
    "no_health_history": ("Not given their health history", lambda r: r.no_health_history),
}


def display_rows(rows: list[CareLeaverRow], today: date, url: Any) -> list[dict[str, Any]]:
    return [
        {
            "row": r,
            # A restricted record the viewer is not named on: counted, never named or linked.
            "masked": r.masked,
            "url": "" if r.masked else url(r.pk),
            "name": "Restricted record" if r.masked else r.person.display_name,
            "age": "Not shown" if r.masked else age_text(r, today),
            "category": r.eligibility.label,
            "adviser": adviser_text(r),
            "unallocated": r.unallocated,
            "last_contact": format_date(r.last_in_touch) if r.last_in_touch else "None",
            "contact_tag": contact_tag(r),
            "plan": plan_text(r, today),
            "plan_tag": plan_tag(r, today),
            "accommodation": accommodation_text(r),
            "activity": activity_text(r),
        }
        for r in rows
    ]
