"""Shared reads for the children in care indicators: who was looked after on a date, and
their periods of care and episodes (pre-planned short breaks, V3 and V4, left out as the DfE
leaves them out of the children looked after figures)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from django.db.models import Q

from hearth.children_in_care.models import SHORT_BREAKS, Episode
from hearth.indicators.base import ChildIds, in_scope


def open_on(on: date) -> Q:
    """Episodes in force on `on` (an episode ending on the day has ended)."""
    return Q(decom__lte=on) & (Q(dec__isnull=True) | Q(dec__gt=on))


def looked_after_on(on: date, children: ChildIds, *fields: str) -> list[tuple[Any, ...]]:
    """One tuple per child looked after on `on`: (episode id, child id, *fields) of the
    episode in force that day."""
    episodes = in_scope(
        Episode.objects.filter(open_on(on)).exclude(legal_status__in=sorted(SHORT_BREAKS)),
        children,
    )
    return list(episodes.order_by("child_id", "decom").values_list("id", "child_id", *fields))


def episodes_of(child_ids: list[int], *fields: str) -> dict[int, list[tuple[Any, ...]]]:
    """Each child's episodes (oldest first) as tuples of `fields`."""
    found: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    rows = (
        Episode.objects.filter(child_id__in=child_ids)
        .order_by("decom", "id")
        .values_list("child_id", *fields)
    )
    for child_id, *values in rows:
        found[child_id].append(tuple(values))
    return found


def age_on(born: date | None, on: date) -> int | None:
    if born is None:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
