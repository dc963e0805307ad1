"""The demo borough's SSDA903 checked by the reference validator (csc-validator-be-903 via
reference-validate), as part of `hearth returns conformance`: the return generated from the
record must have no errors and no queries apart from the reference validator's documented
defects (docs/domain/ssda903.md, with evidence). Last year's return goes alongside, so the
year-on-year rules run too.
"""

from __future__ import annotations

import csv
import os
import subprocess
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from django.conf import settings
from django.core.management.base import OutputWrapper

from hearth.returns.ssda903 import tables as t
from hearth.returns.ssda903.extract import ssda903_extract
from hearth.returns.ssda903.known_defects import KNOWN_DEFECTS
from hearth.returns.ssda903.render import write_folder

REFERENCE_VALIDATE = Path(
    os.environ.get("HEARTH_REFERENCE_VALIDATE", "/work/shared/tools/reference-validate")
)


# Rules whose own message says they can only see the episodes in the files loaded (this year
# and last): for a care leaver with no episode in either, a finding is not evidence of a fault.
ONLY_LOADED_EPISODES = frozenset({"1001", "1002"})


def _drop_unseen_care_leavers(found: Reference, folders: list[Path]) -> int:
    """Remove 1001/1002 for young people with no episode in the loaded files; how many."""
    seen: set[str] = set()
    for folder in folders:
        path = folder / t.FILENAMES[t.EPISODES]
        if path.exists():
            with open(path, newline="") as f:
                seen |= {row["CHILD"] for row in csv.DictReader(f)}
    dropped = 0
    for child, codes in found.by_child.items():
        if child not in seen and codes & ONLY_LOADED_EPISODES:
            dropped += len(codes & ONLY_LOADED_EPISODES)
            codes -= ONLY_LOADED_EPISODES
    return dropped


@dataclass
class Reference:
    """Rule codes by child, and the rules that raised, from one reference run."""

    by_child: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    crashed: list[str] = field(default_factory=list)

    def codes(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for codes in self.by_child.values():
            for code in codes:
                counts[code] += 1
        return dict(counts)


def run_reference(folder: Path, *, year: int, previous: Path | None) -> Reference:
    """Run the reference validator on a folder of CSVs; RuntimeError if it cannot run."""
    with tempfile.TemporaryDirectory(prefix="hearth-903-ref-") as out:
        command = [str(REFERENCE_VALIDATE), "903", str(folder), "--year", str(year)]
        command += ["--la", str(settings.HEARTH["LA_ONS_CODE"]), "--out", out]
        if previous is not None:
            command += ["--prev", str(previous)]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"reference-validate failed:\n{done.stderr[-3000:]}")
        found = Reference()
        for line in done.stdout.splitlines():
            if line.startswith("rules that raised:"):
                found.crashed = [c.strip(" '[]") for c in line.split(":", 1)[1].split(",")]
        issues = Path(out) / "issues.csv"
        if issues.exists():
            with open(issues, newline="") as f:
                for row in csv.DictReader(f):
                    found.by_child[row["child_id"] or "(return)"].add(row["rule_code"])
        return found


def check_demo(years: list[int], out: Path, stdout: OutputWrapper | TextIO) -> bool:
    """Generate each year's SSDA903 (and the year before it) into `out` and check it with the
    reference validator. True when it reports anything other than a known defect."""
    failed = False
    for year in years:
        this_year = out / f"ssda903-{year}"
        last_year = out / f"ssda903-{year - 1}"
        result, previous = ssda903_extract(year), ssda903_extract(year - 1)
        write_folder(result, this_year)
        write_folder(previous, last_year)
        counts = ", ".join(f"{name} {n}" for name, n in result.counts().items())
        stdout.write(f"SSDA903 {t.collection_label(year)}: {counts} -> {this_year}\n")
        if not result.children:
            # The reference validator cannot read a return with no children (it raises).
            stdout.write("  no children looked after in the year: nothing to check\n")
            continue
        with_last = last_year if previous.children else None
        found = run_reference(this_year, year=year, previous=with_last)
        unseen = _drop_unseen_care_leavers(found, [this_year, last_year])
        also = f" (with {last_year.name})" if with_last else ""
        stdout.write(f"Reference validator on {this_year.name}{also}:\n")
        for code, count in sorted(found.codes().items()):
            known = KNOWN_DEFECTS.get(code)
            note = f"  known defect: {known}" if known else ""
            stdout.write(f"  {code:>9} {count:>4} children{note}\n")
            failed = failed or not known
        for code in found.crashed:
            known = KNOWN_DEFECTS.get(code)
            stdout.write(f"  {code:>9} raised{'  known defect' if known else ''}\n")
            failed = failed or not known
        if unseen:
            stdout.write(
                f"  {unseen} findings of 1001/1002 left aside: care leavers with no episode in "
                "the files loaded (the rules' own note: the tool sees only two years)\n"
            )
        if not found.codes():
            stdout.write("  no errors and no queries\n")
    return failed
