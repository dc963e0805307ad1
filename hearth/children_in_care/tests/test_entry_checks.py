"""What SSDA903 rules 630, 442, 551 and 553 would catch at the return is refused when it is
entered: the previous permanence and the UPN when care starts, the adoption decision before an
adoption placement or a placement order. Each check agrees with the rule it stands for."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from hearth.adoption import services as adoption
from hearth.adoption.models import PreviousPermanence
from hearth.children_in_care import services, validation
from hearth.children_in_care.models import Episode, PeriodOfCare
from hearth.children_in_care.services import PreviousPermanenceAnswer, UpnAnswer
from hearth.children_in_care.tests.conftest import HOME, START
from hearth.core.concurrency import token_in
from hearth.core.models import AuditEntry
from hearth.people import identifiers
from hearth.returns.importers.ssda903 import ssda903_import
from hearth.returns.ssda903.faults import faulty
from hearth.returns.ssda903.samples import DAN, FAY, clean_sample, sample_return, write_tables
from hearth.returns.ssda903.validate import validate

TAIL = "123456789012"
UPN = identifiers.upn_check_letter("X" + TAIL) + TAIL  # a valid, synthetic UPN


def _date(prefix: str, on: date) -> dict[str, str]:
    return {f"{prefix}-{part}": str(getattr(on, part)) for part in ("day", "month", "year")}


# --- Rule 630: previous permanence -----------------------------------------------------------


def test_care_cannot_start_with_a_previous_permanence_order_missing_its_authority_and_date(
    start, allocated_child
):
    with pytest.raises(ValidationError) as refused:
        start(previous_permanence=PreviousPermanenceAnswer("P2"), upn=UpnAnswer(upn=UPN))
    assert set(refused.value.message_dict) == {"la_perm", "date_perm"}
    assert not PeriodOfCare.objects.exists()
    assert not PreviousPermanence.objects.exists()
    allocated_child.refresh_from_db()
    assert allocated_child.upn == ""  # nothing half-saved


def test_starting_care_records_the_previous_permanence_and_the_upn_with_the_period(
    start, allocated_child, social_worker
):
    period = start(
        previous_permanence=PreviousPermanenceAnswer("P2", "316", date(2019, 3, 4)),
        upn=UpnAnswer(upn=UPN.lower()),
    )
    record = PreviousPermanence.objects.get(child=allocated_child)
    assert (record.prev_perm, record.la_perm, record.date_perm) == ("P2", "316", date(2019, 3, 4))
    allocated_child.refresh_from_db()
    assert allocated_child.upn == UPN
    assert period.episodes.get().rne == "S"
    audited = AuditEntry.objects.filter(child_id=allocated_child.pk, actor=social_worker)
    assert audited.filter(object_type="adoption.previouspermanence").exists()
    assert audited.filter(object_type="people.person", changes__has_key="upn").exists()


def test_a_previous_permanence_order_must_be_before_care_started(start):
    with pytest.raises(ValidationError) as refused:
        start(previous_permanence=PreviousPermanenceAnswer("P1", "999", START), upn=UpnAnswer(UPN))
    assert (
        "before the child started to be looked after" in refused.value.message_dict["date_perm"][0]
    )


@pytest.mark.parametrize(
    ("prev_perm", "la_perm", "date_perm"),
    [
        ("Z1", "", None),
        ("P1", "", None),
        ("P2", "316", None),
        ("P3", "", date(2020, 1, 1)),
        ("P2", "316", date(2020, 1, 1)),
        ("P4", "999", date(2018, 6, 30)),
    ],
)
def test_the_entry_check_refuses_exactly_what_rule_630_reports(prev_perm, la_perm, date_perm):
    sample = clean_sample()
    row = sample.row("PrevPerm", DAN)
    row.update(
        PREV_PERM=prev_perm,
        LA_PERM=la_perm,
        DATE_PERM=f"{date_perm:%d/%m/%Y}" if date_perm else "",
    )
    reported = bool(validate(sample_return(sample), codes=["630"]))
    refused = validation.previous_permanence_errors(
        prev_perm, la_perm, date_perm, start_date=date(2025, 5, 5), today=date(2026, 3, 31)
    )
    assert bool(refused) == reported


# --- Rule 442: a UPN or the reason there is none ---------------------------------------------


def test_care_cannot_start_without_a_upn_or_a_reason_it_is_not_known(start, allocated_child):
    with pytest.raises(ValidationError) as refused:
        start(previous_permanence=PreviousPermanenceAnswer("Z1"), upn=UpnAnswer())
    assert refused.value.message_dict["upn"] == [validation.UPN_NEEDED]
    assert not PeriodOfCare.objects.exists()
    assert not PreviousPermanence.objects.exists()


def test_a_reason_the_upn_is_not_known_lets_care_start_and_is_kept_on_the_person(
    start, allocated_child
):
    start(previous_permanence=PreviousPermanenceAnswer("Z1"), upn=UpnAnswer(unknown_reason="UN4"))
    allocated_child.refresh_from_db()
    assert (allocated_child.upn, allocated_child.upn_unknown_reason) == ("", "UN4")


def test_a_upn_with_the_wrong_check_letter_is_refused(start):
    wrong = ("A" if UPN[0] != "A" else "B") + TAIL
    with pytest.raises(ValidationError) as refused:
        start(previous_permanence=PreviousPermanenceAnswer("Z1"), upn=UpnAnswer(upn=wrong))
    assert "check letter" in refused.value.message_dict["upn"][0]


@pytest.mark.parametrize(
    ("child", "upn", "reason", "legal_status"),
    [
        (DAN, "", "", "V2"),
        (DAN, "", "UN4", "V2"),
        (DAN, UPN, "", "V2"),
        (FAY, "", "", "V3"),  # short breaks only: no UPN needed
    ],
)
def test_the_entry_check_refuses_exactly_what_rule_442_reports(child, upn, reason, legal_status):
    sample = clean_sample()
    sample.row("Header", child)["UPN"] = upn or reason
    reported = any(f.child == child for f in validate(sample_return(sample), codes=["442"]))
    refused = validation.upn_errors(upn, reason, legal_status=legal_status)
    assert bool(refused) == reported


# --- Rules 551 and 553: the adoption decision first ------------------------------------------


def test_an_adoption_placement_without_the_adoption_decision_is_refused(period, foster, today):
    with pytest.raises(ValidationError) as refused:
        services.placement_change(
            user=period.decision_by,
            period=period,
            on=date(2026, 6, 1),
            placement=foster.__class__(place="A5", provider=foster.provider),
            reason_place_change="CARPL",
            same_carer=True,
        )
    assert validation.ADOPTION_DECISION_FIRST in refused.value.message_dict["place"]
    assert period.episodes.count() == 1
    assert period.episodes.get().dec is None


def test_a_placement_order_status_without_the_adoption_decision_is_refused(period, social_worker):
    with pytest.raises(ValidationError) as refused:
        services.legal_status_change(
            user=social_worker, period=period, on=date(2026, 6, 1), legal_status="E1"
        )
    assert validation.ADOPTION_DECISION_FIRST in refused.value.message_dict["legal_status"]
    assert Episode.objects.filter(period=period).count() == 1


def test_a_placement_order_status_after_the_adoption_decision_is_accepted(
    period, social_worker, allocated_child
):
    adoption.adoption_decision_record(
        user=social_worker,
        child=allocated_child,
        decision_on=date(2026, 5, 20),
        decision_maker="Synthetic agency decision maker",
    )
    episode = services.legal_status_change(
        user=social_worker, period=period, on=date(2026, 6, 1), legal_status="E1"
    )
    assert (episode.legal_status, episode.rne) == ("E1", "L")


def test_a_decision_reversed_before_the_order_does_not_count(
    period, social_worker, allocated_child
):
    journey = adoption.adoption_decision_record(
        user=social_worker,
        child=allocated_child,
        decision_on=date(2026, 5, 10),
        decision_maker="Synthetic agency decision maker",
    )
    adoption.decision_reverse(
        user=social_worker, journey=journey, on=date(2026, 5, 20), reason="RD1", notes="Synthetic"
    )
    errors = validation.adoption_decision_errors(
        allocated_child, date(2026, 6, 1), legal_status="E1", place="", field="legal_status"
    )
    assert errors == {"legal_status": [validation.ADOPTION_DECISION_FIRST]}


def test_care_cannot_start_under_a_placement_order_before_any_adoption_decision(start):
    with pytest.raises(ValidationError) as refused:
        start(legal_status="E1")
    assert refused.value.message_dict["legal_status"] == [validation.ADOPTION_AT_START]
    assert not PeriodOfCare.objects.exists()


def test_the_legal_status_page_refuses_a_placement_order_and_links_to_the_decision(
    signed_in, social_worker, period, allocated_child
):
    url = reverse("children_in_care:legal_status", args=[allocated_child.pk, period.pk])
    response = signed_in(social_worker).post(
        url, {**_date("date", date(2026, 6, 1)), "legal_status": "E1"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert reverse("adoption:decision_new", args=[allocated_child.pk]) in body
    assert period.episodes.count() == 1


# --- The start of care page asks both questions ----------------------------------------------


def test_the_start_page_refuses_care_without_the_previous_permanence_answer(
    signed_in, social_worker, team_manager, allocated_child, carers, today
):
    url = reverse("children_in_care:period_start", args=[allocated_child.pk])
    client = signed_in(social_worker)
    data = {
        "edit_token": token_in(client.get(url).content.decode()),
        **_date("date", START),
        **_date("decision_date", START),
        "decision_by": str(team_manager.pk),
        "decision_reason": "Parents unable to care",
        "legal_status": "V2",
        "category_of_need": "N1",
        "home_postcode": HOME,
        "place": "U6",
        "provider": str(carers.pk),
        "upn": UPN,
    }
    response = client.post(url, data)
    body = response.content.decode()
    assert "Select whether the child had a previous permanence option" in body
    assert not PeriodOfCare.objects.exists()
    data.update(prev_perm="P3", la_perm="316", **_date("date_perm", date(2021, 2, 3)))
    assert client.post(url, data).status_code == 302
    assert PreviousPermanence.objects.get(child=allocated_child).prev_perm == "P3"
    allocated_child.refresh_from_db()
    assert allocated_child.upn == UPN


# --- The legacy import still loads history that breaks them ----------------------------------


@pytest.mark.parametrize("code", ["630", "442", "551", "553"])
def test_the_legacy_import_still_loads_a_return_these_checks_would_refuse(code, tmp_path, db):
    sample = faulty(code, clean_sample())
    assert validate(sample_return(sample), codes=[code])  # the history breaks the rule
    folder = tmp_path / "ssda903"
    write_tables(sample.this, folder)
    with time_machine.travel("2026-05-01 09:00"):
        done = ssda903_import(folder=folder)
    assert done.children >= 5
    assert PeriodOfCare.objects.exists()
