"""Reads for the data-quality view: each failure beside the child's team and worker."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hearth.casework.models import Allocation
from hearth.people.models import Person
from hearth.returns import links
from hearth.returns.cin_census.extract import census_extract
from hearth.returns.cin_census.validate import Failure, validate
from hearth.returns.cin_census.validate import rules as cin_rules
from hearth.returns.links import FixLink
from hearth.returns.ssda903 import tables as t
from hearth.returns.ssda903.validate import rules as ssda903_rules


@dataclass(frozen=True)
class FailureRow:
    failure: Failure
    team: str
    worker: str
    # The page where the field the rule concerns is recorded (None for the whole return).
    fix: FixLink | None = None


def cin_census_failures(year: int, *, today: date | None = None) -> list[FailureRow]:
    """The live record's CIN census failures for the year, by team, worker and rule, each
    with the page where it is fixed."""
    census = census_extract(year)
    failures = validate(census)
    fields_of = {r.code: r.fields for r in cin_rules()}
    fixes = links.cin_census_links(census, failures, fields_of)
    return _with_allocations(failures, today, fixes)


def ssda903_failures(year: int, *, today: date | None = None) -> list[FailureRow]:
    """The live record's SSDA903 failures for the year (checked with last year's return), by
    team, worker and rule, each with the child's record and the table and line it is on."""
    from hearth.returns.ssda903.live import live_check

    parsed, found = live_check(year)
    ids = {f.child for f in found if f.child}
    people = dict(
        Person.objects.filter(la_child_id__in=sorted(ids)).values_list("la_child_id", "pk")
    )
    people.update({i: int(i) for i in ids if i not in people and i.isdigit()})
    failures = [
        Failure(
            code=f.code,
            severity=f.severity,
            message=f.message,
            la_child_id=f.child,
            person_id=people.get(f.child or ""),
            position=None,
            location=f"{f.table} line {f.line}",
        )
        for f in found
    ]
    rows = links.ssda903_rows_by_place(parsed)
    episodes = links.episode_records(links.group_by_table(found, rows).get(t.EPISODES, []))
    fields_of = {r.code: r.fields for r in ssda903_rules()}
    fixes = [
        links.ssda903_link(
            table=f.table,
            row=rows.get((f.table, f.row)),
            fields=fields_of.get(f.code, ()),
            person_id=people.get(f.child or ""),
            episodes=episodes,
        )
        for f in found
    ]
    return _with_allocations(failures, today, fixes)


def _with_allocations(
    failures: list[Failure], today: date | None, fixes: list[FixLink | None]
) -> list[FailureRow]:
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
    for f, fix in zip(failures, fixes, strict=True):
        allocation = allocations.get(f.person_id) if f.person_id else None
        rows.append(
            FailureRow(
                failure=f,
                team=str(allocation.team) if allocation and allocation.team else "Unallocated",
                worker=str(allocation.worker) if allocation and allocation.worker else "",
                fix=fix,
            )
        )
    rows.sort(key=lambda r: (r.team, r.worker, r.failure.code, r.failure.la_child_id or ""))
    return rows
