"""Shared reads for the workforce indicators: which workers a scope covers (those holding the
scope's children on the date; every worker for the borough)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from hearth.casework.models import Allocation
from hearth.indicators.base import ChildIds
from hearth.oversight.selectors import worker_fte


def current_allocations(on: date, children: ChildIds) -> Any:
    allocations = Allocation.objects.current(on)
    if children is not None:
        allocations = allocations.filter(child_id__in=children)
    return allocations


def worker_ids(on: date, children: ChildIds) -> Any:
    """A subquery of the workers holding the scope's children on `on` (None: everyone)."""
    if children is None:
        return None
    return current_allocations(on, children).values("worker_id")


def name(first: str, last: str, username: str) -> str:
    return f"{first} {last}".strip() or username


def fte_on(on: date, account_fte: dict[int, Decimal]) -> dict[int, float]:
    """Each worker's FTE on `on`, as the caseload pages count it (oversight's `worker_fte`:
    the staff record in post that day, else the account). Keys are the workers in
    `account_fte`."""
    return {pk: float(fte) for pk, fte in worker_fte(list(account_fte), on).items()}
