"""Reads that span apps: case types from the pathway apps, the oversight status of allocated
children, caseloads, the workforce census and the service manager's team page. Each makes a
fixed number of queries whatever the number of children."""

from __future__ import annotations

import functools
import itertools
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db.models import BooleanField, Case, CharField, Q, QuerySet, Value, When

from hearth.accounts.models import Team, User
from hearth.casework.models import Allocation
from hearth.oversight import rules
from hearth.oversight.models import (
    CaseAudit,
    ImprovementAction,
    ImprovementArea,
    ImprovementRating,
    LeadershipEngagement,
    OversightAction,
    StaffRecord,
    SupervisionAction,
    SupervisionAgreement,
    SupervisionSession,
    TeamEstablishment,
)

# --- Case types ----------------------------------------------------------------------------

# Apps not yet built are read defensively: (app label, model names tried, open filter).
_CLA_MODELS = (("children_in_care", ("PeriodOfCare", "CareEpisode", "LookedAfterEpisode")),)
_CARE_LEAVER_MODELS = (("care_leavers", ("CareLeaver", "CareLeaverRecord", "PathwayPlan")),)

# Reading several sources in one UNION ALL query repeats the ids once per source: above this
# many children the sources are read one query each instead (same rows). Seven sources of
# 4,000 ids are 28,000 parameters, inside SQLite's default limit (32,766) and PostgreSQL's.
UNION_MAX_CHILDREN = 4000


def read_together(parts: Sequence[QuerySet[Any]], child_ids: Sequence[int] | None) -> Iterable[Any]:
    """The rows of these querysets (all of the same shape): one UNION ALL query for a short
    list of children (or none: every child), else one query each."""
    if child_ids is not None and len(child_ids) > UNION_MAX_CHILDREN:
        return itertools.chain.from_iterable(parts)
    return parts[0].union(*parts[1:], all=True)


def _open_rows(app_label: str, names: Iterable[str]) -> QuerySet[Any] | None:
    """The open rows of the first of these models that exists and names a child, or None."""
    for name in names:
        try:
            model = apps.get_model(app_label, name)
        except LookupError:
            continue
        fields = {f.name for f in model._meta.get_fields()}
        if "child" not in fields:
            continue
        qs = model._default_manager.all()
        if "end_date" in fields:
            qs = qs.filter(end_date__isnull=True)
        return qs
    return None


def _open_sources() -> list[tuple[str, QuerySet[Any]]]:
    """(case type, open rows) for each source of `case_types` whose app exists."""
    sources: list[tuple[str, QuerySet[Any]]] = []
    try:
        cp_plan = apps.get_model("child_protection", "CPPlan")
        cin_plan = apps.get_model("child_protection", "CINPlan")
    except LookupError:
        pass
    else:
        sources.append(("cp", cp_plan.objects.filter(end_date__isnull=True)))
        sources.append(("cin", cin_plan.objects.filter(end_date__isnull=True)))
    try:
        assessment = apps.get_model("assessments", "Assessment")
    except LookupError:
        pass
    else:
        sources.append(("assessment", assessment.objects.filter(authorised_on__isnull=True)))
    for kind, models in (("cla", _CLA_MODELS), ("care_leaver", _CARE_LEAVER_MODELS)):
        for app_label, names in models:
            qs = _open_rows(app_label, names)
            if qs is not None:
                sources.append((kind, qs))
    return sources


def case_types(child_ids: Sequence[int] | None, today: date) -> dict[int, set[str]]:
    """Each child's open case types: cp, cin (open CIN plan), assessment (an assessment not
    yet authorised), cla and care_leaver once their apps exist. `None` means every child.
    One query for up to UNION_MAX_CHILDREN children (or all of them), else one per source."""
    found: dict[int, set[str]] = defaultdict(set)
    parts = []
    for kind, qs in _open_sources():
        if child_ids is not None:
            qs = qs.filter(child_id__in=child_ids)
        parts.append(
            qs.order_by()
            .annotate(case_type=Value(kind, output_field=CharField()))
            .values_list("case_type", "child_id")
        )
    if not parts:
        return found
    for kind, child_id in read_together(parts, child_ids):
        found[child_id].add(kind)
    return found


