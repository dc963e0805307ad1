"""Shared reads for the adoption scorecard indicators: children adopted in the three years up
to the period's end (the scorecard's rolling three-year average)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from hearth.adoption.models import AdoptionJourney
from hearth.indicators.base import ChildIds, Period, in_scope
from hearth.timescales.rules import add_months

YEARS = 3


def window(period: Period) -> Period:
    """The three years ending at the period's end."""
    return Period(start=add_months(period.end, -12 * YEARS) + timedelta(days=1), end=period.end)


def adopted_in(period: Period, children: ChildIds) -> list[tuple[Any, ...]]:
    """(journey id, child id, entered care, placement order, matched, placed, adoption order)
    for children adopted in the three years up to the period's end."""
    span = window(period)
    return list(
        in_scope(
            AdoptionJourney.objects.filter(
                adoption_order_on__gte=span.start,
                adoption_order_on__lte=span.end,
                placed_on__isnull=False,
            ),
            children,
        )
        .order_by("adoption_order_on", "id")
        .values_list(
            "id",
            "child_id",
            "period__start_date",
            "placement_order_on",
            "matched_on",
            "placed_on",
            "adoption_order_on",
        )
    )
