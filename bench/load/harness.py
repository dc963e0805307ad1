"""Shared pieces of the load test and the fault drills: a throwaway PostgreSQL (the one
scripts/with_postgres.py makes, kept running between steps), Django management commands
against it, and gunicorn on loopback. Standard library only."""

from __future__ import annotations

import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = str(VENV_BIN / "python") if (VENV_BIN / "python").exists() else sys.executable


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def _with_postgres() -> ModuleType:
    path = ROOT / "scripts" / "with_postgres.py"
    spec = importlib.util.spec_from_file_location("hearth_with_postgres", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


class Postgres:
    """A throwaway PostgreSQL cluster (durable settings: fsync on, so restarts lose nothing
    acknowledged), or the server in DATABASE_URL when that is already PostgreSQL."""

    def __init__(self) -> None:
        existing = os.environ.get("DATABASE_URL", "")
        self.wp = _with_postgres()
        self.server: Any = None
        if self.wp.is_postgres_url(existing):
            self.url = existing
            return
        bindir = self.wp.find_bindir()
        if bindir is None:
            raise SystemExit("PostgreSQL (initdb, pg_ctl) is missing: install it")
        self.wp.SERVER_OPTIONS = "-c max_connections=200 -c shared_buffers=128MB"
        self.server = self.wp.ThrowawayServer(bindir, self.wp.server_user())
        self.server.start()
        self.url = self.server.url
        say(f"PostgreSQL started on port {self.server.port} ({self.server.data})")

    def restart(self) -> float:
        """Restart the server (fast shutdown: open connections are cut); seconds it took."""
        if self.server is None:
            raise SystemExit(
                "Restarting PostgreSQL needs the throwaway server (unset DATABASE_URL)"
            )
        started = time.monotonic()
        # --log as at start: without it the new postmaster writes to pg_ctl's stdout, whose
        # pipe then never closes.
        self.server._run("pg_ctl", "--pgdata", str(self.server.data), "--log",
                         str(self.server.log), "--mode", "fast", "--wait", "restart")  # fmt: skip
        return time.monotonic() - started

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()


def env(database_url: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DEBUG": "false",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


def manage(database_url: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env(database_url),
        capture_output=True,
        text=True,
        check=False,
    )
    if check and done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
        raise SystemExit(f"manage.py {' '.join(args)} failed ({done.returncode}):\n{tail}")
    return done


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Gunicorn:
    """gunicorn serving Hearth on 127.0.0.1 only, in its own process group."""

    def __init__(self, database_url: str, *, workers: int = 4, threads: int = 4) -> None:
        self.database_url = database_url
        self.workers, self.threads = workers, threads
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.log = ROOT / "var" / "load" / f"gunicorn-{self.port}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 240) -> None:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        command = [
            str(VENV_BIN / "gunicorn"),
            "config.wsgi:application",
            "--bind", f"127.0.0.1:{self.port}",
            "--workers", str(self.workers),
            "--threads", str(self.threads),
            "--timeout", "60",
            "--graceful-timeout", "5",
            "--preload",  # Django is set up once, before the workers fork
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env(self.database_url),
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/accounts/login/", timeout=30) as r:
                    if r.status == 200:
                        return
            except urllib.error.HTTPError as exc:
                raise SystemExit(f"gunicorn answered {exc.code} (see {self.log})") from exc
            except OSError:
                time.sleep(0.5)
        raise SystemExit(f"gunicorn did not answer within {timeout:.0f} s (see {self.log})")

    def kill(self) -> None:
        """SIGKILL the master and every worker at once: a crash, not a shutdown."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]
