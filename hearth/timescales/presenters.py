"""Display formatting for rules, bank holidays and due items."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hearth.core.presenters import format_date
from hearth.timescales.calendar import bank_holidays, is_working_day, working_days_between
from hearth.timescales.catalogue import SECTIONS
from hearth.timescales.engine import DueItem
from hearth.timescales.rules import Rule

BASIS_LABELS = {
    "statute": "Statute",
    "regulations": "Regulations",
    "statutory guidance": "Statutory guidance",
    "local policy": "Local policy",
}

# GOV.UK tag colours; the text always carries the meaning, never the colour alone.
STATUS_TAG_CLASSES = {
    "overdue": "govuk-tag--red",
    "due_today": "govuk-tag--orange",
    "due_soon": "govuk-tag--yellow",
    "upcoming": "govuk-tag--grey",
}


@dataclass(frozen=True)
class RuleRow:
    id: str
    title: str
    description: str
    clock_starts: str
    offset: str
    satisfied_by: str
    basis: str
    source: str


def offset_text(rule: Rule) -> str:
    """'15 working days'; for a local rule also the setting it comes from."""
    text = rule.current_offset().describe()
    if rule.setting:
        return f"{text} (local setting {rule.setting})"
    return text


def rule_row(rule: Rule) -> RuleRow:
    return RuleRow(
        id=rule.id,
        title=rule.title,
        description=rule.description,
        clock_starts=rule.clock_starts,
        offset=offset_text(rule),
        satisfied_by=rule.satisfied_by,
        basis=BASIS_LABELS[rule.basis],
        source=rule.source,
    )


def rule_sections() -> list[tuple[str, list[RuleRow]]]:
    """Every rule, grouped as the catalogue declares them, with the settings in force now."""
    return [(heading, [rule_row(r) for r in rules]) for heading, rules in SECTIONS]


@dataclass(frozen=True)
class BankHolidayRow:
    date: str
    weekday: str
    name: str


def bank_holiday_rows(year: int) -> list[BankHolidayRow]:
    return [
        BankHolidayRow(date=format_date(day), weekday=f"{day:%A}", name=name)
        for day, name in bank_holidays(year)
    ]


def working_days_in_year(year: int) -> int:
    """Working days from 1 January to 31 December inclusive."""
    first = date(year, 1, 1)
    return working_days_between(first, date(year, 12, 31)) + int(is_working_day(first))


def status_tag(item: DueItem, today: date) -> dict[str, str]:
    """Arguments for govukTag: {'text': 'Overdue', 'classes': 'govuk-tag--red'}."""
    status = item.status(today)
    return {"text": item.status_label(today), "classes": STATUS_TAG_CLASSES[status]}


def due_text(item: DueItem, today: date) -> str:
    """'Overdue by 3 working days', 'Due today', 'Due in 2 working days (10 March 2026)'."""
    status = item.status(today)
    if status == "overdue":
        late = item.days_overdue(today)
        if late == 0:
            return f"Overdue (was due {format_date(item.due)})"
        return f"Overdue by {late} working day{'s' if late != 1 else ''}"
    if status == "due_today":
        return "Due today"
    left = item.working_days_left(today)
    if left == 0:
        return f"Due {format_date(item.due)}"
    return f"Due in {left} working day{'s' if left != 1 else ''} ({format_date(item.due)})"
