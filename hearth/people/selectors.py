"""Reads that assemble more than one aggregate: the child's family network."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch

from hearth.people.models import SIBLING_KINDS, EmergencyAccess, Person, Relationship

if TYPE_CHECKING:
    from hearth.people.presenters import NetworkDiagram


@dataclass
class NetworkMember:
    """Someone in the child's network. `relationship` links them to the child; for people
    known only through a sibling, it links them to that sibling (`via`)."""

    person: Person
    relationship: Relationship
    via: Person | None = None
    # Siblings (besides the child) this person is also recorded against, e.g. a shared parent.
    also_linked_to: list[Person] = field(default_factory=list)

    @property
    def generation(self) -> int:
        return self.relationship.generation

    @property
    def kind_label(self) -> str:
        label = self.relationship.get_kind_display()
        if self.via is not None:
            return f"{label} of {self.via.first_name}"
        return label

    @property
    def parental_responsibility(self) -> bool:
        return self.via is None and self.relationship.parental_responsibility

    @property
    def lives_with(self) -> bool:
        return self.via is None and self.relationship.lives_with


@dataclass
class FamilyNetwork:
    child: Person
    members: list[NetworkMember]

    @property
    def direct(self) -> list[NetworkMember]:
        return [m for m in self.members if m.via is None]

    @property
    def is_empty(self) -> bool:
        return not self.members

    @cached_property
    def rows(self) -> list[dict[str, Any]]:
        """The text alternative: one row per person."""
        from hearth.people.presenters import member_rows

        return member_rows(self)

    @cached_property
    def diagram(self) -> NetworkDiagram:
        from hearth.people.presenters import network_diagram

        return network_diagram(self)


def family_network(child: Person) -> FamilyNetwork:
    """The child's current relationships and, for siblings, their own current relationships
    (so a half-sibling's other parent appears too). Two queries whatever the family's size."""
    current = Relationship.objects.current().select_related("relative")
    relationships = list(
        current.filter(child=child)
        .prefetch_related(
            Prefetch(
                "relative__relationships",
                queryset=Relationship.objects.current().select_related("relative"),
                to_attr="current_relationships",
            )
        )
        .order_by("kind", "relative__last_name", "relative__first_name", "id")
    )
    members = [NetworkMember(person=rel.relative, relationship=rel) for rel in relationships]
    by_person: dict[int, NetworkMember] = {m.person.pk: m for m in members}
    for rel in relationships:
        sibling: Person = rel.relative
        if rel.kind not in SIBLING_KINDS or not sibling.is_child:
            continue
        for theirs in getattr(sibling, "current_relationships", []):
            other: Person = theirs.relative
            if other.pk == child.pk:
                continue
            if other.pk in by_person:
                known = by_person[other.pk]
                if known.via is None and sibling not in known.also_linked_to:
                    known.also_linked_to.append(sibling)
                continue
            if theirs.kind in SIBLING_KINDS:
                continue  # the child's own siblings are recorded on the child's record
            member = NetworkMember(person=other, relationship=theirs, via=sibling)
            members.append(member)
            by_person[other.pk] = member
    return FamilyNetwork(child=child, members=members)


def active_emergency_access(user: Any, child_id: int) -> EmergencyAccess | None:
    """The user's open break-glass grant on this child, if their access comes from one (the
    child's pages show it with its expiry)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return EmergencyAccess.objects.active().filter(user=user, child_id=child_id).first()
