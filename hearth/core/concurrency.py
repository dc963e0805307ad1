"""Optimistic concurrency for edit forms, with no version column in any app.

When an edit page is opened, `guard_form` adds a hidden `edit_token` to the form: a signed map
of a short hash of each editable field's saved value. When the form comes back, `edit_conflicts`
(called inside the view's transaction, after the row is locked) compares the token with the
values saved now. A field is a conflict when someone else changed it since the page was opened
AND the user is about to save something different from what is saved now. Then nothing is
saved: the form gets a GOV.UK error, a table of "your answer" against "saved now" (rendered by
`error_summary` in core/forms.html), and a fresh token, so saving again keeps the user's answers
knowingly. A missing or altered token counts as "opened before every change", so nothing is
ever silently overwritten.

Usage in a view (scope -> form -> guard -> service -> message -> redirect):

    form = guard_form(PersonForm(data, initial=initial), saved=initial)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            lock_for_edit(person)
            if not edit_conflicts(form, saved=person_values(person), record=person):
                services.person_update(...)
                return redirect(...)
"""

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.core import signing
from django.db import models
from django.utils import timezone

from hearth.core.forms import EditTokenField

TOKEN_FIELD = "edit_token"
_SALT = "hearth.core.concurrency"
STALE_MESSAGE = (
    "{who} changed this record after you opened it. Check the answers below, "
    "then save again to keep yours"
)


@dataclass(frozen=True)
class Conflict:
    """One field someone else changed: the question, the user's answer, the saved answer."""

    name: str
    label: str
    yours: str
    saved: str


def _canonical(value: Any) -> Any:
    """A JSON-able form of a value that is the same whether it came from the database or from
    a form's cleaned_data: a record and its primary key, a date and its ISO text, "" and None."""
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, bool):
        return value
    if value is None or value == "":
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, int | Decimal | float):
        return str(value)
    if isinstance(value, models.QuerySet):
        return sorted(str(v.pk) for v in value)
    if isinstance(value, list | tuple | set | frozenset):
        return sorted(json.dumps(_canonical(v), sort_keys=True) for v in value)
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in sorted(value.items())}
    return str(value).replace("\r\n", "\n").strip()


