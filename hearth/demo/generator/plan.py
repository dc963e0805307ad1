"""The borough's shape before any row is written: which families there are, which team
holds them, since when, and who their worker is. Pure Python, driven by the seeded rng."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from hearth.demo.generator.context import Context, add_working_days
from hearth.demo.generator.names import ETHNICITY_MIX
from hearth.demo.generator.workforce import CASEWORK_TEAMS, TEAM_SPECS

if TYPE_CHECKING:
    from hearth.accounts.models import User

YEAR = 365


@dataclass
class ChildPlan:
    sex: str
    age_days: int | None  # None for an unborn child
    due_in_days: int = 0


@dataclass
class Segment:
    """One allocation: a team and perhaps a worker, from `start` until `end` (exclusive)."""

    team_key: str
    start: date
    end: date | None = None
    worker: User | None = None  # set when the workforce exists
    reason: str = ""
    first_visit_late: bool = False


@dataclass
class FamilyPlan:
    index: int
    team_key: str
    surname: str
    ethnicity: str
    children: list[ChildPlan]
    opened_on: date  # start of the current team's allocation
    history: list[Segment] = field(default_factory=list)
    unallocated: bool = False
    worker: User | None = None
    # Drift worth finding.
    stale_visits_days: int = 0  # no visit in the last N days
    late_first_visit: bool = False
    no_first_visit: bool = False
    draft_days: list[int] = field(default_factory=list)
    restricted: bool = False
    showcase: bool = False
    cp_cadence: bool = False

    @property
    def size(self) -> int:
        return len(self.children)

    @property
    def eldest_age_days(self) -> int:
        return max((c.age_days or 0) for c in self.children)

    @property
    def youngest_age_days(self) -> int:
        born = [c.age_days for c in self.children if c.age_days is not None]
        return min(born) if born else 0


SIZES: dict[str, list[tuple[int, float]]] = {
    "leaving_care": [(1, 1)],
    "mash": [(1, 60), (2, 28), (3, 12)],
    "cic": [(1, 70), (2, 24), (3, 6)],
    "disabled": [(1, 85), (2, 15)],
    "default": [(1, 50), (2, 28), (3, 14), (4, 6), (5, 2)],
}

# Days before today that the current team's allocation started (low, high).
OPENED_RANGE = {
    "mash": (0, 15),
    "assessment": (3, 60),
    "safeguarding": (20, 700),
    "cic": (60, 1800),
    "leaving_care": (30, 600),
    "disabled": (60, 1500),
    "early_help": (10, 400),
}


def family_kind(team_key: str) -> str:
    for prefix in ("assessment", "safeguarding", "cic"):
        if team_key.startswith(prefix):
            return prefix
    return team_key


def plan_families(ctx: Context, total_children: int) -> list[FamilyPlan]:
    rng = ctx.rng
    weights = [(spec.key, spec.share) for spec in CASEWORK_TEAMS]
    families: list[FamilyPlan] = []
    placed = 0
    while placed < total_children:
        showcase = not any(f.showcase for f in families)
        team_key = "safeguarding_a" if showcase else ctx.weighted(weights)
        kind = family_kind(team_key)
        size = (
            3
            if showcase
            else int(ctx.weighted([(str(s), w) for s, w in SIZES.get(kind, SIZES["default"])]))
        )
        size = min(size, total_children - placed)
        family = FamilyPlan(
            index=len(families),
            team_key=team_key,
            surname=rng.choice(ctx.pools.last),
            ethnicity=ctx.weighted(ETHNICITY_MIX),
            children=_children(ctx, kind, size),
            opened_on=ctx.today,
            showcase=showcase,
        )
        _open_and_history(ctx, family, kind)
        families.append(family)
        placed += size
    return families


def _children(ctx: Context, kind: str, size: int) -> list[ChildPlan]:
    rng = ctx.rng
    plans: list[ChildPlan] = []
    born_count = size
    if kind in ("assessment", "safeguarding", "mash") and ctx.chance(0.02):
        # A pre-birth referral; any brothers and sisters are older.
        plans.append(ChildPlan(sex="U", age_days=None, due_in_days=rng.randint(14, 150)))
        born_count -= 1
    # Brothers and sisters one to three years apart, the youngest at least a month old.
    gaps = [rng.randint(YEAR, 3 * YEAR) for _ in range(max(0, born_count - 1))]
    youngest_min = YEAR if plans else 30
    floor = sum(gaps) + youngest_min
    if kind == "leaving_care":
        eldest = rng.randint(16 * YEAR, 18 * YEAR - 20)
    elif kind == "cic":
        eldest = int(rng.triangular(0, 18 * YEAR - 1, 13 * YEAR))
    else:
        eldest = rng.randint(30, 18 * YEAR - 1)
    eldest = min(max(eldest, floor), 18 * YEAR - 1)
    age = eldest
    for position in range(born_count):
        sex = ctx.weighted([("M", 50), ("F", 49.7), ("U", 0.3)])
        plans.append(ChildPlan(sex=sex, age_days=max(30, age)))
        if position < len(gaps):
            age -= gaps[position]
    all_born = all(c.age_days is not None for c in plans)
    if kind in ("assessment", "safeguarding") and size > 1 and all_born and ctx.chance(0.06):
        # A pre-birth assessment alongside older siblings.
        plans[-1] = ChildPlan(sex="U", age_days=None, due_in_days=rng.randint(14, 150))
    return plans


def _open_and_history(ctx: Context, family: FamilyPlan, kind: str) -> None:
    rng = ctx.rng
    low, high = OPENED_RANGE[kind]
    if any(c.age_days is not None for c in family.children):
        # Work starts no earlier than the birth of the eldest child in the family.
        high = min(high, max(low, family.eldest_age_days - 1))
    else:
        high = min(high, 120)
    if kind == "leaving_care":
        # Leaving care picks young people up at 16.
        high = min(high, max(low, family.eldest_age_days - 16 * YEAR))
    high = max(low, high)
    # Most cases are younger than the longest: skew towards the start of the range.
    days = int(rng.triangular(low, high, low + (high - low) * 0.2))
    family.opened_on = ctx.days_ago(days)
    family.cp_cadence = kind == "safeguarding" and ctx.chance(0.4)

    history: list[Segment] = []
    cursor = family.opened_on
    earliest = ctx.days_ago(max(family.eldest_age_days, 100))

    def before(team_key: str, span: tuple[int, int], reason: str) -> None:
        nonlocal cursor
        start = cursor - timedelta(days=rng.randint(*span))
        if start < earliest:
            return
        history.insert(0, Segment(team_key=team_key, start=start, end=cursor, reason=reason))
        cursor = start

    transfer = f"Transferred to {TEAM_SPECS[family.team_key].name}"
    if kind == "safeguarding" and ctx.chance(0.8):
        before(rng.choice(["assessment_1", "assessment_2"]), (20, 60), transfer)
        if ctx.chance(0.5):
            before("mash", (1, 5), "Referral accepted for assessment")
    elif kind == "assessment" and ctx.chance(0.7):
        before("mash", (1, 5), "Referral accepted for assessment")
    elif kind == "cic" and ctx.chance(0.6):
        before(
            rng.choice(["safeguarding_a", "safeguarding_b", "safeguarding_c"]), (60, 400), transfer
        )
    elif kind == "leaving_care" and ctx.chance(0.8):
        before(rng.choice(["cic_1", "cic_2"]), (100, 1500), transfer)
    elif kind == "early_help" and ctx.chance(0.3):
        before("mash", (1, 5), "Stepped down to early help")
    elif kind == "disabled" and ctx.chance(0.2):
        before("early_help", (60, 300), transfer)
    family.history = history

    # Drift: visits that stopped, and first visits that came late.
    family.late_first_visit = ctx.chance(0.15)
    if kind not in ("mash",) and ctx.chance(0.07):
        family.stale_visits_days = rng.randint(90, 240)


def assign_workers(
    ctx: Context, families: list[FamilyPlan], practitioners: dict[str, list[tuple[Any, int]]]
) -> None:
    """Give each allocated family a worker: the one with most room left against a target."""
    from collections import defaultdict

    loads: dict[int, int] = defaultdict(int)
    targets: dict[int, int] = {}
    for team_staff in practitioners.values():
        for user, target in team_staff:
            targets[id(user)] = target
    by_team: dict[str, list[FamilyPlan]] = defaultdict(list)
    for family in families:
        by_team[family.team_key].append(family)
    for key, team_families in by_team.items():
        staff: list[Any] = [user for user, _ in practitioners[key]]
        for family in team_families:
            if family.unallocated:
                continue
            if family.showcase:
                chosen = staff[0]
            else:
                chosen = max(staff, key=lambda u: (targets[id(u)] - loads[id(u)]) / targets[id(u)])
            family.worker = chosen
            loads[id(chosen)] += family.size


def mark_unallocated(ctx: Context, families: list[FamilyPlan]) -> dict[str, int]:
    """Leave a share of each team's families without a named worker; return the number of
    allocated children per team."""
    allocated: dict[str, int] = {spec.key: 0 for spec in CASEWORK_TEAMS}
    for family in families:
        spec = TEAM_SPECS[family.team_key]
        family.unallocated = not family.showcase and ctx.chance(spec.unallocated_share)
        if not family.unallocated:
            allocated[family.team_key] += family.size
    return allocated


def worker_segments(ctx: Context, family: FamilyPlan, practitioners: list[User]) -> list[Segment]:
    """The current team's allocations: sometimes a reallocation part way (a worker left), and
    for unallocated families sometimes a worker who has gone."""
    rng = ctx.rng
    start = family.opened_on
    span = (ctx.today - start).days
    segments: list[Segment] = []
    others = [u for u in practitioners if u is not family.worker] or practitioners
    if family.unallocated:
        if span > 30 and ctx.chance(0.5):
            mid = start + timedelta(days=rng.randint(10, span - 5))
            segments.append(Segment(family.team_key, start, mid, rng.choice(others), "Allocated"))
            segments.append(
                Segment(
                    family.team_key, mid, None, None, "Worker left the team; awaiting reallocation"
                )
            )
        else:
            segments.append(Segment(family.team_key, start, None, None, "Awaiting allocation"))
        return segments
    if span > 90 and ctx.chance(0.25) and not family.no_first_visit:
        mid = start + timedelta(days=rng.randint(30, span - 20))
        segments.append(Segment(family.team_key, start, mid, rng.choice(others), "Allocated"))
        reason = rng.choice(
            ["Previous worker left", "Caseload balancing", "Worker on long-term leave"]
        )
        segments.append(Segment(family.team_key, mid, None, family.worker, reason))
    else:
        segments.append(Segment(family.team_key, start, None, family.worker, "Allocated"))
    segments[0].first_visit_late = family.late_first_visit
    return segments


def showcase_drift(ctx: Context, families: list[FamilyPlan], social_worker: User) -> None:
    """Make sure the `social.worker` login opens onto overdue work: visits overdue, a new
    allocation not yet visited, and case notes left in draft."""
    theirs = [f for f in families if f.worker is social_worker]
    others = [f for f in theirs if not f.showcase]
    for family in others[:2]:
        family.stale_visits_days = ctx.rng.randint(35, 75)
    if len(others) > 2:
        newest = others[2]
        newest.history = []
        newest.opened_on = add_working_days(ctx.today, -ctx.rng.randint(8, 12))
        newest.no_first_visit = True
        newest.stale_visits_days = 0
    for family in theirs[:3]:
        family.draft_days = [ctx.rng.randint(3, 12)]
    for family in theirs:
        family.restricted = False
