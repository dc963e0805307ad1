import pytest

from hearth.core.audit import Auditor
from hearth.core.models import AuditEntry


@pytest.fixture
def audit_trail(db, social_worker, allocated_child):
    """Five entries by a social worker about one child, written through the Auditor."""
    auditor = Auditor(user=social_worker)
    entries = [
        auditor.viewed(allocated_child, child_id=allocated_child.pk, summary=f"View {n}")
        for n in range(5)
    ]
    return [AuditEntry.objects.get(pk=e.pk) for e in entries]


@pytest.fixture
def dpo_like(db):
    """Someone who erases records (the data protection officer's role is the privacy app's)."""
    from hearth.accounts.models import Role, User

    return User.objects.create_user(
        username="officer", password="x", role=Role.DATA_PROTECTION_OFFICER
    )
