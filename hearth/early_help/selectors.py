"""Ofsted Annex A list 2 (early help): read-only, consumed by the returns app."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q

from hearth.core.presenters import age_in_years
from hearth.early_help.models import EarlyHelpEpisode
from hearth.front_door.services import months_before

LIST_2_COLUMNS = (
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age of Child (Years)",
    "Assessment start date",
    "Assessment completion date",
    "Organisation completing assessment",
)


def annex_a_early_help(on: date) -> list[dict[str, Any]]:
    """List 2: early help assessments started in the 6 months before `on`, plus every early
    help intervention open on `on`."""
    start = months_before(on, 6)
    episodes = (
        EarlyHelpEpisode.objects.filter(
            Q(assessment_started_on__gte=start, assessment_started_on__lte=on)
            | Q(start_date__lte=on, end_date__isnull=True)
            | Q(start_date__lte=on, end_date__gt=on)
        )
        .select_related("child")
        .order_by("start_date", "id")
    )
    rows = []
    for episode in episodes:
        child = episode.child
        born = child.date_of_birth
        rows.append(
            {
                "Child Unique ID": child.la_child_id or str(child.pk),
                "Gender": child.sex,
                "Ethnicity": child.ethnicity,
                "Date of Birth": born,
                "Age of Child (Years)": age_in_years(born, on) if born and born <= on else None,
                "Assessment start date": episode.assessment_started_on,
                "Assessment completion date": episode.assessment_completed_on,
                "Organisation completing assessment": episode.assessment_organisation
                or episode.lead_organisation,
            }
        )
    return rows