# --- Oversight status ----------------------------------------------------------------------


@dataclass(slots=True)
class OversightStatus:
    child_id: int
    child_name: str
    team_id: int
    team_name: str
    worker_id: int | None
    worker_name: str
    manager_id: int | None
    case_type: str
    last_oversight: date | None
    clock_start: date
    clock_event: str
    due: date
    # A restricted record the viewer is not named on: listed (counts stay true) but shown as
    # "Restricted record", with no name and no link.
    masked: bool = False

    @property
    def url(self) -> str:
        """Built only for the rows a page shows (10,000 links cost more than the queries)."""
        return _child_oversight_url()(self.child_id)

    @property
    def case_type_label(self) -> str:
        return rules.CASE_TYPE_LABELS.get(self.case_type, self.case_type)

    @property
    def interval_weeks(self) -> int:
        return rules.oversight_weeks(self.case_type)

    def is_overdue(self, today: date) -> bool:
        return today > self.due

    def days_overdue(self, today: date) -> int:
        return max(0, (today - self.due).days)


@functools.cache
def _child_oversight_url() -> Callable[..., str]:
    from hearth.casework.presenters import url_builder

    return url_builder("oversight:child_oversight")


def _name(first: str, last: str, fallback: str = "") -> str:
    return f"{first} {last}".strip() or fallback


def oversight_status(
    child_ids: Sequence[int] | None,
    today: date,
    *,
    team_ids: Sequence[int] | None = None,
    user: User | None = None,
) -> list[OversightStatus]:
    """Every currently allocated child (of `child_ids`, or of `team_ids`, or all) with the
    date its next management oversight is due. Eight queries, whatever the number. With
    `user` (for lists a person reads), children an exclusion hides from them (a sealed record)
    are left out and restricted records they are not named on come back masked."""
    allocations = Allocation.objects.current(today)
    if user is not None:
        from hearth.people.querysets import PersonQuerySet

        allocations = allocations.filter(PersonQuerySet.not_excluded_q(user, "child")).annotate(
            masked=Case(
                When(PersonQuerySet.unrestricted_q(user, "child"), then=Value(False)),
                default=Value(True),
                output_field=BooleanField(),
            )
        )
    else:
        allocations = allocations.annotate(masked=Value(False, output_field=BooleanField()))
    if child_ids is not None:
        allocations = allocations.filter(child_id__in=child_ids)
    if team_ids is not None:
        allocations = allocations.filter(team_id__in=team_ids)
    rows = list(
        allocations.order_by("child_id", "-start_date", "-id").values_list(
            "child_id",
            "child__first_name",
            "child__last_name",
            "start_date",
            "team_id",
            "worker_id",
            "masked",
        )
    )
    if not rows:
        return []
    # Teams and workers are few: read them apart rather than joining them onto every row.
    teams = {
        pk: (name, manager)
        for pk, name, manager in Team.objects.filter(pk__in={r[4] for r in rows}).values_list(
            "pk", "name", "manager_id"
        )
    }
    workers = {
        pk: _name(first, last, username)
        for pk, first, last, username in User.objects.filter(
            pk__in={r[5] for r in rows if r[5]}
        ).values_list("pk", "first_name", "last_name", "username")
    }
    scope = None if child_ids is None and team_ids is None else [r[0] for r in rows]
    types = case_types(scope, today)
    last = rules.last_oversight(scope) if scope is not None else _all_last_oversight()
    table = rules.interval_table()
    gaps = {code: timedelta(weeks=weeks) for code, weeks in table.items()}
    chosen: dict[frozenset[str], str] = {}
    out: list[OversightStatus] = []
    seen: set[int] = set()
    for child_id, first, surname, start, team_id, worker_id, masked in rows:
        team, manager = teams[team_id]
        if child_id in seen:
            continue
        seen.add(child_id)
        kinds = frozenset(types.get(child_id, ()))
        if kinds not in chosen:
            chosen[kinds] = rules.strictest(kinds, table)
        case_type = chosen[kinds]
        previous = last.get(child_id)
        if previous is not None and previous >= start:
            clock, event = previous, "the last recorded management oversight"
        else:
            clock, event = start, "the allocation (no oversight recorded since)"
        out.append(
            OversightStatus(
                child_id=child_id,
                child_name="Restricted record" if masked else _name(first, surname),
                team_id=team_id,
                team_name=team,
                worker_id=worker_id,
                worker_name=workers.get(worker_id, "Unallocated worker")
                if worker_id
                else "Unallocated worker",
                manager_id=manager,
                case_type=case_type,
                last_oversight=previous,
                clock_start=clock,
                clock_event=event,
                due=clock + gaps[case_type],
                masked=masked,
            )
        )
    return out


