"""`hearth returns annex-a --as-of YYYY-MM-DD --out FILE.xlsx` (the returns command calls this)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from hearth.returns.annex_a.columns import LISTS
from hearth.returns.annex_a.services import annex_a_build, annex_a_write


def annex_a_command(as_of: date, out: Path, stdout: Any) -> None:
    annex = annex_a_build(as_of=as_of)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    with open(partial, "wb") as stream:
        annex_a_write(annex=annex, stream=stream)
    partial.replace(out)
    stdout.write(f"Ofsted Annex A to {as_of:%d/%m/%Y}: {annex.children} children -> {out}")
    for spec in LISTS:
        sealed = annex.sealed.get(spec.number, 0)
        stdout.write(
            f"  {spec.sheet:<26} {len(annex.lists[spec.number]):>6} rows"
            + (f" ({sealed} of sealed records)" if sealed else "")
        )
    summary = annex.sealed_summary()
    stdout.write(
        f"Rows of sealed pre-adoption records, kept under the pre-adoption ID: {summary}. Their "
        "case files are opened for inspectors by the sealed-record roles."
        if summary
        else "No row is of a sealed pre-adoption record."
    )
