"""Reads for the API, each scoped: children through `visible_to`, one child through
`child_for` (404 and an audited refusal for outsiders), contacts through the front door's
`Contact.objects.visible_to`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from hearth.accounts.models import User
from hearth.casework.models import Allocation
from hearth.front_door.models import Contact
from hearth.people.models import Person
from hearth.timescales.engine import DueItem, due_items

FINALISE_NOTE = "case_note_finalise"  # a draft belongs to its author (casework/rules.py)


@dataclass
class ChildRecord:
    child: Person
    current_allocation: Allocation | None

    def __getattr__(self, name: str) -> object:
        return getattr(self.child, name)


def children_for(user: User, query: str = "") -> QuerySet[Person]:
    """The children the user may see, optionally matching a search, in name order."""
    children = Person.objects.children().visible_to(user)
    if query:
        children = children.search(query)
    return children.order_by("last_name", "first_name", "id")


def allocations_of(child: Person) -> list[Allocation]:
    return list(child.allocations.select_related("team", "worker").order_by("-start_date", "-id"))


def current_allocation(allocations: list[Allocation], today: date) -> Allocation | None:
    return next(
        (
            a
            for a in allocations
            if a.start_date <= today and (a.end_date is None or a.end_date > today)
        ),
        None,
    )


def child_due_items(child: Person, user: User, today: date) -> list[DueItem]:
    """The child's due items, as the child's page shows them (others' drafts left out)."""
    return [
        item
        for item in due_items([child.pk], today=today)
        if item.rule.id != FINALISE_NOTE or item.assignee_id == user.pk
    ]


def referrals_for(user: User) -> QuerySet[Contact]:
    return (
        Contact.objects.visible_to(user)
        .select_related("merged_into")
        .prefetch_related("decisions", "merged_into__decisions")
        .order_by("-received_at", "-id")
    )
