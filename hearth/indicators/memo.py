"""Reads several indicators share (the care leaver cohort, who was looked after on a day),
computed once per batch of figures: `indicator_figures` opens a batch, and within it `shared`
returns the first result for the same key. Outside a batch nothing is kept, so a figure is
never older than the request that computes it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from hearth.indicators.base import ChildIds

T = TypeVar("T")
_BATCH: ContextVar[dict[tuple[Any, ...], Any] | None] = ContextVar("indicator_batch", default=None)


@contextmanager
def batch() -> Iterator[None]:
    if _BATCH.get() is not None:
        yield
        return
    token = _BATCH.set({})
    try:
        yield
    finally:
        _BATCH.reset(token)


def scope_key(children: ChildIds) -> str:
    return "" if children is None else str(children.query)


def shared(key: tuple[Any, ...], compute: Callable[[], T]) -> T:
    cache = _BATCH.get()
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = compute()
    result: T = cache[key]
    return result
