"""Display formatting for oversight pages."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from hearth.oversight.models import Grade

GRADE_ORDER = [g.value for g in Grade]
GRADE_LABELS = dict(Grade.choices)


def grade_label(value: str) -> str:
    return GRADE_LABELS.get(value, "Not graded")


def percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "–"


def fte(value: Decimal) -> str:
    return f"{value.normalize():f}"


@dataclass
class AuditSummary:
    total: int
    completed: int
    moderated: int
    changed: int
    grades: list[tuple[str, int]]

    @property
    def completion(self) -> str:
        return percent(self.completed, self.total)


def audit_summary(audits: Iterable[Any]) -> AuditSummary:
    audits = list(audits)
    done = [a for a in audits if a.status != "assigned"]
    grades = Counter(a.final_grade for a in done)
    return AuditSummary(
        total=len(audits),
        completed=len(done),
        moderated=sum(a.status == "moderated" for a in audits),
        changed=sum(a.moderation_changed_grade for a in audits),
        grades=[(grade_label(g), grades[g]) for g in GRADE_ORDER],
    )
