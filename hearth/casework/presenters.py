"""Display formatting for casework pages: status tags, due item rows, counts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.urls import reverse

if TYPE_CHECKING:
    from hearth.timescales.engine import DueItem

STATUS_TAGS: dict[str, tuple[str, str]] = {
    # status: (text, GOV.UK tag colour class). The text carries the meaning, not the colour.
    "overdue": ("Overdue", "govuk-tag--red"),
    "due_today": ("Due today", "govuk-tag--orange"),
    "due_soon": ("Due soon", "govuk-tag--yellow"),
    "upcoming": ("Upcoming", "govuk-tag--grey"),
}


@dataclass(frozen=True)
class DueRow:
    item: DueItem
    status: str
    tag_text: str
    tag_class: str
    child_name: str = ""
    child_url: str = ""

    @property
    def subject(self) -> str:
        return self.item.subject

    @property
    def due(self) -> date:
        return self.item.due

    @property
    def explanation(self) -> str:
        return self.item.explanation

    @property
    def url(self) -> str:
        return self.item.url

    @property
    def is_overdue(self) -> bool:
        return self.status == "overdue"

    @property
    def is_due_this_week(self) -> bool:
        return self.status in {"due_today", "due_soon"}


def due_row(item: DueItem, today: date, *, child_name: str = "", child_url: str = "") -> DueRow:
    status = item.status(today)
    text, css = STATUS_TAGS[status]
    return DueRow(item, status, text, css, child_name, child_url)


def due_rows_overdue_first(rows: list[DueRow]) -> list[DueRow]:
    """Overdue at the top (most overdue first), then the rest soonest first."""
    return sorted(rows, key=lambda r: (not r.is_overdue, r.item.sort_key()))


def plural(count: int, singular: str, many: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (many or singular + 's')}"


def work_counts(rows: list[DueRow]) -> str:
    """'3 overdue, 2 due this week' (or 'Nothing overdue or due this week')."""
    overdue = sum(1 for r in rows if r.is_overdue)
    this_week = sum(1 for r in rows if r.is_due_this_week)
    if not overdue and not this_week:
        return "Nothing overdue or due this week"
    return f"{overdue} overdue, {this_week} due this week"


def allocation_holder(allocation: object | None) -> str:
    if allocation is None:
        return "Not allocated"
    worker = getattr(allocation, "worker", None)
    team = getattr(allocation, "team", None)
    return f"{worker}, {team}" if worker is not None else f"{team} (no named worker)"


def file_size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


_SENTINELS = (987654321, 987654322)


def url_builder(name: str, arity: int = 1) -> Callable[..., str]:
    """A fast `reverse` for one URL name with integer arguments: worktrays build thousands of
    links, and reversing each one costs more than the page's queries."""
    template = reverse(name, args=_SENTINELS[:arity])

    def build(*args: int) -> str:
        url = template
        for sentinel, value in zip(_SENTINELS[:arity], args, strict=True):
            url = url.replace(str(sentinel), str(int(value)))
        return url

    return build
