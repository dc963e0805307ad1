"""The child's adoption journey through the services: the 903 timing rules at entry, the
episodes it writes on the period of care, audit, chronology and the sealing hook."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from hearth.adoption import services
from hearth.adoption.models import AdoptionJourney, PermanenceOrder
from hearth.casework.models import ChronologyEntry
from hearth.children_in_care.models import Provider, ProviderKind
from hearth.children_in_care.validation import Placement
from hearth.core.models import AuditEntry


def _errors(excinfo: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def _to_placed(journey, user, carers, *, place="A5"):
    journey = services.placement_order_record(user=user, journey=journey, on=date(2026, 5, 15))
    journey = services.match_record(
        user=user, journey=journey, on=date(2026, 5, 20), family=_family(journey)
    )
    return services.placed_for_adoption_record(
        user=user,
        journey=journey,
        on=date(2026, 6, 1),
        placement=Placement(place=place, provider=carers),
        reason_place_change="CARPL",
    )


def _family(journey):
    from hearth.adoption.models import AdopterFamily

    return AdopterFamily.objects.filter(approved_on__isnull=False).first()


def test_a_decision_needs_the_child_to_be_looked_after(today, social_worker, allocated_child):
    with pytest.raises(ValidationError) as excinfo:
        services.adoption_decision_record(
            user=social_worker,
            child=allocated_child,
            decision_on=date(2026, 5, 8),
            decision_maker="ADM",
        )
    assert "looked after" in _errors(excinfo)["date"][0]


def test_a_decision_is_audited_and_on_the_chronology(journey, allocated_child):
    assert journey.stage == "Should be placed for adoption"
    assert AuditEntry.objects.filter(
        object_type="adoption.adoptionjourney", action="create", child_id=allocated_child.pk
    ).exists()
    assert ChronologyEntry.objects.filter(
        child=allocated_child, category=services.CHRONOLOGY, significant=True
    ).exists()


def test_only_one_decision_is_in_force_at_a_time(journey, social_worker, allocated_child):
    with pytest.raises(ValidationError) as excinfo:
        services.adoption_decision_record(
            user=social_worker,
            child=allocated_child,
            decision_on=date(2026, 6, 1),
            decision_maker="ADM",
        )
    assert "already in force" in _errors(excinfo)["date"][0]


def test_the_placement_order_changes_the_legal_status_to_e1(journey, social_worker):
    journey = services.placement_order_record(
        user=social_worker, journey=journey, on=date(2026, 5, 15)
    )
    current = journey.period.episodes.get(dec__isnull=True)
    assert (current.legal_status, current.rne, current.decom) == ("E1", "L", date(2026, 5, 15))
    assert journey.stage == "Placement order"


def test_a_placement_order_before_the_decision_is_refused(journey, social_worker):
    with pytest.raises(ValidationError) as excinfo:
        services.placement_order_record(user=social_worker, journey=journey, on=date(2026, 5, 7))
    assert "on or after the decision" in _errors(excinfo)["date"][0]


def test_a_match_needs_approved_adopters_and_follows_the_decision(journey, social_worker, enquiry):
    family = enquiry()
    with pytest.raises(ValidationError) as excinfo:
        services.match_record(
            user=social_worker, journey=journey, on=date(2026, 5, 7), family=family
        )
    errors = _errors(excinfo)
    assert "on or after the decision" in errors["date"][0]
    assert "approved before the match" in errors["family"][0]


def test_placed_for_adoption_needs_the_match_first(journey, social_worker, carers):
    with pytest.raises(ValidationError) as excinfo:
        services.placed_for_adoption_record(
            user=social_worker,
            journey=journey,
            on=date(2026, 6, 1),
            placement=Placement(place="A3", provider=carers),
            reason_place_change="CARPL",
        )
    assert "match" in _errors(excinfo)["date"][0]


def test_a5_needs_the_placement_order(journey, social_worker, carers, approved):
    journey = services.match_record(
        user=social_worker, journey=journey, on=date(2026, 5, 20), family=approved
    )
    with pytest.raises(ValidationError) as excinfo:
        services.placed_for_adoption_record(
            user=social_worker,
            journey=journey,
            on=date(2026, 6, 1),
            placement=Placement(place="A5", provider=carers),
            reason_place_change="CARPL",
        )
    assert "placement order" in _errors(excinfo)["place"][0]


def test_placement_for_adoption_with_the_foster_carers_is_a_same_carer_episode(
    journey, social_worker, carers, approved
):
    journey = _to_placed(journey, social_worker, carers)
    episode = journey.placed_episode
    assert (episode.place, episode.legal_status, episode.rne) == ("A5", "E1", "T")
    assert journey.stage == "Placed for adoption"


def test_placement_with_new_adopters_is_a_placement_change(
    journey, social_worker, carers, approved
):
    adopters_home = Provider.objects.create(
        name="The Okafor-Lewis family",
        kind=ProviderKind.OTHER,
        provider_code="PR1",
        urn="SC654321",
        postcode="SE1 7PB",
    )
    journey = _to_placed(journey, social_worker, adopters_home, place="A6")
    assert (journey.placed_episode.place, journey.placed_episode.rne) == ("A6", "P")


def test_the_adoption_order_ends_care_with_e11_and_calls_the_sealing_hook(
    journey, social_worker, carers, approved, allocated_child, settings
):
    calls = []
    settings.HEARTH = {
        **settings.HEARTH,
        "ADOPTION_SEALING_HOOK": "hearth.adoption.tests.test_journey.record_hook",
    }
    HOOK_CALLS.clear()
    journey = _to_placed(journey, social_worker, carers)
    journey = services.adoption_order_record(
        user=social_worker, journey=journey, on=date(2026, 6, 9), reason_ceased="E11"
    )
    journey.period.refresh_from_db()
    assert journey.period.end_date == date(2026, 6, 9)
    assert journey.period.episodes.get(dec=date(2026, 6, 9)).rec == "E11"
    assert journey.stage == "Adopted"
    assert [journey.pk] == HOOK_CALLS
    assert AuditEntry.objects.filter(
        child_id=allocated_child.pk, summary__contains="to be sealed"
    ).exists()
    assert not calls


HOOK_CALLS: list[int] = []


def record_hook(journey, user) -> None:
    HOOK_CALLS.append(journey.pk)


def test_an_adoption_order_before_placement_is_refused(journey, social_worker):
    with pytest.raises(ValidationError) as excinfo:
        services.adoption_order_record(
            user=social_worker, journey=journey, on=date(2026, 6, 9), reason_ceased="E12"
        )
    assert "placed for adoption first" in _errors(excinfo)["date"][0]


def test_a_reversal_needs_a_reason_and_then_allows_a_new_decision(
    journey, social_worker, allocated_child
):
    with pytest.raises(ValidationError) as excinfo:
        services.decision_reverse(
            user=social_worker, journey=journey, on=date(2026, 6, 1), reason=""
        )
    assert "Select why" in _errors(excinfo)["reason"][0]
    journey = services.decision_reverse(
        user=social_worker, journey=journey, on=date(2026, 6, 1), reason="RD2", notes="Court"
    )
    assert journey.stage == "Decision reversed"
    again = services.adoption_decision_record(
        user=social_worker,
        child=allocated_child,
        decision_on=date(2026, 6, 5),
        decision_maker="ADM",
    )
    assert AdoptionJourney.objects.filter(child=allocated_child).count() == 2
    assert again.is_active


def test_a_new_decision_cannot_predate_the_last_reversal(journey, social_worker, allocated_child):
    services.decision_reverse(
        user=social_worker, journey=journey, on=date(2026, 6, 1), reason="RD1"
    )
    with pytest.raises(ValidationError) as excinfo:
        services.adoption_decision_record(
            user=social_worker,
            child=allocated_child,
            decision_on=date(2026, 5, 20),
            decision_maker="ADM",
        )
    assert "reversed" in _errors(excinfo)["date"][0]


def test_fostering_for_adoption_is_a_u5_placement_with_ffa_approved_adopters(
    journey, social_worker, approved
):
    adopters_home = Provider.objects.create(
        name="The Okafor-Lewis family",
        kind=ProviderKind.IN_HOUSE_FOSTER,
        provider_code="PR1",
        urn="SC654321",
        postcode="SE1 7PB",
    )
    with pytest.raises(ValidationError) as excinfo:
        services.ffa_placement_record(
            user=social_worker,
            journey=journey,
            on=date(2026, 5, 12),
            placement=Placement(place="U4", provider=adopters_home),
            reason_place_change="CARPL",
        )
    assert "U2, U5" in _errors(excinfo)["place"][0]
    journey = services.ffa_placement_record(
        user=social_worker,
        journey=journey,
        on=date(2026, 5, 12),
        placement=Placement(place="U5", provider=adopters_home),
        reason_place_change="CARPL",
        family=approved,
    )
    assert journey.ffa_episode.place == "U5"
    assert journey.family == approved


@pytest.mark.parametrize(
    ("kind", "former", "relatives", "rec"),
    [
        ("sgo", True, True, "E45"),
        ("sgo", True, False, "E46"),
        ("sgo", False, True, "E47"),
        ("sgo", False, False, "E48"),
        ("cao", False, True, "E41"),
    ],
)
def test_an_order_ends_care_with_its_903_reason(
    period, social_worker, allocated_child, kind, former, relatives, rec
):
    order = services.permanence_order_record(
        user=social_worker,
        child=allocated_child,
        kind=kind,
        made_on=date(2026, 6, 8),
        carers="Mr and Mrs Adeyemi",
        former_foster_carers=former,
        relatives_or_friends=relatives,
    )
    period.refresh_from_db()
    assert order.reason_ceased == rec
    assert period.end_date == date(2026, 6, 8)
    assert period.episodes.get(dec=date(2026, 6, 8)).rec == rec


def test_an_sgo_is_refused_while_a_decision_to_place_for_adoption_is_in_force(
    journey, social_worker, allocated_child
):
    with pytest.raises(ValidationError) as excinfo:
        services.permanence_order_record(
            user=social_worker,
            child=allocated_child,
            kind="sgo",
            made_on=date(2026, 6, 8),
            carers="Aunt",
            former_foster_carers=False,
            relatives_or_friends=True,
        )
    assert "reversed first" in _errors(excinfo)["kind"][0]
    assert not PermanenceOrder.objects.exists()


def test_an_order_for_a_child_not_in_care_records_no_903_reason(
    today, social_worker, allocated_child
):
    order = services.permanence_order_record(
        user=social_worker,
        child=allocated_child,
        kind="cao",
        made_on=date(2026, 6, 8),
        carers="Grandmother",
        former_foster_carers=False,
        relatives_or_friends=True,
    )
    assert order.period is None and order.reason_ceased == ""


def test_the_scorecard_clocks_are_due_items_until_the_match_and_the_placement(
    journey, social_worker, allocated_child, approved, today
):
    from hearth.timescales.engine import due_items

    def adoption_items():
        items = due_items([allocated_child.pk], today=today)
        return {i.rule.id: i.due for i in items if i.rule.id.startswith("adoption_")}

    assert adoption_items() == {"adoption_a1_426d": date(2027, 7, 1)}
    journey = services.placement_order_record(
        user=social_worker, journey=journey, on=date(2026, 5, 15)
    )
    assert adoption_items() == {
        "adoption_a1_426d": date(2027, 7, 1),
        "adoption_a2_121d": date(2026, 9, 13),
    }
    services.match_record(
        user=social_worker, journey=journey, on=date(2026, 5, 20), family=approved
    )
    assert adoption_items() == {"adoption_a1_426d": date(2027, 7, 1)}
