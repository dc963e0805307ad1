"""England working days: Monday to Friday, except England and Wales bank holidays.

Bank holidays come from the `holidays` package (country GB, subdivision ENG), which includes
substitute days ("Christmas Day (observed)") and one-off holidays such as the State Funeral of
Queen Elizabeth II (19 September 2022) and the Coronation of King Charles III (8 May 2023).

The calendar covers 2000 to 2040 from the first call and grows on demand to any year asked for.
Working days are held as a sorted tuple of ordinals, so adding N working days or counting
working days between two dates is a binary search, not a day-by-day walk.

Convention (DOMAIN.md section 0, "start date + N working days, target inclusive"):

* `add_working_days(start, n)`: with settings.HEARTH["WORKING_DAY_START_IS_DAY_ZERO"] True (the
  default) the start day is day 0, so "within 15 working days" of a Monday strategy discussion
  is the Monday three weeks later when there are no bank holidays. A start on a weekend or bank
  holiday counts from the next working day, which becomes day 0. With the setting False the
  start day (or the next working day) is day 1, so every target is one working day earlier.
* `working_days_between(start, end)`: the working days after `start` up to and including
  `end`; negative when `end` is before `start`. It does not depend on the setting.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from datetime import date, timedelta

from django.conf import settings

FIRST_YEAR = 2000
LAST_YEAR = 2040

_SUBSTITUTE_SUFFIX = " (observed)"


_by_year: dict[int, dict[date, str]] = {}


def _load_bank_holidays(first_year: int, last_year: int) -> None:
    """Fetch the bank holidays of several years at once (one call is far cheaper than many)."""
    # Imported on first use: the package takes most of a second to import, which every
    # management command and worker would otherwise pay at start-up.
    import holidays

    years = [y for y in range(first_year, last_year + 1) if y not in _by_year]
    if not years:
        return
    found = holidays.country_holidays("GB", subdiv="ENG", years=years)
    loaded: dict[int, dict[date, str]] = {year: {} for year in years}
    for day, name in sorted(found.items()):
        if day.year in loaded:
            loaded[day.year][day] = name
    _by_year.update(loaded)


def _bank_holidays_in(year: int) -> dict[date, str]:
    """England and Wales bank holidays in one year, with substitute days, by date."""
    if year not in _by_year:
        _load_bank_holidays(year, year)
    return _by_year[year]


def bank_holidays(year: int) -> list[tuple[date, str]]:
    """The bank holidays of a year in date order, as (date, name).

    Substitute days are named "<holiday> (substitute day)", as GOV.UK lists them."""
    return [(day, _display_name(name)) for day, name in sorted(_bank_holidays_in(year).items())]


def _display_name(name: str) -> str:
    if name.endswith(_SUBSTITUTE_SUFFIX):
        return name[: -len(_SUBSTITUTE_SUFFIX)] + " (substitute day)"
    return name


def is_bank_holiday(d: date) -> bool:
    return d in _bank_holidays_in(d.year)


def is_working_day(d: date) -> bool:
    """True for Monday to Friday, unless the day is an England and Wales bank holiday."""
    return d.weekday() < 5 and not is_bank_holiday(d)


class _WorkingDayTable:
    """Sorted ordinals of every working day between two years, extended on demand."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.first_year = FIRST_YEAR
        self.last_year = LAST_YEAR
        self.ordinals: tuple[int, ...] = ()

    def covering(self, *years: int) -> tuple[int, ...]:
        """The table, rebuilt first if it does not yet cover every year given (with a margin)."""
        low, high = min(years), max(years)
        if self.ordinals and self.first_year < low and high < self.last_year:
            return self.ordinals
        with self._lock:
            first = min(self.first_year, low - 1)
            last = max(self.last_year, high + 1)
            if not self.ordinals or first != self.first_year or last != self.last_year:
                self.ordinals = _working_day_ordinals(first, last)
                self.first_year, self.last_year = first, last
            return self.ordinals


def _working_day_ordinals(first_year: int, last_year: int) -> tuple[int, ...]:
    _load_bank_holidays(first_year, last_year)
    day = date(first_year, 1, 1)
    end = date(last_year, 12, 31)
    found = []
    while day <= end:
        if is_working_day(day):
            found.append(day.toordinal())
        day += timedelta(days=1)
    return tuple(found)


_table = _WorkingDayTable()


def _start_is_day_zero() -> bool:
    return bool(getattr(settings, "HEARTH", {}).get("WORKING_DAY_START_IS_DAY_ZERO", True))


def next_working_day(d: date) -> date:
    """The first working day strictly after `d` (Friday -> Monday, 24 Dec 2021 -> 29 Dec 2021)."""
    ordinals = _table.covering(d.year)
    index = bisect_right(ordinals, d.toordinal())
    if index >= len(ordinals):
        ordinals = _table.covering(d.year + 1)
        index = bisect_right(ordinals, d.toordinal())
    return date.fromordinal(ordinals[index])


def previous_working_day(d: date) -> date:
    """The last working day strictly before `d`."""
    ordinals = _table.covering(d.year)
    index = bisect_left(ordinals, d.toordinal()) - 1
    return date.fromordinal(ordinals[index])


def working_day_on_or_after(d: date) -> date:
    return d if is_working_day(d) else next_working_day(d)


def add_working_days(start: date, n: int) -> date:
    """The date `n` working days after `start` (see the module docstring for the convention).

    A negative `n` counts backwards symmetrically: the start rolls back to the previous working
    day when it is not one, and that day is day 0 (or day 1 under the day-one convention)."""
    if n == 0:
        return working_day_on_or_after(start)
    step = n if _start_is_day_zero() else (n - 1 if n > 0 else n + 1)
    while True:
        ordinals = _table.covering(start.year)
        if n > 0:
            index = bisect_left(ordinals, start.toordinal()) + step
        else:
            index = bisect_right(ordinals, start.toordinal()) - 1 + step
        if 0 <= index < len(ordinals):
            return date.fromordinal(ordinals[index])
        # Beyond the table: grow it by the number of years the offset could need, and retry.
        years = abs(n) // 250 + 2
        _table.covering(start.year - years, start.year + years)


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end`; negative if `end` < `start`.

    Friday to the following Monday is 1; a day to itself is 0."""
    if end < start:
        return -working_days_between(end, start)
    ordinals = _table.covering(start.year, end.year)
    return bisect_right(ordinals, end.toordinal()) - bisect_right(ordinals, start.toordinal())
