"""Provider gates: skip a due-item provider when none of the children has a row it starts from.

Most children have no record in most apps (no care episode, no missing episode, no adoption
journey), yet every provider used to run its own query to find that out. A gate names the
tables whose rows a provider's items all start from; `due_items` asks one query, for all gated
tables at once, which of them hold a row for the children, and calls only the providers whose
gate is open. A provider without a gate always runs.

A gate must be exact: a provider may only be gated on tables such that, when none of them has
a row for any of the children, the provider returns no items. Apps declare the gate when they
register (`register_provider(name, fn, gate=("app.Model.field", ...))`); the table below gates
providers registered before gates existed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.apps import apps
from django.db import connection

Gate = tuple[str, ...]  # "app_label.Model.child_field" entries; the gate is open if any has rows

# Probe only small sets (a child's page, a caseload): a worktray of thousands of children
# holds rows in nearly every table, and the probe's parameters grow with the set.
MAX_PROBED_CHILDREN = 50

KNOWN_GATES: dict[str, Gate] = {
    # care_due, health_due and education_due all start from the child's open SSDA903 episode.
    "children_in_care.care": ("children_in_care.Episode.child",),
    "children_in_care.health": ("children_in_care.Episode.child",),
    "children_in_care.education": ("children_in_care.Episode.child",),
    "missing_exploitation.return_interviews": ("missing_exploitation.MissingEpisode.child",),
    "missing_exploitation.safety_plans": (
        "missing_exploitation.Screening.child",
        "missing_exploitation.SafetyPlan.child",
    ),
    "adoption.scorecard": ("adoption.AdoptionJourney.child",),
    "front_door.referral_decision": ("front_door.ContactPerson.person",),
    "oversight.oversight_actions": ("oversight.OversightAction.child",),
}


def _table_and_column(entry: str) -> tuple[str, str]:
    label, _, field_name = entry.rpartition(".")
    model = apps.get_model(label)
    field = model._meta.get_field(field_name)
    return model._meta.db_table, field.column  # type: ignore[union-attr]


def open_entries(entries: Iterable[str], child_ids: Sequence[int]) -> set[str]:
    """Which gate entries hold at least one row for these children: one query for them all.

    Only table names, column names and the ids are involved; no personal data is read."""
    wanted = sorted(set(entries))
    if not wanted or not child_ids:
        return set()
    quote = connection.ops.quote_name
    marks = ", ".join(["%s"] * len(child_ids))
    parts: list[str] = []
    params: list[int] = []
    unknown: set[str] = set()
    for n, entry in enumerate(wanted):
        try:
            table, column = _table_and_column(entry)
        except (LookupError, ValueError):  # an app not installed: never skip on a guess
            unknown.add(entry)
            continue
        parts.append(
            f"SELECT {n} AS gate WHERE EXISTS "
            f"(SELECT 1 FROM {quote(table)} WHERE {quote(column)} IN ({marks}))"
        )
        params.extend(child_ids)
    if not parts:
        return unknown
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return unknown | {wanted[row[0]] for row in cursor.fetchall()}
