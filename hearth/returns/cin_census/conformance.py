"""Conformance with the reference validator (csc-validator-be-cin via reference-validate).

`run_reference` validates a file with the published validator and returns the rule codes it
reports for each child (and for the whole return). `compare` sets them beside Hearth's own
results on the same file. Known defects of the reference validator are listed here, each
with the evidence in docs/domain/cin-census.md; they are reported but do not fail the run.
"""

from __future__ import annotations

import copy
import csv
import os
import subprocess
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from hearth.returns.cin_census.faults import FAULTS
from hearth.returns.cin_census.parse import parse
from hearth.returns.cin_census.records import CensusReturn
from hearth.returns.cin_census.render import render_bytes
from hearth.returns.cin_census.samples import clean_census, upn
from hearth.returns.cin_census.validate import validate

REFERENCE_VALIDATE = Path(
    os.environ.get("HEARTH_REFERENCE_VALIDATE", "/work/shared/tools/reference-validate")
)
RETURN_LEVEL = "(return)"

# Rule code -> why the reference validator's result is not to be trusted for it.
KNOWN_DEFECTS: dict[str, str] = {
    "2887Q": (
        "counts children with Disability NONE (fires below 8 of them) instead of counting the "
        "distinct disability codes used"
    ),
    "8540": (
        "never reports a child with no <Disabilities> block: the failing rows are joined back "
        "on the disability row id, which such a child lacks"
    ),
    "8935": (
        "counts open plans per (child, plan id), which is always 1, so never fires for a child "
        "with two open child protection plans"
    ),
    "8740": "only treats ICPCnotRequired '0' as false, so never fires when the file says 'false'",
    "8565": "never fired on the corpus: its child protection part checks a hard-coded test "
    "table instead of the return's plans, and no other part reported the faults made for it",
    "8614": "never fired on the corpus (factors on an assessment with no authorisation date)",
    "8869": "compares the whole list of an assessment's factors with '21', so never fires",
    "8945Q": "upper-cases the list of an assessment's factors, so never fires for 18A",
    "8950Q": "upper-cases the list of an assessment's factors, so never fires for 19A",
    "8898": "never fired on the corpus (an assessment with factor 3B twice)",
    "8870Q": "reads InitialCPCtarget as dd-mm-YYYY, so never fires on an XSD (ISO) date",
    "8832": "reports rows of its merged table as if they were rows of the return, so names "
    "children who have no child protection plan and misses the ones who do",
    "4003": "the reader keeps only the first CPPreviewDate of each <Reviews> block, so a later "
    "review held during a CIN plan is missed",
}

# With two children sharing an LAchildID the reference validator joins both children's
# modules together, so rules other than 8510 fire across them; only 8510 is compared there.
COMPARE_ONLY = {"fault-8510.xml": frozenset({"8510"})}

RULESET_BY_YEAR = {2025: "cin2024_25", 2026: "cin2025_26", 2027: "cin2026_27"}


def ruleset_for(year: int) -> str:
    return RULESET_BY_YEAR.get(year, "cin2026_27" if year > 2027 else "cin2024_25")


@dataclass
class Findings:
    """Rule codes by child id ("(return)" for the whole return)."""

    by_child: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def add(self, child: str | None, code: str) -> None:
        self.by_child[child or RETURN_LEVEL].add(code)

    def pairs(self) -> set[tuple[str, str]]:
        return {(child, code) for child, codes in self.by_child.items() for code in codes}

    def codes(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for _, code in self.pairs():
            counts[code] += 1
        return dict(counts)


def run_reference(path: Path, *, year: int, fast: bool = True) -> Findings:
    """Run the reference validator on `path`; raise RuntimeError if it cannot run."""
    with tempfile.TemporaryDirectory(prefix="hearth-cin-ref-") as out:
        command = [str(REFERENCE_VALIDATE), "cin", str(path), "--ruleset", ruleset_for(year)]
        command += ["--out", out] + (["--fast"] if fast else [])
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"reference-validate failed:\n{done.stderr[-3000:]}")
        findings = Findings()
        with open(Path(out) / "issues.csv", newline="") as f:
            for row in csv.DictReader(f):
                findings.add(row["child_id"] or None, row["rule_code"])
        with open(Path(out) / "la_level.csv", newline="") as f:
            for row in csv.DictReader(f):
                findings.add(None, row["rule_code"])
        return findings


def run_native(path: Path) -> Findings:
    findings = Findings()
    for failure in validate(parse(path)):
        findings.add(failure.la_child_id, failure.code)
    return findings


@dataclass
class Comparison:
    reference: Findings
    native: Findings
    only_reference: set[tuple[str, str]]
    only_native: set[tuple[str, str]]

    def unexplained(self) -> set[tuple[str, str]]:
        return {
            pair for pair in self.only_reference | self.only_native if pair[1] not in KNOWN_DEFECTS
        }


def compare(path: Path, *, year: int, fast: bool = True) -> Comparison:
    reference = run_reference(path, year=year, fast=fast)
    native = run_native(path)
    ref_pairs, native_pairs = reference.pairs(), native.pairs()
    return Comparison(
        reference=reference,
        native=native,
        only_reference=ref_pairs - native_pairs,
        only_native=native_pairs - ref_pairs,
    )


# --- Differential corpus: every deliberate fault through both validators -------------------

# Faults that change a count over the whole return (or its header) get a file of their own.
WHOLE_RETURN_FAULTS = frozenset({"100", "1520", "2883", "2886Q", "2887Q", "2888Q", "8510"})


def _faulty(code: str, index: int) -> CensusReturn:
    census = copy.deepcopy(clean_census())
    for child in census.children:
        child.la_child_id = f"F{index:03d}{child.la_child_id}"
        if child.upn:
            child.upn = upn(serial=f"{index:08d}")
    FAULTS[code](census)
    return census


def corpus_write(folder: Path) -> list[Path]:
    """Write the corpus: one file with every child-level fault (each in its own two children,
    ids F<nnn>C1 and F<nnn>C2), and one file per whole-return fault."""
    folder.mkdir(parents=True, exist_ok=True)
    codes = sorted(FAULTS)
    combined = clean_census()
    combined.children = []
    paths = []
    for index, code in enumerate(codes):
        census = _faulty(code, index)
        if code in WHOLE_RETURN_FAULTS:
            path = folder / f"fault-{code}.xml"
            path.write_bytes(render_bytes(census))
            paths.append(path)
        else:
            combined.children.extend(census.children)
    # The whole-return proportions need the sample's spread of disability codes kept.
    path = folder / "faults-children.xml"
    path.write_bytes(render_bytes(combined))
    return [path, *paths]


def corpus_compare(folder: Path, *, year: int = 2026) -> list[tuple[Path, Comparison]]:
    results = []
    for path in corpus_write(folder):
        result = compare(path, year=year)
        only = COMPARE_ONLY.get(path.name)
        if only is not None:
            result.only_native = {p for p in result.only_native if p[1] in only}
            result.only_reference = {p for p in result.only_reference if p[1] in only}
        results.append((path, result))
    return results
