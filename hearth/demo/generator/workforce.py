"""Services, teams and the people who work in them, sized to the children they hold."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from hearth.accounts.models import Role, Service, ServiceKind, Team, User
from hearth.demo.generator.context import Context
from hearth.demo.generator.names import PARTNER_AGENCIES


@dataclass(frozen=True)
class TeamSpec:
    key: str
    name: str
    service: str  # ServiceKind value
    practitioner_role: str | None = None
    share: float = 0.0  # share of the borough's children held by the team
    unallocated_share: float = 0.0
    caseload: tuple[int, int] = (15, 25)
    job_title: str = "Social worker"


TEAMS: list[TeamSpec] = [
    TeamSpec(
        "mash",
        "MASH and Front Door Team",
        ServiceKind.MASH,
        Role.MASH_PRACTITIONER,
        4,
        0.3,
        (8, 14),
        "MASH practitioner",
    ),
    TeamSpec(
        "assessment_1", "Assessment Team 1", ServiceKind.ASSESSMENT, Role.SOCIAL_WORKER, 7.5, 0.08
    ),
    TeamSpec(
        "assessment_2", "Assessment Team 2", ServiceKind.ASSESSMENT, Role.SOCIAL_WORKER, 7.5, 0.08
    ),
    TeamSpec(
        "safeguarding_a",
        "Safeguarding Team A",
        ServiceKind.SAFEGUARDING,
        Role.SOCIAL_WORKER,
        11.5,
        0.05,
    ),
    TeamSpec(
        "safeguarding_b",
        "Safeguarding Team B",
        ServiceKind.SAFEGUARDING,
        Role.SOCIAL_WORKER,
        11.5,
        0.05,
    ),
    TeamSpec(
        "safeguarding_c",
        "Safeguarding Team C",
        ServiceKind.SAFEGUARDING,
        Role.SOCIAL_WORKER,
        11.5,
        0.05,
    ),
    TeamSpec(
        "cic_1",
        "Children in Care Team 1",
        ServiceKind.CHILDREN_IN_CARE,
        Role.SOCIAL_WORKER,
        7.5,
        0.02,
    ),
    TeamSpec(
        "cic_2",
        "Children in Care Team 2",
        ServiceKind.CHILDREN_IN_CARE,
        Role.SOCIAL_WORKER,
        7.5,
        0.02,
    ),
    TeamSpec(
        "leaving_care",
        "Leaving Care Team",
        ServiceKind.LEAVING_CARE,
        Role.PERSONAL_ADVISER,
        7,
        0.03,
        (18, 25),
        "Personal adviser",
    ),
    TeamSpec(
        "disabled",
        "Disabled Children's Team",
        ServiceKind.DISABLED_CHILDREN,
        Role.SOCIAL_WORKER,
        8,
        0.06,
    ),
    TeamSpec(
        "early_help",
        "Early Help Team",
        ServiceKind.EARLY_HELP,
        Role.EARLY_HELP_PRACTITIONER,
        17,
        0.1,
        (12, 20),
        "Early help practitioner",
    ),
    TeamSpec("iro", "IRO and Conference Team", ServiceKind.IRO_SERVICE),
    TeamSpec("qa", "Quality Assurance Team", ServiceKind.QA),
    TeamSpec("performance", "Performance Team", ServiceKind.PERFORMANCE),
    TeamSpec("leadership", "Senior Leadership Team", ServiceKind.LEADERSHIP),
]
TEAM_SPECS = {spec.key: spec for spec in TEAMS}
# Roles without a staff record in the demo (hearth.oversight.demo writes those for social
# workers), so their FTE is the one on the account.
PART_TIME_ROLES = (Role.PERSONAL_ADVISER, Role.EARLY_HELP_PRACTITIONER, Role.MASH_PRACTITIONER)
CASEWORK_TEAMS = [spec for spec in TEAMS if spec.share]

SERVICE_MANAGER_TITLES = {
    ServiceKind.MASH: "Service manager, front door",
    ServiceKind.ASSESSMENT: "Service manager, assessment",
    ServiceKind.SAFEGUARDING: "Service manager, safeguarding and family support",
    ServiceKind.CHILDREN_IN_CARE: "Service manager, children in care",
    ServiceKind.LEAVING_CARE: "Service manager, leaving care",
    ServiceKind.DISABLED_CHILDREN: "Service manager, disabled children",
    ServiceKind.EARLY_HELP: "Service manager, early help",
    ServiceKind.IRO_SERVICE: "Head of safeguarding and reviewing",
}

# The easy logins, one per role, named in the README and printed by `make run`.
NAMED_LOGINS = [
    ("social.worker", Role.SOCIAL_WORKER),
    ("team.manager", Role.TEAM_MANAGER),
    ("service.manager", Role.SERVICE_MANAGER),
    ("mash.practitioner", Role.MASH_PRACTITIONER),
    ("iro", Role.IRO),
    ("personal.adviser", Role.PERSONAL_ADVISER),
    ("early.help", Role.EARLY_HELP_PRACTITIONER),
    ("qa.officer", Role.QA_OFFICER),
    ("performance.analyst", Role.PERFORMANCE_ANALYST),
    ("senior.leader", Role.SENIOR_LEADER),
    ("admin", Role.ADMINISTRATOR),
    ("partner.referrer", Role.PARTNER_REFERRER),
    ("data.protection", Role.DATA_PROTECTION_OFFICER),
]


@dataclass
class Workforce:
    services: dict[str, Service] = field(default_factory=dict)
    teams: dict[str, Team] = field(default_factory=dict)
    practitioners: dict[str, list[User]] = field(default_factory=dict)
    managers: dict[str, User] = field(default_factory=dict)  # team key -> team manager
    service_managers: dict[str, User] = field(default_factory=dict)
    named: dict[str, User] = field(default_factory=dict)
    users: list[User] = field(default_factory=list)

    def team_of(self, user: User) -> str:
        for key, team in self.teams.items():
            if team.pk == user.team_id:
                return key
        return ""


def practitioners_needed(ctx: Context, spec: TeamSpec, allocated_children: int) -> list[int]:
    """Target caseloads for the team's practitioners: most within the team's usual range,
    about one in seven above it to show pressure."""
    low, high = spec.caseload
    mean = (low + high) / 2 + 1
    count = max(1, round(allocated_children / mean))
    targets = []
    for _ in range(count):
        if spec.practitioner_role == Role.SOCIAL_WORKER and ctx.chance(0.15):
            targets.append(ctx.rng.randint(high + 1, high + 7))
        else:
            targets.append(ctx.rng.randint(low, high))
    return targets


class _Usernames:
    def __init__(self, reserved: Iterable[str]) -> None:
        self.taken = set(reserved)

    def make(self, first: str, last: str) -> str:
        base = ".".join(_ascii(part) for part in (first, last))
        username, n = base, 1
        while username in self.taken:
            n += 1
            username = f"{base}{n}"
        self.taken.add(username)
        return username


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", folded.lower()) or "staff"


def build_workforce(ctx: Context, *, demand: dict[str, list[int]], password_hash: str) -> Workforce:
    """Create services, teams and users. `demand` maps a casework team key to the target
    caseloads of its practitioners (see `practitioners_needed`)."""
    wf = Workforce()
    for kind in ServiceKind:
        wf.services[kind.value] = Service(name=kind.label, kind=kind.value)
    Service.objects.bulk_create(wf.services.values())
    for spec in TEAMS:
        wf.teams[spec.key] = Team(name=spec.name, service=wf.services[spec.service])
    Team.objects.bulk_create(wf.teams.values())

    # Accounts kept from before (superusers, retired demo accounts) keep their usernames; a
    # named login that is taken (say a superuser called "admin") gets a ".demo" suffix.
    existing = set(User.objects.values_list("username", flat=True))
    usernames = _Usernames([*existing, *(name for name, _ in NAMED_LOGINS)])

    def named_username(named: str) -> str:
        if named not in existing:
            return named
        candidate, n = f"{named}.demo", 1
        while candidate in usernames.taken:
            n += 1
            candidate = f"{named}.demo{n}"
        usernames.taken.add(candidate)
        return candidate

    pending_named = dict(NAMED_LOGINS)

    def person(role: str, team_key: str | None, job_title: str, named: str = "") -> User:
        female = ctx.chance(0.78)  # the children's social care workforce is mostly women
        pool = ctx.pools.first_female if female else ctx.pools.first_male
        first, last = ctx.rng.choice(pool), ctx.rng.choice(ctx.pools.last)
        if named:
            pending_named.pop(named)
        user = User(
            username=named_username(named) if named else usernames.make(first, last),
            first_name=first,
            last_name=last,
            email="",
            password=password_hash,
            role=role,
            team=wf.teams[team_key] if team_key else None,
            job_title=job_title,
        )
        if role in (Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER, Role.IRO):
            years = (
                ctx.rng.randint(0, 3) if job_title.startswith("Newly") else ctx.rng.randint(2, 25)
            )
            user.qualified_on = ctx.days_ago(years * 365 + ctx.rng.randint(30, 330))
        if role in PART_TIME_ROLES and not named and len(wf.users) % 5 == 0:
            user.fte = Decimal("0.6")  # some part-timers (the caseload indicator is per FTE)
        wf.users.append(user)
        if named:
            wf.named[named] = user
        return user

    # Service managers first (the safeguarding one is `service.manager`).
    for kind in SERVICE_MANAGER_TITLES:
        named = "service.manager" if kind == ServiceKind.SAFEGUARDING else ""
        wf.service_managers[kind] = person(
            Role.SERVICE_MANAGER, None, SERVICE_MANAGER_TITLES[kind], named
        )

    for spec in CASEWORK_TEAMS:
        named_tm = "team.manager" if spec.key == "safeguarding_a" else ""
        wf.managers[spec.key] = person(Role.TEAM_MANAGER, spec.key, "Team manager", named_tm)
        staff = []
        for index, _target in enumerate(demand.get(spec.key, [1])):
            named = ""
            if index == 0:
                named = {
                    "safeguarding_a": "social.worker",
                    "mash": "mash.practitioner",
                    "leaving_care": "personal.adviser",
                    "early_help": "early.help",
                }.get(spec.key, "")
            title = spec.job_title
            if spec.practitioner_role == Role.SOCIAL_WORKER and not named and ctx.chance(0.12):
                title = "Newly qualified social worker (ASYE)"
            elif spec.practitioner_role == Role.SOCIAL_WORKER and ctx.chance(0.2):
                title = "Senior social worker"
            staff.append(person(str(spec.practitioner_role), spec.key, title, named))
        wf.practitioners[spec.key] = staff

    iro_count = max(2, round(sum(len(v) for v in demand.values()) / 12))
    wf.managers["iro"] = person(Role.TEAM_MANAGER, "iro", "IRO team manager")
    for index in range(iro_count):
        title = "Independent reviewing officer and conference chair"
        person(Role.IRO, "iro", title, "iro" if index == 0 else "")
    for index in range(3):
        person(
            Role.QA_OFFICER, "qa", "Quality assurance officer", "qa.officer" if index == 0 else ""
        )
    for index in range(3):
        title = "Performance analyst"
        person(
            Role.PERFORMANCE_ANALYST,
            "performance",
            title,
            "performance.analyst" if index == 0 else "",
        )
    leaders = [
        ("Director of Children's Services", "senior.leader"),
        ("Assistant Director, Children's Social Care", ""),
        ("Principal Social Worker", ""),
    ]
    for title, named in leaders:
        person(Role.SENIOR_LEADER, "leadership", title, named)
    person(Role.ADMINISTRATOR, None, "Systems administrator", "admin")
    person(Role.DATA_PROTECTION_OFFICER, None, "Data protection officer", "data.protection")
    person(Role.ADMINISTRATOR, None, "Business support officer")
    for index, (agency, title) in enumerate(PARTNER_AGENCIES):
        user = person(Role.PARTNER_REFERRER, None, title, "partner.referrer" if index == 0 else "")
        user.organisation = agency

    assert not pending_named, f"named logins not assigned: {sorted(pending_named)}"
    created = User.objects.bulk_create(wf.users)
    for user in created:
        if user.pk is None:  # pragma: no cover - backends without RETURNING
            raise RuntimeError("bulk_create did not return primary keys")

    # Managers on teams and services.
    leadership = wf.named["senior.leader"]
    for spec in TEAMS:
        team = wf.teams[spec.key]
        team.manager = wf.managers.get(spec.key)
        if spec.key in ("qa", "performance", "leadership"):
            team.manager = leadership
    for service_key, service in wf.services.items():
        service.manager = wf.service_managers.get(service_key, leadership)
    Team.objects.bulk_update(wf.teams.values(), ["manager"])
    Service.objects.bulk_update(wf.services.values(), ["manager"])
    ctx.counts.add("services", len(wf.services))
    ctx.counts.add("teams", len(wf.teams))
    ctx.counts.add("users", len(wf.users))
    return wf
