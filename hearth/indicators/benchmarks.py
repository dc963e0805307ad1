"""Published comparators shipped as data (hearth/indicators/data/comparators.json): for each
indicator the DfE publishes, the latest figure for England, for the borough's region and for
its statistical neighbours, with the publication, year and address of each. `confirmed` is
False for a figure we could not check against the DfE's own table ([K] in
docs/domain/indicators-benchmarks.md): the pages say "not confirmed".

Which region and which neighbours are settings:
- HEARTH["BENCHMARK_REGION"]: the DfE region name to compare with ("London" by default).
- HEARTH["BENCHMARK_NEIGHBOURS"]: DfE local authority codes; empty means the DfE's statistical
  neighbour group of HEARTH["LA_CODE"] as shipped in the data file.

The statistical neighbours' figure is the mean of the neighbours' published figures (leaving
out any the publication suppressed), as the DfE's local authority interactive tool works it
out. A figure is only comparable where our definition follows the publication's (the notes
say where it does not, e.g. the one-year placement measure against the DfE's two-year one)."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings

DATA_FILE = Path(__file__).parent / "data" / "comparators.json"

ENGLAND = "england"
REGION = "region"
NEIGHBOURS = "neighbours"
KIND_ORDER = (ENGLAND, REGION, NEIGHBOURS)
NEIGHBOURS_AREA = "Statistical neighbours"


@dataclass(frozen=True)
class NeighbourFigure:
    code: str
    name: str
    value: float | None  # None: suppressed in the publication


@dataclass(frozen=True)
class Benchmark:
    indicator_id: str
    area: str  # "England", "London", "Statistical neighbours"
    value: float
    year: str  # the collection year the figure is for, "2023-24"
    publication: str
    url: str
    confirmed: bool
    note: str = ""
    kind: str = ENGLAND  # england, region or neighbours
    measure: str = "percent"  # percent or average
    unit: str = ""  # for averages: what the figure counts, e.g. "cases"
    polarity: str | None = None  # "higher" or "lower" is better, where the DfE says
    period_end: str = ""  # ISO date the figure's year ends, to find the latest
    neighbours: tuple[NeighbourFigure, ...] = ()

    @property
    def text(self) -> str:
        """The figure as the pages print it: '23.6%', '68%' or '16.0 cases'."""
        if self.measure == "percent":
            return f"{self.value:g}%"
        return f"{self.value:.1f} {self.unit}".strip()

    @property
    def basis(self) -> str:
        """How a statistical neighbours' figure was worked out ('' for published ones)."""
        if self.kind != NEIGHBOURS:
            return ""
        used = [n for n in self.neighbours if n.value is not None]
        left_out = len(self.neighbours) - len(used)
        suppressed = f"; {left_out} suppressed in the publication" if left_out else ""
        return f"Mean of {len(used)} of {len(self.neighbours)} neighbours' figures{suppressed}"

    @property
    def compared_region(self) -> str:
        """The region the pages compare with (the setting), for column headings."""
        return region()

    @property
    def compared_neighbours(self) -> list[str]:
        """The names of the statistical neighbours compared with, closest first."""
        return [la_name(code) for code in neighbour_codes()]

    @property
    def family(self) -> list[Benchmark]:
        """This indicator's comparators (England, region, neighbours), for the pages."""
        return for_indicator(self.indicator_id)


@cache
def load() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return data


def _hearth() -> dict[str, Any]:
    hearth: dict[str, Any] = getattr(settings, "HEARTH", {})
    return hearth


def region() -> str:
    return str(_hearth().get("BENCHMARK_REGION") or "London")


def neighbour_codes() -> list[str]:
    """The statistical neighbours compared with: the setting, else the DfE's group for the
    borough's LA code (empty when neither is known)."""
    chosen = [str(code) for code in (_hearth().get("BENCHMARK_NEIGHBOURS") or [])]
    if chosen:
        return chosen
    groups: dict[str, list[str]] = load()["neighbour_groups"]["groups"]
    return list(groups.get(str(_hearth().get("LA_CODE", "")), []))


def la_name(code: str) -> str:
    names: dict[str, str] = load()["local_authorities"]
    return names.get(code, f"Local authority {code}")


def _benchmark(entry: dict[str, Any], *, area: str, kind: str, value: float) -> Benchmark:
    return Benchmark(
        indicator_id=entry["indicator"],
        area=area,
        value=value,
        year=entry["year"],
        publication=entry["publication"],
        url=entry["url"],
        confirmed=bool(entry["confirmed"]),
        note=entry.get("note", ""),
        kind=kind,
        measure=entry["measure"],
        unit=entry.get("unit", ""),
        polarity=entry.get("polarity"),
        period_end=entry["period_end"],
    )


def _neighbours(entry: dict[str, Any], codes: list[str]) -> Benchmark | None:
    values: dict[str, float | None] = entry["values"]
    figures = tuple(NeighbourFigure(c, la_name(c), values[c]) for c in codes if c in values)
    published = [f.value for f in figures if f.value is not None]
    if not published:
        return None
    mean = round(sum(published) / len(published), 1)
    found = _benchmark(entry, area=NEIGHBOURS_AREA, kind=NEIGHBOURS, value=mean)
    return replace(found, neighbours=figures)


def _from_entry(entry: dict[str, Any], *, region_name: str, codes: list[str]) -> list[Benchmark]:
    values: dict[str, float | None] = entry["values"]
    found: list[Benchmark] = []
    for area, kind in (("England", ENGLAND), (region_name, REGION)):
        value = values.get(area)
        if value is not None:
            found.append(_benchmark(entry, area=area, kind=kind, value=value))
    neighbours = _neighbours(entry, codes)
    if neighbours is not None:
        found.append(neighbours)
    return found


def _latest(found: list[Benchmark]) -> list[Benchmark]:
    """The most recent figure of each kind, England first, then the region, then neighbours."""
    latest: dict[str, Benchmark] = {}
    for bench in found:
        current = latest.get(bench.kind)
        if current is None or bench.period_end > current.period_end:
            latest[bench.kind] = bench
    return [latest[kind] for kind in KIND_ORDER if kind in latest]


def every_figure() -> list[Benchmark]:
    """Every shipped figure for the configured region and neighbours (all years)."""
    region_name, codes = region(), neighbour_codes()
    return [
        bench
        for entry in load()["figures"]
        for bench in _from_entry(entry, region_name=region_name, codes=codes)
    ]


def for_indicator(indicator_id: str) -> list[Benchmark]:
    return _latest([b for b in every_figure() if b.indicator_id == indicator_id])


def england(indicator_id: str) -> Benchmark | None:
    return next((b for b in for_indicator(indicator_id) if b.kind == ENGLAND), None)


def indicator_ids() -> list[str]:
    return sorted({entry["indicator"] for entry in load()["figures"]})


def _england_figures() -> tuple[Benchmark, ...]:
    found = [
        _benchmark(entry, area="England", kind=ENGLAND, value=entry["values"]["England"])
        for entry in load()["figures"]
        if entry["values"].get("England") is not None
    ]
    return tuple(
        bench
        for ident in indicator_ids()
        for bench in _latest([b for b in found if b.indicator_id == ident])
    )


# The latest England figure of each indicator (the dashboard's England column reads these);
# England figures do not depend on settings, so this is worked out once at import.
BENCHMARKS: tuple[Benchmark, ...] = _england_figures()
