"""The SSDA903 import of OC3 (care leavers' contact, activity and accommodation at a birthday)
and SWEpisodes (social worker episodes as allocations, SW_IDs as staff identifiers or legacy
worker accounts): each code comes back from the extract, bad rows are refused by file, line and
field, and re-importing changes nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import time_machine
from django.db import IntegrityError

from hearth.accounts.models import Role, User
from hearth.care_leavers.models import Accommodation, Activity, Contact, ContactOutcome
from hearth.casework.models import Allocation
from hearth.people.models import Person
from hearth.returns.importers.problems import ImportRefused
from hearth.returns.importers.ssda903 import ssda903_import
from hearth.returns.importers.sw_episodes import LEGACY_TEAM, REASONS, reason_text
from hearth.returns.ssda903 import samples
from hearth.returns.ssda903 import tables as t
from hearth.returns.ssda903.extract import ssda903_extract, sw_reason

pytestmark = pytest.mark.django_db
TRAVEL = time_machine.travel("2026-05-01 09:00")
CARA_19TH = date(2025, 8, 20)


def _import_both(tmp_path: Path, sample: samples.Sample) -> None:
    this, last = samples.write_sample(sample, tmp_path)
    ssda903_import(folder=last, year=2025)
    ssda903_import(folder=this, year=2026)


def _oc3(sample: samples.Sample, **items: str) -> samples.Sample:
    sample.row("OC3", samples.CARA).update(items)
    return sample


def _refused(tmp_path: Path, sample: samples.Sample) -> list[str]:
    folder = tmp_path / "files"
    samples.write_tables(sample.this, folder)
    with pytest.raises(ImportRefused) as refused:
        ssda903_import(folder=folder, year=2026)
    assert not Person.objects.exists()
    assert not User.objects.filter(staff_identifier__startswith="SW").exists()
    return [str(p) for p in refused.value.problems]


@TRAVEL
@pytest.mark.parametrize(
    "items",
    [
        ("YES", "G5", "S2"),
        ("NO", "0", "0"),
        ("DIED", "0", "0"),
        ("RHOM", "0", "0"),
        ("NREQ", "0", "0"),
        ("REFU", "0", "0"),
    ],
)
def test_each_in_touch_code_imported_comes_back_in_the_oc3_extract(tmp_path, items):
    in_touch, activ, accom = items
    _import_both(tmp_path, _oc3(samples.clean_sample(), IN_TOUCH=in_touch, ACTIV=activ,
                                ACCOM=accom))  # fmt: skip

    rows = ssda903_extract(samples.YEAR).tables[t.OC3]

    assert [(r["CHILD"], r["IN_TOUCH"], r["ACTIV"], r["ACCOM"]) for r in rows] == [
        (samples.CARA, *items)
    ]


@TRAVEL
def test_an_oc3_row_becomes_a_contact_activity_and_accommodation_at_the_birthday(tmp_path):
    _import_both(tmp_path, _oc3(samples.clean_sample(), ACTIV="F5", ACCOM="U1"))

    cara = Person.objects.get(la_child_id=samples.CARA)
    contact = Contact.objects.get(young_person=cara, contact_on=CARA_19TH)
    assert contact.outcome == ContactOutcome.IN_TOUCH
    assert "Imported from the SSDA903 return" in contact.notes
    activity = Activity.objects.get(young_person=cara, start_date=CARA_19TH)
    assert activity.code == "F5"
    accommodation = Accommodation.objects.get(young_person=cara, start_date=CARA_19TH)
    assert (accommodation.accommodation_type, accommodation.suitable) == ("U", True)


@TRAVEL
def test_codes_the_record_already_gives_add_no_records(tmp_path):
    # Last year's F2 and Z1 are still in force on this year's birthday: only the contact is new.
    _import_both(tmp_path, samples.clean_sample())

    cara = Person.objects.get(la_child_id=samples.CARA)
    assert Activity.objects.filter(young_person=cara).count() == 1
    assert Accommodation.objects.filter(young_person=cara).count() == 1
    assert Contact.objects.filter(young_person=cara).count() == 2


@TRAVEL
def test_a_changed_oc3_code_updates_the_imported_record(tmp_path):
    _import_both(tmp_path, _oc3(samples.clean_sample(), ACTIV="F5", ACCOM="U1"))
    sample = _oc3(samples.clean_sample(), ACTIV="G6", ACCOM="U1")
    folder = tmp_path / "changed"
    samples.write_tables(sample.this, folder)

    done = ssda903_import(folder=folder, year=2026)

    assert done.report.changed == {"care leaver activity": 1}
    assert ssda903_extract(samples.YEAR).tables[t.OC3][0]["ACTIV"] == "G6"


@TRAVEL
def test_a_care_leaver_with_no_care_history_is_kept_and_named_in_the_summary(tmp_path):
    folder = tmp_path / "this"
    samples.write_tables(samples.clean_sample().this, folder)

    done = ssda903_import(folder=folder)

    assert Contact.objects.filter(young_person__la_child_id=samples.CARA).exists()
    assert any(n.startswith("OC3: 1 young people have no care episodes") and samples.CARA in n
               for n in done.report.notes)  # fmt: skip


@TRAVEL
def test_a_return_saying_not_in_touch_against_a_recorded_contact_in_touch_is_refused(
    tmp_path, personal_adviser
):
    this, last = samples.write_sample(_oc3(samples.clean_sample(), IN_TOUCH="NO", ACTIV="0",
                                           ACCOM="0"), tmp_path)  # fmt: skip
    ssda903_import(folder=last, year=2025)
    cara = Person.objects.get(la_child_id=samples.CARA)
    Contact.objects.create(young_person=cara, contact_on=date(2025, 7, 1), method="phone",
                           initiated_by="adviser", outcome="in_touch",
                           recorded_by=personal_adviser)  # fmt: skip

    with pytest.raises(ImportRefused) as refused:
        ssda903_import(folder=this, year=2026)

    said = [str(p) for p in refused.value.problems]
    assert said == [
        "OC3.csv: line 2: IN_TOUCH, ACTIV, ACCOM: the record already holds contacts, "
        "accommodation or activity around the 20/08/2025 birthday that give YES/F2/Z1, not "
        "NO/0/0"
    ]
    assert not Allocation.objects.exists()


@TRAVEL
def test_social_worker_episodes_become_allocations_and_unknown_workers_legacy_accounts(
    tmp_path, social_worker
):
    social_worker.staff_identifier = "SW12345"
    social_worker.save()
    folder = tmp_path / "this"
    samples.write_tables(samples.clean_sample().this, folder)

    done = ssda903_import(folder=folder)

    alice = Allocation.objects.get(child__la_child_id=samples.ALICE)
    assert (alice.worker, alice.team, alice.start_date, alice.end_date) == (
        social_worker,
        social_worker.team,
        date(2023, 6, 15),
        None,
    )
    legacy = User.objects.get(staff_identifier="SW34567")
    assert legacy.get_full_name() == "Legacy worker SW34567"
    assert (legacy.role, legacy.is_active, legacy.has_usable_password()) == (
        Role.SOCIAL_WORKER,
        False,
        False,
    )
    assert Allocation.objects.get(child__la_child_id=samples.DAN).team.name == LEGACY_TEAM
    assert done.report.created["legacy worker accounts"] == 3
    assert any("3 SW_IDs matched no account" in n and "SW23456, SW34567, XX45678" in n
               for n in done.report.notes)  # fmt: skip
    assert "legacy worker accounts" in "\n".join(done.report.lines())


@TRAVEL
def test_reimporting_social_worker_episodes_makes_no_second_account_or_allocation(tmp_path):
    folder = tmp_path / "this"
    samples.write_tables(samples.clean_sample().this, folder)
    ssda903_import(folder=folder)

    again = ssda903_import(folder=folder)

    assert again.report.nothing_changed
    assert [n[:4] for n in again.report.notes] == ["OC3:"]  # Cara has no care history here
    assert User.objects.filter(first_name="Legacy worker").count() == 4
    assert Allocation.objects.count() == 4


@TRAVEL
def test_a_change_of_worker_keeps_its_reason_and_end_date_in_the_extract(tmp_path):
    sample = samples.clean_sample()
    sample.row("SWEpisodes", samples.ALICE)["SW_DEC"] = "01/09/2025"
    sample.add("SWEpisodes", CHILD=samples.ALICE, DOB=samples.DOB[samples.ALICE],
               SW_ID="SW99999", SW_DECOM="01/09/2025", SW_REASON="ORGRST")  # fmt: skip
    folder = tmp_path / "this"
    samples.write_tables(sample.this, folder)
    ssda903_import(folder=folder)

    rows = [r for r in ssda903_extract(samples.YEAR).tables[t.SW_EPISODES]
            if r["CHILD"] == samples.ALICE]  # fmt: skip

    assert [(r["SW_ID"], r["SW_DECOM"], r["SW_DEC"], r["SW_REASON"]) for r in rows] == [
        ("SW12345", date(2023, 6, 15), date(2025, 9, 1), "FCONTA"),
        ("SW99999", date(2025, 9, 1), None, "ORGRST"),
    ]


@TRAVEL
def test_bad_oc3_and_social_worker_rows_are_refused_by_file_line_and_field(tmp_path):
    sample = _oc3(samples.clean_sample(), IN_TOUCH="MAYBE")
    sample.row("SWEpisodes", samples.DAN)["SW_DECOM"] = "31/02/2025"
    sample.row("SWEpisodes", samples.EVE)["SW_REASON"] = "BORED"
    sample.row("SWEpisodes", samples.BEN)["SW_ID"] = "AB1234"
    sample.add("SWEpisodes", CHILD="ZED9", DOB="01/01/2015", SW_ID="SW1", SW_DECOM="01/05/2025",
               SW_REASON="FCONTA")  # fmt: skip

    said = _refused(tmp_path, sample)

    assert any(s.startswith("OC3.csv: line 2: IN_TOUCH: Data entry for being in touch")
               and "(DfE rule 131)" in s for s in said)  # fmt: skip
    assert any(s.startswith("SWEpisodes.csv: line 4: SW_DECOM: Date social worker episode began "
                            "is not a valid date") for s in said)  # fmt: skip
    assert any(s.startswith("SWEpisodes.csv: line 5: SW_REASON: The reason for social worker "
                            "change is not valid") for s in said)  # fmt: skip
    assert any(s.startswith("SWEpisodes.csv: line 3: SW_ID: Social worker ID does not begin")
               for s in said)  # fmt: skip
    assert "SWEpisodes.csv: line 6: CHILD: ZED9 is not in the header" in said


@TRAVEL
def test_in_touch_with_no_activity_and_a_care_leaver_given_twice_are_refused(tmp_path):
    sample = _oc3(samples.clean_sample(), ACTIV="0")
    sample.add("OC3", CHILD=samples.CARA, DOB=samples.DOB[samples.CARA], IN_TOUCH="NO",
               ACTIV="0", ACCOM="0")  # fmt: skip

    said = _refused(tmp_path, sample)

    assert any(s.startswith("OC3.csv: line 2: IN_TOUCH, ACTIV, ACCOM: The data collection record "
                            "shows the local authority is in touch") for s in said)  # fmt: skip
    assert "OC3.csv: line 3: CHILD: care leaver information is given twice for this child" in said


@TRAVEL
def test_the_command_summary_lists_legacy_workers_and_administrators_see_their_identifiers(
    tmp_path, client, administrator
):
    from io import StringIO

    from django.core.management import call_command
    from django.urls import reverse

    folder = tmp_path / "this"
    samples.write_tables(samples.clean_sample().this, folder)
    out = StringIO()
    call_command("returns", "import", "--ssda903", str(folder), stdout=out)
    assert "legacy worker accounts" in out.getvalue()
    assert "now inactive legacy worker accounts that cannot sign in: SW12345" in out.getvalue()

    client.force_login(administrator)
    page = client.get(reverse("accounts:users")).content.decode()
    assert "Legacy worker SW12345 (suspended)" in page
    assert '<td class="govuk-table__cell">SW12345</td>' in page


def test_each_change_reason_is_recorded_in_words_the_extract_reads_back():
    assert {code: sw_reason(reason_text(code)) for code in REASONS if code != "FCONTA"} == {
        code: code for code in REASONS if code != "FCONTA"
    }


def test_a_staff_identifier_is_unique_when_set_and_may_be_left_empty(db):
    User.objects.create(username="a", staff_identifier="")
    User.objects.create(username="b", staff_identifier="")
    User.objects.create(username="c", staff_identifier="SW1234")
    with pytest.raises(IntegrityError):
        User.objects.create(username="d", staff_identifier="SW1234")
