"""Pages: outsiders get 'not found', forms show GOV.UK errors, lists make fixed queries."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from hearth.children_in_care.models import PeriodOfCare
from hearth.children_in_care.tests.conftest import FOSTER, HOME
from hearth.core.concurrency import token_in


def _date(prefix: str, on: date) -> dict[str, str]:
    return {f"{prefix}-{part}": str(getattr(on, part)) for part in ("day", "month", "year")}


def test_an_outsider_gets_not_found_for_the_childs_care_page(
    signed_in, other_worker, period, allocated_child
):
    client = signed_in(other_worker)
    assert (
        client.get(reverse("children_in_care:child", args=[allocated_child.pk])).status_code == 404
    )
    url = reverse("children_in_care:legal_status", args=[allocated_child.pk, period.pk])
    assert client.post(url, {}).status_code == 404


def test_an_outsider_cannot_start_a_period_of_care(signed_in, other_worker, allocated_child):
    url = reverse("children_in_care:period_start", args=[allocated_child.pk])
    assert signed_in(other_worker).get(url).status_code == 404


def test_the_care_page_shows_episodes_and_the_next_review(
    signed_in, social_worker, period, allocated_child
):
    response = signed_in(social_worker).get(
        reverse("children_in_care:child", args=[allocated_child.pk])
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Started to be looked after" in body
    assert "2 June 2026" in body  # first review due


def test_starting_a_period_with_an_unknown_postcode_shows_an_error_summary(
    signed_in, social_worker, team_manager, allocated_child, carers, today
):
    data = {
        **_date("date", date(2026, 5, 1)),
        **_date("decision_date", date(2026, 5, 1)),
        "decision_by": str(team_manager.pk),
        "decision_reason": "Parents unable to care",
        "legal_status": "V2",
        "category_of_need": "N1",
        "home_postcode": "E15 9ZZ",
        "place": "U6",
        "provider": str(carers.pk),
        "prev_perm": "Z1",
        "upn_unknown_reason": "UN4",
    }
    url = reverse("children_in_care:period_start", args=[allocated_child.pk])
    data["edit_token"] = token_in(signed_in(social_worker).get(url).content.decode())
    response = signed_in(social_worker).post(url, data)
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    body = response.content.decode()
    assert "not a postcode in the ONS" in body, body[body.find("error-summary") :][:1500]
    assert not PeriodOfCare.objects.exists()
    data["home_postcode"] = HOME
    response = signed_in(social_worker).post(url, data)
    assert response.status_code == 302
    assert PeriodOfCare.objects.get().episodes.get().placement_postcode == FOSTER


def test_reviews_due_list_makes_a_fixed_number_of_queries(
    signed_in, team_manager, start, other_child, other_worker, django_assert_max_num_queries
):
    start()
    client = signed_in(team_manager)
    url = reverse("children_in_care:reviews_due")
    client.get(url)
    with django_assert_max_num_queries(12) as one:
        assert client.get(url).status_code == 200
    start(child=other_child, user=other_worker)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(url)


@pytest.mark.parametrize("name", ["children_in_care:reviews_due", "children_in_care:challenges"])
def test_manager_lists_are_not_found_for_social_workers(signed_in, social_worker, name):
    assert signed_in(social_worker).get(reverse(name)).status_code == 404


def test_open_challenges_page_lists_challenges(signed_in, iro, period, today):
    from hearth.children_in_care import services

    services.iro_challenge_raise(
        user=iro, period=period, raised_on=date(2026, 6, 1), issue="Drift", addressed_to="TM"
    )
    response = signed_in(iro).get(reverse("children_in_care:challenges"))
    assert "Informal challenge" in response.content.decode()


def test_the_child_section_partial_links_to_the_care_record(period, allocated_child, rf):
    from django.template.loader import render_to_string

    html = render_to_string(
        "children_in_care/_child_section.html", {"child": allocated_child}, request=rf.get("/")
    )
    assert "looked after now" in html
    assert reverse("children_in_care:child", args=[allocated_child.pk]) in html


def test_a_review_without_the_childs_views_shows_errors_and_saves_nothing(
    signed_in, social_worker, iro, period, allocated_child
):
    url = reverse("children_in_care:review_new", args=[allocated_child.pk, period.pk])
    response = signed_in(social_worker).post(
        url,
        {
            **_date("date", date(2026, 5, 28)),
            "iro": str(iro.pk),
            "attendance": "All",
            "participation": "PN1",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert (
        "Select how the child&#39;s views were sought" in body
        or "Select how the child's views were sought" in body
    )
    assert not period.reviews.exists()
