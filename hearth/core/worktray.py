"""What apps above casework add to a person's worktray (My work), without casework importing
them: dependencies point one way (ARCHITECTURE.md), so the apps register here in their
AppConfig.ready() and casework's My work asks this registry.

- Assigned children: `fn(user, today) -> Iterable[child id]`, the children on which the user
  has due items assigned to them although the child is not on their caseload (an assessment
  waiting for their authorisation, an action they own, oversight asked of them). My work reads
  the due items of those children and keeps the ones assigned to the user. One or two queries
  each, whatever the number of children.
- Panels: a template and `fn(user, today) -> dict`, the context the template reads as
  `panel.context`. My work includes each panel in the order registered.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

AssignedFinder = Callable[[Any, date], Iterable[int]]
PanelContext = Callable[[Any, date], dict[str, Any]]


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict[str, Any]


_finders: dict[str, AssignedFinder] = {}
_panels: dict[str, tuple[str, PanelContext]] = {}
_lock = threading.Lock()


def register_assigned_children(name: str, fn: AssignedFinder) -> None:
    """Register (or replace) a finder; safe to call twice from ready()."""
    with _lock:
        _finders[name] = fn


def register_panel(name: str, template: str, fn: PanelContext) -> None:
    """Register (or replace) a worktray panel; safe to call twice from ready()."""
    with _lock:
        _panels[name] = (template, fn)


def assigned_children(user: Any, today: date) -> set[int]:
    """Every child on which some app has work assigned to `user`. Callers still scope these
    children to what the user may see before showing anything."""
    with _lock:
        finders = list(_finders.values())
    found: set[int] = set()
    for fn in finders:
        found.update(fn(user, today))
    return found


def panels(user: Any, today: date) -> list[Panel]:
    with _lock:
        registered = list(_panels.values())
    return [Panel(template=template, context=fn(user, today)) for template, fn in registered]
