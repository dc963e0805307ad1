"""Oversight's timescales: supervision frequency, the maximum interval between recorded
management oversight by case type, and actions from oversight and supervision.

The rules are declared in hearth.timescales.catalogue (supervision_due, oversight_interval,
oversight_action); the amounts come from settings.HEARTH and are read here every time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Max, Q

from hearth.timescales.catalogue import rule as rule_by_id
from hearth.timescales.engine import DueItem
from hearth.timescales.rules import Offset, add_months

SUPERVISION_DUE = "supervision_due"
OVERSIGHT_INTERVAL = "oversight_interval"
OVERSIGHT_ACTION = "oversight_action"

# Strictest first: the label shown for a child with several case types.
CASE_TYPES: tuple[tuple[str, str], ...] = (
    ("cp", "Child protection"),
    ("cla", "Child in care"),
    ("care_leaver", "Care leaver"),
    ("cin", "Child in need"),
    ("assessment", "Assessment"),
    ("allocated", "Allocated"),
)
CASE_TYPE_LABELS = dict(CASE_TYPES)

_FREQUENCY_WEEKS = {"weekly": 1, "fortnightly": 2, "six_weekly": 6}


def _hearth() -> dict[str, Any]:
    return getattr(settings, "HEARTH", {})


# --- Supervision ---------------------------------------------------------------------------


def is_newly_qualified(worker: Any, on: date) -> bool:
    """A social worker within SUPERVISION_NQSW_MONTHS of the date they qualified."""
    qualified = getattr(worker, "qualified_on", None)
    if qualified is None or getattr(worker, "role", "") != "social_worker":
        return False
    months = int(_hearth().get("SUPERVISION_NQSW_MONTHS", 6))
    return qualified <= on < add_months(qualified, months)


def supervision_offset(worker: Any, frequency: str, on: date) -> Offset:
    """How often this worker is supervised on `on`: the agreement's frequency if it names
    one, else the role's setting, else fortnightly for a newly qualified social worker, else
    SUPERVISION_INTERVAL_MONTHS (default monthly)."""
    if frequency == "monthly":
        return Offset(1, "months")
    if frequency in _FREQUENCY_WEEKS:
        return Offset(_FREQUENCY_WEEKS[frequency], "weeks")
    by_role = _hearth().get("SUPERVISION_INTERVAL_WEEKS_BY_ROLE") or {}
    role = getattr(worker, "role", "")
    if role in by_role:
        return Offset(int(by_role[role]), "weeks")
    if is_newly_qualified(worker, on):
        return Offset(int(_hearth().get("SUPERVISION_NQSW_INTERVAL_WEEKS", 2)), "weeks")
    return rule_by_id(SUPERVISION_DUE).current_offset()


@dataclass(frozen=True)
class SupervisionDue:
    worker_id: int
    last_held: date | None
    clock_start: date
    due: date
    offset: Offset

    def is_overdue(self, today: date) -> bool:
        return today > self.due

    @property
    def explanation(self) -> str:
        event = "the last supervision" if self.last_held else "the start of the agreement"
        return f"{self.offset.describe()} after {event} ({SUPERVISION_DUE}, local policy)"


def supervision_due(agreement: Any, last_held: date | None, today: date) -> SupervisionDue:
    """When the worker's next supervision is due. The frequency is judged on the clock start
    (a newly qualified worker supervised at five months is next due a fortnight later)."""
    start = last_held or agreement.start_date
    offset = supervision_offset(agreement.worker, agreement.frequency, start)
    return SupervisionDue(agreement.worker_id, last_held, start, offset.apply(start), offset)


# --- Management oversight ------------------------------------------------------------------


def interval_table() -> dict[str, int]:
    """Weeks between oversight for every case type, read from settings once per call (lists
    of thousands of children use one table rather than reading settings per child)."""
    configured = _hearth().get("OVERSIGHT_INTERVAL_WEEKS") or {}
    default = rule_by_id(OVERSIGHT_INTERVAL).current_offset().amount
    fallback = int(configured.get("allocated", default))
    return {code: int(configured.get(code, fallback)) for code, _ in CASE_TYPES}


def oversight_weeks(case_type: str) -> int:
    return interval_table().get(case_type, interval_table()["allocated"])


_ORDER = {code: n for n, (code, _) in enumerate(CASE_TYPES)}


def strictest(types: Iterable[str], table: dict[str, int] | None = None) -> str:
    """The case type with the shortest oversight interval ('allocated' when none)."""
    weeks = table or interval_table()
    found = list(types) or ["allocated"]
    return min(found, key=lambda t: (weeks.get(t, weeks["allocated"]), _ORDER.get(t, 99)))


def oversight_due_from(last: date, case_type: str) -> date:
    return last + timedelta(weeks=oversight_weeks(case_type))


def oversight_item(
    *, child_id: int, case_type: str, clock_start: date, event: str, url: str, assignee: int | None
) -> DueItem:
    """A DueItem for the next management oversight; the interval depends on the case type,
    so the date is computed here rather than from the rule's single default."""
    weeks = oversight_weeks(case_type)
    return DueItem(
        rule=rule_by_id(OVERSIGHT_INTERVAL),
        child_id=child_id,
        subject=f"Management oversight ({CASE_TYPE_LABELS.get(case_type, case_type)}, "
        f"every {weeks} weeks)",
        clock_start=clock_start,
        clock_event=event,
        due=clock_start + timedelta(weeks=weeks),
        url=url,
        assignee_id=assignee,
    )


