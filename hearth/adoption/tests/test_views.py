"""Adoption pages: need-to-know (outsiders get 404), GOV.UK errors with nothing saved, the
journey through the forms, and the adopter pages for the adoption team only."""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hearth.adoption.models import AdopterFamily, AdoptionJourney
from hearth.core.models import AuditEntry


def _date(prefix: str, on: date) -> dict[str, str]:
    return {
        f"{prefix}-day": str(on.day),
        f"{prefix}-month": str(on.month),
        f"{prefix}-year": str(on.year),
    }


def test_an_outsider_gets_404_on_the_childs_adoption_page(
    period, signed_in, other_worker, allocated_child
):
    response = signed_in(other_worker).get(reverse("adoption:child", args=[allocated_child.pk]))
    assert response.status_code == 404
    assert AuditEntry.objects.filter(action="denied", object_id=str(allocated_child.pk)).exists()


def test_the_worker_sees_the_page_and_can_record_a_decision(
    period, signed_in, social_worker, allocated_child
):
    client = signed_in(social_worker)
    page = client.get(reverse("adoption:child", args=[allocated_child.pk]))
    assert page.status_code == 200
    assert "Record a decision that Amara should be placed for adoption" in page.content.decode()
    url = reverse("adoption:decision_new", args=[allocated_child.pk])
    response = client.post(url, {**_date("date", date(2026, 5, 8)), "decision_maker": "P Shah"})
    assert response.status_code == 302
    assert AdoptionJourney.objects.get().decision_maker == "P Shah"


def test_a_decision_without_a_decision_maker_shows_a_govuk_error_and_saves_nothing(
    period, signed_in, social_worker, allocated_child
):
    url = reverse("adoption:decision_new", args=[allocated_child.pk])
    response = signed_in(social_worker).post(url, _date("date", date(2026, 5, 8)))
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert "Enter the name of the agency decision maker" in body
    assert not AdoptionJourney.objects.exists()


def test_a_service_error_lands_on_the_date_field(
    journey, signed_in, social_worker, allocated_child
):
    url = reverse("adoption:placement_order", args=[allocated_child.pk, journey.pk])
    response = signed_in(social_worker).post(url, _date("date", date(2026, 5, 1)))
    assert "on or after the decision" in response.content.decode()
    journey.refresh_from_db()
    assert journey.placement_order_on is None


def test_the_journey_page_shows_milestones_and_the_scorecard_clocks(
    journey, signed_in, social_worker, allocated_child
):
    url = reverse("adoption:placement_order", args=[allocated_child.pk, journey.pk])
    client = signed_in(social_worker)
    assert client.post(url, _date("date", date(2026, 5, 15))).status_code == 302
    body = client.get(reverse("adoption:child", args=[allocated_child.pk])).content.decode()
    assert "Placement order to match (scorecard A2)" in body
    assert "Day 26 of 121" in body
    assert "Day 40 of 426" in body
    assert "Record the match" in body


def test_an_iro_may_read_but_not_record(journey, signed_in, iro, allocated_child):
    client = signed_in(iro)
    assert client.get(reverse("adoption:child", args=[allocated_child.pk])).status_code == 200
    url = reverse("adoption:reverse", args=[allocated_child.pk, journey.pk])
    response = client.post(url, {**_date("date", date(2026, 6, 1)), "reason": "RD1"})
    assert response.status_code == 404
    journey.refresh_from_db()
    assert journey.reversed_on is None


def test_another_childs_journey_is_not_found_through_this_child(
    journey, signed_in, social_worker, other_child
):
    url = reverse("adoption:match", args=[other_child.pk, journey.pk])
    assert signed_in(social_worker).get(url).status_code == 404


def test_an_enquiry_through_the_form_then_the_family_page(signed_in, social_worker, today):
    client = signed_in(social_worker)
    data = {
        "name": "The Brown family",
        **_date("enquiry_on", date(2026, 6, 1)),
        "source": "website",
        "sex_code": "F1",
        "legal_status": "L0",
        "first_name_1": "Jess",
        "last_name_1": "Brown",
        "sex_1": "F",
    }
    response = client.post(reverse("adoption:adopter_new"), data)
    family = AdopterFamily.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "adoption:adopter", args=[family.pk]
    )
    page = client.get(response.url).content.decode()
    assert family.family_identifier in page and "Jess Brown" in page
    stage = client.post(
        reverse("adoption:adopter_stage", args=[family.pk]),
        {"stage": "stage1_started_on", **_date("date", date(2026, 6, 3))},
    )
    assert stage.status_code == 302
    family.refresh_from_db()
    assert family.stage1_started_on == date(2026, 6, 3)


def test_an_enquiry_with_nothing_entered_lists_every_error(signed_in, social_worker, today):
    response = signed_in(social_worker).post(reverse("adoption:adopter_new"), {})
    body = response.content.decode()
    assert "Enter the family name" in body and "Select who is adopting" in body
    assert not AdopterFamily.objects.exists()


def test_adopters_from_another_team_are_not_found_and_the_attempt_is_audited(
    approved, signed_in, other_worker, partner_referrer
):
    url = reverse("adoption:adopter", args=[approved.pk])
    assert signed_in(other_worker).get(url).status_code == 404
    assert AuditEntry.objects.filter(action="denied", object_type="adoption.adopterfamily").exists()
    assert signed_in(partner_referrer).get(reverse("adoption:adopters")).status_code == 404


def test_the_adopter_list_shows_stage_clocks_in_a_fixed_number_of_queries(
    enquiry, approved, signed_in, team_manager, social_worker
):
    from hearth.adoption import services

    later = enquiry(name="The Shah family")
    services.adopter_stage_record(
        user=social_worker, family=later, stage="stage1_started_on", on=date(2026, 3, 1)
    )
    client = signed_in(team_manager)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("adoption:adopters"))
    for n in range(3):
        enquiry(name=f"Family {n}")
    with CaptureQueriesContext(connection) as more:
        response = client.get(reverse("adoption:adopters"))
    body = response.content.decode()
    assert len(more) == len(few)
    assert "Approved, waiting 75 days for a match" in body
    assert "Overdue" in body and "day 101 of 61" in body


def test_children_with_an_adoption_plan_list_only_visible_children(
    journey, signed_in, team_manager, other_worker
):
    body = signed_in(team_manager).get(reverse("adoption:children")).content.decode()
    assert "Amara Okafor" in body
    body = signed_in(other_worker).get(reverse("adoption:children")).content.decode()
    assert "Amara Okafor" not in body


def test_the_casework_child_page_has_the_adoption_section(
    journey, signed_in, social_worker, allocated_child
):
    body = (
        signed_in(social_worker)
        .get(reverse("casework:child_detail", args=[allocated_child.pk]))
        .content.decode()
    )
    assert 'id="adoption"' in body
