from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hearth.assessments import services
from hearth.assessments.models import AssessmentStatus, KeptAssessmentText
from hearth.assessments.tests.conftest import COMPLETE
from hearth.casework.recovery import COOKIE_NAME
from hearth.casework.tests.factories import AllocationFactory
from hearth.core.concurrency import token_in
from hearth.people.tests.factories import AdultFactory, ChildFactory, RelationshipFactory

pytestmark = pytest.mark.django_db


def _date(prefix, value):
    return {
        f"{prefix}-day": value.day,
        f"{prefix}-month": value.month,
        f"{prefix}-year": value.year,
    }


def _urls(child, episode, assessment):
    c, e, a = child.pk, episode.pk, assessment.pk
    return [
        ("get", reverse("assessments:child", args=[c])),
        ("get", reverse("assessments:episode_open", args=[c])),
        ("get", reverse("assessments:episode_primary_need", args=[c, e])),
        ("get", reverse("assessments:episode_close", args=[c, e])),
        ("get", reverse("assessments:new", args=[c, e])),
        ("get", reverse("assessments:detail", args=[c, a])),
        ("get", reverse("assessments:edit", args=[c, a])),
        ("post", reverse("assessments:autosave", args=[c, a])),
        ("post", reverse("assessments:kept_dismiss", args=[c, a, 1])),
        ("get", reverse("assessments:decide", args=[c, a])),
    ]


def test_an_outsider_gets_not_found_on_every_page(signed_in, other_worker, started, episode):
    client = signed_in(other_worker)
    for method, url in _urls(episode.child, episode, started):
        response = getattr(client, method)(url)
        assert response.status_code == 404, url


def test_the_team_page_is_not_found_for_someone_who_manages_no_team(signed_in, social_worker):
    assert signed_in(social_worker).get(reverse("assessments:team")).status_code == 404


