from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from hearth.accounts.models import Role
from hearth.accounts.tests.factories import ServiceFactory, TeamFactory, UserFactory
from hearth.assessments import services
from hearth.assessments.models import (
    Assessment,
    AssessmentKind,
    AssessmentStatus,
    KeptAssessmentText,
)
from hearth.assessments.services import NetworkAnswer
from hearth.assessments.tests.conftest import COMPLETE

pytestmark = pytest.mark.django_db


def _start(user, episode, on=date(2026, 2, 1), **extra):
    return services.assessment_start(user=user, episode=episode, start_date=on, **extra)


def _draft(assessment, data=None, **extra):
    assessment.refresh_from_db()
    return services.assessment_save_draft(
        user=assessment.worker,
        assessment=assessment,
        data=data or {},
        version=assessment.version,
        **extra,
    )


# --- Starting ---------------------------------------------------------------------------


def test_starting_an_assessment_makes_a_draft_with_a_status_row_and_chronology(
    started, allocated_child
):
    assert started.status == AssessmentStatus.DRAFT
    assert [r.status for r in started.history_rows.all()] == ["draft"]
    assert allocated_child.chronology.filter(category="Assessment").exists()


def test_only_one_open_assessment_per_episode(started, episode, social_worker):
    with pytest.raises(ValidationError) as exc:
        _start(social_worker, episode)
    assert "still open on this episode" in str(exc.value)


def test_the_database_refuses_a_second_open_assessment(started, episode, social_worker):
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.create(
            episode=episode,
            child=episode.child,
            worker=social_worker,
            start_date=date(2026, 2, 2),
        )


def test_a_later_assessment_must_not_overlap_the_previous_one(authorised, episode, social_worker):
    with pytest.raises(ValidationError) as exc:
        _start(social_worker, episode, on=date(2026, 2, 19))
    assert "do not overlap" in str(exc.value)
    later = _start(social_worker, episode, on=date(2026, 2, 20), kind=AssessmentKind.CONTINUOUS)
    assert later.kind == AssessmentKind.CONTINUOUS


def test_an_assessment_cannot_start_before_the_referral(episode, social_worker):
    with pytest.raises(ValidationError) as exc:
        _start(social_worker, episode, on=date(2026, 1, 11))
    assert "start_date" in exc.value.message_dict


def test_an_nfa_referral_cannot_have_an_assessment(social_worker, allocated_child, today):
    nfa = services.cin_episode_open(
        user=social_worker,
        child=allocated_child,
        referral_date=date(2026, 2, 2),
        referral_source="6",
        referral_nfa=True,
    )
    with pytest.raises(ValidationError) as exc:
        _start(social_worker, nfa, on=date(2026, 2, 3))
    assert "no further action" in str(exc.value)


def test_a_closed_episode_cannot_have_a_new_assessment(episode, team_manager, social_worker):
    services.cin_episode_close(
        user=team_manager, episode=episode, closure_date=date(2026, 2, 1), closure_reason="RC7"
    )
    with pytest.raises(ValidationError):
        _start(social_worker, episode, on=date(2026, 2, 1))


# --- Drafts ------------------------------------------------------------------------------


def test_a_draft_saves_with_a_new_version_and_an_audit_entry(started):
    saved = _draft(started, {"child_views": "I want to stay at my school."})
    assert saved.version == 2
    started.refresh_from_db()
    assert started.child_views == "I want to stay at my school."


def test_a_stale_save_is_refused_and_writes_nothing(started):
    _draft(started, {"analysis": "First"})
    with pytest.raises(services.StaleAssessment):
        services.assessment_save_draft(
            user=started.worker, assessment=started, data={"analysis": "Second"}, version=1
        )
    started.refresh_from_db()
    assert started.analysis == "First"


def test_only_the_worker_edits_the_draft(started, colleague):
    with pytest.raises(PermissionDenied):
        services.assessment_save_draft(
            user=colleague, assessment=started, data={"analysis": "x"}, version=1
        )


def test_factor_21_cannot_be_combined_with_other_factors(started):
    with pytest.raises(ValidationError) as exc:
        _draft(started, factors=["21", "3B"])
    assert "cannot be selected with other factors" in str(exc.value)
    _draft(started, factors=["21"])
    assert list(started.factors.values_list("code", flat=True)) == ["21"]


def test_factors_must_be_codes_from_the_list(started):
    with pytest.raises(ValidationError):
        _draft(started, factors=["99Z"])


def test_after_expiry_the_text_is_saved_in_place_when_nothing_changed(started):
    kept = services.assessment_keep_after_expiry(
        user=started.worker, assessment=started, data={"history": "Typed late"}, version=1
    )
    started.refresh_from_db()
    assert kept is True and started.history == "Typed late"


