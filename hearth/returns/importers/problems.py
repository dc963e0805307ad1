"""What an import found wrong, in words a data officer can act on."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    file: str
    where: str  # a line number, or an element path such as Child[12]/CINdetails[1]
    field: str
    reason: str

    def __str__(self) -> str:
        parts = [self.file, self.where, self.field]
        return ": ".join(p for p in parts if p) + f": {self.reason}"


class ImportRefused(Exception):
    """The files had problems: nothing was imported."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problems: nothing was imported")


@dataclass
class ImportReport:
    """What an import did, per kind of record."""

    created: dict[str, int] = field(default_factory=dict)
    changed: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    # What the import did that the data officer should know (accounts it made, records it
    # could not tie to a care history), one sentence each.
    notes: list[str] = field(default_factory=list)

    def count(self, kind: str, outcome: str, n: int = 1) -> None:
        table = getattr(self, outcome)
        table[kind] = table.get(kind, 0) + n

    @property
    def nothing_changed(self) -> bool:
        return not any(self.created.values()) and not any(self.changed.values())

    def lines(self) -> list[str]:
        kinds = sorted(set(self.created) | set(self.changed) | set(self.unchanged))
        return [
            f"  {kind:<28} {self.created.get(kind, 0):>7} new {self.changed.get(kind, 0):>7} "
            f"changed {self.unchanged.get(kind, 0):>7} unchanged"
            for kind in kinds
        ] + [f"  {note}" for note in self.notes]
