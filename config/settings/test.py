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