def _all_last_oversight() -> dict[int, date]:
    from django.db.models import Max

    from hearth.oversight.models import OversightEntry

    return dict(
        OversightEntry.objects.values("child_id")
        .annotate(last=Max("occurred_on"))
        .values_list("child_id", "last")
    )


@dataclass
class TeamOverdue:
    team_id: int
    team_name: str
    rows: list[OversightStatus] = field(default_factory=list)


def oversight_overdue_by_team(
    today: date, *, team_ids: Sequence[int] | None = None, user: User | None = None
) -> list[TeamOverdue]:
    """Children whose last recorded oversight is older than their interval, by team, most
    overdue first (masked for `user` as `oversight_status` says)."""
    teams: dict[int, TeamOverdue] = {}
    for row in oversight_status(None, today, team_ids=team_ids, user=user):
        if row.is_overdue(today):
            teams.setdefault(row.team_id, TeamOverdue(row.team_id, row.team_name)).rows.append(row)
    for team in teams.values():
        team.rows.sort(key=lambda r: (r.due, r.child_name))
    return sorted(teams.values(), key=lambda t: t.team_name)


# --- Supervision ---------------------------------------------------------------------------


@dataclass
class SupervisionRow:
    agreement: SupervisionAgreement
    due: rules.SupervisionDue
    open_actions: int = 0
    overdue_actions: int = 0


def supervision_rows(
    agreements: Iterable[SupervisionAgreement], today: date
) -> list[SupervisionRow]:
    """Next due date and action counts for each agreement. Two queries, none without one."""
    agreements = list(agreements)
    if not agreements:
        return []
    worker_ids = [a.worker_id for a in agreements]
    from django.db.models import Max

    last_held = dict(
        SupervisionSession.objects.held()
        .filter(worker_id__in=worker_ids)
        .values("worker_id")
        .annotate(last=Max("held_on"))
        .values_list("worker_id", "last")
    )
    open_counts: Counter[int] = Counter()
    overdue_counts: Counter[int] = Counter()
    for worker_id, due_on in (
        SupervisionAction.objects.open()
        .filter(session__worker_id__in=worker_ids)
        .values_list("session__worker_id", "due_on")
    ):
        open_counts[worker_id] += 1
        overdue_counts[worker_id] += due_on < today
    return [
        SupervisionRow(
            agreement=a,
            due=rules.supervision_due(a, last_held.get(a.worker_id), today),
            open_actions=open_counts[a.worker_id],
            overdue_actions=overdue_counts[a.worker_id],
        )
        for a in agreements
    ]


def team_supervision(team_ids: Sequence[int], today: date) -> list[SupervisionRow]:
    agreements = SupervisionAgreement.objects.filter(worker__team_id__in=team_ids).select_related(
        "worker", "supervisor"
    )
    return sorted(supervision_rows(agreements, today), key=lambda r: r.due.due)


def unsupervised_workers(team_ids: Sequence[int]) -> list[User]:
    """Active staff in these teams with no supervision agreement."""
    return list(
        User.objects.filter(team_id__in=team_ids, is_active=True, supervision__isnull=True)
        .exclude(Q(managed_teams__id__in=team_ids))
        .order_by("last_name", "first_name")
    )


