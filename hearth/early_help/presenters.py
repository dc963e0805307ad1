"""Display formatting for early help pages and the age report."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from hearth.core.presenters import age_in_years
from hearth.early_help.models import EarlyHelpEpisode

AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("Under 5", 0, 4),
    ("5 to 10", 5, 10),
    ("11 to 15", 11, 15),
    ("16 and over", 16, 200),
)


def age_band(born: date | None, on: date) -> str:
    if born is None or born > on:
        return "Age not known"
    age = age_in_years(born, on)
    return next(label for label, low, high in AGE_BANDS if low <= age <= high)


def age_report(episodes: Iterable[EarlyHelpEpisode], on: date) -> list[tuple[str, int]]:
    """Open episodes by the child's age band, so that early help for over-fives is visible."""
    counts = {label: 0 for label, _, _ in AGE_BANDS}
    for episode in episodes:
        band = age_band(episode.child.date_of_birth, on)
        counts[band] = counts.get(band, 0) + 1
    return list(counts.items())


def over_five_share(report: list[tuple[str, int]]) -> str:
    total = sum(n for _, n in report)
    if not total:
        return "No open episodes"
    over = sum(n for label, n in report if label not in ("Under 5", "Age not known"))
    return f"{over} of {total} ({round(100 * over / total)}%) are for children aged 5 or over"
