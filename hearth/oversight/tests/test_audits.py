import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from hearth.casework.tests.factories import AllocationFactory
from hearth.oversight import selectors, services
from hearth.oversight.models import AuditStatus, CaseAudit
from hearth.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 10, 12, 0)


@pytest.fixture
def twelve_children(team_a, team_b, social_worker, other_worker):
    kids = []
    for i in range(12):
        kid = ChildFactory()
        team, worker = (team_a, social_worker) if i % 2 else (team_b, other_worker)
        AllocationFactory(child=kid, team=team, worker=worker)
        kids.append(kid)
    return kids


def _programme(user, template, service, auditors, **kwargs):
    kwargs.setdefault("kind", "random")
    kwargs.setdefault("sample_size", 5)
    return services.audit_programme_create(
        user=user,
        name="March audits",
        month=dt.date(2026, 3, 10),
        template=template,
        service=service,
        auditors=auditors,
        seed=7,
        today=dt.date(2026, 3, 10),
        **kwargs,
    )


def test_a_random_sample_draws_the_size_asked_from_the_service_and_shares_it_out(
    twelve_children, template, safeguarding_service, qa_officer, qa_officer_two
):
    programme = _programme(qa_officer, template, safeguarding_service, [qa_officer, qa_officer_two])
    audits = list(programme.audits.all())
    assert len(audits) == 5
    assert len({a.child_id for a in audits}) == 5
    assert {a.auditor_id for a in audits} == {qa_officer.pk, qa_officer_two.pk}
    assert programme.month == dt.date(2026, 3, 1)
    # The same seed draws the same sample.
    again = _programme(qa_officer, template, safeguarding_service, [qa_officer, qa_officer_two])
    assert {a.child_id for a in again.audits.all()} == {a.child_id for a in audits}


def test_a_sample_is_never_audited_by_the_childs_own_worker(
    twelve_children, template, safeguarding_service, social_worker, qa_officer
):
    programme = _programme(
        qa_officer, template, safeguarding_service, [social_worker, qa_officer], sample_size=12
    )
    for audit in programme.audits.all():
        assert audit.auditor_id != audit.practitioner_id


@time_machine.travel(NOW, tick=False)
def test_a_targeted_sample_takes_only_children_matching_the_criteria(
    twelve_children, template, safeguarding_service, qa_officer
):
    programme = _programme(
        qa_officer,
        template,
        safeguarding_service,
        [qa_officer],
        kind="targeted",
        criterion="no_recent_oversight",
        sample_size=50,
    )
    # Nobody has had oversight since allocation on 5 January: every child qualifies.
    assert programme.audits.count() == 12
    with pytest.raises(ValidationError):
        _programme(qa_officer, template, safeguarding_service, [qa_officer], kind="targeted")


def _complete(audit, grade="good"):
    answers = {q.pk: (grade, "Seen in the case notes") for q in audit.template.questions.all()}
    return services.case_audit_complete(
        user=audit.auditor,
        audit=audit,
        answers=answers,
        overall_grade=grade,
        summary="Child's voice strong; plan lacks timescales",
        completed_on=dt.date(2026, 3, 9),
    )


@time_machine.travel(NOW, tick=False)
def test_every_question_needs_a_grade_and_evidence(
    twelve_children, template, safeguarding_service, qa_officer
):
    audit = _programme(qa_officer, template, safeguarding_service, [qa_officer]).audits.first()
    first = template.questions.first()
    with pytest.raises(ValidationError) as missing:
        services.case_audit_complete(
            user=qa_officer,
            audit=audit,
            answers={first.pk: ("good", "")},
            overall_grade="good",
            summary="",
            completed_on=dt.date(2026, 3, 9),
        )
    assert f"evidence_{first.pk}" in missing.value.message_dict
    audit.refresh_from_db()
    assert audit.status == AuditStatus.ASSIGNED
    assert not audit.answers.exists()


@time_machine.travel(NOW, tick=False)
def test_a_second_auditor_moderates_and_the_learning_counts_the_changed_grade(
    twelve_children, template, safeguarding_service, qa_officer, qa_officer_two, senior_leader
):
    programme = _programme(qa_officer, template, safeguarding_service, [qa_officer], sample_size=2)
    first, second = programme.audits.all()
    _complete(first, "good")
    _complete(second, "requires_improvement")
    with pytest.raises(ValidationError):
        services.case_audit_moderate(
            user=qa_officer,
            audit=first,
            agreed_grade="good",
            notes="",
            moderated_on=dt.date(2026, 3, 10),
        )
    with pytest.raises(ValidationError) as unexplained:
        services.case_audit_moderate(
            user=qa_officer_two,
            audit=first,
            agreed_grade="requires_improvement",
            notes="",
            moderated_on=dt.date(2026, 3, 10),
        )
    assert "moderation_notes" in unexplained.value.message_dict
    services.case_audit_moderate(
        user=qa_officer_two,
        audit=first,
        agreed_grade="requires_improvement",
        notes="No management oversight for three months",
        moderated_on=dt.date(2026, 3, 10),
    )
    services.case_audit_moderate(
        user=qa_officer_two,
        audit=second,
        agreed_grade="requires_improvement",
        notes="",
        moderated_on=dt.date(2026, 3, 10),
    )
    first.refresh_from_db()
    assert first.moderation_changed_grade and first.final_grade == "requires_improvement"
    learning = selectors.learning(senior_leader, dt.date(2026, 3, 1))
    assert (learning["moderated"], learning["changed"], learning["total"]) == (2, 1, 2)
    [(month, counts)] = learning["by_month"]
    assert counts == [0, 0, 2, 0]


@time_machine.travel(NOW, tick=False)
def test_an_auditor_grades_and_a_moderator_changes_the_grade_through_the_pages(
    client, twelve_children, template, safeguarding_service, qa_officer, qa_officer_two
):
    audit = _programme(
        qa_officer, template, safeguarding_service, [qa_officer], sample_size=1
    ).audits.get()
    client.force_login(qa_officer)
    url = f"/oversight/audits/{audit.pk}/"
    assert client.get(url).status_code == 200
    data = {"form": "audit", "overall_grade": "good", "summary": "Fine"}
    for q in template.questions.all():
        data[f"grade_{q.pk}"] = "good"
        data[f"evidence_{q.pk}"] = "Evidence"
    assert client.post(url, data).status_code == 302
    client.force_login(qa_officer_two)
    response = client.post(
        url, {"form": "moderation", "agreed_grade": "inadequate", "moderation_notes": "Risk missed"}
    )
    assert response.status_code == 302
    audit.refresh_from_db()
    assert (audit.overall_grade, audit.agreed_grade, audit.status) == (
        "good",
        "inadequate",
        "moderated",
    )


def test_an_outsider_gets_not_found_for_an_audit(
    twelve_children, template, safeguarding_service, qa_officer, partner_referrer, client
):
    audit = _programme(
        qa_officer, template, safeguarding_service, [qa_officer], sample_size=1
    ).audits.get()
    client.force_login(partner_referrer)
    assert client.get(f"/oversight/audits/{audit.pk}/").status_code == 404
    assert CaseAudit.objects.count() == 1