@dataclass
class OversightWork:
    """Oversight work for one person that is not tied to a single child: supervision due for
    themselves and their supervisees, and overdue actions they own or supervise."""

    supervision: list[SupervisionRow]
    supervision_actions: list[SupervisionAction]
    oversight_actions: list[OversightAction]

    @property
    def overdue(self) -> int:
        return len(self.supervision_actions) + len(self.oversight_actions)


def oversight_work(user: User, today: date) -> OversightWork:
    """For the worker and their supervisor alike: the user's own supervision and their
    supervisees'; overdue supervision actions owned by the user or a supervisee; overdue
    oversight actions owned by the user or a supervisee. Four queries."""
    agreements = list(
        SupervisionAgreement.objects.filter(Q(worker=user) | Q(supervisor=user)).select_related(
            "worker", "supervisor"
        )
    )
    people = {user.pk} | {a.worker_id for a in agreements if a.supervisor_id == user.pk}
    # The sessions as a subquery rather than an OR across the join: each side of the OR can
    # then use its own index (owner, session), instead of scanning every open action.
    sessions = SupervisionSession.objects.filter(worker_id__in=people).values("pk")
    supervision_actions = list(
        SupervisionAction.objects.overdue(today)
        .filter(Q(owner_id__in=people) | Q(session_id__in=sessions))
        .select_related("owner", "session__worker")
    )
    from hearth.people.querysets import PersonQuerySet

    oversight_actions = list(
        OversightAction.objects.overdue(today)
        .filter(PersonQuerySet.not_excluded_q(user, "child"), owner_id__in=people)
        .annotate(
            child_masked=Case(
                When(PersonQuerySet.unrestricted_q(user, "child"), then=Value(False)),
                default=Value(True),
                output_field=BooleanField(),
            )
        )
        .select_related("owner", "child")
    )
    return OversightWork(
        supervision=supervision_rows(agreements, today),
        supervision_actions=supervision_actions,
        oversight_actions=oversight_actions,
    )


# --- Caseloads -----------------------------------------------------------------------------

CASELOAD_KINDS = ("cp", "cla", "cin", "care_leaver", "assessment", "other")


def weights() -> dict[str, Decimal]:
    configured = getattr(settings, "HEARTH", {}).get("CASELOAD_WEIGHTS") or {}
    return {k: Decimal(str(configured.get(k, 1))) for k in CASELOAD_KINDS}


def default_threshold() -> Decimal:
    return Decimal(str(getattr(settings, "HEARTH", {}).get("CASELOAD_THRESHOLD", 20)))


def caseload_kind(types: set[str]) -> str:
    """Each child counts once, under their most demanding type."""
    for kind in CASELOAD_KINDS[:-1]:
        if kind in types:
            return kind
    return "other"


@dataclass
class WorkerCaseload:
    worker_id: int
    worker_name: str
    team_id: int
    fte: Decimal
    counts: Counter[str] = field(default_factory=Counter)
    weighted: Decimal = Decimal(0)
    threshold: Decimal = Decimal(0)

    @property
    def children(self) -> int:
        return sum(self.counts.values())

    @property
    def per_fte(self) -> Decimal:
        return (self.weighted / self.fte).quantize(Decimal("0.1")) if self.fte else self.weighted

    @property
    def overloaded(self) -> bool:
        return self.per_fte > self.threshold


@dataclass
class TeamCaseload:
    team: Team
    workers: list[WorkerCaseload]
    threshold: Decimal

    @property
    def children(self) -> int:
        return sum(w.children for w in self.workers)

    @property
    def weighted(self) -> Decimal:
        return sum((w.weighted for w in self.workers), Decimal(0))

    @property
    def fte(self) -> Decimal:
        return sum((w.fte for w in self.workers), Decimal(0))

    @property
    def overloaded(self) -> list[WorkerCaseload]:
        return [w for w in self.workers if w.overloaded]


