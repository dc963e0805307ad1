"""Everything held about a person: the rows that point at them, and the rows that point at
those, across every installed app (found from the models, so a new app is covered without a
change here). Subject access reads the whole graph; erasure deletes the rows that cannot exist
without the person and clears nullable links to them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import cast

from django.db import models

from hearth.people.models import Person

# Join tables and logs that are not part of the person's record: the audit log is evidence
# kept under its own rule (docs/domain/retention.md) and its hash chain must stay whole.
SKIPPED = frozenset({"core.auditentry", "core.auditchainhead"})


@dataclass
class Edge:
    """A nullable link from a row outside the record into it (cleared on erasure)."""

    model: type[models.Model]
    field_name: str
    pks: set[int] = field(default_factory=set)


@dataclass
class Graph:
    """Rows by model in the order found (breadth first, so deeper rows come later)."""

    rows: dict[type[models.Model], set[int]] = field(default_factory=dict)
    depth: dict[type[models.Model], int] = field(default_factory=dict)
    nullable: list[Edge] = field(default_factory=list)

    def labels(self) -> dict[str, int]:
        return {model._meta.label_lower: len(pks) for model, pks in self.rows.items() if pks}


def _reverse_links(model: type[models.Model]) -> list[models.ForeignObjectRel]:
    return [
        rel
        for rel in model._meta.related_objects
        if (rel.one_to_many or rel.one_to_one)
        and rel.related_model._meta.label_lower not in SKIPPED
        and not rel.related_model._meta.auto_created
    ]


def collect(person: Person, *, follow_nullable: bool) -> Graph:
    """The person's record as a graph of rows. With `follow_nullable` False, a nullable link
    into the record does not pull its row in (erasure clears the link instead)."""
    graph = Graph(rows={Person: {person.pk}}, depth={Person: 0})
    frontier: dict[type[models.Model], set[int]] = {Person: {person.pk}}
    level = 0
    while frontier:
        level += 1
        found: dict[type[models.Model], set[int]] = defaultdict(set)
        for model, pks in frontier.items():
            for rel in _reverse_links(model):
                related = cast(type[models.Model], rel.related_model)
                fk = rel.field
                pks_here = set(
                    related._base_manager.filter(**{f"{fk.name}__in": pks}).values_list(
                        "pk", flat=True
                    )
                )
                if not pks_here:
                    continue
                if fk.null and not follow_nullable:
                    graph.nullable.append(Edge(related, fk.name, pks_here))
                    continue
                new = pks_here - graph.rows.get(related, set())
                if new:
                    found[related] |= new
        for model, pks in found.items():
            graph.rows.setdefault(model, set()).update(pks)
            graph.depth[model] = max(graph.depth.get(model, 0), level)
        frontier = dict(found)
    return graph
