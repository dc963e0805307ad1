from __future__ import annotations

from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from hearth.children_in_care.models import Episode, PeriodOfCare
from hearth.core.models import AuditAction, AuditEntry
from hearth.people.models import Disability
from hearth.people.tests.factories import ChildFactory
from hearth.returns.annex_a import labels, lists
from hearth.returns.annex_a.columns import BY_NUMBER, LISTS
from hearth.returns.annex_a.services import annex_a_build, annex_a_write
from hearth.returns.annex_a.workbook import read_workbook
from hearth.returns.models import GeneratedReturn, ReturnKind

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 10)


def _date(day: str, month: str, year: str) -> dict[str, str]:
    return {"as_of-day": day, "as_of-month": month, "as_of-year": year}


def _workbook(as_of: date) -> dict[str, list[list[Any]]]:
    stream = BytesIO()
    annex_a_write(annex=annex_a_build(as_of=as_of), stream=stream)
    stream.seek(0)
    return read_workbook(stream)


def _list_8_row(as_of: date = TODAY) -> dict[str, Any]:
    rows = lists.list_8(as_of)
    assert len(rows) == 1
    return dict(
        zip(BY_NUMBER[8].columns, labels.labelled(rows[0], BY_NUMBER[8].columns), strict=True)
    )


def test_the_workbook_has_a_contents_sheet_then_a_sheet_per_list_headed_by_its_columns() -> None:
    sheets = _workbook(TODAY)
    assert list(sheets) == ["Contents"] + [spec.sheet for spec in LISTS]
    for spec in LISTS:
        assert tuple(sheets[spec.sheet][0]) == spec.columns
    assert sheets["Contents"][0] == ["Ofsted Annex A child-level lists to 10/06/2026, LA 316"]
    assert [row[0] for row in sheets["Contents"][2:13]] == list(range(1, 12))


def test_the_lists_carry_the_2024_template_column_names() -> None:
    assert BY_NUMBER[1].columns[-2:] == ("Date of Contact", "Contact Source")
    assert BY_NUMBER[4].columns[5] == "Does the Child have a Disability"
    assert BY_NUMBER[3].columns[-2:] == ("Allocated Team", "Allocated Worker")
    assert "Allocated Team" not in BY_NUMBER[10].columns
    assert "Placement postcode" in BY_NUMBER[8].columns
    assert len(BY_NUMBER[8].columns) == 5 + 1 + 26 + 2
    assert BY_NUMBER[11].columns[0] == "Individual adopter identifier"


def test_codes_are_written_as_the_template_letters_them() -> None:
    row = {"Gender": "F", "Ethnicity": "BAFR", "Contact Source": "3E", "Referral Source": "5D"}
    columns = ("Gender", "Ethnicity", "Contact Source", "Referral Source", "Other")
    assert labels.labelled(row, columns) == [
        "b) Female",
        "o) BAFR",
        "d) Health services",
        "f) LA services",
        None,
    ]
    assert labels.BY_COLUMN["Reason for Closure"]("RC9") == "h) Child not in need after assessment"
    assert labels.BY_COLUMN["Child's Legal Status"]("L2") == (
        "f) Detained on child protection grounds in LA accommodation"
    )
    assert labels.BY_COLUMN["Primary Need Code"]("N0") == "j) Not stated"


def test_list_8_lists_a_child_in_care_with_the_placement_and_the_allocated_worker(
    period: PeriodOfCare, social_worker: Any, team_a: Any
) -> None:
    row = _list_8_row()
    assert row["Child Unique ID"] == period.child.la_child_id or str(period.child.pk)
    assert row["Date Started to be Looked After"] == date(2026, 5, 1)
    assert row["Start date of current legal status"] == date(2026, 5, 1)
    assert row["Child's Legal Status"] == "e) Accommodated under s20"
    assert row["Child's Category of Need"] == "a) Abuse or neglect"
    assert row["Placement Type"] == "U6"
    assert row["Placement Provider"] == "a) Own LA"
    assert row["Number of Placements in the Last 12 months"] == 1
    assert row["Date Ceased to be Looked After"] is None
    assert row["Allocated Team"] == str(team_a)
    assert row["Allocated Worker"] == str(social_worker)
    assert row["Does the Child have a Disability"] == "b) No"
    assert row[BY_NUMBER[8].columns[-6]] == 0  # missing episodes in the last 12 months


def test_a_disability_of_none_is_not_a_disability_but_any_other_code_is(
    period: PeriodOfCare,
) -> None:
    Disability.objects.create(person=period.child, code="NONE")
    assert _list_8_row()["Does the Child have a Disability"] == "b) No"
    Disability.objects.create(person=period.child, code="AUT")
    assert _list_8_row()["Does the Child have a Disability"] == "a) Yes"


