"""Conformance with the reference validator (csc-validator-be-903 via reference-validate).

The differential corpus is one return holding a copy of the clean sample for every deliberate
fault (faults.py), each copy's children renamed `<child>X<n>` and their UPNs made unique, plus
one clean copy. Both validators read the same CSV folders (this year and last year); `compare`
sets the rule codes each reports for each child side by side. Disagreements that are defects of
the reference validator are listed in known_defects.py with the evidence in
docs/domain/ssda903-rules.md; they are reported but do not fail the run.
"""

from __future__ import annotations

import csv
import os
import re
import subprocess
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from hearth.returns.ssda903.faults import FAULTS, faulty
from hearth.returns.ssda903.known_defects import KNOWN_DEFECTS
from hearth.returns.ssda903.parse import parse
from hearth.returns.ssda903.samples import LA_ONS_CODE, YEAR, Sample, Table, clean_sample
from hearth.returns.ssda903.samples import write_tables as write_csv_tables
from hearth.returns.ssda903.validate import validate

REFERENCE_VALIDATE = Path(
    os.environ.get("HEARTH_REFERENCE_VALIDATE", "/work/shared/tools/reference-validate")
)


def _renamer(n: int):  # type: ignore[no-untyped-def]
    upn = re.compile(r"^([A-Z])(\d{4})(\d{7}[0-9A-Z])$")

    def rename(table: Table) -> Table:
        out = []
        for r in table:
            r = dict(r)
            r["CHILD"] = f"{r['CHILD']}X{n}"
            if "UPN" in r and (m := upn.match(r["UPN"] or "")):
                r["UPN"] = f"{m.group(1)}{n:04d}{m.group(3)}"
            out.append(r)
        return out

    return rename


@dataclass
class Corpus:
    this: Path
    last: Path
    owner: dict[str, str] = field(default_factory=dict)  # renamed child -> fault code


def write_corpus(folder: Path, codes: list[str] | None = None) -> Corpus:
    """The corpus as two CSV folders under `folder`."""
    base = clean_sample()
    combined = Sample(this=defaultdict(list), last=defaultdict(list))  # type: ignore[arg-type]
    owner: dict[str, str] = {}
    selected = ["clean"] + sorted(codes if codes is not None else FAULTS)
    for n, code in enumerate(selected):
        sample = base.copy() if code == "clean" else faulty(code, base)
        rename = _renamer(n)
        for target, source in ((combined.this, sample.this), (combined.last, sample.last)):
            for name, rows in source.items():
                renamed = rename(rows)
                target[name].extend(renamed)
                for r in renamed:
                    owner[r["CHILD"]] = code
    corpus = Corpus(this=folder / "this_year", last=folder / "last_year", owner=owner)
    write_csv_tables(dict(combined.this), corpus.this)
    write_csv_tables(dict(combined.last), corpus.last)
    return corpus


@dataclass
class Result:
    reference: dict[str, set[str]]
    native: dict[str, set[str]]
    reference_seconds: float = 0.0
    native_seconds: float = 0.0
    reference_output: str = ""

    def pairs(self, side: dict[str, set[str]]) -> set[tuple[str, str]]:
        return {(child, code) for child, codes in side.items() for code in codes}

    @property
    def only_native(self) -> set[tuple[str, str]]:
        return self.pairs(self.native) - self.pairs(self.reference)

    @property
    def only_reference(self) -> set[tuple[str, str]]:
        return self.pairs(self.reference) - self.pairs(self.native)

    def unexplained(self) -> set[tuple[str, str]]:
        return {p for p in self.only_native | self.only_reference if p[1] not in KNOWN_DEFECTS}


def run_reference(this: Path, last: Path | None, *, year: int, la: str, out: Path) -> str:
    """Run the reference validator; its issues are left in out/issues.csv."""
    command = [str(REFERENCE_VALIDATE), "903", str(this), "--year", str(year), "--la", la,
               "--out", str(out)]  # fmt: skip
    if last is not None:
        command[3:3] = ["--prev", str(last)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"reference validator failed: {done.stderr[-2000:]}")
    return done.stdout


