"""Shared reads for the return home interview indicators."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from hearth.indicators.base import ChildIds, Period, in_scope
from hearth.missing_exploitation.models import MissingEpisode


def local_bounds(period: Period) -> tuple[datetime, datetime]:
    """The period as [first moment, moment after the last day) in local time."""
    zone = timezone.get_current_timezone()
    start = datetime.combine(period.start, time.min, tzinfo=zone)
    end = datetime.combine(period.end + timedelta(days=1), time.min, tzinfo=zone)
    return start, end


def returns_in(period: Period, children: ChildIds) -> list[tuple[Any, ...]]:
    """(id, child id, ended at, interview offered at, interview status) for every missing or
    away episode whose child came back in the period."""
    start, end = local_bounds(period)
    return list(
        in_scope(MissingEpisode.objects.filter(ended_at__gte=start, ended_at__lt=end), children)
        .order_by("ended_at", "id")
        .values_list(
            "id",
            "child_id",
            "ended_at",
            "return_interview__offered_at",
            "return_interview__status",
        )
    )