def test_the_childs_section_lists_episodes_and_assessments(signed_in, social_worker, started):
    response = signed_in(social_worker).get(reverse("assessments:child", args=[started.child_id]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Child in need episodes and assessments" in text
    assert "2A: Schools" in text
    assert "Child and family assessment, started 13 January 2026" in text
    assert "Due 16 March 2026" in text  # 45 working days after the referral on 12 January


def test_recording_a_referral_shows_errors_then_opens_the_episode(
    signed_in, social_worker, allocated_child, today
):
    client = signed_in(social_worker)
    url = reverse("assessments:episode_open", args=[allocated_child.pk])
    response = client.post(url, {"referral_source": ""})
    text = response.content.decode()
    assert "There is a problem" in text
    assert "Enter the referral date" in text
    assert "Select the source of the referral" in text
    assert not allocated_child.cin_episodes.exists()
    response = client.post(
        url, {**_date("referral_date", date(2026, 3, 2)), "referral_source": "6"}
    )
    assert response.status_code == 302
    assert allocated_child.cin_episodes.get().referral_date == date(2026, 3, 2)


def test_an_overlapping_referral_is_refused_with_an_error_summary(
    signed_in, social_worker, episode
):
    response = signed_in(social_worker).post(
        reverse("assessments:episode_open", args=[episode.child_id]),
        {**_date("referral_date", date(2026, 3, 2)), "referral_source": "6"},
    )
    assert response.status_code == 200
    assert "already has an open CIN episode" in response.content.decode()


def test_starting_an_assessment_goes_to_the_long_form(signed_in, social_worker, episode):
    client = signed_in(social_worker)
    response = client.post(
        reverse("assessments:new", args=[episode.child_id, episode.pk]),
        {**_date("start_date", date(2026, 1, 13)), "kind": "child_and_family"},
    )
    assessment = episode.assessments.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "assessments:edit", args=[episode.child_id, assessment.pk]
    )


def test_the_edit_page_prompts_with_the_family_network_and_significant_events(
    signed_in, social_worker, started, allocated_child
):
    gran = AdultFactory(first_name="Gloria", last_name="Okafor")
    RelationshipFactory(child=allocated_child, relative=gran, kind="grandparent")
    response = signed_in(social_worker).get(
        reverse("assessments:edit", args=[allocated_child.pk, started.pk])
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "Was Gloria Okafor, grandparent, considered?" in text
    assert "significant events from the chronology" in text
    assert "Referral: CIN episode opened" in text
    for heading in (
        "Seeing the child",
        "The child&#39;s views",
        "Family network",
        "Analysis of risk and need",
    ):
        assert heading in text
    assert COOKIE_NAME in response.cookies


def _form(assessment, **extra):
    data = {
        "version": assessment.version,
        **_date("child_seen_on", COMPLETE["child_seen_on"]),
        "child_views": COMPLETE["child_views"],
        "history": COMPLETE["history"],
        "analysis": COMPLETE["analysis"],
        "recommendation": COMPLETE["recommendation"],
        "outcome": "OTHER",
        "support_required": "yes",
        "factors": ["3B"],
    }
    data.update(extra)
    return data


def test_saving_a_draft_and_submitting_for_authorisation(
    signed_in, social_worker, started, allocated_child
):
    gran = AdultFactory(first_name="Gloria", last_name="Okafor")
    RelationshipFactory(child=allocated_child, relative=gran, kind="grandparent")
    client = signed_in(social_worker)
    url = reverse("assessments:edit", args=[allocated_child.pk, started.pk])
    response = client.post(url, _form(started, child_views="", save_draft="1"))
    assert response.status_code == 302
    started.refresh_from_db()
    assert started.version == 2 and started.history == COMPLETE["history"]

    response = client.post(
        url, _form(started, child_views="", submit="1", **{f"network_{gran.pk}": "no"})
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in text
    assert "Enter the child&#39;s views, in their own words" in text
    assert "Enter why Gloria Okafor was not considered in the assessment" in text
    started.refresh_from_db()
    assert started.status == AssessmentStatus.DRAFT and started.version == 2

    response = client.post(
        url,
        _form(
            started,
            submit="1",
            **{f"network_{gran.pk}": "no", f"network_{gran.pk}_reason": "Lives abroad, no contact"},
        ),
    )
    assert response.status_code == 302
    started.refresh_from_db()
    assert started.status == AssessmentStatus.SUBMITTED
    assert started.network_considerations.get().reason == "Lives abroad, no contact"


def test_factor_21_with_others_is_shown_as_an_error(signed_in, social_worker, started):
    response = signed_in(social_worker).post(
        reverse("assessments:edit", args=[started.child_id, started.pk]),
        _form(started, factors=["21", "3B"], save_draft="1"),
    )
    assert "cannot be selected with other factors" in response.content.decode()


def test_a_stale_save_is_refused_with_a_conflict(signed_in, social_worker, started):
    client = signed_in(social_worker)
    url = reverse("assessments:edit", args=[started.child_id, started.pk])
    client.post(url, _form(started, save_draft="1"))
    response = client.post(url, _form(started, version=1, analysis="Mine", save_draft="1"))
    assert response.status_code == 409
    assert "changed in another window" in response.content.decode()


def test_autosave_saves_the_draft_and_answers_json(signed_in, social_worker, started):
    response = signed_in(social_worker).post(
        reverse("assessments:autosave", args=[started.child_id, started.pk]),
        {"version": 1, "analysis": "Autosaved"},
    )
    assert response.json()["saved"] is True and response.json()["version"] == 2


def test_text_posted_after_the_session_expired_is_kept(client, signed_in, social_worker, started):
    signed = signed_in(social_worker)
    url = reverse("assessments:edit", args=[started.child_id, started.pk])
    cookie = signed.get(url).cookies[COOKIE_NAME].value
    client.cookies[COOKIE_NAME] = cookie
    response = client.post(url, {"version": 1, "analysis": "Typed while the session lapsed"})
    assert response.status_code == 302 and "login" in response["Location"]
    started.refresh_from_db()
    assert started.analysis == "Typed while the session lapsed"


def test_stale_text_after_expiry_is_kept_beside_the_assessment(
    client, signed_in, social_worker, started
):
    signed = signed_in(social_worker)
    url = reverse("assessments:edit", args=[started.child_id, started.pk])
    cookie = signed.get(url).cookies[COOKIE_NAME].value
    signed.post(url, _form(started, save_draft="1"))
    client.cookies[COOKIE_NAME] = cookie
    client.post(url, {"version": 1, "analysis": "Lapsed text"})
    kept = KeptAssessmentText.objects.get()
    assert kept.data == {"analysis": "Lapsed text"}
    page = signed.get(url + "?kept=1").content.decode()
    assert "Lapsed text" in page and "We kept what you typed" in page


def test_the_manager_authorises_from_the_decision_page(
    signed_in, team_manager, started, submit, today
):
    submit(started)
    client = signed_in(team_manager)
    url = reverse("assessments:decide", args=[started.child_id, started.pk])
    response = client.post(url, {})
    assert "Select whether to authorise or return the assessment" in response.content.decode()
    response = client.post(url, {"decision": "authorise", **_date("authorised_on", today)})
    assert response.status_code == 302
    started.refresh_from_db()
    assert started.authorised_on == today and started.authorised_by == team_manager


def test_the_manager_returns_with_a_reason(signed_in, team_manager, started, submit):
    submit(started)
    client = signed_in(team_manager)
    url = reverse("assessments:decide", args=[started.child_id, started.pk])
    response = client.post(url, {"decision": "return"})
    assert "Enter why the assessment is being returned" in response.content.decode()
    client.post(url, {"decision": "return", "reason": "Add the school's view"})
    started.refresh_from_db()
    assert started.status == AssessmentStatus.RETURNED


def test_the_worker_cannot_open_the_decision_page(signed_in, social_worker, started, submit):
    submit(started)
    url = reverse("assessments:decide", args=[started.child_id, started.pk])
    assert signed_in(social_worker).get(url).status_code == 404


def test_closing_an_episode_with_an_open_assessment_shows_why_not(
    signed_in, team_manager, started, episode
):
    response = signed_in(team_manager).post(
        reverse("assessments:episode_close", args=[episode.child_id, episode.pk]),
        {**_date("closure_date", date(2026, 3, 1)), "closure_reason": "RC7"},
    )
    assert response.status_code == 200
    assert "must be authorised before the episode is closed" in response.content.decode()
    episode.refresh_from_db()
    assert episode.is_open


def test_only_managers_close_episodes(signed_in, social_worker, episode):
    url = reverse("assessments:episode_close", args=[episode.child_id, episode.pk])
    assert signed_in(social_worker).get(url).status_code == 404


def test_the_manager_closes_an_episode(signed_in, team_manager, authorised, episode):
    response = signed_in(team_manager).post(
        reverse("assessments:episode_close", args=[episode.child_id, episode.pk]),
        {**_date("closure_date", date(2026, 3, 2)), "closure_reason": "RC8"},
    )
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.closure_reason == "RC8"


def test_the_primary_need_page_records_the_need(signed_in, social_worker, episode):
    url = reverse("assessments:episode_primary_need", args=[episode.child_id, episode.pk])
    client = signed_in(social_worker)
    assert "Select the primary need" in client.post(url, {}).content.decode()
    token = token_in(client.get(url).content.decode())  # as the browser posts it back
    client.post(url, {"primary_need": "N5", "edit_token": token})
    episode.refresh_from_db()
    assert episode.primary_need == "N5"


def _team_page_queries(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("assessments:team"))
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_the_team_page_lists_waiting_and_late_assessments_in_fixed_queries(
    signed_in, team_manager, social_worker, team_a, started, submit, today
):
    submit(started)
    client = signed_in(team_manager)
    client.get(reverse("assessments:team"))
    small, text = _team_page_queries(client)
    assert "Awaiting your authorisation" in text
    assert "Amara Okafor" in text or started.child.display_name in text
    for n in range(5):
        child = ChildFactory()
        AllocationFactory(child=child, team=team_a, worker=social_worker)
        ep = services.cin_episode_open(
            user=social_worker,
            child=child,
            referral_date=date(2025, 11, 3 + n),
            referral_source="6",
        )
        services.assessment_start(user=social_worker, episode=ep, start_date=date(2025, 11, 10))
    large, text = _team_page_queries(client)
    assert large == small
    assert "Open assessments over 45 working days from the referral" in text
    assert text.count("Late") >= 5


def _child_page_queries(client, child):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("assessments:child", args=[child.pk]))
    assert response.status_code == 200
    return len(captured)


def test_the_childs_section_makes_a_fixed_number_of_queries(
    signed_in, social_worker, team_manager, authorised, episode, today
):
    client = signed_in(social_worker)
    client.get(reverse("assessments:child", args=[episode.child_id]))
    small = _child_page_queries(client, episode.child)
    services.cin_episode_close(
        user=team_manager, episode=episode, closure_date=date(2026, 2, 23), closure_reason="RC7"
    )
    services.cin_episode_open(
        user=social_worker,
        child=episode.child,
        referral_date=date(2026, 2, 24),
        referral_source="6",
        referral_nfa=True,
    )
    later = services.cin_episode_open(
        user=social_worker,
        child=episode.child,
        referral_date=date(2026, 2, 25),
        referral_source="6",
        primary_need="N1",
    )
    services.assessment_start(user=social_worker, episode=later, start_date=date(2026, 2, 26))
    assert _child_page_queries(client, episode.child) == small


def test_autosave_keeps_the_text_when_the_factors_break_a_rule(signed_in, social_worker, started):
    response = signed_in(social_worker).post(
        reverse("assessments:autosave", args=[started.child_id, started.pk]),
        {"version": 1, "analysis": "Kept anyway", "factors": ["21", "3B"]},
    )
    assert response.json()["saved"] is True
    started.refresh_from_db()
    assert started.analysis == "Kept anyway" and not started.factors.exists()


def test_the_childs_casework_page_shows_the_cin_section(signed_in, social_worker, started):
    response = signed_in(social_worker).get(
        reverse("casework:child_detail", args=[started.child_id])
    )
    text = response.content.decode()
    assert "Child in need episodes and assessments" in text
    assert "Complete the child and family assessment" in text  # the due item
