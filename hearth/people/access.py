"""The access helper for single records: return the child the user may see, or answer
"not found" and audit the attempt."""

from django.http import Http404

from hearth.accounts.models import User
from hearth.core.audit import Auditor
from hearth.people.models import Person


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
