"""A child whose pre-adoption record is sealed stays in Annex A under the pre-adoption Child
Unique ID, and every place the lists are made (the workbook's contents sheet, the command,
the Returns page message, the audit entry) says how many rows of each list are sealed
records (docs/domain/annex-a.md, "Sealed records")."""

from __future__ import annotations

from datetime import date
from io import BytesIO, StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from markupsafe import escape

from hearth.core.models import AuditAction, AuditEntry
from hearth.front_door.tests.conftest import at, make_contact, mash_practitioner, mash_team  # noqa: F401
from hearth.people.tests.factories import ChildFactory
from hearth.privacy.sealing import sealed_record_create
from hearth.returns.annex_a import lists
from hearth.returns.annex_a.services import annex_a_build, annex_a_write
from hearth.returns.annex_a.workbook import read_workbook
from hearth.returns.models import GeneratedReturn

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 6, 10)


@pytest.fixture
def sealed_child(make_contact: Any, senior_leader: Any) -> Any:  # noqa: F811
    """A child with a contact on 1 June 2026 whose record was sealed on 5 June, and another
    child with a contact the same day whose record is not sealed."""
    child: Any = ChildFactory(
        la_child_id="PRE-ADOPT-1", first_name="Zephyrine", last_name="Quillfeather"
    )
    make_contact(child, received_at=at(2026, 6, 1))
    make_contact(ChildFactory(la_child_id="OPEN-1"), received_at=at(2026, 6, 1))
    sealed_record_create(
        child=child, user=senior_leader, sealed_on=date(2026, 6, 5), reason="Adoption order"
    )
    return child


def test_a_sealed_childs_contact_stays_in_list_1_under_the_pre_adoption_id_and_is_counted(
    sealed_child: Any,
) -> None:
    annex = annex_a_build(as_of=AS_OF)
    assert sorted(row["Child Unique ID"] for row in annex.lists[1]) == ["OPEN-1", "PRE-ADOPT-1"]
    assert annex.sealed[1] == 1
    assert annex.sealed_total == 1
    assert annex.sealed_summary() == "1 row (list 1: 1)"


def test_a_child_with_no_la_id_is_matched_by_the_record_number(senior_leader: Any) -> None:
    child: Any = ChildFactory(la_child_id="")
    sealed_record_create(child=child, user=senior_leader, sealed_on=AS_OF, reason="Order")
    rows: dict[int, lists.Rows] = {
        1: [{"Child Unique ID": str(child.pk)}, {"Child Unique ID": "X"}],
        11: [{}],
    }
    assert lists.sealed_rows(rows) == {1: 1, 11: 0}


def test_with_no_sealed_record_nothing_is_counted(make_contact: Any) -> None:  # noqa: F811
    make_contact(ChildFactory(), received_at=at(2026, 6, 1))
    annex = annex_a_build(as_of=AS_OF)
    assert len(annex.lists[1]) == 1
    assert annex.sealed_total == 0 and annex.sealed_summary() == ""


def test_the_contents_sheet_counts_each_lists_sealed_rows_and_says_what_they_are(
    sealed_child: Any,
) -> None:
    stream = BytesIO()
    annex_a_write(annex=annex_a_build(as_of=AS_OF), stream=stream)
    stream.seek(0)
    sheets = read_workbook(stream)
    contents = sheets["Contents"]
    assert contents[1][4] == "Rows of sealed records"
    assert contents[2][0] == 1 and contents[2][2] == 2 and contents[2][4] == 1
    assert [row[4] for row in contents[3:13]] == [0] * 10
    assert "pre-adoption Child Unique ID" in contents[-1][0]
    # The lists carry no names, sealed or not.
    text = " ".join(str(cell) for rows in sheets.values() for row in rows for cell in row)
    assert sealed_child.last_name not in text and sealed_child.first_name not in text


def test_the_command_reports_the_sealed_rows(sealed_child: Any, tmp_path: Path) -> None:
    stdout = StringIO()
    call_command(
        "returns", "annex-a", "--as-of", "2026-06-10", "--out", str(tmp_path / "a.xlsx"),
        stdout=stdout,
    )  # fmt: skip
    text = stdout.getvalue()
    assert "List 1 Contacts" in text and "2 rows (1 of sealed records)" in text
    assert "sealed pre-adoption records, kept under the pre-adoption ID: 1 row" in text


def test_the_returns_page_message_and_the_audit_entry_give_the_sealed_rows(
    client: Any, senior_leader: Any, sealed_child: Any, media: Path
) -> None:
    client.force_login(senior_leader)
    page = client.get("/returns/annex-a/").content.decode()
    assert "Children whose pre-adoption record is sealed" in page
    response = client.post(
        "/returns/annex-a/", {"as_of-day": "10", "as_of-month": "6", "as_of-year": "2026"},
        follow=True,
    )  # fmt: skip
    body = response.content.decode()
    assert "Rows of children whose pre-adoption record is sealed: 1 row (list 1: 1)" in body
    record = GeneratedReturn.objects.get()
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT, object_id=str(record.pk))
    assert "sealed pre-adoption records: 1 row (list 1: 1)" in entry.summary
    assert str(escape(sealed_child.last_name)) not in body
