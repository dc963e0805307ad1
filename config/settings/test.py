"""Settings for the test suite: fast hashing, isolated document storage."""

import tempfile

from config.settings.base import *  # noqa: F403
from config.env import database_config, env_str

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DATABASES = {"default": database_config(env_str("DATABASE_URL", "sqlite:///:memory:"))}
MEDIA_ROOT = tempfile.mkdtemp(prefix="hearth-test-documents-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
# The suite runs in one process and some tests call views while collecting (the API schema
# for schemathesis), before any database is allowed: keep the cache in memory here.
# hearth/accounts/tests/test_shared_cache.py switches to the real (database) cache to test it.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
