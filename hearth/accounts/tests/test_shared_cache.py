"""Rate limits count across server processes: the cache the API throttle keeps its history in
is a database table every gunicorn worker reads, not a per-process memory (docs/security.md).
A second, freshly built cache handle stands in for another worker."""

import pytest
from django.apps import apps
from django.core.cache import CacheHandler, caches
from django.db import connection
from django.db.models.signals import post_migrate
from django.test import Client
from rest_framework.throttling import SimpleRateThrottle

from hearth.api import services
from hearth.api.models import ApiToken

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_cache(settings):
    """The cache every deployment uses (config.settings.base), with its table made the way
    `migrate` makes it. The test suite itself keeps a per-process cache (settings/test.py)."""
    from config.settings import base
    from hearth.accounts.apps import _create_cache_tables

    settings.CACHES = base.CACHES
    _create_cache_tables(sender=apps.get_app_config("accounts"), using="default")
    return base.CACHES["default"]


@pytest.fixture
def two_reads_a_minute(shared_cache, monkeypatch):
    """DRF reads the rates once, into the throttle class: set them there, and put them back."""
    rates = {"api_read": "2/minute", "api_write": "1/minute"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)


def test_the_cache_is_a_database_table_that_migrate_creates(shared_cache):
    assert shared_cache["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert shared_cache["LOCATION"] in connection.introspection.table_names()
    assert post_migrate.has_listeners(apps.get_app_config("accounts"))


def test_a_read_counted_by_one_worker_counts_for_another(two_reads_a_minute, social_worker):
    secret = services.token_create(user=None, owner=social_worker, name="Feed").secret
    token = ApiToken.objects.get()
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert client.get("/api/v1/children/").status_code == 200

    other_worker = CacheHandler()["default"]  # its own backend object, as in another process
    assert other_worker is not caches["default"]
    key = f"throttle_api_read_token:{token.prefix}"
    history = other_worker.get(key)
    assert len(history) == 1
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name('hearth_cache')}")
        assert cursor.fetchone()[0] >= 1

    # The other worker answers one more read; this worker now refuses the third.
    other_worker.set(key, [history[0], *history], 60)
    assert client.get("/api/v1/children/").status_code == 429
