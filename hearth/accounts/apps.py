from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _create_cache_tables(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """The shared cache (settings.CACHES, a database table) is created wherever the database
    is: after every `migrate`, so `make run`, the test database, the load test and a restore
    followed by `migrate` all have it. createcachetable skips a table that exists."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class AccountsConfig(AppConfig):
    name = "hearth.accounts"
    label = "accounts"
    verbose_name = "Accounts, teams and roles"

    def ready(self) -> None:
        post_migrate.connect(_create_cache_tables, sender=self, dispatch_uid="hearth-cache-table")