def worker_fte(user_ids: Sequence[int], today: date) -> dict[int, Decimal]:
    """Each worker's FTE on `today`: the staff record in post that day (the dated workforce
    record), else the FTE on their account (1.0 unless an administrator changed it). The one
    definition the caseload pages and the average_caseload indicator share."""
    dated = dict(
        StaffRecord.objects.in_post_on(today)
        .filter(user_id__in=user_ids)
        .order_by("start_date", "id")
        .values_list("user_id", "fte")
    )
    accounts = dict(User.objects.filter(pk__in=user_ids).values_list("pk", "fte"))
    return {pk: dated.get(pk, accounts.get(pk, Decimal(1))) for pk in user_ids}


def team_caseloads(team_ids: Sequence[int], today: date) -> list[TeamCaseload]:
    """Caseloads per worker and team from current allocations. Six to eight queries."""
    teams = {t.pk: t for t in Team.objects.filter(pk__in=team_ids)}
    rows = list(
        Allocation.objects.current(today)
        .filter(team_id__in=team_ids, worker__isnull=False)
        .values_list("child_id", "worker_id", "team_id")
    )
    types = case_types([r[0] for r in rows], today)
    members = list(
        User.objects.filter(team_id__in=team_ids, is_active=True).values_list(
            "pk", "first_name", "last_name", "username", "team_id", "role"
        )
    )
    names = {pk: _name(f, la, u) for pk, f, la, u, _, _ in members}
    home = {pk: team for pk, _, _, _, team, _ in members}
    practitioners = {
        pk for pk, *_, role in members if role not in {"team_manager", "service_manager"}
    }
    holders = {w for _, w, _ in rows} | practitioners
    missing = holders - set(names)
    if missing:
        for pk, f, la, u, team in User.objects.filter(pk__in=missing).values_list(
            "pk", "first_name", "last_name", "username", "team_id"
        ):
            names[pk] = _name(f, la, u)
            home[pk] = team
    fte = worker_fte(list(holders), today)
    thresholds = dict(
        TeamEstablishment.objects.filter(
            team_id__in=team_ids, caseload_threshold__isnull=False
        ).values_list("team_id", "caseload_threshold")
    )
    weight = weights()
    loads: dict[tuple[int, int], WorkerCaseload] = {}

    def load(worker_id: int, team_id: int) -> WorkerCaseload:
        key = (team_id, worker_id)
        if key not in loads:
            loads[key] = WorkerCaseload(
                worker_id=worker_id,
                worker_name=names.get(worker_id, ""),
                team_id=team_id,
                fte=fte.get(worker_id, Decimal("1.00")),
                threshold=thresholds.get(team_id) or default_threshold(),
            )
        return loads[key]

    for worker_id in practitioners:
        if home.get(worker_id) in teams:
            load(worker_id, home[worker_id])
    for child_id, worker_id, team_id in rows:
        entry = load(worker_id, team_id)
        kind = caseload_kind(types.get(child_id, set()))
        entry.counts[kind] += 1
        entry.weighted += weight[kind]
    out = []
    for shown_team_id, shown_team in sorted(teams.items(), key=lambda kv: kv[1].name):
        workers = sorted(
            (w for (t, _), w in loads.items() if t == shown_team_id), key=lambda w: w.worker_name
        )
        threshold = thresholds.get(shown_team_id) or default_threshold()
        out.append(TeamCaseload(shown_team, workers, threshold))
    return out


# --- Workforce census ----------------------------------------------------------------------


@dataclass(frozen=True)
class WorkforceCensus:
    """DfE children's social work workforce census items at a date (30 September usually)."""

    on: date
    headcount: int
    fte: Decimal
    agency_fte: Decimal
    funded_fte: Decimal
    leavers_fte: Decimal

    @property
    def vacancies_fte(self) -> Decimal:
        return max(Decimal(0), self.funded_fte - (self.fte - self.agency_fte))

    @property
    def vacancy_rate(self) -> Decimal:
        """Vacancies as a share of funded posts (agency workers fill vacancies)."""
        return _pct(self.vacancies_fte, self.funded_fte)

    @property
    def agency_rate(self) -> Decimal:
        return _pct(self.agency_fte, self.fte)

    @property
    def turnover_rate(self) -> Decimal:
        """Permanent FTE leavers in the year to `on` over permanent FTE at `on`."""
        return _pct(self.leavers_fte, self.fte - self.agency_fte)


