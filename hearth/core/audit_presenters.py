"""Display formatting for audit entries, shared by the audit pages and `hearth audit show`."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps

from hearth.core.models import AuditEntry
from hearth.core.presenters import format_datetime

# Audit subjects that are not models: the audit pages audit themselves under these names.
CHILD_TRAIL = "audit.child_trail"
USER_TRAIL = "audit.user_trail"
SEARCH = "audit.search"
_SUBJECT_LABELS = {
    CHILD_TRAIL: "Audit trail of a child's record",
    USER_TRAIL: "Audit trail of a user's activity",
    SEARCH: "Audit search",
    "people.person": "Person record",
    "accounts.user": "User account",
}
BLANK = "(blank)"


@dataclass(frozen=True)
class ChangeRow:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class EntryRow:
    id: int
    at: Any
    when: str
    who: str
    who_role: str
    who_team: str
    action: str
    action_code: str
    object_label: str
    child_id: int | None
    summary: str
    changes: list[ChangeRow]
    reason: str


def object_type_label(object_type: str) -> str:
    if object_type in _SUBJECT_LABELS:
        return _SUBJECT_LABELS[object_type]
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return object_type
    return str(model._meta.verbose_name).capitalize()


def format_value(value: Any) -> str:
    if value is None or value == "" or value == []:
        return BLANK
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ", ".join(format_value(v) for v in value)
    return str(value)


def change_rows(changes: Any) -> list[ChangeRow]:
    rows: list[ChangeRow] = []
    if not isinstance(changes, dict):
        return rows
    for field, pair in sorted(changes.items()):
        if isinstance(pair, list | tuple) and len(pair) == 2:
            old, new = pair
        else:
            old, new = None, pair
        label = str(field).removesuffix("_id").replace("_", " ").capitalize()
        rows.append(ChangeRow(field=label, old=format_value(old), new=format_value(new)))
    return rows


def actor_parts(entry: AuditEntry) -> tuple[str, str, str]:
    """(name, role, team) of whoever wrote the entry; a system job has no role or team."""
    actor = entry.actor
    if actor is None:
        return (f"System job: {entry.system_job}", "", "")
    name = actor.get_full_name() or actor.username
    role = actor.get_role_display() if hasattr(actor, "get_role_display") else ""
    team = actor.team.name if getattr(actor, "team", None) is not None else ""
    return (name, role, team)


def entry_rows(entries: Iterable[AuditEntry]) -> list[EntryRow]:
    rows = []
    for entry in entries:
        name, role, team = actor_parts(entry)
        label = object_type_label(entry.object_type)
        if entry.object_id:
            label = f"{label} {entry.object_id}"
        rows.append(
            EntryRow(
                id=entry.pk,
                at=entry.at,
                when=format_datetime(entry.at),
                who=name,
                who_role=role,
                who_team=team,
                action=entry.get_action_display(),
                action_code=entry.action,
                object_label=label,
                child_id=entry.child_id,
                summary=entry.summary,
                changes=change_rows(entry.changes),
                reason=entry.reason,
            )
        )
    return rows
