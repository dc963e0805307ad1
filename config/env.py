"""Small typed helpers that read configuration from the environment and fail fast."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


class ConfigurationError(RuntimeError):
    """Raised when a required setting is missing or malformed."""


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        if required:
            raise ConfigurationError(f"The environment variable {name} must be set.")
        if default is None:
            return ""
        return default
    return value


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ConfigurationError(f"{name} must be true or false, not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ConfigurationError(f"{name} must be a whole number, not {value!r}.") from exc


def env_list(name: str, default: list[str] | None = None, *, required: bool = False) -> list[str]:
    raw = env_str(name, required=required)
    if not raw:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def database_config(url: str) -> dict[str, object]:
    """Parse DATABASE_URL (sqlite:///PATH or postgres://...) into Django's DATABASES entry."""
    import dj_database_url

    if not url:
        raise ConfigurationError("DATABASE_URL is empty.")
    config = dict(dj_database_url.parse(url, conn_max_age=60))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        name = str(config["NAME"])
        if name and name != ":memory:" and not Path(name).is_absolute():
            config["NAME"] = str(BASE_DIR / name)
        config["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
        config["CONN_MAX_AGE"] = 0
    return config
