"""Adoption's due items: the scorecard clocks for a child with a decision to place for
adoption in force. Registered with the timescale engine in apps.py, so they appear on My work
and the child's page; the rules are declared once in hearth.timescales.catalogue.

`adoption_due` makes one query whatever the number of children."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from django.urls import reverse

from hearth.adoption.models import AdoptionJourney
from hearth.adoption.selectors import A1, A2
from hearth.timescales.engine import DueItem


def adoption_due(child_ids: Sequence[int], today: date) -> Iterable[DueItem]:
    """A2 (match within 121 days of the placement order) once the order is made and until
    the match; A1 (placed with the adoptive family within 426 days of entering care) until the
    placement for adoption."""
    journeys = (
        AdoptionJourney.objects.active()
        .filter(child_id__in=child_ids, placed_on__isnull=True)
        .values_list("child_id", "period__start_date", "placement_order_on", "matched_on")
    )
    url = reverse("adoption:child", args=[0]).replace("/0/", "/{}/")
    items = []
    for child_id, entered_care, order_on, matched_on in journeys:
        link = url.format(child_id)
        if order_on is not None and matched_on is None:
            items.append(
                DueItem.create(
                    A2,
                    child_id=child_id,
                    subject="Match with prospective adopters (scorecard A2)",
                    clock_start=order_on,
                    clock_event="the placement order",
                    url=link,
                )
            )
        items.append(
            DueItem.create(
                A1,
                child_id=child_id,
                subject="Placed with the adoptive family (scorecard A1)",
                clock_start=entered_care,
                clock_event="the child entering care",
                url=link,
            )
        )
    return items


def register() -> None:
    from hearth.timescales.engine import register_provider

    register_provider("adoption.scorecard", adoption_due)
