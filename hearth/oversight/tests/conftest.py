import datetime as dt

import pytest

from hearth.accounts.models import Role
from hearth.accounts.tests.factories import UserFactory
from hearth.oversight import services
from hearth.oversight.models import AuditQuestion, AuditTemplate, PracticeStandard

TODAY = dt.date(2026, 3, 10)


@pytest.fixture
def agreement(social_worker, team_manager):
    return services.supervision_agreement_set(
        user=team_manager,
        worker=social_worker,
        supervisor=team_manager,
        frequency="",
        start_date=dt.date(2026, 1, 5),
    )


@pytest.fixture
def qa_officer(db):
    return UserFactory(username="qa.one", role=Role.QA_OFFICER)


@pytest.fixture
def qa_officer_two(db):
    return UserFactory(username="qa.two", role=Role.QA_OFFICER)


@pytest.fixture
def template(db):
    t = AuditTemplate.objects.create(name="Core case audit")
    for order, standard in enumerate(PracticeStandard.values):
        AuditQuestion.objects.create(
            template=t,
            standard=standard,
            text=f"How well does the record show {standard}?",
            order=order,
        )
    return t