def read_reference(out: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    issues = out / "issues.csv"
    if issues.exists():
        with open(issues, newline="", encoding="utf-8") as stream:
            for row in csv.DictReader(stream):
                found[row["child_id"]].add(row["rule_code"])
    return dict(found)


def run_native(this: Path, last: Path | None, *, year: int, la: str) -> dict[str, set[str]]:
    ret = parse(this, year=year, la_ons_code=la, previous=last)
    found: dict[str, set[str]] = defaultdict(set)
    for f in validate(ret):
        found[f.child or ""].add(f.code)
    return dict(found)


def compare(
    this: Path, last: Path | None, *, year: int = YEAR, la: str = LA_ONS_CODE, out: Path
) -> Result:
    started = time.perf_counter()
    output = run_reference(this, last, year=year, la=la, out=out)
    reference_seconds = time.perf_counter() - started
    started = time.perf_counter()
    native = run_native(this, last, year=year, la=la)
    native_seconds = time.perf_counter() - started
    return Result(read_reference(out), native, reference_seconds, native_seconds, output)


# Faults that upset the reference validator for every other child in the same return, so each
# group goes in a return of its own: an unreadable episode or social worker start date makes
# many rules raise; a second UASC row for a child shifts the UASC flag of every child after it
# (its reader aligns a merge by position); rule 1007 raises on the main corpus.
ISOLATED: tuple[tuple[str, ...], ...] = (("141", "SW04STG1"), ("INT36",), ("1007",))


def crashed_rules(output: str) -> set[str]:
    """The rule codes the reference validator reports as having raised."""
    found = re.search(r"rules that raised: \[(.*)\]", output)
    return set(re.findall(r"'([^']+)'", found.group(1))) if found else set()


def corpus_compare(folder: Path) -> list[tuple[Corpus, Result, set[str]]]:
    """Both validators on the corpus: (corpus, result, rules the reference raised on) for the
    main return and for the return of isolated faults."""
    isolated = {c for group in ISOLATED for c in group}
    groups = [("main", sorted(c for c in FAULTS if c not in isolated))]
    groups += [(f"isolated-{'-'.join(g)}", list(g)) for g in ISOLATED]
    found = []
    for name, codes in groups:
        corpus = write_corpus(folder / name, codes)
        result = compare(corpus.this, corpus.last, out=folder / name / "reference")
        crashed = crashed_rules(result.reference_output)
        for side in (result.native, result.reference):
            for child in side:
                side[child] -= crashed - set(KNOWN_DEFECTS)
        found.append((corpus, result, crashed))
    return found


def fault_report(corpus: Corpus, result: Result) -> dict[str, tuple[bool, bool]]:
    """For each fault: (Hearth reports its rule, the reference reports its rule) on its copy."""
    report: dict[str, tuple[bool, bool]] = {}
    for code in FAULTS:
        children = [c for c, owner in corpus.owner.items() if owner == code]
        native = any(code in result.native.get(c, set()) for c in children)
        reference = any(code in result.reference.get(c, set()) for c in children)
        if children:
            report[code] = (native, reference)
    return report


# Faults left out of the fuzzed return: those the isolated returns hold, and the ones that
# repeat a child's rows (the reference's positional joins then misalign other children).
NOT_FUZZED = {c for group in ISOLATED for c in group} | {
    "102", "INT31", "INT32", "INT33", "INT34", "INT35",
}  # fmt: skip


def write_fuzzed(folder: Path, *, seed: int, copies: int = 300, per_copy: int = 3) -> Corpus:
    """A return of `copies` copies of the sample, each with `per_copy` faults drawn at random:
    the faults meet each other, as they do in real returns."""
    import random

    pick = random.Random(seed)
    codes = sorted(c for c in FAULTS if c not in NOT_FUZZED)
    base = clean_sample()
    this: dict[str, Table] = defaultdict(list)
    last: dict[str, Table] = defaultdict(list)
    owner: dict[str, str] = {}
    for n in range(copies):
        sample = base.copy()
        chosen = []
        for code in pick.sample(codes, per_copy):
            try:
                FAULTS[code](sample)
            except (IndexError, KeyError):
                continue  # an earlier fault removed the row this one changes
            chosen.append(code)
        rename = _renamer(n)
        for target, source in ((this, sample.this), (last, sample.last)):
            for name, rows in source.items():
                renamed = rename(rows)
                target[name].extend(renamed)
                for r in renamed:
                    owner[r["CHILD"]] = "+".join(chosen)
    corpus = Corpus(this=folder / "this_year", last=folder / "last_year", owner=owner)
    write_csv_tables(dict(this), corpus.this)
    write_csv_tables(dict(last), corpus.last)
    return corpus


def fuzz_command(folder: Path, write: Callable[[str], object], *, seed: int = 1) -> bool:
    """Both validators on a fuzzed return; True when they disagree unexplained."""
    corpus = write_fuzzed(folder, seed=seed)
    result = compare(corpus.this, corpus.last, out=folder / "reference")
    crashed = crashed_rules(result.reference_output)
    unexplained = sorted(p for p in result.unexplained() if p[1] not in crashed)
    write(
        f"SSDA903 fuzzed return (seed {seed}, {len(set(corpus.owner))} children, three faults "
        f"per copy of the sample): {len(unexplained)} unexplained differences"
    )
    for child, code in unexplained:
        side = "Hearth" if (child, code) in result.only_native else "the reference"
        write(f"  only {side} reports {code} for {child} (faults {corpus.owner.get(child)})")
    return bool(unexplained)


def corpus_command(folder: Path, write: Callable[[str], object]) -> bool:
    """Both validators on the SSDA903 fault corpus, printed; True when they disagree in a way
    no known defect explains, or a fault does not break its own rule in Hearth."""
    failed = False
    agree = total = 0
    for corpus, result, crashed in corpus_compare(folder):
        report = fault_report(corpus, result)
        total += len(report)
        agree += sum(1 for native, reference in report.values() if native and reference)
        write(
            f"SSDA903 corpus {corpus.this.parent.name}: {len(report)} faults; reference "
            f"{result.reference_seconds:.1f} s, Hearth {result.native_seconds:.2f} s"
            + (f"; the reference raised on {', '.join(sorted(crashed))}" if crashed else "")
        )
        for code, (native, reference) in sorted(report.items()):
            if not native:
                write(f"  Hearth does not report {code} for its own fault")
                failed = True
            elif not reference:
                known = KNOWN_DEFECTS.get(code)
                note = f"known defect: {known}" if known else "UNEXPLAINED"
                write(f"  only Hearth reports {code} for its own fault ({note})")
        for label, pairs in (
            ("only Hearth", result.only_native),
            ("only the reference", result.only_reference),
        ):
            by_code: dict[str, list[str]] = defaultdict(list)
            for child, code in sorted(pairs):
                by_code[code].append(f"{child} ({corpus.owner.get(child, '?')})")
            for code, children in sorted(by_code.items()):
                known = " (known defect)" if code in KNOWN_DEFECTS else " UNEXPLAINED"
                write(f"  {label} reports {code}{known} for {len(children)}: "
                      f"{', '.join(children[:6])}")  # fmt: skip
        failed = failed or bool(result.unexplained())
    write(f"SSDA903 corpus: both validators report the faulted rule for {agree} of {total} faults")
    return fuzz_command(folder / "fuzzed", write) or failed
