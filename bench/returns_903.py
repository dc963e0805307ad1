"""SSDA903 validation benchmark: Hearth's native rules against the reference validator
(csc-validator-be-903) on the same files, side by side in one run. Not a test.

    python bench/returns_903.py                      # 10,000 children with last year's return
    python bench/returns_903.py --children 2000 --no-reference

The return is the clean sample (samples.py: six children covering every table) repeated under
new child ids and UPNs until it holds `--children` children, every tenth copy carrying one of
the deliberate faults (faults.py) so the rules have failures to report; last year's return is
repeated alongside. Both validators read the same CSV folders. Hearth's time includes reading
the files (and the postcode directory); the reference's is split into its own import, reading
and validating, as it prints them. CPU seconds are printed beside wall-clock: the machine is
shared, and CPU is the steadier figure.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = Path(
    os.environ.get("HEARTH_REFERENCE_VALIDATE", "/work/shared/tools/reference-validate")
)


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def build(folder: Path, children: int) -> tuple[Path, Path, int]:
    """Write this year's and last year's folders; returns them and the number of children."""
    from hearth.returns.ssda903.conformance import ISOLATED, _renamer
    from hearth.returns.ssda903.faults import FAULTS, faulty
    from hearth.returns.ssda903.samples import clean_sample, write_tables

    base = clean_sample()
    per_copy = len(base.this["Header"])
    isolated = {c for group in ISOLATED for c in group}
    faults = sorted(c for c in FAULTS if c not in isolated and not c.startswith("INT"))
    this: dict[str, list[dict[str, str]]] = defaultdict(list)
    last: dict[str, list[dict[str, str]]] = defaultdict(list)
    copies = -(-children // per_copy)
    for n in range(copies):
        sample = faulty(faults[(n // 10) % len(faults)], base) if n % 10 == 9 else base
        rename = _renamer(n)
        for target, source in ((this, sample.this), (last, sample.last)):
            for name, rows in source.items():
                target[name].extend(rename(rows))
    this_dir, last_dir = folder / "this_year", folder / "last_year"
    write_tables(dict(this), this_dir)
    write_tables(dict(last), last_dir)
    return this_dir, last_dir, len({r["CHILD"] for r in this["Header"]})


def native(this: Path, last: Path) -> tuple[float, float, int]:
    from hearth.returns.ssda903.parse import parse
    from hearth.returns.ssda903.samples import LA_ONS_CODE, YEAR
    from hearth.returns.ssda903.validate import validate

    started, cpu = time.perf_counter(), time.process_time()
    ret = parse(this, year=YEAR, la_ons_code=LA_ONS_CODE, previous=last)
    read = time.perf_counter() - started
    failures = validate(ret)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"  Hearth: read {read:.2f} s, total {seconds:.2f} s (CPU {cpu:.2f} s), "
          f"{len(failures)} failures")  # fmt: skip
    return seconds, cpu, len(failures)


def reference(this: Path, last: Path) -> tuple[float, float] | None:
    if not REFERENCE.exists():
        print("  reference validator not found: skipped")
        return None
    command = [str(REFERENCE), "903", str(this), "--prev", str(last), "--year", "2026",
               "--la", "E09000025"]  # fmt: skip
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    own = re.search(r"import=\S+ validate=\S+ report=\S+", done.stdout)
    flagged = re.search(r"total flagged rows: (\d+)", done.stdout)
    timings = own.group(0) if own else "?"
    rows = flagged.group(1) if flagged else "?"
    print(f"  reference: total {seconds:.2f} s (CPU {cpu:.2f} s); its own timings: {timings}; "
          f"flagged rows {rows}")  # fmt: skip
    if done.returncode != 0:
        print(done.stderr[-1500:])
    return seconds, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--children", type=int, default=10_000)
    parser.add_argument("--no-reference", action="store_true")
    args = parser.parse_args()
    _django()
    with tempfile.TemporaryDirectory(prefix="hearth-bench-903-") as tmp:
        this, last, children = build(Path(tmp), args.children)
        episodes = len((this / "Episodes.csv").read_text(encoding="utf-8").splitlines()) - 1
        print(f"SSDA903 2025-26: {children} children, {episodes} episodes, with last year's "
              f"return (load average {os.getloadavg()[0]:.1f})")  # fmt: skip
        hearth_seconds, hearth_cpu, _ = native(this, last)
        if args.no_reference:
            return
        found = reference(this, last)
        if found:
            ref_seconds, ref_cpu = found
            print(f"  ratio: {ref_seconds / hearth_seconds:.1f}x faster wall-clock, "
                  f"{ref_cpu / hearth_cpu:.1f}x on CPU")  # fmt: skip


if __name__ == "__main__":
    main()
