"""Placements: brothers and sisters together or apart, matching, notice of moves, life-story
work at reviews, carers, recruitment by source, sufficiency and the Children in Care Council."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from markupsafe import escape

from hearth.casework.tests.factories import AllocationFactory
from hearth.children_in_care import selectors, services
from hearth.children_in_care.models import Provider, ProviderKind
from hearth.children_in_care.tests.conftest import HOME, START
from hearth.children_in_care.validation import Placement
from hearth.people.models import RelationshipKind
from hearth.people.tests.factories import ChildFactory, RelationshipFactory

pytestmark = pytest.mark.django_db


def _date(prefix: str, on: date) -> dict[str, str]:
    return {f"{prefix}-{part}": str(getattr(on, part)) for part in ("day", "month", "year")}


@pytest.fixture
def brother(period, team_a, social_worker, team_manager, carers):
    """The child's brother, also looked after from the same day."""
    child = ChildFactory(first_name="Tobi", last_name="Okafor", date_of_birth=date(2017, 5, 1))
    AllocationFactory(child=child, team=team_a, worker=social_worker)
    RelationshipFactory(
        child=period.child,
        relative=child,
        kind=RelationshipKind.SIBLING,
        parental_responsibility=False,
    )
    services.care_period_start(
        user=social_worker,
        child=child,
        start_date=START,
        decision_by=team_manager,
        decision_date=START,
        decision_reason="With his sister",
        legal_status="V2",
        category_of_need="N1",
        placement=Placement(place="U6", provider=carers),
        home_postcode=HOME,
    )
    return child


def test_a_looked_after_brother_without_an_assessment_is_flagged(
    period, brother, social_worker, signed_in, today
):
    assert selectors.siblings_without_assessment(period.child, period, today) == [brother]
    page = signed_in(social_worker).get(reverse("children_in_care:child", args=[period.child_id]))
    assert "No together-or-apart assessment" in page.content.decode()
    assert selectors.unassessed_sibling_periods({period.pk: period.child_id}) == {period.pk}
    services.sibling_assessment_record(
        user=social_worker,
        period=period,
        sibling=brother,
        assessed_on=today,
        decision="together",
        reasons="Close; both asked to stay together",
    )
    assert selectors.siblings_without_assessment(period.child, period, today) == []
    assert selectors.unassessed_sibling_periods({period.pk: period.child_id}) == set()


def test_placing_apart_needs_a_plan_for_keeping_in_touch(period, brother, social_worker, today):
    with pytest.raises(ValidationError) as error:
        services.sibling_assessment_record(
            user=social_worker,
            period=period,
            sibling=brother,
            assessed_on=today,
            decision="apart",
            reasons="Tobi needs a specialist placement",
        )
    assert "contact_plan" in error.value.message_dict


def test_only_a_looked_after_brother_or_sister_can_be_assessed(period, social_worker, today):
    stranger = ChildFactory()
    with pytest.raises(ValidationError) as error:
        services.sibling_assessment_record(
            user=social_worker,
            period=period,
            sibling=stranger,
            assessed_on=today,
            decision="together",
            reasons="x",
        )
    assert "sibling" in error.value.message_dict


def test_a_match_with_a_need_not_met_needs_a_note(period, social_worker, today):
    episode = period.episodes.get()
    levels = {k: "met" for k in ("culture", "religion", "language", "disability", "education")}
    levels |= {"contact": "partly", "siblings": "not_met"}
    with pytest.raises(ValidationError):
        services.placement_match_record(user=social_worker, episode=episode, levels=levels)
    match = services.placement_match_record(
        user=social_worker, episode=episode, levels=levels, notes="Weekly sibling contact"
    )
    assert match.unmet() == ["Brothers and sisters"]


def test_a_move_records_notice_and_short_notice_moves_are_counted(
    period, social_worker, team_manager, today
):
    agency = Provider.objects.create(
        name="Bright Futures Fostering",
        kind=ProviderKind.AGENCY_FOSTER,
        provider_code="PR4",
        urn="SC654321",
        postcode="SE1 7PB",
        capacity=40,
    )
    with pytest.raises(ValidationError):
        services.placement_change(
            user=social_worker,
            period=period,
            on=date(2026, 6, 1),
            placement=Placement(place="U6", provider=agency),
            reason_place_change="CARPL",
            notice_given_on=date(2026, 6, 2),
        )
    episode = services.placement_change(
        user=social_worker,
        period=period,
        on=date(2026, 6, 1),
        placement=Placement(place="U6", provider=agency),
        reason_place_change="CARPL",
        notice_given_on=date(2026, 5, 29),
    )
    assert episode.notice_given_on == date(2026, 5, 29)
    report = selectors.sufficiency(team_manager, today)
    assert (report.moves, report.short_notice_moves) == (1, 1)
    assert report.short_notice_rows[0][2] == 3


def test_from_a_permanence_plan_each_review_records_the_life_story_work(
    period, social_worker, iro, today
):
    services.permanence_plan_record(
        user=social_worker,
        period=period,
        agreed_on=date(2026, 5, 20),
        plan="long_term_fostering",
        contingency="return_home",
        rationale="Settled with carers",
    )
    values = dict(
        user=social_worker,
        period=period,
        held_on=date(2026, 5, 28),
        iro=iro,
        attendance="All",
        participation="PN1",
        views_sought="met_iro",
        child_views="I like it here",
    )
    with pytest.raises(ValidationError) as error:
        services.review_record(**values)
    assert "life_story_status" in error.value.message_dict
    review = services.review_record(**values, life_story_status="in_progress")
    assert review.life_story_status == "in_progress"
    assert period.life_story.get().status == "in_progress"


