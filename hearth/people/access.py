"""The access helper for single records: return the child the user may see, or answer
"not found" and audit the attempt."""

from django.http import Http404

from hearth.accounts.models import User
from hearth.core.audit import Auditor
from hearth.core.models import AuditAction
from hearth.people.models import EmergencyAccess, Person


def child_for(user: User, child_id: int, *, audit_view: bool = True, summary: str = "") -> Person:
    """The child if the user has reason to see them; 404 otherwise. Views are audited."""
    child = Person.objects.children().visible_to(user).filter(pk=child_id).first()
    auditor = Auditor(user=user)
    if child is None:
        auditor.denied(object_type="people.person", object_id=child_id, summary=summary)
        raise Http404("No child found")
    if audit_view:
        auditor.viewed(child, child_id=child.pk, summary=summary or "Viewed the child's record")
    return child


def person_for(user: User, person_id: int, *, audit_view: bool = True, summary: str = "") -> Person:
    """Any person (child or adult) the user may see; 404 and an audited refusal otherwise.
    Adults are visible when linked to a child the user may see."""
    person = Person.objects.visible_to(user).filter(pk=person_id).first()
    auditor = Auditor(user=user)
    if person is None:
        auditor.denied(object_type="people.person", object_id=person_id, summary=summary)
        raise Http404("No person found")
    if audit_view:
        auditor.viewed(
            person,
            child_id=person.pk if person.is_child else None,
            summary=summary or f"Viewed the record of {person.full_name}",
        )
    return person


def emergency_candidates(user: User, query: str, reason: str) -> list[Person]:
    """Break-glass search: children outside the user's circle matching the query (never
    restricted records), at most 20. The search itself is audited with the reason given."""
    matches = list(
        Person.objects.children()
        .filter(restricted=False)
        .search(query)
        .exclude(pk__in=Person.objects.visible_to(user).values("pk"))
        .order_by("last_name", "first_name")[:20]
    )
    Auditor(user=user).record(
        AuditAction.VIEW,
        object_type="people.person",
        summary=f"Emergency search for “{query}”: {len(matches)} found",
        reason=reason,
    )
    return matches


def emergency_grant_for(user: User, grant_id: int) -> EmergencyAccess:
    """The user's own emergency access grant; 404 (audited) for anyone else's."""
    grant = EmergencyAccess.objects.filter(pk=grant_id, user=user).first()
    if grant is None:
        Auditor(user=user).denied(object_type="people.emergencyaccess", object_id=grant_id)
        raise Http404("No emergency access found")
    return grant
