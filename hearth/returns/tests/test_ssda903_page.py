"""The Returns page for the SSDA903: generate, the history with its checksum, the zip download."""

from __future__ import annotations

import hashlib
import io
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from hearth.accounts.models import Role
from hearth.accounts.tests.factories import UserFactory
from hearth.children_in_care.models import Episode, PeriodOfCare
from hearth.core.models import AuditEntry
from hearth.people.tests.factories import ChildFactory
from hearth.returns.models import GeneratedReturn
from hearth.returns.ssda903 import tables as t


@pytest.fixture
def analyst(db: Any) -> Any:
    return UserFactory(username="analyst.903", role=Role.PERFORMANCE_ANALYST)


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def _looked_after(la_child_id: str) -> Any:
    child: Any = ChildFactory(la_child_id=la_child_id, sex="M", ethnicity="WBRI", upn="UN2")
    decided_by: Any = UserFactory()
    period = PeriodOfCare.objects.create(
        child=child,
        start_date=date(2025, 6, 1),
        category_of_need="N1",
        decision_by=decided_by,
        decision_date=date(2025, 6, 1),
        decision_reason="Synthetic",
    )
    Episode.objects.create(
        period=period,
        child=child,
        decom=date(2025, 6, 1),
        rne="S",
        legal_status="V2",
        category_of_need="N1",
        place="U6",
        place_provider="PR1",
        home_postcode="E15 4HT",
        placement_postcode="E13 8SL",
        urn="SC100001",
        placement_started_on=date(2025, 6, 1),
    )
    return child


def test_an_analyst_generates_the_ssda903_and_downloads_a_zip_of_its_tables(
    client: Any, analyst: Any, media: Path
) -> None:
    _looked_after("L1")
    client.force_login(analyst)

    response = client.post(
        reverse("returns:generate"), {"kind": "ssda903", "year": "2026"}, follow=True
    )

    assert response.status_code == 200
    record = GeneratedReturn.objects.get()
    assert (record.kind, record.year, record.children) == ("ssda903", 2026, 1)
    stored = media / record.path
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == record.sha256
    page = response.content.decode()
    assert "SSDA903 2025 to 2026 generated: 1 children" in page
    assert record.sha256 in page
    download = client.get(reverse("returns:download", args=[record.pk]))
    assert download["Content-Type"] == "application/zip"
    assert "ssda903-2025-26-" in download["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert t.FILENAMES[t.HEADER] in archive.namelist()
    header = archive.read(t.FILENAMES[t.HEADER]).decode().splitlines()
    assert header == ["CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB", "L1,M,14/03/2015,WBRI,UN2,,"]
    summaries = list(
        AuditEntry.objects.filter(object_type="returns.generatedreturn").values_list(
            "action", "summary"
        )
    )
    assert any(a == "export" and "SSDA903 2025-26 return (1 children" in s for a, s in summaries)
    assert any(a == "download" for a, _ in summaries)


def test_the_history_says_when_a_return_was_not_checked(
    client: Any, analyst: Any, media: Path
) -> None:
    GeneratedReturn.objects.create(
        kind="ssda903",
        year=2026,
        created_by=analyst,
        path="returns/x.zip",
        sha256="a" * 64,
        size=2048,
        children=3,
        errors=None,
        queries=None,
    )
    client.force_login(analyst)

    page = client.get(reverse("returns:index")).content.decode()

    assert "SSDA903 2025 to 2026" in page
    assert "Not checked" in page


def test_choosing_no_return_shows_the_error_and_makes_nothing(
    client: Any, analyst: Any, media: Path
) -> None:
    client.force_login(analyst)

    response = client.post(reverse("returns:generate"), {"year": "2026"})

    assert response.status_code == 400
    assert "Select a return" in response.content.decode()
    assert not GeneratedReturn.objects.exists()


def test_a_social_worker_cannot_generate_the_ssda903(
    client: Any, social_worker: Any, media: Path
) -> None:
    client.force_login(social_worker)

    response = client.post(reverse("returns:generate"), {"kind": "ssda903", "year": "2026"})

    assert response.status_code == 404
    assert not GeneratedReturn.objects.exists()


def test_the_data_quality_page_checks_the_ssda903_with_a_link_to_the_child(
    client: Any, analyst: Any
) -> None:
    child = _looked_after("DQ1")  # started care in 2025-26 with no previous permanence: 630
    client.force_login(analyst)

    response = client.get(reverse("returns:data_quality"), {"kind": "ssda903", "year": "2026"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "SSDA903 data quality" in page
    assert "630" in page and "Episodes line 2" in page
    assert reverse("casework:child_detail", args=[child.pk]) in page


def test_the_check_command_checks_the_ssda903_of_the_live_record(db: Any) -> None:
    from django.core.management import call_command

    _looked_after("CK1")
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("returns", "check", "--year", "2026", "--return", "ssda903", stdout=out)
    assert exit_.value.code == 1
    assert "SSDA903 2025-26: 1 children" in out.getvalue()
    assert "CK1: Episodes line 2" in out.getvalue()
