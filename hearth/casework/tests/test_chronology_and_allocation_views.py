from datetime import date

import pytest
from django.urls import reverse

from hearth.casework.models import Allocation
from hearth.casework.services import chronology_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(allocated_child, social_worker, today):
    for on, category, summary, significant in [
        (date(2025, 11, 3), "Contact", "Contact from school about bruising", True),
        (date(2025, 12, 1), "Assessment", "Assessment started", False),
        (date(2026, 1, 20), "Case note", "Home visit: routine", False),
        (date(2026, 2, 14), "Case note", "Police called to the home", True),
    ]:
        chronology_record(
            child=allocated_child,
            occurred_on=on,
            category=category,
            summary=summary,
            significant=significant,
            user=social_worker,
        )


def _chronology(client, child, **params):
    return client.get(reverse("casework:chronology", args=[child.pk]), params).content.decode()


def test_the_chronology_lists_everything_oldest_first(
    signed_in, social_worker, allocated_child, story
):
    html = _chronology(signed_in(social_worker), allocated_child)
    assert "4 events, oldest first" in html
    assert html.index("bruising") < html.index("Police called")


def test_the_chronology_filters_to_significant_events(
    signed_in, social_worker, allocated_child, story
):
    html = _chronology(signed_in(social_worker), allocated_child, significant="on")
    assert "2 events" in html and "Assessment started" not in html


def test_the_chronology_filters_by_category_and_date_range(
    signed_in, social_worker, allocated_child, story
):
    client = signed_in(social_worker)
    assert "2 events" in _chronology(client, allocated_child, category="Case note")
    html = _chronology(
        client,
        allocated_child,
        **{
            "date_from-day": "1",
            "date_from-month": "12",
            "date_from-year": "2025",
            "date_to-day": "31",
            "date_to-month": "1",
            "date_to-year": "2026",
        },
    )
    assert "2 events" in html and "Assessment started" in html and "Police" not in html


def test_a_backwards_date_range_shows_an_error(signed_in, social_worker, allocated_child, story):
    html = _chronology(
        signed_in(social_worker),
        allocated_child,
        **{
            "date_from-day": "1",
            "date_from-month": "2",
            "date_from-year": "2026",
            "date_to-day": "1",
            "date_to-month": "1",
            "date_to-year": "2026",
        },
    )
    assert "There is a problem" in html
    assert "The to date must be the same as or after the from date" in html


def test_the_chronology_prints_without_filters_and_menus(
    signed_in, social_worker, allocated_child, story
):
    html = _chronology(signed_in(social_worker), allocated_child)
    assert '<form method="get" class="hearth-no-print"' in html


def test_an_outsider_gets_not_found_for_the_chronology(
    signed_in, other_worker, allocated_child, story
):
    response = signed_in(other_worker).get(
        reverse("casework:chronology", args=[allocated_child.pk])
    )
    assert response.status_code == 404


def _allocate(client, child, **extra):
    data = {
        "start_date-day": "9",
        "start_date-month": "3",
        "start_date-year": "2026",
        "reason": "Caseload balancing",
        **extra,
    }
    return client.post(reverse("casework:allocate", args=[child.pk]), data)


def test_a_team_manager_reallocates_a_child_to_a_colleague(
    signed_in, team_manager, team_a, colleague, social_worker, allocated_child, today
):
    response = _allocate(
        signed_in(team_manager), allocated_child, team=team_a.pk, worker=colleague.pk
    )
    assert response.status_code == 302
    current = Allocation.objects.filter(child=allocated_child).current(today).get()
    assert current.worker == colleague
    page = signed_in(team_manager).get(response.url).content.decode()
    assert "Allocation history" in page and page.count("Safeguarding Team A") >= 2


def test_allocating_with_a_missing_date_shows_an_error_summary(
    signed_in, team_manager, team_a, allocated_child, today
):
    response = signed_in(team_manager).post(
        reverse("casework:allocate", args=[allocated_child.pk]), {"team": team_a.pk}
    )
    html = response.content.decode()
    assert "There is a problem" in html and "Enter start date" in html
    assert Allocation.objects.filter(child=allocated_child).count() == 1


def test_a_worker_from_another_team_cannot_be_chosen(
    signed_in, team_manager, team_a, other_worker, allocated_child, today
):
    response = _allocate(
        signed_in(team_manager), allocated_child, team=team_a.pk, worker=other_worker.pk
    )
    assert "Select a worker in the team" in response.content.decode()
    assert Allocation.objects.filter(child=allocated_child).count() == 1


def test_a_social_worker_cannot_allocate(signed_in, social_worker, allocated_child, today):
    response = signed_in(social_worker).get(reverse("casework:allocate", args=[allocated_child.pk]))
    assert response.status_code == 404


def test_an_outsider_gets_not_found_for_allocation(signed_in, other_worker, allocated_child, today):
    response = signed_in(other_worker).get(reverse("casework:allocate", args=[allocated_child.pk]))
    assert response.status_code == 404