def _pct(numerator: Decimal, denominator: Decimal) -> Decimal:
    if not denominator:
        return Decimal(0)
    return (Decimal(100) * numerator / denominator).quantize(Decimal("0.1"))


def workforce_census(on: date, *, team_ids: Sequence[int] | None = None) -> WorkforceCensus:
    """Social workers in post on `on`, agency share, vacancies against funded posts and the
    permanent leavers in the twelve months to `on`. Three queries."""
    records = StaffRecord.objects.filter(
        role__in=["social_worker", "team_manager", "service_manager"]
    )
    establishment = TeamEstablishment.objects.all()
    if team_ids is not None:
        records = records.filter(team_id__in=team_ids)
        establishment = establishment.filter(team_id__in=team_ids)
    in_post = list(records.in_post_on(on).values_list("fte", "contract"))
    year_start = rules.add_months(on, -12)
    leavers = records.left_between(year_start, on).filter(contract="permanent")
    return WorkforceCensus(
        on=on,
        headcount=len(in_post),
        fte=sum((f for f, _ in in_post), Decimal(0)),
        agency_fte=sum((f for f, c in in_post if c == "agency"), Decimal(0)),
        funded_fte=sum(establishment.values_list("funded_fte", flat=True), Decimal(0)),
        leavers_fte=sum(leavers.values_list("fte", flat=True), Decimal(0)),
    )


# --- Audits --------------------------------------------------------------------------------


def audits_for(team_ids: Sequence[int], month: date) -> list[CaseAudit]:
    return list(
        CaseAudit.objects.filter(team_id__in=team_ids, programme__month=month)
        .select_related("child", "auditor", "moderator", "practitioner", "team")
        .order_by("status", "child__last_name")
    )


# --- Page reads ----------------------------------------------------------------------------


@dataclass
class SupervisionPage:
    agreement: SupervisionAgreement | None
    due: rules.SupervisionDue | None
    sessions: list[SupervisionSession]
    open_actions: list[SupervisionAction]
    newly_qualified: bool


def supervision_page(worker: User, today: date) -> SupervisionPage:
    agreement = (
        SupervisionAgreement.objects.filter(worker=worker).select_related("supervisor").first()
    )
    sessions = list(
        SupervisionSession.objects.filter(worker=worker)
        .select_related("supervisor")
        .prefetch_related("case_discussions__child", "actions")
    )
    last_held = next((s.held_on for s in sessions if s.was_held), None)
    return SupervisionPage(
        agreement=agreement,
        due=rules.supervision_due(agreement, last_held, today) if agreement else None,
        sessions=sessions,
        open_actions=list(
            SupervisionAction.objects.open().filter(session__worker=worker).select_related("owner")
        ),
        newly_qualified=rules.is_newly_qualified(worker, today),
    )


def worker_children(worker: User, today: date) -> list[tuple[int, str]]:
    """Children currently allocated to the worker, for the case discussion choices."""
    rows = (
        Allocation.objects.current(today)
        .filter(worker=worker)
        .order_by("child__last_name", "child__first_name")
        .values_list("child_id", "child__first_name", "child__last_name")
    )
    return [(pk, _name(f, la)) for pk, f, la in rows]


def session_for(user: User, session_id: int) -> SupervisionSession:
    from django.http import Http404

    from hearth.core.audit import Auditor

    session = (
        SupervisionSession.objects.visible_to(user)
        .select_related("worker", "supervisor", "recorded_by")
        .prefetch_related("case_discussions__child", "case_discussions__actions__owner")
        .prefetch_related("actions__owner")
        .filter(pk=session_id)
        .first()
    )
    if session is None:
        Auditor(user=user).denied(object_type="oversight.supervisionsession", object_id=session_id)
        raise Http404("No supervision found")
    Auditor(user=user).viewed(session, child_id=None, summary="Viewed a supervision record")
    return session


