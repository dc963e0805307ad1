#!/usr/bin/env python3
"""Run a command with DATABASE_URL pointing at PostgreSQL.

    scripts/with_postgres.py CMD [ARGS...]

If DATABASE_URL is already a postgres:// URL it is used as it is. Otherwise a throwaway server
is started: initdb into a temporary directory, listen on a free 127.0.0.1 port (socket in the
same directory), create a database, run CMD with DATABASE_URL set, then stop the server and
delete the directory whatever happens. Exits with CMD's exit code.

The PostgreSQL binaries are looked for on PATH and in /usr/lib/postgresql/*/bin; when they are
missing and we run as root, Debian's postgresql package is installed. PostgreSQL refuses to run
as root, so as root the server runs as the `postgres` user (or a dedicated `hearthpg` user,
created when needed). The role is a superuser, so pytest-django can create its per-worker test
databases. Only the standard library is used.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path
from types import FrameType

ROLE = "hearth"
DATABASE = "hearth"
SERVER_USERS = ("postgres", "hearthpg")
START_TIMEOUT_SECONDS = 60
# A throwaway server for tests: durability is not wanted, speed is.
SERVER_OPTIONS = (
    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
    "-c max_connections=100 -c shared_buffers=64MB"
)


def say(message: str) -> None:
    print(f"with_postgres: {message}", file=sys.stderr, flush=True)


def is_postgres_url(url: str) -> bool:
    return url.startswith(("postgres://", "postgresql://", "pgsql://"))


def _version_key(path: Path) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", path.parent.name) or ["0"])


def find_bindir() -> Path | None:
    """The directory holding initdb and pg_ctl: PATH first, then the newest Debian install."""
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        # Follow Debian's /usr/local/bin symlinks to the real directory, which has createdb too.
        return Path(initdb).resolve().parent
    candidates = sorted(
        (path for path in Path("/usr/lib/postgresql").glob("*/bin") if (path / "initdb").exists()),
        key=_version_key,
        reverse=True,
    )
    return candidates[0] if candidates else None


def install_postgresql() -> None:
    say("PostgreSQL is not installed; installing Debian's postgresql package")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-q"], check=True, env=env)
    subprocess.run(
        ["apt-get", "install", "-y", "-q", "--no-install-recommends", "postgresql"],
        check=True,
        env=env,
    )


def server_user() -> str | None:
    """The unprivileged user to run the server as when we are root; None when we are not."""
    if os.geteuid() != 0:
        return None
    for name in SERVER_USERS:
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    name = SERVER_USERS[-1]
    subprocess.run(
        ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name],
        check=True,
    )
    return name


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ThrowawayServer:
    """A PostgreSQL cluster in a temporary directory, removed on stop()."""

    def __init__(self, bindir: Path, user: str | None) -> None:
        self.bindir = bindir
        self.user = user
        self.root = Path(tempfile.mkdtemp(prefix="hearth-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.port = free_port()
        self.started = False
        if user is not None:
            entry = pwd.getpwnam(user)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)

    @property
    def url(self) -> str:
        return f"postgres://{ROLE}@127.0.0.1:{self.port}/{DATABASE}"

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bindir / program), *args]
        if self.user is not None:
            command = ["runuser", "-u", self.user, "--", *command]
        # cwd is our own directory: the server user may not be able to read the caller's.
        result = subprocess.run(
            command, cwd=self.root, capture_output=True, text=True, timeout=120, check=False
        )
        if result.returncode != 0:
            output = (result.stdout + result.stderr).strip()
            raise RuntimeError(f"{program} failed ({result.returncode}):\n{output}")

    def start(self) -> None:
        self._run(
            "initdb",
            "--pgdata",
            str(self.data),
            "--username",
            ROLE,
            "--auth",
            "trust",
            "--encoding",
            "UTF8",
            "--locale",
            "C",
            "--no-sync",
        )
        options = f"-h 127.0.0.1 -p {self.port} -k {self.root} {SERVER_OPTIONS}"
        try:
            self._run(
                "pg_ctl",
                "--pgdata",
                str(self.data),
                "--log",
                str(self.log),
                "--options",
                options,
                "--wait",
                "--timeout",
                str(START_TIMEOUT_SECONDS),
                "start",
            )
        except RuntimeError:
            if self.log.exists():
                say("server log:\n" + self.log.read_text(errors="replace"))
            raise
        self.started = True
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", ROLE, DATABASE)

    def stop(self) -> None:
        try:
            if self.started:
                self._run(
                    "pg_ctl", "--pgdata", str(self.data), "--mode", "immediate", "--wait", "stop"
                )
                self.started = False
        except Exception as exc:  # noqa: BLE001 - stopping must not hide the command's result
            say(f"could not stop the server cleanly: {exc}")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def _raise_on_signal(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def run_command(command: list[str], env: dict[str, str]) -> int:
    try:
        return subprocess.run(command, env=env, check=False).returncode
    except FileNotFoundError:
        say(f"command not found: {command[0]}")
        return 127


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    existing = os.environ.get("DATABASE_URL", "")
    if is_postgres_url(existing):
        say("using the PostgreSQL in DATABASE_URL")
        return run_command(argv, dict(os.environ))

    bindir = find_bindir()
    if bindir is None:
        if os.geteuid() != 0 or shutil.which("apt-get") is None:
            say("PostgreSQL (initdb, pg_ctl) is missing: install it or set DATABASE_URL")
            return 1
        install_postgresql()
        bindir = find_bindir()
        if bindir is None:
            say("installed postgresql but cannot find initdb")
            return 1

    signal.signal(signal.SIGTERM, _raise_on_signal)
    signal.signal(signal.SIGHUP, _raise_on_signal)
    server = ThrowawayServer(bindir, server_user())
    try:
        server.start()
        say(f"started a throwaway PostgreSQL from {bindir} on port {server.port}")
        return run_command(argv, {**os.environ, "DATABASE_URL": server.url})
    except KeyboardInterrupt:
        say("interrupted")
        return 130
    except RuntimeError as exc:
        say(str(exc))
        return 1
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
