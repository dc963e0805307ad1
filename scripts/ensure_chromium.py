#!/usr/bin/env python3
"""Make sure the browser journeys can run: Debian's Chromium at /usr/bin/chromium and axe-core
in node_modules.

Chromium comes from Debian's package (installed with apt-get when running as root); Playwright's
own browser downloads are never used. axe-core comes from the npm registry through package.json.
Exits non-zero with a clear message when something is missing and cannot be installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def _say(message: str) -> None:
    print(f"ensure_chromium: {message}", flush=True)


def _run(command: list[str]) -> None:
    _say("running " + " ".join(command))
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(command, check=True, env=env)


def ensure_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        sys.exit(
            f"ensure_chromium: {CHROMIUM} is missing. Install Debian's chromium package "
            "(sudo apt-get install chromium) and run again."
        )
    _run(["apt-get", "update", "-q"])
    _run(["apt-get", "install", "-y", "-q", "--no-install-recommends", "chromium"])
    if not CHROMIUM.exists():
        sys.exit(f"ensure_chromium: installed chromium but {CHROMIUM} is still missing.")


def ensure_axe() -> None:
    if AXE.exists():
        return
    if shutil.which("npm") is None:
        sys.exit("ensure_chromium: npm is missing, so axe-core cannot be installed.")
    _run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error", "--prefix", str(ROOT)])
    if not AXE.exists():
        sys.exit(f"ensure_chromium: npm install finished but {AXE} is missing.")


def main() -> None:
    ensure_chromium()
    ensure_axe()
    _say(f"ready: {CHROMIUM} and {AXE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