def oversight_action_for(child: Any, action_id: int) -> OversightAction:
    from django.http import Http404

    action = OversightAction.objects.filter(child=child, pk=action_id).first()
    if action is None:
        raise Http404("No action found")
    return action


def last_discussed(
    team_ids: Sequence[int], today: date, *, user: User | None = None
) -> list[tuple[OversightStatus, date | None]]:
    """Each allocated child in the teams with the last time their case was discussed in
    supervision, longest ago first (masked for `user` as `oversight_status` says)."""
    from django.db.models import Max

    from hearth.oversight.models import OversightEntry

    statuses = oversight_status(None, today, team_ids=team_ids, user=user)
    discussed = dict(
        OversightEntry.objects.filter(
            child_id__in=[s.child_id for s in statuses], occasion="supervision"
        )
        .values("child_id")
        .annotate(last=Max("occurred_on"))
        .values_list("child_id", "last")
    )
    rows = [(s, discussed.get(s.child_id)) for s in statuses]
    return sorted(rows, key=lambda r: (r[1] or date.min, r[0].child_name))


def action_owners(child: Any, user: User, today: date) -> Any:
    """Who an action on this child can be given to: the allocated worker, the team's
    members, and the user."""
    team_ids = list(
        Allocation.objects.current(today).filter(child=child).values_list("team_id", flat=True)
    )
    return User.objects.filter(Q(pk=user.pk) | Q(team_id__in=team_ids, is_active=True)).order_by(
        "last_name", "first_name"
    )


def overseen_team_ids(user: User) -> list[int] | None:
    """The teams whose oversight the user answers for; None means every team."""
    if user.role in {"senior_leader", "qa_officer", "performance_analyst"}:
        return None
    if user.is_manager:
        return user.managed_team_ids()
    from django.http import Http404

    raise Http404("Not found")


def caseload_history(team_ids: Sequence[int] | None, months: int = 12) -> list[dict[str, Any]]:
    """Monthly totals from the caseload snapshots: children, weighted, per FTE."""
    from django.db.models import Sum

    from hearth.oversight.models import CaseloadSnapshot

    qs = CaseloadSnapshot.objects.all()
    if team_ids is not None:
        qs = qs.filter(team_id__in=team_ids)
    rows = list(
        qs.values("month")
        .annotate(children=Sum("children"), weighted=Sum("weighted"), fte=Sum("fte"))
        .order_by("-month")[:months]
    )
    for row in rows:
        row["per_fte"] = (
            (row["weighted"] / row["fte"]).quantize(Decimal("0.1")) if row["fte"] else 0
        )
    return rows


def audits_to_do(user: User) -> list[CaseAudit]:
    return list(
        CaseAudit.objects.visible_to(user)
        .filter(Q(auditor=user) | Q(practitioner=user) | Q(status="completed"))
        .select_related("child", "auditor", "team", "programme")
        .order_by("status", "-created_at")[:200]
    )


def programmes(user: User) -> list[Any]:
    from django.db.models import Count

    from hearth.oversight.models import AuditProgramme

    return list(
        AuditProgramme.objects.select_related("service", "template")
        .annotate(
            total=Count("audits"),
            done=Count("audits", filter=~Q(audits__status="assigned")),
            moderated=Count("audits", filter=Q(audits__status="moderated")),
        )
        .order_by("-month", "name")[:50]
    )


def can_moderate(user: User, audit: CaseAudit) -> bool:
    return user.pk != audit.auditor_id and user.role in {
        "qa_officer",
        "senior_leader",
        "service_manager",
        "team_manager",
    }


def learning_since(months: str | None, today: date) -> date:
    try:
        count = max(1, min(24, int(months or 6)))
    except ValueError:
        count = 6
    return rules.add_months(today.replace(day=1), -(count - 1))


