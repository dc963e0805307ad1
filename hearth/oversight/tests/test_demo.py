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
