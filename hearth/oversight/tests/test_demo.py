import datetime as dt

import pytest
import time_machine

from hearth.accounts.models import Role
from hearth.accounts.tests.factories import UserFactory
from hearth.oversight.demo import oversight_demo
from hearth.oversight.models import CaseAudit, OversightEntry, SupervisionSession

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2026, 3, 10, 12, 0), tick=False)
def test_the_demo_builds_supervision_oversight_and_a_moderated_month_of_audits(
    allocated_child, colleague, team_manager, senior_leader
):
    UserFactory(username="qa.demo", role=Role.QA_OFFICER)
    counts = oversight_demo(today=dt.date(2026, 3, 10), seed=1, limit=5)
    assert counts["agreements"] == 2
    assert SupervisionSession.objects.exists()
    assert OversightEntry.objects.filter(child=allocated_child).exists()
    assert counts["audits"] == CaseAudit.objects.count() >= 1


@time_machine.travel(dt.datetime(2026, 3, 10, 12, 0), tick=False)
def test_the_demo_keeps_to_its_limit_for_staff_records_and_builds_the_improvement_plan(
    allocated_child, colleague, team_manager, senior_leader, settings
):
    from hearth.core.models import AuditEntry
    from hearth.oversight.models import (
        ImprovementAction,
        ImprovementArea,
        LeadershipEngagement,
        StaffRecord,
    )

    created = AuditEntry.objects.filter(object_type="oversight.staffrecord", action="create")
    before = created.count()
    counts = oversight_demo(today=dt.date(2026, 3, 10), seed=2, limit=1)
    # Everyone gets a record (the census counts them), only `limit` through the service.
    people = StaffRecord.objects.values("user_id").distinct().count()
    assert counts["staff_records"] == people >= 3
    assert created.count() - before <= 1
    today = dt.date(2026, 3, 10)
    actions = list(ImprovementAction.objects.all())
    assert any(a.is_overdue(today) for a in actions)
    assert any(a.status == "complete" and a.evidence for a in actions)
    assert ImprovementArea.objects.filter(lead__isnull=False).count() == 11
    assert LeadershipEngagement.objects.exclude(changed="").exists()
    assert LeadershipEngagement.objects.filter(changed="").exists()
