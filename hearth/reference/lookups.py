"""Fast, cached answers about the code lists: what is valid when, and what a code means.

Everything is read from the database once per process and kept in memory (the lists are
small). ``load_reference_data()`` clears the cache in the process that runs it; other processes
(web workers) see new codes after a restart.

In forms, pass a callable so the database is read when the form is used, not imported::

    ethnicity = forms.ChoiceField(choices=functools.partial(choices, "ethnicity"))
"""

import threading
from dataclasses import dataclass
from datetime import date

from django.utils import timezone


class UnknownList(LookupError):
    """No code list of that name is loaded (a typo, or reference data not loaded)."""


@dataclass(frozen=True)
class Entry:
    code: str
    description: str
    valid_from: int
    valid_to: int | None
    sort_order: int
    earlier: tuple[tuple[int, int, str], ...] = ()  # (valid_from, valid_to, description)

    def is_valid_in(self, year: int) -> bool:
        return self.valid_from <= year and (self.valid_to is None or self.valid_to >= year)

    def description_in(self, year: int) -> str:
        for start, end, text in self.earlier:
            if start <= year <= end:
                return text
        return self.description


_lock = threading.Lock()
_cache: dict[str, dict[str, Entry]] | None = None


def clear_cache() -> None:
    global _cache
    with _lock:
        _cache = None


def _load() -> dict[str, dict[str, Entry]]:
    from hearth.reference.models import Code, CodeLabel

    earlier: dict[int, list[tuple[int, int, str]]] = {}
    for label in CodeLabel.objects.order_by("valid_from"):
        earlier.setdefault(label.code_id, []).append(
            (label.valid_from, label.valid_to, label.description)
        )
    lists: dict[str, dict[str, Entry]] = {}
    for code in Code.objects.order_by("list_name", "sort_order", "code"):
        lists.setdefault(code.list_name, {})[code.code] = Entry(
            code=code.code,
            description=code.description,
            valid_from=code.valid_from,
            valid_to=code.valid_to,
            sort_order=code.sort_order,
            earlier=tuple(earlier.get(code.pk, ())),
        )
    return lists


def _lists() -> dict[str, dict[str, Entry]]:
    global _cache
    cache = _cache
    if cache is None:
        with _lock:
            if _cache is None:
                _cache = _load()
            cache = _cache
    return cache


def _entries(list_name: str) -> dict[str, Entry]:
    try:
        return _lists()[list_name]
    except KeyError:
        raise UnknownList(f"There is no code list called {list_name!r}") from None


def collection_year(on: date) -> int:
    """The collection year (named by its starting year) that `on` falls in: 1 April-31 March."""
    return on.year if on.month >= 4 else on.year - 1


def _year(on: date | None) -> int:
    return collection_year(on if on is not None else timezone.localdate())


def list_names() -> list[str]:
    return sorted(_lists())


def entries(list_name: str) -> list[Entry]:
    """Every code in the list, retired ones included, in display order."""
    return list(_entries(list_name).values())


def choices(
    list_name: str, *, on: date | None = None, show_code: bool = True
) -> list[tuple[str, str]]:
    """(code, label) pairs for the codes valid in the collection year of `on` (default today).

    Labels read "CODE: description", or the description alone when `show_code` is False."""
    year = _year(on)
    return [
        (e.code, f"{e.code}: {e.description_in(year)}" if show_code else e.description_in(year))
        for e in _entries(list_name).values()
        if e.is_valid_in(year)
    ]


def valid_codes(list_name: str, *, on: date | None = None) -> frozenset[str]:
    year = _year(on)
    return frozenset(e.code for e in _entries(list_name).values() if e.is_valid_in(year))


def is_valid(list_name: str, code: str, *, on: date | None = None) -> bool:
    """Whether `code` is in the list and valid in the collection year of `on` (default today)."""
    entry = _entries(list_name).get(code)
    return entry is not None and entry.is_valid_in(_year(on))


def description(list_name: str, code: str, *, on: date | None = None) -> str:
    """What `code` means: the current wording, or the wording used in `on`'s collection year.

    Retired codes still have a description; an unknown code gives an empty string."""
    entry = _entries(list_name).get(code)
    if entry is None:
        return ""
    return entry.description if on is None else entry.description_in(collection_year(on))
