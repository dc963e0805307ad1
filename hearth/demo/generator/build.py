"""Run the pathways in order and write the rows in batches. One audit entry per build."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction

from hearth.core.audit import Auditor
from hearth.core.models import AuditAction
from hearth.demo.generator import casework, children, families, pathways, plan, workforce
from hearth.demo.generator.bulk import Tables, reset_sequences
from hearth.demo.generator.context import Context

DEFAULT_CHILDREN = 3000
DEFAULT_SEED = 2026
DEFAULT_PASSWORD = "hearth-demo-2026"
FAMILIES_PER_CHUNK = 500


@dataclass(frozen=True)
class BuildResult:
    seed: int
    today: date
    counts: dict[str, int]
    seconds: float


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def build(
    *,
    children_count: int = DEFAULT_CHILDREN,
    seed: int = DEFAULT_SEED,
    today: date,
    password: str = DEFAULT_PASSWORD,
    log: Callable[[str], None] | None = None,
) -> BuildResult:
    """Build the borough into a database without people (see `reset.wipe`)."""
    started = time.perf_counter()
    say = log or (lambda message: None)
    ctx = Context.create(seed=seed, today=today)
    la_code = str(settings.HEARTH.get("LA_CODE", "999"))[:3].rjust(3, "9")
    with transaction.atomic():
        family_plans = plan.plan_families(ctx, children_count)
        allocated = plan.mark_unallocated(ctx, family_plans)
        demand = {
            spec.key: workforce.practitioners_needed(ctx, spec, allocated[spec.key])
            for spec in workforce.CASEWORK_TEAMS
        }
        wf = workforce.build_workforce(ctx, demand=demand, password_hash=make_password(password))
        practitioners = {
            key: list(zip(wf.practitioners[key], demand[key], strict=True)) for key in demand
        }
        plan.assign_workers(ctx, family_plans, practitioners)
        plan.showcase_drift(ctx, family_plans, wf.named["social.worker"])
        _choose_restricted(ctx, family_plans)
        say(f"Planned {len(family_plans)} families; {len(wf.users)} staff")

        tables = Tables()
        households: list[families.Household] = []
        kids = adults = relationships = restricted = 0
        for number, chunk in enumerate(_chunks(family_plans, FAMILIES_PER_CHUNK), start=1):
            for family in chunk:
                household = _household(ctx, tables, family, wf, la_code)
                households.append(household)
                kids += len(household.children)
                adults += len(household.adults)
                relationships += household.relationships
                restricted += len(household.children) if family.restricted else 0
            tables.flush()
            say(f"  wrote {min(number * FAMILIES_PER_CHUNK, len(family_plans))} families")
        reset_sequences(tables.all)

        ctx.counts.add("children", kids)
        ctx.counts.add("adults", adults)
        ctx.counts.add("relationships", relationships)
        ctx.counts.add("restricted_children", restricted)
        ctx.counts.add("addresses", tables.address.written)
        ctx.counts.add("disabilities", tables.disability.written)
        ctx.counts.add("allocations", tables.allocation.written)
        ctx.counts.add("case_notes", tables.case_note.written)
        ctx.counts.add("chronology_entries", tables.chronology.written)
        borough = pathways.Borough(
            ctx=ctx,
            wf=wf,
            households=households,
            children_count=children_count,
            seed=seed,
            say=say,
        )
        pathways.run(borough)
        if borough.failures:
            ctx.counts.add("pathway_demos_failed", len(borough.failures))
        counts = dict(sorted(ctx.counts.values.items()))
        Auditor(system_job="demo").record(
            AuditAction.CREATE,
            object_type="demo.borough",
            object_id=str(seed),
            summary=(
                f"Built the synthetic borough: {kids} children, "
                f"{counts.get('users', 0)} staff (seed {seed}, reference date {today:%Y-%m-%d})"
            ),
            changes={"seed": seed, "reference_date": today.isoformat(), "counts": counts},
        )
    return BuildResult(seed=seed, today=today, counts=counts, seconds=time.perf_counter() - started)


def _choose_restricted(ctx: Context, family_plans: list[plan.FamilyPlan]) -> None:
    """A few records of staff members' children, restricted to two named users."""
    candidates = [
        f
        for f in family_plans
        if f.worker is not None
        and not f.showcase
        and f.team_key in ("safeguarding_b", "safeguarding_c", "disabled", "early_help")
        and all(c.age_days is not None for c in f.children)
    ]
    if not candidates:  # a very small borough: any other allocated family will do
        candidates = [f for f in family_plans if f.worker is not None and not f.showcase]
    wanted = max(1, len(family_plans) // 600)
    for family in candidates[:wanted]:
        family.restricted = True


def _household(
    ctx: Context, tables: Tables, family: plan.FamilyPlan, wf: workforce.Workforce, la_code: str
) -> families.Household:
    household = families.Household(plan=family)
    for child_plan in family.children:
        household.children.append(
            children.make_child(ctx, tables, family, child_plan, la_code=la_code)
        )
    segments = casework.resolve_segments(ctx, household, wf)
    household.segments = segments
    staff_parent = None
    if family.restricted:
        # A staff member's child: the mother works for the borough; only the worker and the
        # team manager may open the record.
        named = [segments[-1].worker, wf.managers[family.team_key]]
        staff = ctx.rng.choice([u for u in wf.users if u.team_id and u not in named])
        staff_parent = (staff.first_name, staff.last_name)
        for child in household.children:
            for user in named:
                if user is not None:
                    tables.restricted_to.add(person_id=child.id, user_id=user.pk)
    families.build_network(ctx, tables, household, staff_parent=staff_parent)
    casework.write_allocations(ctx, tables, household, wf, segments)
    casework.write_notes(ctx, tables, household, wf, segments)
    return household
