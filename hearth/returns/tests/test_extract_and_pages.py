"""The CIN census from the record, and the Returns pages."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from hearth.accounts.models import Role
from hearth.accounts.tests.factories import UserFactory
from hearth.assessments.models import CINEpisode
from hearth.core.models import AuditEntry
from hearth.people.models import Disability
from hearth.people.tests.factories import ChildFactory
from hearth.returns.cin_census.extract import census_extract
from hearth.returns.models import GeneratedReturn


def _episode(child: Any, **kwargs: Any) -> CINEpisode:
    values = {"referral_date": date(2025, 6, 2), "referral_source": "1A", "primary_need": "N1"}
    return CINEpisode.objects.create(child=child, **{**values, **kwargs})


@pytest.fixture
def analyst(db: Any) -> Any:
    return UserFactory(username="analyst.one", role=Role.PERFORMANCE_ANALYST)


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def test_the_census_holds_children_with_an_episode_in_the_year(db: Any) -> None:
    referred: Any = ChildFactory(la_child_id="K1", sex="F", ethnicity="WBRI")
    Disability.objects.create(person=referred, code="NONE")
    _episode(referred)
    ChildFactory(la_child_id="K2")  # never referred
    census = census_extract(2026)
    assert [c.la_child_id for c in census.children] == ["K1"]
    (child,) = census.children
    assert child.disabilities == ["NONE"]
    assert child.episodes[0].referral_nfa == "false"
    assert census.header.reference_date == date(2026, 3, 31)


def test_a_child_born_after_the_reference_date_is_reported_as_unborn(db: Any) -> None:
    baby = ChildFactory(la_child_id="K3", date_of_birth=date(2026, 5, 1), sex="M")
    _episode(baby, referral_date=date(2026, 1, 5))
    (child,) = census_extract(2026).children
    assert child.birth_date is None
    assert child.expected_birth_date == date(2026, 5, 1)
    assert child.sex == "U"


def test_the_extract_makes_the_same_number_of_queries_for_one_child_or_many(
    db: Any, django_assert_max_num_queries: Any
) -> None:
    _episode(ChildFactory(la_child_id="Q1"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        census_extract(2026)
    for n in range(2, 7):
        _episode(ChildFactory(la_child_id=f"Q{n}"))
    with django_assert_max_num_queries(len(one)):
        assert len(census_extract(2026).children) == 6


def test_a_social_worker_gets_not_found_on_every_returns_page(
    client: Any, social_worker: Any
) -> None:
    client.force_login(social_worker)
    for name in ("returns:index", "returns:data_quality"):
        assert client.get(reverse(name)).status_code == 404
    assert client.post(reverse("returns:generate"), {"year": "2026"}).status_code == 404


def test_a_senior_leader_sees_the_returns_page(client: Any, senior_leader: Any) -> None:
    client.force_login(senior_leader)
    response = client.get(reverse("returns:index"))
    assert response.status_code == 200
    assert "Generate a return" in response.content.decode()


def test_an_analyst_generates_a_return_and_downloads_it_audited(
    client: Any, analyst: Any, media: Any
) -> None:
    _episode(ChildFactory(la_child_id="G1"))
    client.force_login(analyst)
    response = client.post(
        reverse("returns:generate"), {"kind": "cin_census", "year": "2026"}, follow=True
    )
    assert response.status_code == 200
    record = GeneratedReturn.objects.get()
    stored = media / record.path
    assert record.children == 1 and record.created_by == analyst
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == record.sha256
    assert "returns" in record.path and not str(stored).startswith("/static")
    download = client.get(reverse("returns:download", args=[record.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"<?xml")
    actions = list(
        AuditEntry.objects.filter(object_type="returns.generatedreturn").values_list(
            "action", flat=True
        )
    )
    assert "export" in actions and "download" in actions


def test_a_social_worker_cannot_download_a_generated_return(
    client: Any, analyst: Any, social_worker: Any, media: Any
) -> None:
    record = GeneratedReturn.objects.create(
        kind="cin_census",
        year=2026,
        created_by=analyst,
        path="returns/x.xml",
        sha256="0" * 64,
        size=1,
        children=0,
        errors=0,
        queries=0,
    )
    client.force_login(social_worker)
    assert client.get(reverse("returns:download", args=[record.pk])).status_code == 404


def test_the_data_quality_page_lists_each_failure_with_a_link_to_the_child(
    client: Any, analyst: Any
) -> None:
    child: Any = ChildFactory(la_child_id="D1", ethnicity="WBRI")
    _episode(child, primary_need="")  # 8610: primary need missing
    client.force_login(analyst)
    response = client.get(reverse("returns:data_quality"), {"year": "2026"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "8610" in page
    assert reverse("casework:child_detail", args=[child.pk]) in page


def test_the_check_command_validates_the_live_record_and_exits_1_on_errors(db: Any) -> None:
    import io

    from django.core.management import call_command

    _episode(ChildFactory(la_child_id="R1"), primary_need="")
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("returns", "check", "--year", "2026", stdout=out)
    assert exit_.value.code == 1
    assert "8610 error" in out.getvalue()
    assert "R1: CINdetails[1]/PrimaryNeedCode" in out.getvalue()