def _digest(value: Any) -> str:
    text = json.dumps(_canonical(value), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def edit_token(saved: Mapping[str, Any]) -> str:
    """The token for a record's editable values as the edit page shows them."""
    return signing.dumps({name: _digest(value) for name, value in saved.items()}, salt=_SALT)


def _token_digests(token: str) -> dict[str, str] | None:
    try:
        loaded = signing.loads(token or "", salt=_SALT)
    except signing.BadSignature:
        return None
    return loaded if isinstance(loaded, dict) else None


def changed_since(token: str, saved: Mapping[str, Any]) -> list[str]:
    """Fields whose saved value differs from when the token was made. An unreadable token
    (missing, altered, from another record) names every field."""
    digests = _token_digests(token)
    if digests is None:
        return list(saved)
    return [name for name, value in saved.items() if digests.get(name) != _digest(value)]


def guard_form(form: forms.BaseForm, *, saved: Mapping[str, Any]) -> forms.BaseForm:
    """Give an edit form its hidden token for the values saved now. On a GET this is what the
    page carries; on a POST the posted token wins (it says what the user saw)."""
    form.fields[TOKEN_FIELD] = EditTokenField()
    token = edit_token({k: v for k, v in saved.items() if k != TOKEN_FIELD})
    form.initial = {**form.initial, TOKEN_FIELD: token}  # never the caller's dict
    form.edit_conflicts = []  # type: ignore[attr-defined]
    return form


def lock_for_edit(record: models.Model) -> None:
    """Lock the record's row until the transaction ends (PostgreSQL; SQLite writes one at a
    time anyway) and reload it, so the check and the save see the same saved values."""
    manager = type(record)._default_manager
    list(manager.select_for_update().filter(pk=record.pk).values_list("pk", flat=True))
    record.refresh_from_db()


def _choice_labels(field: forms.Field) -> dict[str, str]:
    labels: dict[str, str] = {}
    for value, label in getattr(field, "choices", None) or []:
        if isinstance(label, list | tuple):  # an option group
            for sub_value, sub_label in label:
                labels[str(getattr(sub_value, "value", sub_value))] = str(sub_label)
            continue
        labels[str(getattr(value, "value", value))] = str(label)
    return labels


def display(value: Any, field: forms.Field | None = None) -> str:
    """A value as the user would read it: choice labels, GOV.UK dates, Yes and No."""
    labels = _choice_labels(field) if field is not None else {}
    if isinstance(value, list | tuple | set | frozenset | models.QuerySet):
        shown = [display(v, field) for v in value]
        return ", ".join(sorted(shown)) if shown else "Not given"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if value is None or value == "":
        return "Not given"
    if isinstance(value, datetime):
        return f"{value:%-d %B %Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%-d %B %Y}"
    key = str(value.pk) if isinstance(value, models.Model) else str(value)
    if key in labels:
        return labels[key]
    return str(value)


def _last_changed_by(record: models.Model | None) -> str:
    if record is None:
        return "Someone else"
    from hearth.core.models import AuditAction, AuditEntry

    entry = (
        AuditEntry.objects.filter(
            object_type=record._meta.label_lower,
            object_id=str(record.pk),
            action=AuditAction.UPDATE,
        )
        .select_related("actor")
        .order_by("-id")
        .first()
    )
    actor = entry.actor if entry is not None else None
    if actor is None:
        return "Someone else"
    name = actor.get_full_name() or actor.get_username()
    return f"{name} ({timezone.localtime(entry.at):%H:%M on %-d %B})"


def edit_conflicts(
    form: forms.BaseForm,
    *,
    saved: Mapping[str, Any],
    record: models.Model | None = None,
    fields: Iterable[str] | None = None,
) -> list[Conflict]:
    """Call after `form.is_valid()`, inside the transaction that saves, with the values saved
    now (same keys as the token). Returns [] when saving is safe (the token is then gone from
    cleaned_data). Otherwise the form carries
    the error, the conflicts (for the table) and a fresh token, and nothing must be saved."""
    # The token is consumed here, so `**form.cleaned_data` can go to a service afterwards.
    posted = form.cleaned_data.pop(TOKEN_FIELD, "") if hasattr(form, "cleaned_data") else ""
    names = set(fields) if fields is not None else set(saved)
    conflicts: list[Conflict] = []
    for name in changed_since(posted, saved):
        if name not in names or name not in form.cleaned_data:
            continue
        yours = form.cleaned_data[name]
        if _digest(yours) == _digest(saved[name]):
            continue  # they saved what this user is saving: nothing is lost
        field = form.fields.get(name)
        conflicts.append(
            Conflict(
                name=name,
                label=str(field.label or name) if field is not None else name,
                yours=display(yours, field),
                saved=display(saved[name], field),
            )
        )
    if conflicts:
        form.add_error(None, STALE_MESSAGE.format(who=_last_changed_by(record)))
        bound: Any = form.data  # a QueryDict (mutable once copied) or a dict
        data = bound.copy()
        data[form.add_prefix(TOKEN_FIELD)] = edit_token(saved)
        form.data = data
        form.edit_conflicts = conflicts  # type: ignore[attr-defined]
    return conflicts


def carries_token(html: str) -> bool:
    """Whether a rendered page has an edit token (tests of every edit view use this)."""
    return re.search(rf"""name=["']([\w-]+-)?{TOKEN_FIELD}["']""", html) is not None


def token_in(html: str, prefix: str = "") -> str:
    """The edit token a rendered page carries, as a browser would post it back (for tests)."""
    name = f"{prefix}-{TOKEN_FIELD}" if prefix else TOKEN_FIELD
    found = re.search(rf"""name=["']{re.escape(name)}["'][^>]*value=["']([^"']*)["']""", html)
    if found is None:
        found = re.search(rf"""value=["']([^"']*)["'][^>]*name=["']{re.escape(name)}["']""", html)
    return found.group(1) if found else ""
