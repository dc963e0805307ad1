"""SSDA903 SWEpisodes into allocations: each social worker episode becomes an allocation of
the child to that worker, with its start and end dates and a change reason the returns extract
reads back as the same SW_REASON.

SW_ID names the worker by their Social Work England number (SW...) or a local identifier
(XX...). A council moving to Hearth has staff accounts already, or will have: an account whose
staff identifier (accounts User.staff_identifier) is the SW_ID is that worker. Any other SW_ID
becomes a "legacy worker" account (Legacy worker <SW_ID>): a social worker who cannot sign in
(inactive, no usable password), kept so the child's history names who held the case. The
summary lists them; an administrator can give a real account the identifier later, and move
the allocations over. Allocations go to the worker's team, or, for a worker without one, to
the team "Legacy workers (imported)".

An allocation is matched by child, worker and start date (re-importing changes nothing). The
extract treats the first episode of an involvement as FCONTA whatever its reason, so the reason
of the others is what is recorded in words; the words are those the extract's reading of
reasons (returns.ssda903.extract.sw_reason) maps back to the code.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from hearth.accounts.models import Role, Service, ServiceKind, Team, User
from hearth.casework.models import Allocation
from hearth.returns.ssda903 import tables as t
from hearth.returns.ssda903.extract import sw_reason

if TYPE_CHECKING:
    from hearth.returns.importers.ssda903 import _Writer

IMPORTED = "imported from the SSDA903 return"
LEGACY_SERVICE = "Imported from legacy returns"
LEGACY_TEAM = "Legacy workers (imported)"
# The change of worker in words (DOMAIN.md 3.3.15: only FCONTA's meaning is confirmed).
REASONS = {
    "FCONTA": "First contact",
    "MANAGE": "Management decision",
    "LEFTRL": "Social worker left the role",
    "ORGRST": "Organisational restructure",
    "TSPROC": "Transfer as a standard process",
    "ABSENC": "Social worker absence",
    "CHCHAN": "The child's circumstances changed",
    "PCCHAN": "Parent, carer or child requested a change",
    "SWDIED": "Social worker died",
    "OTHERS": "Other reason",
}


def reason_text(code: str) -> str:
    return f"{REASONS.get(code, 'Other reason')} ({IMPORTED}, SW_REASON {code})"


def _legacy_team() -> Team:
    service, _ = Service.objects.get_or_create(
        name=LEGACY_SERVICE, defaults={"kind": ServiceKind.CHILDREN_IN_CARE}
    )
    team, _ = Team.objects.get_or_create(name=LEGACY_TEAM, defaults={"service": service})
    return team


def _username(sw_id: str, taken: set[str]) -> str:
    base = f"legacy.{sw_id.lower()}"
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}.{n}"
    taken.add(name)
    return name


def _workers(writer: _Writer, ids: set[str]) -> dict[str, User]:
    """The account for each SW_ID: the one with that staff identifier, or a new legacy worker."""
    workers = {u.staff_identifier: u for u in User.objects.filter(staff_identifier__in=ids)}
    unknown = sorted(ids - set(workers))
    taken: set[str] = set()
    if unknown:
        taken = set(
            User.objects.filter(username__startswith="legacy.").values_list("username", flat=True)
        )
    first = {}
    for r in reversed(writer.rows(t.SW_EPISODES)):
        first[r["SW_ID"]] = r
    for sw_id in unknown:
        row = first[sw_id]
        user = User(
            username=_username(sw_id, taken),
            first_name="Legacy worker",
            last_name=sw_id,
            role=Role.SOCIAL_WORKER,
            is_active=False,
            staff_identifier=sw_id,
            job_title=f"Social worker ({IMPORTED})",
        )
        user.set_unusable_password()
        writer.add(user, row, "legacy worker accounts")
        workers[sw_id] = user
    if unknown:
        shown = ", ".join(unknown[:20]) + (" ..." if len(unknown) > 20 else "")
        writer.report.notes.append(
            f"SWEpisodes: {len(unknown)} SW_IDs matched no account's staff identifier and are "
            f"now inactive legacy worker accounts that cannot sign in: {shown}"
        )
    return workers


def import_sw_episodes(writer: _Writer) -> None:
    rows = writer.rows(t.SW_EPISODES)
    if not rows:
        return
    workers = _workers(writer, {r["SW_ID"] for r in rows})
    persons = [x for x in writer.people.values() if x.pk]
    known = {
        (a.child_id, a.worker_id, a.start_date): a
        for a in Allocation.objects.filter(child__in=persons, worker__isnull=False).only(
            "id", "child_id", "worker_id", "start_date", "end_date", "reason"
        )
    }
    team: Team | None = None
    for row in rows:
        person, worker = writer.people[row["CHILD"]], workers[row["SW_ID"]]
        code = row["SW_REASON"] or "OTHERS"
        found = known.get((person.pk, worker.pk, row["SW_DECOM_d"])) if person.pk else None
        values: dict[str, object] = {"end_date": row["SW_DEC_d"]}
        if found is None or (code != "FCONTA" and sw_reason(found.reason) != code):
            values["reason"] = reason_text(code)
        if found is None:
            if worker.team_id is None and team is None:
                team = _legacy_team()
            values["team"] = worker.team if worker.team_id else team
        writer.upsert(
            found,
            partial(Allocation, child=person, worker=worker, start_date=row["SW_DECOM_d"]),
            values,
            row,
            "social worker allocations",
        )