def test_after_expiry_a_stale_text_is_kept_beside_the_assessment(started):
    _draft(started, {"history": "Saved elsewhere"})
    kept = services.assessment_keep_after_expiry(
        user=started.worker, assessment=started, data={"history": "Typed late"}, version=1
    )
    started.refresh_from_db()
    assert kept is False
    assert started.history == "Saved elsewhere"
    assert KeptAssessmentText.objects.get(assessment=started).data == {"history": "Typed late"}


# --- Submission --------------------------------------------------------------------------


def test_submission_needs_the_childs_views_and_the_rest_and_saves_nothing_half_way(started):
    with pytest.raises(ValidationError) as exc:
        services.assessment_submit(
            user=started.worker,
            assessment=started,
            data={**COMPLETE, "child_views": "  "},
            version=1,
            factors=[],
            network=[],
        )
    errors = exc.value.message_dict
    assert errors["child_views"] == ["Enter the child's views, in their own words"]
    assert "factors" in errors
    started.refresh_from_db()
    assert started.status == AssessmentStatus.DRAFT and started.version == 1
    assert started.analysis == ""


def test_extended_family_cannot_be_left_out_without_a_reason(started):
    network = [
        NetworkAnswer(person_id=101, relationship_kind="grandparent", considered=False),
        NetworkAnswer(person_id=102, relationship_kind="parent", considered=False),
        NetworkAnswer(person_id=103, relationship_kind="aunt_uncle", considered=None),
    ]
    errors = services.network_errors(network, {101: "Gran", 102: "Mum", 103: "Uncle"})
    assert errors == {
        "network_101": "Enter why Gran was not considered in the assessment",
        "network_103": "Select whether Uncle was considered in the assessment",
    }


def test_a_submitted_assessment_awaits_authorisation(started, submit):
    submitted = submit(started)
    assert submitted.status == AssessmentStatus.SUBMITTED
    assert submitted.submitted_on == date(2026, 3, 10)
    with pytest.raises(services.AssessmentReadOnly):
        _draft(started, {"analysis": "late edit"})


# --- Authorisation -----------------------------------------------------------------------


def test_the_team_manager_authorises_and_the_date_completes_it(authorised, allocated_child):
    assert authorised.status == AssessmentStatus.AUTHORISED
    assert authorised.authorised_on == date(2026, 2, 20)
    assert [r.status for r in authorised.history_rows.all()] == ["draft", "submitted", "authorised"]
    assert allocated_child.chronology.filter(summary__contains="authorised").exists()


def test_the_service_manager_of_the_team_may_authorise(started, submit, team_a, today):
    service_manager = UserFactory(username="svc.mgr", role=Role.SERVICE_MANAGER)
    team_a.service.manager = service_manager
    team_a.service.save()
    submit(started)
    done = services.assessment_authorise(
        user=service_manager, assessment=started, authorised_on=date(2026, 3, 10)
    )
    assert done.is_authorised


def test_other_managers_and_the_worker_cannot_authorise(started, submit, social_worker, today):
    submit(started)
    other_team = TeamFactory(name="Other team", service=ServiceFactory(name="Other service"))
    other_manager = UserFactory(username="tm.other", role=Role.TEAM_MANAGER, team=other_team)
    other_team.manager = other_manager
    other_team.save()
    for user in (other_manager, social_worker):
        with pytest.raises(PermissionDenied):
            services.assessment_authorise(
                user=user, assessment=started, authorised_on=date(2026, 3, 10)
            )


def test_authorisation_date_cannot_be_before_the_start_or_in_the_future(
    started, submit, team_manager
):
    submit(started)
    for bad in (date(2026, 1, 12), date(2026, 3, 11)):
        with pytest.raises(ValidationError) as exc:
            services.assessment_authorise(user=team_manager, assessment=started, authorised_on=bad)
        assert "authorised_on" in exc.value.message_dict


def test_only_a_submitted_assessment_can_be_authorised(started, team_manager):
    with pytest.raises(ValidationError):
        services.assessment_authorise(
            user=team_manager, assessment=started, authorised_on=date(2026, 3, 10)
        )


def test_a_manager_returns_it_with_a_reason_and_the_worker_resubmits(started, submit, team_manager):
    submit(started)
    with pytest.raises(ValidationError):
        services.assessment_return(user=team_manager, assessment=started, reason=" ")
    returned = services.assessment_return(
        user=team_manager, assessment=started, reason="Say more about the father's views"
    )
    assert returned.status == AssessmentStatus.RETURNED
    assert returned.history_rows.last().reason == "Say more about the father's views"
    resubmitted = submit(started)
    assert resubmitted.status == AssessmentStatus.SUBMITTED
    assert [r.status for r in started.history_rows.all()] == [
        "draft",
        "submitted",
        "returned",
        "submitted",
    ]
