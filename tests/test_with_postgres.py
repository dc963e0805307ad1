"""scripts/with_postgres.py: a throwaway PostgreSQL for a command, cleaned up whatever happens."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "with_postgres.py"


@pytest.fixture(scope="module")
def with_postgres(load_script):
    return load_script("with_postgres")


def run(command: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | env
    return subprocess.run(
        [sys.executable, str(SCRIPT), *command],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def throwaway_dirs() -> set[Path]:
    return set(Path(tempfile.gettempdir()).glob("hearth-pg-*"))


def test_postgres_urls_are_recognised(with_postgres):
    assert with_postgres.is_postgres_url("postgres://hearth@127.0.0.1:5432/hearth")
    assert with_postgres.is_postgres_url("postgresql://db.internal/hearth")
    assert not with_postgres.is_postgres_url("sqlite:///var/hearth.sqlite3")
    assert not with_postgres.is_postgres_url("")


def test_a_postgres_database_url_already_set_is_used_as_it_is():
    url = "postgres://someone@db.example:5432/theirs"
    show_url = "import os; print(os.environ['DATABASE_URL'])"

    result = run([sys.executable, "-c", show_url], DATABASE_URL=url)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == url


def test_the_command_runs_against_a_throwaway_server_that_is_removed_afterwards():
    before = throwaway_dirs()
    check = (
        "import os, sys, psycopg\n"
        "url = os.environ['DATABASE_URL']\n"
        "print(url)\n"
        "with psycopg.connect(url, autocommit=True) as conn:\n"
        "    conn.execute('CREATE DATABASE test_hearth_gw9')\n"  # pytest-xdist needs CREATEDB
        "    print(conn.execute('SHOW server_version').fetchone()[0])\n"
        "sys.exit(7)\n"
    )

    result = run([sys.executable, "-c", check], DATABASE_URL="sqlite:///:memory:")

    assert result.returncode == 7, result.stderr  # the command's own exit code
    url, version = result.stdout.splitlines()
    assert url.startswith("postgres://hearth@127.0.0.1:")
    assert int(version.split(".")[0]) >= 15
    assert throwaway_dirs() == before


def test_a_missing_command_fails_and_still_cleans_up():
    before = throwaway_dirs()

    result = run(["/nonexistent/command"])

    assert result.returncode == 127
    assert "command not found" in result.stderr
    assert throwaway_dirs() == before


def test_without_a_command_it_prints_its_usage():
    result = run([])

    assert result.returncode == 2
    assert "with_postgres.py CMD" in result.stderr
