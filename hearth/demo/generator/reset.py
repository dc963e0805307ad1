"""Wipe the demo data: every person and everything recorded about them (whichever app
holds it), teams and services, and every account except superusers.

The audit trail is never deleted: accounts it names are kept, made inactive and renamed so
the demo can reuse their usernames, and the chain stays valid."""

from __future__ import annotations

from django.apps import apps
from django.db import connection, models, transaction

from hearth.accounts.models import Service, Team, User
from hearth.people.models import Person


def dependent_models() -> list[type[models.Model]]:
    """Person, Team and Service and every model that points at them or at a user, directly or
    through another such model (many-to-many tables included); never the audit trail."""
    found: list[type[models.Model]] = [Person, Team, Service]
    roots = {Person, Team, Service, User}
    candidates = [
        m for m in apps.get_models(include_auto_created=True) if m._meta.app_label != "core"
    ]
    changed = True
    while changed:
        changed = False
        for model in candidates:
            if model in found or model is User:
                continue
            targets = {
                f.related_model
                for f in model._meta.concrete_fields
                if f.is_relation and f.related_model is not None
            }
            if targets & (set(found) | roots):
                found.append(model)
                changed = True
    return found


def _kept_references_to_users() -> list[tuple[type[models.Model], str]]:
    wiped = set(dependent_models())
    return [
        (model, field.attname)
        for model in apps.get_models(include_auto_created=True)
        if model not in wiped and model is not User
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is User
    ]


def wipe() -> dict[str, int]:
    removed: dict[str, int] = {}
    with transaction.atomic():
        Team.objects.update(manager=None)
        Service.objects.update(manager=None)
        User.objects.update(team=None)
        # Foreign keys are deferred to the end of the transaction on SQLite and PostgreSQL,
        # so the order of these deletes does not matter.
        tables = set(connection.introspection.table_names())
        for model in reversed(dependent_models()):
            if model._meta.db_table not in tables:
                continue  # an app whose migrations have not run yet
            queryset = model._base_manager.all()
            removed[model._meta.label_lower] = queryset._raw_delete(queryset.db)

        # Accounts the audit trail (or anything else kept) points at are retired, not deleted.
        keep: set[int] = set()
        for model, field in _kept_references_to_users():
            if model._meta.db_table in tables:
                ids = model._base_manager.exclude(**{f"{field}__isnull": True})
                keep.update(ids.values_list(field, flat=True).distinct())
        doomed = User.objects.filter(is_superuser=False).exclude(pk__in=keep)
        removed["accounts.user"] = doomed._raw_delete(doomed.db)
        retired = User.objects.filter(pk__in=keep, is_superuser=False).exclude(
            username__startswith="retired."
        )
        for user in retired:
            user.username = f"retired.{user.pk}.{user.username}"[:150]
            user.is_active = False
            user.set_unusable_password()
            user.save(update_fields=["username", "is_active", "password"])
    return removed