def test_list_8_keeps_care_that_ended_within_six_months_and_leaves_out_older_care(
    period: PeriodOfCare,
) -> None:
    PeriodOfCare.objects.filter(pk=period.pk).update(end_date=date(2026, 6, 1))
    Episode.objects.filter(period=period).update(dec=date(2026, 6, 1), rec="E13")
    row = _list_8_row(date(2026, 11, 30))
    assert row["Date Ceased to be Looked After"] == date(2026, 6, 1)
    assert row["Reason Ceased to be Looked After"] == "E13"
    assert lists.list_8(date(2026, 12, 2)) == []


def test_list_8_leaves_out_short_breaks(period: PeriodOfCare) -> None:
    Episode.objects.filter(period=period).update(legal_status="V3")
    assert lists.list_8(TODAY) == []


def test_lists_from_the_pathway_selectors_gain_the_disability_column(db: Any) -> None:
    child: Any = ChildFactory(la_child_id="C0042")
    Disability.objects.create(person=child, code="HEAR")
    other: Any = ChildFactory(la_child_id="C0043")
    rows = lists._add_disability([{"Child Unique ID": "C0042"}, {"Child Unique ID": "C0043"}])
    assert [r["Does the Child have a Disability"] for r in rows] == ["a) Yes", "b) No"]
    assert other.pk


def test_list_9_without_the_care_leavers_app_derives_care_leavers_from_care_history(
    period: PeriodOfCare, settings: Any
) -> None:
    child = period.child
    child.date_of_birth = date(2009, 1, 15)
    child.save(update_fields=["date_of_birth"])
    PeriodOfCare.objects.filter(pk=period.pk).update(
        start_date=date(2024, 9, 1), end_date=date(2025, 12, 1)
    )
    settings.INSTALLED_APPS = [a for a in settings.INSTALLED_APPS if a != "hearth.care_leavers"]
    rows = lists.list_9(TODAY)
    assert [(r["Child Unique ID"], r["Eligibility Category"]) for r in rows] == [
        (child.la_child_id or str(child.pk), "Relevant")
    ]


def test_lists_10_and_11_come_from_the_adoption_app_when_it_is_installed() -> None:
    from hearth.adoption import extract

    assert lists._external("hearth.adoption", "hearth.adoption.extract", ("annex_a_list_10",)) is (
        extract.annex_a_list_10
    )
    assert lists.list_11(TODAY) == []


def test_the_command_writes_the_workbook(period: PeriodOfCare, tmp_path: Path) -> None:
    out = tmp_path / "annex-a.xlsx"
    call_command("returns", "annex-a", "--as-of", "2026-06-10", "--out", str(out))
    sheets = read_workbook(out)
    assert len(sheets["List 8 Children in Care"]) == 2
    assert sheets["List 8 Children in Care"][1][7] == date(2026, 5, 1)


def test_a_senior_leader_generates_annex_a_and_downloads_it_from_the_history(
    client: Any, senior_leader: Any, media: Path, period: PeriodOfCare, today: date
) -> None:
    client.force_login(senior_leader)
    response = client.post("/returns/annex-a/", _date("10", "6", "2026"))
    assert response.status_code == 302
    record = GeneratedReturn.objects.get()
    assert record.kind == ReturnKind.ANNEX_A
    assert record.as_of == TODAY
    assert record.children == 1
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, object_id=str(record.pk)).exists()
    page = client.get("/returns/").content.decode()
    assert "Ofsted Annex A" in page and "to 10/06/2026" in page and record.sha256 in page
    download = client.get(f"/returns/{record.pk}/download/")
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f"annex-a-2026-06-10-{record.pk}.xlsx" in download["Content-Disposition"]
    sheets = read_workbook(BytesIO(b"".join(download.streaming_content)))
    assert len(sheets["List 8 Children in Care"]) == 2


def test_the_date_the_lists_run_to_must_be_given_and_not_in_the_future(
    client: Any, senior_leader: Any, today: date
) -> None:
    client.force_login(senior_leader)
    empty = client.post("/returns/annex-a/", _date("", "", ""))
    assert empty.status_code == 400
    assert "Enter the date the lists run to" in empty.content.decode()
    future = client.post("/returns/annex-a/", _date("11", "6", "2026"))
    assert future.status_code == 400
    assert "must be today or in the past" in future.content.decode()
    assert not GeneratedReturn.objects.exists()


def test_a_social_worker_gets_not_found_on_the_annex_a_page(
    client: Any, social_worker: Any
) -> None:
    client.force_login(social_worker)
    assert client.get("/returns/annex-a/").status_code == 404
    assert client.post("/returns/annex-a/", {}).status_code == 404


def test_rows_from_the_care_leavers_selector_gain_the_child_disability_and_worker_columns(
    allocated_child: Any, social_worker: Any, team_a: Any
) -> None:
    Disability.objects.create(person=allocated_child, code="VIS")
    rows = lists._complete(
        [{"person": allocated_child, "Child Unique ID": "X1", "Eligibility Category": "a) R"}],
        TODAY,
    )
    (row,) = rows
    assert "person" not in row
    assert row["Child Unique ID"] == "X1"
    assert row["Gender"] == allocated_child.sex
    assert row["Does the Child have a Disability"] == "a) Yes"
    assert row["Allocated Worker"] == str(social_worker)
