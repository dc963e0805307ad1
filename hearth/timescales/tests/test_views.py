"""The rules page and the bank holiday calendar: any signed-in user, nobody else."""

import pytest
import time_machine
from django.urls import reverse

pytestmark = pytest.mark.django_db


def page(response) -> str:
    return response.content.decode()


class TestAccess:
    def test_someone_not_signed_in_is_sent_to_sign_in(self, client):
        for url in (reverse("timescales:rules"), reverse("timescales:calendar")):
            response = client.get(url)
            assert response.status_code == 302
            assert "/accounts/login/" in response["Location"]

    def test_any_signed_in_user_may_read_them_as_they_hold_no_personal_data(
        self, client, social_worker, partner_referrer
    ):
        for user in (social_worker, partner_referrer):
            client.force_login(user)
            assert client.get(reverse("timescales:rules")).status_code == 200
            assert client.get(reverse("timescales:calendar")).status_code == 200


class TestRulesPage:
    def test_each_rule_shows_its_clock_offset_satisfaction_basis_and_source(
        self, client, social_worker
    ):
        client.force_login(social_worker)
        html = page(client.get(reverse("timescales:rules")))
        assert "Initial child protection conference" in html
        assert "Strategy discussion that started the section 47 enquiry" in html
        assert "15 working days" in html
        assert "Initial child protection conference held" in html
        assert "Statutory guidance" in html
        assert "Care Planning, Placement and Case Review (England) Regulations 2010, reg 33(1)" in (
            html
        )
        assert 'id="rule-icpc_15wd"' in html
        assert "<caption" in html

    def test_local_rules_show_the_setting_in_force_now(self, client, social_worker, settings):
        settings.HEARTH = {**settings.HEARTH, "CP_VISIT_WORKING_DAYS": 7}
        client.force_login(social_worker)
        html = page(client.get(reverse("timescales:rules")))
        assert "7 working days (local setting CP_VISIT_WORKING_DAYS)" in html
        assert "Local policy" in html

    def test_the_page_makes_a_fixed_number_of_queries(
        self, client, social_worker, django_assert_max_num_queries
    ):
        client.force_login(social_worker)
        # Session and user only (read, then the session renewal): the rules are not in the DB.
        for name in ("timescales:rules", "timescales:calendar"):
            with django_assert_max_num_queries(5):
                client.get(reverse(name))


class TestCalendarPage:
    def test_2022_lists_the_queens_funeral_and_the_jubilee(self, client, social_worker):
        client.force_login(social_worker)
        html = page(client.get(reverse("timescales:calendar"), {"year": "2022"}))
        assert "Bank holidays in England and Wales in 2022" in html
        assert "19 September 2022" in html
        assert "State Funeral of Queen Elizabeth II" in html
        assert "Platinum Jubilee of Elizabeth II" in html
        assert "2022 has 250 working days" in html

    def test_2023_lists_the_coronation(self, client, social_worker):
        client.force_login(social_worker)
        html = page(client.get(reverse("timescales:calendar"), {"year": "2023"}))
        assert "8 May 2023" in html
        assert "Coronation of Charles III" in html

    def test_substitute_days_are_labelled(self, client, social_worker):
        client.force_login(social_worker)
        html = page(client.get(reverse("timescales:calendar"), {"year": "2021"}))
        assert "Christmas Day (substitute day)" in html
        assert "28 December 2021" in html
        assert "Tuesday" in html

    @time_machine.travel("2027-06-01 09:00 +0100", tick=False)
    def test_without_a_year_the_page_shows_this_year(self, client, social_worker):
        client.force_login(social_worker)
        html = page(client.get(reverse("timescales:calendar")))
        assert "Bank holidays in England and Wales in 2027" in html
        assert "27 December 2027" in html
        assert "?year=2026" in html and "?year=2028" in html

    @pytest.mark.parametrize("year", ["next year", "1990", "2099", ""])
    def test_a_year_that_is_not_a_supported_year_gets_an_error_message(
        self, client, social_worker, year
    ):
        client.force_login(social_worker)
        response = client.get(reverse("timescales:calendar"), {"year": year})
        html = page(response)
        assert response.status_code == 200
        assert "There is a problem" in html
        assert "Enter a year between 2000 and 2040, for example 2026" in html
        assert "<title>Error: " in html
