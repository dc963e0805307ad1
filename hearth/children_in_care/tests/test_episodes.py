"""Periods of care and SSDA903 episodes: what starts a new episode and the 903 code rules
checked at entry."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from hearth.casework.models import ChronologyEntry
from hearth.children_in_care import postcodes, services
from hearth.children_in_care.models import Episode, PeriodOfCare
from hearth.children_in_care.tests.conftest import AGENCY, FOSTER, HOME, START
from hearth.children_in_care.validation import Placement
from hearth.core.models import AuditEntry

AGENCY_HOME = Placement(place="U6", place_provider="PR4", postcode=AGENCY, urn="SC654321")


def _errors(excinfo: pytest.ExceptionInfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def test_postcodes_are_normalised_and_looked_up_in_the_ons_directory():
    place = postcodes.lookup("e154ht")
    assert place.postcode == "E15 4HT"
    assert place.la_code == "E09000025"


def test_an_unknown_postcode_is_refused_with_a_clear_message():
    with pytest.raises(postcodes.PostcodeError, match="not a postcode in the ONS"):
        postcodes.lookup("E15 9ZZ")
    with pytest.raises(postcodes.PostcodeError, match="Enter a real postcode"):
        postcodes.lookup("not a postcode")


def test_distance_is_the_straight_line_between_the_grid_references_in_miles():
    derived = postcodes.derive(HOME, AGENCY)
    assert derived.distance == Decimal("6.1")
    assert derived.placement_la == "E09000022"
    assert derived.location == "OUT"
    assert postcodes.derive(HOME, FOSTER).location == "IN"


def test_becoming_looked_after_opens_a_period_with_a_first_episode_started_s(
    period, allocated_child
):
    episode = period.episodes.get()
    assert (episode.decom, episode.rne, episode.legal_status, episode.place) == (
        START,
        "S",
        "V2",
        "U6",
    )
    assert episode.place_provider == "PR1"  # from the carers
    assert episode.urn == "SC123456"
    assert episode.placement_postcode == FOSTER
    assert episode.placement_distance == postcodes.derive(HOME, FOSTER).distance
    assert episode.placement_location == "IN"
    assert ChronologyEntry.objects.filter(child=allocated_child, significant=True).exists()
    assert AuditEntry.objects.filter(object_type="children_in_care.periodofcare").exists()


def test_a_decision_without_an_authorised_assessment_is_flagged_as_out_of_date(period):
    assert period.assessment is None
    assert period.assessment_out_of_date is True


def test_a_legal_status_change_ends_the_episode_x1_and_starts_one_the_same_day(
    period, social_worker
):
    new = services.legal_status_change(
        user=social_worker, period=period, on=date(2026, 5, 20), legal_status="C1"
    )
    first, second = period.episodes.order_by("decom")
    assert (first.dec, first.rec) == (date(2026, 5, 20), "X1")
    assert (second.decom, second.rne, second.legal_status) == (date(2026, 5, 20), "L", "C1")
    assert second.placement_started_on == START
    assert new == second


def test_a_placement_move_starts_episode_p_and_records_the_reason_on_the_episode_that_ended(
    period, social_worker
):
    services.placement_change(
        user=social_worker,
        period=period,
        on=date(2026, 5, 20),
        placement=AGENCY_HOME,
        reason_place_change="CREQB",
    )
    first, second = period.episodes.order_by("decom")
    assert first.reason_place_change == "CREQB"
    assert second.rne == "P"
    assert second.placement_location == "OUT"
    assert second.placement_started_on == date(2026, 5, 20)


def test_the_reason_for_new_episode_says_what_changed(period, social_worker):
    services.placement_change(
        user=social_worker,
        period=period,
        on=date(2026, 5, 12),
        placement=Placement(place="U4", place_provider="PR1", postcode=FOSTER, urn="SC123456"),
        reason_place_change="PLACE",
        same_carer=True,
    )
    services.placement_change(
        user=social_worker,
        period=period,
        on=date(2026, 5, 20),
        placement=AGENCY_HOME,
        reason_place_change="CARPL",
        legal_status="C2",
    )
    assert list(period.episodes.values_list("rne", flat=True)) == ["S", "T", "B"]


def test_a_placement_move_needs_a_reason_and_nothing_is_half_saved(period, social_worker):
    with pytest.raises(ValidationError) as excinfo:
        services.placement_change(
            user=social_worker,
            period=period,
            on=date(2026, 5, 20),
            placement=AGENCY_HOME,
            reason_place_change="",
        )
    assert _errors(excinfo)["reason_place_change"] == ["Select the reason for the placement change"]
    assert period.episodes.get().dec is None


def test_episodes_never_overlap_and_a_second_period_cannot_open_while_one_is_open(period, start):
    with pytest.raises(ValidationError) as excinfo:
        start(start_date=date(2026, 6, 1))
    assert "already looked after" in _errors(excinfo)["date"][0]
    assert PeriodOfCare.objects.count() == 1


def test_a_period_of_care_cannot_start_with_a_temporary_placement(start):
    with pytest.raises(ValidationError) as excinfo:
        start(placement=Placement(place="T4", postcode=FOSTER))
    assert "temporary placement" in _errors(excinfo)["place"][0]


def test_after_a_temporary_placement_the_child_returns_to_the_same_placement(period, social_worker):
    services.placement_change(
        user=social_worker,
        period=period,
        on=date(2026, 5, 10),
        placement=Placement(place="T1", postcode="E13 8SL"),
        reason_place_change="",
    )
    with pytest.raises(ValidationError) as excinfo:
        services.placement_change(
            user=social_worker,
            period=period,
            on=date(2026, 5, 14),
            placement=AGENCY_HOME,
            reason_place_change="CARPL",
        )
    assert "returns to the same placement" in _errors(excinfo)["place"][0]
    services.placement_change(
        user=social_worker,
        period=period,
        on=date(2026, 5, 14),
        placement=Placement(place="U6", place_provider="PR1", postcode=FOSTER, urn="SC123456"),
        reason_place_change="",
    )
    assert list(period.episodes.values_list("place", flat=True)) == ["U6", "T1", "U6"]


def test_a_temporary_placement_of_seven_days_or_less_cannot_last_longer(period, social_worker):
    services.placement_change(
        user=social_worker,
        period=period,
        on=date(2026, 5, 10),
        placement=Placement(place="T4", postcode="E13 8SL"),
        reason_place_change="",
    )
    with pytest.raises(ValidationError) as excinfo:
        services.placement_change(
            user=social_worker,
            period=period,
            on=date(2026, 5, 18),
            placement=Placement(place="U6", postcode=FOSTER, place_provider="PR1", urn="SC123456"),
            reason_place_change="",
        )
    assert "no more than 7 days" in _errors(excinfo)["date"][0]


def test_police_protection_cannot_last_more_than_72_hours(start, social_worker):
    period = start(legal_status="L1")
    with pytest.raises(ValidationError) as excinfo:
        services.legal_status_change(
            user=social_worker, period=period, on=START + timedelta(days=4), legal_status="C1"
        )
    assert "72 hours" in _errors(excinfo)["date"][0]
    services.legal_status_change(
        user=social_worker, period=period, on=START + timedelta(days=3), legal_status="L2"
    )


def test_an_emergency_protection_order_cannot_last_more_than_21_days(start, social_worker):
    period = start(legal_status="L2")
    with pytest.raises(ValidationError, match="21 days"):
        services.legal_status_change(
            user=social_worker, period=period, on=START + timedelta(days=22), legal_status="C1"
        )


@pytest.mark.parametrize(
    ("place", "message"),
    [("K3", "aged 16 or over"), ("P3", "aged 14 or over")],
)
def test_placement_types_have_age_limits(start, place, message):
    with pytest.raises(ValidationError) as excinfo:
        start(placement=Placement(place=place, place_provider="PR4", postcode=AGENCY, urn=""))
    assert message in " ".join(_errors(excinfo)["place"])


def test_a_child_under_ten_cannot_have_a_youth_justice_legal_status(start, allocated_child):
    allocated_child.date_of_birth = date(2018, 1, 1)
    allocated_child.save()
    with pytest.raises(ValidationError) as excinfo:
        start(legal_status="J1")
    assert "youth justice" in _errors(excinfo)["legal_status"][0]


def test_a_code_retired_before_the_collection_year_is_refused(start):
    with pytest.raises(ValidationError) as excinfo:
        start(placement=Placement(place="Z1", place_provider="PR4", postcode=AGENCY))
    assert _errors(excinfo)["place"] == ["Z1 is not a valid placement type in 2026 to 2027"]


def test_provider_and_urn_rules_follow_the_placement_type(start):
    with pytest.raises(ValidationError) as excinfo:
        start(placement=Placement(place="U6", place_provider="PR0", postcode=AGENCY))
    errors = _errors(excinfo)
    assert "PR0" in errors["place_provider"][0]
    assert errors["urn"] == ["Enter the provider's Ofsted URN"]
    with pytest.raises(ValidationError) as excinfo:
        start(placement=Placement(place="P1", place_provider="PR0", postcode=AGENCY, urn="SC1"))
    assert _errors(excinfo)["urn"] == ["Leave the Ofsted URN blank for a P1 placement"]


def test_unknown_postcodes_are_refused_and_nothing_is_saved(start):
    with pytest.raises(ValidationError) as excinfo:
        start(home_postcode="E15 9ZZ")
    assert "not a postcode in the ONS" in _errors(excinfo)["home_postcode"][0]
    assert not Episode.objects.exists()


def test_home_and_placement_postcodes_differ_unless_placed_with_parents(start):
    with pytest.raises(ValidationError) as excinfo:
        start(home_postcode=FOSTER)
    assert "must be different" in _errors(excinfo)["placement_postcode"][0]


def test_ending_care_records_the_reason_on_the_last_episode(period, social_worker):
    services.care_period_end(
        user=social_worker, period=period, on=date(2026, 6, 1), reason_episode_ceased="E4A"
    )
    episode = period.episodes.get()
    assert (episode.dec, episode.rec) == (date(2026, 6, 1), "E4A")
    period.refresh_from_db()
    assert period.end_date == date(2026, 6, 1)


def test_independent_living_needs_the_young_person_to_be_fourteen(period, social_worker):
    with pytest.raises(ValidationError) as excinfo:
        services.care_period_end(
            user=social_worker, period=period, on=date(2026, 6, 1), reason_episode_ceased="E5"
        )
    assert "under 14" in _errors(excinfo)["reason_episode_ceased"][0]


def test_a_short_break_cannot_last_longer_than_seventeen_days(start, social_worker):
    period = start(legal_status="V3")
    with pytest.raises(ValidationError, match="17 days"):
        services.care_period_end(
            user=social_worker,
            period=period,
            on=START + timedelta(days=18),
            reason_episode_ceased="E13",
        )


def test_a_new_period_cannot_start_the_day_the_last_one_ended(period, social_worker, start):
    services.care_period_end(
        user=social_worker, period=period, on=date(2026, 5, 10), reason_episode_ceased="E4A"
    )
    with pytest.raises(ValidationError, match="rule 431"):
        start(start_date=date(2026, 5, 10))
    start(start_date=date(2026, 5, 11))
    assert PeriodOfCare.objects.count() == 2


def test_v3_and_v4_short_breaks_are_not_both_used_in_a_year(start, social_worker):
    period = start(legal_status="V3")
    services.care_period_end(
        user=social_worker, period=period, on=START + timedelta(days=3), reason_episode_ceased="E13"
    )
    with pytest.raises(ValidationError, match="rule 426"):
        start(legal_status="V4", start_date=START + timedelta(days=10))


def test_short_breaks_cannot_be_in_long_term_fostering(start, carers):
    with pytest.raises(ValidationError) as excinfo:
        start(legal_status="V3", placement=Placement(place="U4", provider=carers))
    assert "long-term fostering" in _errors(excinfo)["place"][0]


def test_temporary_care_while_carers_are_on_holiday_is_allowed_twice_in_12_months(
    period, social_worker
):
    normal = Placement(place="U6", place_provider="PR1", postcode=FOSTER, urn="SC123456")
    holiday = Placement(place="T3", postcode="E13 8SL")
    for start_day, back_day in ((5, 8), (12, 15)):
        services.placement_change(
            user=social_worker,
            period=period,
            on=date(2026, 5, start_day),
            placement=holiday,
            reason_place_change="",
        )
        services.placement_change(
            user=social_worker,
            period=period,
            on=date(2026, 5, back_day),
            placement=normal,
            reason_place_change="",
        )
    with pytest.raises(ValidationError, match="no more than twice in 12 months"):
        services.placement_change(
            user=social_worker,
            period=period,
            on=date(2026, 5, 20),
            placement=holiday,
            reason_place_change="",
        )


def test_adoption_needs_a_placement_for_adoption_first(period, social_worker):
    with pytest.raises(ValidationError, match="after being placed for adoption"):
        services.care_period_end(
            user=social_worker, period=period, on=date(2026, 6, 1), reason_episode_ceased="E11"
        )
