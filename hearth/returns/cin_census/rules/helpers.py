"""Small helpers the rules share: element paths, flags, working days."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from functools import lru_cache

from hearth.returns.cin_census.records import Child, Episode
from hearth.timescales.calendar import is_working_day

TRUE = frozenset({"true", "1"})
FALSE = frozenset({"false", "0"})


def flag(value: str | None) -> str:
    return (value or "").strip().lower()


def is_yes(value: str | None) -> bool:
    return flag(value) in TRUE


def is_no(value: str | None) -> bool:
    return flag(value) in FALSE


_EPISODE_PATHS = tuple(f"CINdetails[{i}]" for i in range(1, 65))


def episodes(child: Child) -> Iterator[tuple[str, Episode]]:
    """(element path, episode) for each of the child's episodes. Runs for every rule on every
    child, so it zips with prepared paths rather than formatting them each time."""
    if len(child.episodes) <= len(_EPISODE_PATHS):
        return zip(_EPISODE_PATHS, child.episodes, strict=False)
    return ((f"CINdetails[{i}]", e) for i, e in enumerate(child.episodes, start=1))


@lru_cache(maxsize=64)
def working_days_before(day: date, steps: int) -> date:
    """`day` moved back `steps` working days, each step to the previous working day (so a
    weekend `day` reaches the Friday on the first step)."""
    for _ in range(steps):
        day -= timedelta(days=1)
        while not is_working_day(day):
            day -= timedelta(days=1)
    return day


@lru_cache(maxsize=64)
def on_or_next_working_day(day: date) -> date:
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def before(a: date | None, b: date | None) -> bool:
    """a < b, False when either is missing."""
    return a is not None and b is not None and a < b
