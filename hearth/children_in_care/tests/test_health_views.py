"""The child's health page and its forms: outsiders get 'not found', errors in GOV.UK voice,
a saved record lands on the page and the chronology."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse


def _date(prefix: str, on: date) -> dict[str, str]:
    return {f"{prefix}-{part}": str(getattr(on, part)) for part in ("day", "month", "year")}


def test_an_outsider_gets_not_found_for_the_health_page_and_forms(
    signed_in, other_worker, period, allocated_child
):
    client = signed_in(other_worker)
    assert (
        client.get(reverse("children_in_care:health", args=[allocated_child.pk])).status_code == 404
    )
    url = reverse("children_in_care:health_record_new", args=[allocated_child.pk, "sdq"])
    assert client.post(url, {}).status_code == 404


def test_an_unknown_kind_of_health_record_is_not_found(signed_in, social_worker, period):
    url = reverse("children_in_care:health_record_new", args=[period.child_id, "x-ray"])
    assert signed_in(social_worker).get(url).status_code == 404


def test_the_health_page_shows_the_initial_assessment_due(signed_in, social_worker, period):
    response = signed_in(social_worker).get(
        reverse("children_in_care:health", args=[period.child_id])
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Initial health assessment" in body
    assert "2 June 2026" in body


def test_recording_a_health_assessment_returns_to_the_health_page(
    signed_in, social_worker, period, today
):
    url = reverse("children_in_care:health_assessment_new", args=[period.child_id, period.pk])
    client = signed_in(social_worker)
    response = client.post(
        url,
        {
            "kind": "initial",
            **_date("date", date(2026, 5, 20)),
            "practitioner": "Dr Asha Patel",
            "outcome": "Well; needs glasses",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("children_in_care:health", args=[period.child_id])
    body = client.get(response.url).content.decode()
    assert "Dr Asha Patel" in body
    assert period.child.chronology.filter(summary="Initial health assessment completed").exists()


@pytest.mark.django_db
def test_an_sdq_without_a_score_or_reason_shows_an_error_summary(
    signed_in, social_worker, period, today
):
    url = reverse("children_in_care:health_record_new", args=[period.child_id, "sdq"])
    response = signed_in(social_worker).post(url, _date("date", date(2026, 6, 1)))
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert "Enter the SDQ score, or select why there is none" in body
    assert not period.child.sdqs.exists()


def test_a_check_needs_to_say_whether_the_child_is_up_to_date(
    signed_in, social_worker, period, today
):
    url = reverse("children_in_care:health_record_new", args=[period.child_id, "check"])
    response = signed_in(social_worker).post(url, {"kind": "dental", **_date("date", today)})
    assert "Select whether the child is up to date" in response.content.decode()
    response = signed_in(social_worker).post(
        url, {"kind": "dental", "up_to_date": "yes", **_date("date", today)}
    )
    assert response.status_code == 302
    assert period.child.health_checks.get().up_to_date is True


def test_health_and_education_due_items_are_on_my_work(signed_in, social_worker, period, today):
    body = signed_in(social_worker).get(reverse("casework:my_work")).content.decode()
    assert "Initial health assessment" in body
    assert "Personal education plan" in body