def learning(user: User, since: date) -> dict[str, Any]:
    """Grades by practice standard, by team and by month, and how often moderation changed
    the grade. Three queries."""
    from django.db.models import Count

    from hearth.oversight.models import AuditAnswer, Grade, PracticeStandard

    audits = CaseAudit.objects.visible_to(user).filter(
        programme__month__gte=since, status__in=["completed", "moderated"]
    )
    by_standard: dict[str, Counter[str]] = defaultdict(Counter)
    for standard, grade, n in (
        AuditAnswer.objects.filter(audit__in=audits)
        .values_list("question__standard", "grade")
        .annotate(n=Count("id"))
        .values_list("question__standard", "grade", "n")
    ):
        by_standard[standard][grade] += n
    rows = list(
        audits.values_list("team__name", "programme__month", "overall_grade", "agreed_grade")
    )
    by_team: dict[str, Counter[str]] = defaultdict(Counter)
    by_month: dict[date, Counter[str]] = defaultdict(Counter)
    moderated = changed = 0
    for team, month, overall, agreed in rows:
        final = agreed or overall
        by_team[team][final] += 1
        by_month[month][final] += 1
        if agreed:
            moderated += 1
            changed += agreed != overall
    grades = [g.value for g in Grade]
    return {
        "since": since,
        "grades": Grade.choices,
        "by_standard": [
            (label, [by_standard[value][g] for g in grades])
            for value, label in PracticeStandard.choices
        ],
        "by_team": [(t, [c[g] for g in grades]) for t, c in sorted(by_team.items())],
        "by_month": [(m, [c[g] for g in grades]) for m, c in sorted(by_month.items())],
        "moderated": moderated,
        "changed": changed,
        "total": len(rows),
    }


# --- Improvement plan and leadership engagement --------------------------------------------


@dataclass
class AreaRow:
    area: ImprovementArea
    rating: ImprovementRating | None
    actions: list[ImprovementAction]
    today: date

    @property
    def open(self) -> int:
        return sum(a.status != "complete" for a in self.actions)

    @property
    def overdue(self) -> int:
        return sum(a.is_overdue(self.today) for a in self.actions)

    @property
    def complete(self) -> int:
        return sum(a.status == "complete" for a in self.actions)


def improvement_plan(today: date) -> list[AreaRow]:
    """Every area with its current RAG rating and its actions. Three queries."""
    areas = list(ImprovementArea.objects.for_plan())
    latest: dict[int, ImprovementRating] = {}
    for rating in ImprovementRating.objects.order_by("area_id", "-rated_on", "-id"):
        latest.setdefault(rating.area_id, rating)
    return [
        AreaRow(area=a, rating=latest.get(a.pk), actions=list(a.actions.all()), today=today)
        for a in areas
    ]


def improvement_area_page(area: ImprovementArea) -> dict[str, Any]:
    """An area's ratings, actions (with owners and their latest update) and engagement."""
    actions = list(area.actions.select_related("owner").prefetch_related("updates__recorded_by"))
    return {
        "ratings": list(area.ratings.select_related("rated_by")),
        "actions": actions,
        "engagements": list(area.engagements.select_related("leader", "team")),
    }


def overdue_improvement_actions(user: User, today: date) -> list[ImprovementAction]:
    return list(ImprovementAction.objects.overdue(today).filter(owner=user).select_related("area"))


def can_see_engagement(user: User) -> bool:
    """Staff feedback to leaders is for staff and managers, not for partner agencies."""
    return user.role != "partner_referrer"


def leadership_engagements(since: date) -> dict[str, Any]:
    """Engagement since a date, newest first, with counts by leader and the share where
    something changed as a result. Two queries."""
    rows = list(
        LeadershipEngagement.objects.filter(held_on__gte=since).select_related(
            "leader", "team", "area"
        )
    )
    by_leader = Counter(str(e.leader) for e in rows)
    with_change = sum(bool(e.changed) for e in rows)
    return {
        "rows": rows,
        "by_leader": sorted(by_leader.items(), key=lambda kv: (-kv[1], kv[0])),
        "staff": sum(e.staff_count for e in rows),
        "with_change": with_change,
    }