def test_sufficiency_shows_the_gaps_by_age(period, team_manager, today, carers):
    report = selectors.sufficiency(team_manager, today)
    by_band = {b.band: b for b in report.bands}
    assert by_band["10 to 15"].children == 1  # born 2015
    assert by_band["10 to 15"].in_house_foster == 1
    assert by_band["16 and 17"].carers == 0  # the only carers take 0 to 12
    assert "No in-house foster carers for children aged 16 and 17" in report.gaps
    assert report.emergency_beds == 1


def test_a_provider_needs_a_real_postcode_and_sensible_ages(team_manager, today):
    with pytest.raises(ValidationError) as error:
        services.provider_record(
            user=team_manager,
            name="The Lee household",
            kind="in_house_foster",
            provider_code="PR1",
            urn="",
            postcode="ZZ1 1ZZ",
            approved_on=today,
            age_from=10,
            age_to=2,
            capacity=1,
            emergency_beds=2,
        )
    assert {"postcode", "age_to", "emergency_beds"} <= set(error.value.message_dict)


def test_recruitment_moves_forward_and_is_counted_by_source(team_manager, today):
    enquiry = services.fostering_enquiry_record(
        user=team_manager,
        household="The Shah household",
        source="event",
        enquired_on=date(2026, 1, 5),
    )
    with pytest.raises(ValidationError):
        services.fostering_enquiry_progress(
            user=team_manager, enquiry=enquiry, stage="approved", on=date(2026, 2, 1)
        )
    for stage, on in (("initial_visit", date(2026, 1, 20)), ("stage_1", date(2026, 2, 10))):
        services.fostering_enquiry_progress(user=team_manager, enquiry=enquiry, stage=stage, on=on)
    with pytest.raises(ValidationError):
        services.fostering_enquiry_progress(
            user=team_manager, enquiry=enquiry, stage="initial_visit", on=date(2026, 3, 1)
        )
    services.fostering_enquiry_progress(
        user=team_manager, enquiry=enquiry, stage="left", on=date(2026, 3, 1), left_reason="agency"
    )
    rows, left = selectors.recruitment_by_source()
    (row,) = rows
    assert (row.source, row.enquiries, row.reached["stage_1"], row.left) == (
        "Recruitment event",
        1,
        1,
        1,
    )
    assert left == [("Went to an independent fostering agency", 1)]


def test_the_council_raises_issues_and_the_service_responds(team_manager, today, signed_in):
    meeting = services.council_meeting_record(
        user=team_manager,
        held_on=date(2026, 6, 1),
        attendance=11,
        notes="Reviews and pocket money",
        issues=[services.IssueInput("Reviews are at school times", "Head of IRO service")],
    )
    issue = meeting.issues.get()
    page = signed_in(team_manager).get(reverse("children_in_care:council"))
    assert "Waiting 9 days" in page.content.decode()
    response = signed_in(team_manager).post(
        reverse("children_in_care:council_issue_respond", args=[issue.pk]),
        {"response": "Reviews after 4pm from September", **_date("date", today)},
    )
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.responded_by == team_manager
    with pytest.raises(ValidationError):
        services.council_issue_respond(
            user=team_manager, issue=issue, response="x", responded_on=today
        )


def test_service_pages_are_for_managers_and_not_social_workers(
    signed_in, social_worker, team_manager, period
):
    for name in ("sufficiency", "carers", "recruitment", "council"):
        assert signed_in(social_worker).get(reverse(f"children_in_care:{name}")).status_code == 404
        assert signed_in(team_manager).get(reverse(f"children_in_care:{name}")).status_code == 200


def test_the_carer_page_lists_records_and_adds_one(signed_in, team_manager, carers, period, today):
    client = signed_in(team_manager)
    url = reverse("children_in_care:carer", args=[carers.pk])
    response = client.post(
        url, {"kind": "training", "notes": "Trauma-informed care", **_date("date", today)}
    )
    assert response.status_code == 302
    body = client.get(url).content.decode()
    assert "Trauma-informed care" in body
    assert escape(period.child.full_name) in body


def test_a_long_term_fostering_match_clears_the_not_matched_flag(
    period, social_worker, team_manager, carers, today
):
    services.permanence_plan_record(
        user=social_worker,
        period=period,
        agreed_on=date(2026, 5, 20),
        plan="long_term_fostering",
        contingency="return_home",
        rationale="Settled",
    )
    (row,) = selectors.permanence_tracker(team_manager, today)
    assert "Long-term fostering not matched" in row.flags
    with pytest.raises(ValidationError) as error:
        services.long_term_match_record(
            user=social_worker,
            period=period,
            provider=carers,
            panel_on=date(2026, 6, 3),
            agency_decision_on=date(2026, 6, 1),
        )
    assert "agency_decision_on" in error.value.message_dict
    services.long_term_match_record(
        user=social_worker,
        period=period,
        provider=carers,
        panel_on=date(2026, 6, 1),
        agency_decision_on=date(2026, 6, 3),
    )
    (row,) = selectors.permanence_tracker(team_manager, today)
    assert "Long-term fostering not matched" not in row.flags
