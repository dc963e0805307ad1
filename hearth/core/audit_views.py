from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from hearth.core.models import AuditEntry


def child_audit(request: HttpRequest, child_id: int) -> HttpResponse:
    """Who has viewed or changed a child's record: senior leaders and administrators only."""
    if not getattr(request.user, "can_read_audit", False):
        raise Http404
    entries = AuditEntry.objects.filter(child_id=child_id).select_related("actor").order_by("-id")[:500]
    return render(request, "core/child_audit.html", {"entries": entries, "child_id": child_id})
