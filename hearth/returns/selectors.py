"""Reads for the data-quality view: each failure beside the child's team and worker."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hearth.casework.models import Allocation
from hearth.returns.cin_census.extract import census_extract
from hearth.returns.cin_census.validate import Failure, validate


@dataclass(frozen=True)
class FailureRow:
    failure: Failure
    team: str
    worker: str


def cin_census_failures(year: int, *, today: date | None = None) -> list[FailureRow]:
    """The live record's CIN census failures for the year, by team, worker and rule."""
    failures = validate(census_extract(year))
    on = today or date.today()
    child_ids = {f.person_id for f in failures if f.person_id is not None}
    allocations: dict[int, Allocation] = {}
    # Every current allocation in one query: no list of ids, so no parameter limit.
    for allocation in (
        Allocation.objects.current(on).select_related("team", "worker").order_by("start_date", "id")
    ):
        if allocation.child_id in child_ids:
            allocations[allocation.child_id] = allocation
    rows = []
    for f in failures:
        allocation = allocations.get(f.person_id) if f.person_id else None
        rows.append(
            FailureRow(
                failure=f,
                team=str(allocation.team) if allocation and allocation.team else "Unallocated",
                worker=str(allocation.worker) if allocation and allocation.worker else "",
            )
        )
    rows.sort(key=lambda r: (r.team, r.worker, r.failure.code, r.failure.la_child_id or ""))
    return rows
