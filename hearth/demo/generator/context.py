"""Shared state for one build: the seeded random source, the reference date, name pools and
helpers that every pathway uses."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from faker import Faker

from hearth.demo.generator import names

LONDON = ZoneInfo("Europe/London")


@dataclass
class Counts:
    """Rows written, by kind; the build's audit entry summarises these."""

    values: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, n: int) -> None:
        self.values[kind] = self.values.get(kind, 0) + n


@dataclass
class Context:
    rng: random.Random
    today: date
    pools: names.NamePools
    counts: Counts = field(default_factory=Counts)
    # Sequences for identifiers that must be unique across the build.
    next_child_number: int = 1
    used_nhs_numbers: set[str] = field(default_factory=set)
    upn_serials: dict[tuple[str, str], int] = field(default_factory=dict)

    @classmethod
    def create(cls, *, seed: int, today: date) -> Context:
        faker = Faker("en_GB")
        faker.seed_instance(seed)
        return cls(rng=random.Random(seed), today=today, pools=names.NamePools.from_faker(faker))

    # Dates -----------------------------------------------------------------------------

    def days_ago(self, days: int) -> date:
        return self.today - timedelta(days=days)

    def at(self, day: date, hour: int | None = None) -> datetime:
        """A plausible office-hours moment on `day`, as an aware datetime."""
        hour = hour if hour is not None else self.rng.randint(9, 17)
        moment = time(hour, self.rng.randrange(0, 60, 5))
        return datetime.combine(day, moment, tzinfo=LONDON)

    def weighted(self, table: list[tuple[str, float]]) -> str:
        values, weights = zip(*table, strict=True)
        return self.rng.choices(values, weights=weights)[0]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p


def add_working_days(start: date, days: int) -> date:
    """Weekdays only (bank holidays are the timescale engine's business, not the demo's)."""
    current = start
    step = 1 if days >= 0 else -1
    remaining = abs(days)
    while remaining:
        current += timedelta(days=step)
        if current.weekday() < 5:
            remaining -= 1
    return current


def weekday_on_or_before(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day