def oversight_due(child_ids: Sequence[int], today: date) -> Iterable[DueItem]:
    """Provider: next management oversight for each allocated child, for the team manager.
    A fixed number of queries (see selectors.oversight_status)."""
    from hearth.oversight.selectors import oversight_status

    items = []
    for row in oversight_status(child_ids, today):
        items.append(
            oversight_item(
                child_id=row.child_id,
                case_type=row.case_type,
                clock_start=row.clock_start,
                event=row.clock_event,
                url=row.url,
                assignee=row.manager_id,
            )
        )
    return items


def oversight_actions_due(child_ids: Sequence[int], today: date) -> Iterable[DueItem]:
    """Provider: open actions set in management oversight, for their owners. One query."""
    from hearth.casework.presenters import url_builder
    from hearth.oversight.models import OversightAction

    child_url = url_builder("oversight:child_oversight")
    rows = (
        OversightAction.objects.open()
        .filter(child_id__in=child_ids)
        .values_list("child_id", "description", "due_on", "owner_id")
    )
    return [
        DueItem.create(
            OVERSIGHT_ACTION,
            child_id=child_id,
            subject=f"Oversight action: {description}"[:200],
            clock_start=due_on,
            clock_event="the date the manager set",
            url=child_url(child_id),
            assignee_id=owner_id,
        )
        for child_id, description, due_on, owner_id in rows
    ]


def last_oversight(child_ids: Sequence[int]) -> dict[int, date]:
    from hearth.oversight.models import OversightEntry

    rows = (
        OversightEntry.objects.filter(child_id__in=child_ids)
        .values("child_id")
        .annotate(last=Max("occurred_on"))
        .values_list("child_id", "last")
    )
    return dict(rows)


def register() -> None:
    from hearth.timescales.engine import register_provider

    register_provider("oversight.management_oversight", oversight_due)
    register_provider("oversight.oversight_actions", oversight_actions_due)
    register_provider("oversight.key_points", _key_points_due)

    from hearth.core.worktray import register_assigned_children, register_panel

    register_assigned_children("oversight.actions", _children_with_my_actions)
    register_assigned_children("oversight.key_points", _children_waiting_for_my_oversight)
    register_panel("oversight", "oversight/_worktray_panel.html", _worktray_panel)


def _children_with_my_actions(user: Any, today: date) -> Iterable[int]:
    from hearth.oversight.models import OversightAction

    return (
        OversightAction.objects.open().filter(owner_id=user.pk).values_list("child_id", flat=True)
    )


def _children_waiting_for_my_oversight(user: Any, today: date) -> Iterable[int]:
    """Children of the teams this manager leads (directly) with a key point waiting."""
    if not getattr(user, "is_manager", False):
        return []
    from hearth.casework.models import Allocation
    from hearth.oversight.keypoints import lookback_days, waiting_key_points

    since = today - timedelta(days=lookback_days())
    held = Allocation.objects.filter(team__manager_id=user.pk, start_date__lte=today).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=since)
    )
    child_ids = list(held.values_list("child_id", flat=True).distinct())
    return {p.child_id for p in waiting_key_points(child_ids, today)}


def _worktray_panel(user: Any, today: date) -> dict[str, Any]:
    from hearth.oversight.selectors import overdue_improvement_actions, oversight_work
    from hearth.people.models import Person

    work = oversight_work(user, today)
    if work.oversight_actions:  # a supervisee's action names a child only if the user may see it
        visible = set(
            Person.objects.children()
            .visible_to(user)
            .filter(pk__in={a.child_id for a in work.oversight_actions})
            .values_list("pk", flat=True)
        )
        work.oversight_actions = [a for a in work.oversight_actions if a.child_id in visible]
    improvement = overdue_improvement_actions(user, today)
    return {"oversight_work": work, "today": today, "improvement_actions": improvement}


def _key_points_due(child_ids: Sequence[int], today: date) -> Iterable[DueItem]:
    from hearth.oversight.keypoints import key_point_oversight_due

    return key_point_oversight_due(child_ids, today)
