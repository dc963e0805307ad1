"""Due items: what is due for a child, by when, and which rule says so.

Apps contribute due items through providers registered in their AppConfig.ready():

    from hearth.timescales.engine import register_provider
    register_provider("casework.visits", visits_due)

A provider is `fn(child_ids: Sequence[int], today: date) -> Iterable[DueItem]`. It must make a
fixed number of database queries whatever the number of children (one query per model it
reads, filtered by `child_id__in`), because worktrays call every provider on every request.
`due_items(child_ids, today=...)` runs every provider and returns the items soonest first.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from django.conf import settings

from hearth.core.presenters import format_date
from hearth.timescales.calendar import is_working_day, next_working_day, working_days_between
from hearth.timescales.catalogue import rule as rule_by_id
from hearth.timescales.gates import KNOWN_GATES, MAX_PROBED_CHILDREN, Gate, open_entries
from hearth.timescales.rules import Rule

Status = Literal["overdue", "due_today", "due_soon", "upcoming"]
Provider = Callable[[Sequence[int], date], Iterable["DueItem"]]

STATUS_LABELS: dict[str, str] = {
    "overdue": "Overdue",
    "due_today": "Due today",
    "due_soon": "Due soon",
    "upcoming": "Upcoming",
}


def _due_soon_working_days() -> int:
    return int(getattr(settings, "HEARTH", {}).get("DUE_SOON_WORKING_DAYS", 5))


@dataclass(frozen=True)
class DueItem:
    """One thing due for one child, with the rule and the event that set its date."""

    rule: Rule
    child_id: int
    subject: str
    clock_start: date
    clock_event: str
    due: date
    url: str = ""
    assignee_id: int | None = None

    @classmethod
    def create(
        cls,
        rule_id: str,
        *,
        child_id: int,
        subject: str,
        clock_start: date,
        clock_event: str,
        url: str = "",
        assignee_id: int | None = None,
    ) -> DueItem:
        """A due item whose date the rule computes from `clock_start`."""
        found = rule_by_id(rule_id)
        return cls(
            rule=found,
            child_id=child_id,
            subject=subject,
            clock_start=clock_start,
            clock_event=clock_event,
            due=found.due_from(clock_start),
            url=url,
            assignee_id=assignee_id,
        )

    def status(self, today: date) -> Status:
        """Overdue after the due date; due soon within DUE_SOON_WORKING_DAYS working days."""
        if today > self.due:
            return "overdue"
        if today == self.due:
            return "due_today"
        if working_days_between(today, self.due) <= _due_soon_working_days():
            return "due_soon"
        return "upcoming"

    def status_label(self, today: date) -> str:
        return STATUS_LABELS[self.status(today)]

    def is_overdue(self, today: date) -> bool:
        return today > self.due

    def days_overdue(self, today: date) -> int:
        """Working days after the due date up to and including today; 0 when not overdue.

        A date due on a Saturday is overdue on Sunday but 0 working days overdue until Monday."""
        return max(0, working_days_between(self.due, today))

    def working_days_left(self, today: date) -> int:
        """Working days from today up to and including the due date; 0 once it has passed."""
        return max(0, working_days_between(today, self.due))

    @property
    def explanation(self) -> str:
        """Why this date: 'Due 10 March 2026: 5 working days after allocated to Sam Patel on
        3 March 2026. Rule: First visit after allocation (local policy).'"""
        offset = self.rule.current_offset()
        counted_from = ""
        if offset.unit == "working_days" and not is_working_day(self.clock_start):
            counted_from = (
                f", counted from {format_date(next_working_day(self.clock_start))} "
                "(the next working day)"
            )
        return (
            f"Due {format_date(self.due)}: {offset.describe()} after {self.clock_event} on "
            f"{format_date(self.clock_start)}{counted_from}. "
            f"Rule: {self.rule.title} ({self.rule.describe_basis()})."
        )

    def sort_key(self) -> tuple[date, int, str, str]:
        return (self.due, self.child_id, self.rule.id, self.subject)


_providers: dict[str, Provider] = {}
_gates: dict[str, Gate] = {}
_lock = threading.Lock()


def register_provider(name: str, fn: Provider, *, gate: Gate | None = None) -> None:
    """Register (or replace) the provider called `name`; safe to call twice from ready().

    `gate` ("app_label.Model.child_field", ...) lets the engine skip the provider when none
    of those tables has a row for the children (see timescales/gates.py)."""
    if not callable(fn):
        raise TypeError(f"Due item provider {name!r} must be callable")
    with _lock:
        _providers[name] = fn
        chosen = gate if gate is not None else KNOWN_GATES.get(name)
        if chosen:
            _gates[name] = tuple(chosen)
        else:
            _gates.pop(name, None)


def unregister_provider(name: str) -> None:
    with _lock:
        _providers.pop(name, None)
        _gates.pop(name, None)


def registered_providers() -> dict[str, Provider]:
    with _lock:
        return dict(_providers)


def registered_gates() -> dict[str, Gate]:
    """Each gated provider's gate, by provider name."""
    with _lock:
        return dict(_gates)


def due_items(child_ids: Iterable[int], *, today: date) -> list[DueItem]:
    """Every provider's due items for these children, soonest first.

    Items for children outside `child_ids` are dropped, so a careless provider cannot leak
    another child's work into a worktray."""
    wanted = list(dict.fromkeys(child_ids))
    if not wanted:
        return []
    allowed = set(wanted)
    with _lock:
        providers = dict(_providers)
        gates = dict(_gates)
    if len(wanted) <= MAX_PROBED_CHILDREN and gates:
        # One query says which gated tables hold rows for these children; providers whose
        # tables are all empty for them would find nothing, so they are not called.
        opened = open_entries({e for gate in gates.values() for e in gate}, wanted)
        providers = {
            name: fn
            for name, fn in providers.items()
            if name not in gates or opened.intersection(gates[name])
        }
    found: list[DueItem] = []
    for fn in providers.values():
        found.extend(item for item in fn(wanted, today) if item.child_id in allowed)
    return sorted(found, key=DueItem.sort_key)
