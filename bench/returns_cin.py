"""CIN census benchmark: time to generate and to validate the return for a demo borough, and
the reference validator (csc-validator-be-cin) on the same file for the ratio. Not a test.

    python bench/returns_cin.py --children 3000
    python bench/returns_cin.py --children 300 --scale 20000          # also a 20,000-child file
    python bench/returns_cin.py --children 300 --scale 20000 --stock  # reference's own reader too

The borough is built on a fresh SQLite file under var/bench/ (`hearth demo` plus the
assessment and child protection demo scenarios, which give a few hundred children CIN
episodes whatever the borough's size). `--scale N` also writes a file of N children by
repeating the generated children under new LA child ids, to time file validation at the
issue's size (20,000 children). The reference validator runs with `--fast` (same results,
linear reader) and, with `--stock`, with its own quadratic XML reader as well.
"""

from __future__ import annotations

import argparse
import copy
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
REFERENCE = Path(
    os.environ.get("HEARTH_REFERENCE_VALIDATE", "/work/shared/tools/reference-validate")
)


def _django(db_path: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ["DEBUG"] = "false"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _timed(label: str, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    """Run fn; print wall-clock and CPU seconds (CPU is steadier on a busy machine)."""
    started, cpu = time.perf_counter(), time.process_time()
    result = fn(*args, **kwargs)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"  {label:<44} {seconds:8.2f} s  (CPU {cpu:.2f} s)")
    return result, cpu


def _reference(path: Path, year: int, *, fast: bool) -> float | None:
    if not REFERENCE.exists():
        print("  reference validator not found: skipped")
        return None
    from hearth.returns.cin_census.conformance import ruleset_for

    command = [str(REFERENCE), "cin", str(path), "--ruleset", ruleset_for(year)]
    command += ["--fast"] if fast else []
    started, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, capture_output=True, text=True)
    seconds, after = time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        print(f"  reference validator failed: {done.stderr[-500:]}")
        return None
    label = "reference validator --fast" if fast else "reference validator (stock reader)"
    print(f"  {label:<44} {seconds:8.2f} s  (CPU {cpu:.2f} s, whole process)")
    own = next((line for line in done.stdout.splitlines() if line.startswith("import=")), "")
    if own:
        print(f"    its own timings: {own}")
    return cpu


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--children", type=int, default=300)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--year", type=int, default=None, help="Year the collection ends")
    ap.add_argument("--scale", type=int, default=0, help="Also time a file of N children")
    ap.add_argument("--stock", action="store_true", help="Also time the reference's own reader")
    args = ap.parse_args()

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    db = BENCH_DIR / f"returns-cin-{args.children}.sqlite3"
    db.unlink(missing_ok=True)
    _django(db)

    from datetime import date

    from django.core.management import call_command

    from hearth.assessments.demo import assessments_demo
    from hearth.child_protection.demo import child_protection_demo
    from hearth.returns.cin_census.extract import census_extract
    from hearth.returns.cin_census.parse import parse
    from hearth.returns.cin_census.render import render
    from hearth.returns.cin_census.validate import validate

    today = date.today()
    year = args.year or (today.year + 1 if today.month >= 4 else today.year)
    print(f"Building the demo borough: {args.children} children, seed {args.seed}")
    call_command("migrate", verbosity=0)
    call_command("demo", children=args.children, seed=args.seed, reset=True, verbosity=0)
    assessments_demo(seed=args.seed)
    child_protection_demo(seed=args.seed)

    out = BENCH_DIR / f"cin-census-{year}-{args.children}.xml"
    print(f"CIN census {year - 1}-{str(year)[2:]} ({out.name})")
    census, t_extract = _timed("extract from the record", census_extract, year)

    def write() -> None:
        with open(out, "wb") as stream:
            render(census, stream)

    _, t_render = _timed("render XML", write)
    print(f"  {'generate total (extract + render), CPU':<44} {t_extract + t_render:8.2f} s")
    print(f"  children {len(census.children)}, file {out.stat().st_size / 1024:.0f} KB")
    _timed("native: validate the record (rules only)", validate, census)
    parsed, t_parse = _timed("native: read the file", parse, out)
    _, t_rules = _timed("native: rules on the file", validate, parsed)
    native_file = t_parse + t_rules
    print(f"  {'native: validate the file (read + rules), CPU':<44} {native_file:8.2f} s")
    ref = _reference(out, year, fast=True)
    if ref:
        print(f"  CPU ratio reference --fast / native file validation: {ref / native_file:.1f}x")

    if args.scale and census.children:
        from hearth.returns.cin_census.render import render_bytes

        scaled = copy.copy(census)
        base = census.children
        scaled.children = []
        for i in range(args.scale):
            child = copy.deepcopy(base[i % len(base)])
            child.la_child_id = f"B{i:07d}"
            child.upn = None
            child.upn_unknown = "UN2"
            scaled.children.append(child)
        big = BENCH_DIR / f"cin-census-{year}-scaled-{args.scale}.xml"
        big.write_bytes(render_bytes(scaled))
        print(f"Scaled file: {args.scale} children ({big.stat().st_size / 1024 / 1024:.1f} MB)")
        parsed, t_parse = _timed("native: read the file", parse, big)
        _, t_rules = _timed("native: rules on the file", validate, parsed)
        native_big = t_parse + t_rules
        print(f"  {'native: validate the file (read + rules), CPU':<44} {native_big:8.2f} s")
        ref = _reference(big, year, fast=True)
        if ref:
            print(f"  CPU ratio reference --fast / native: {ref / native_big:.1f}x")
        if args.stock:
            ref = _reference(big, year, fast=False)
            if ref:
                print(f"  CPU ratio reference (stock) / native: {ref / native_big:.1f}x")


if __name__ == "__main__":
    main()
