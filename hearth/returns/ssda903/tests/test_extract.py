"""The SSDA903 extract: which children each table holds and how each column is filled.
Collection 2025-26 (year 2026: 1 April 2025 to 31 March 2026) throughout."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from hearth.accounts.tests.factories import UserFactory
from hearth.casework.tests.factories import AllocationFactory
from hearth.children_in_care.models import Episode, PeriodOfCare
from hearth.missing_exploitation.models import MissingEpisode
from hearth.people.models import RelationshipKind
from hearth.people.tests.factories import ChildFactory, RelationshipFactory
from hearth.returns.ssda903 import extract as x
from hearth.returns.ssda903 import tables as t
from hearth.returns.ssda903.render import cell, table_csv, write_zip

pytestmark = pytest.mark.django_db
YEAR = 2026
LONDON = ZoneInfo("Europe/London")


def in_care(child: Any, *episodes: dict[str, Any]) -> PeriodOfCare:
    """A period of care with the given episodes (decom, and optionally dec/rec/ls/place)."""
    first, last = episodes[0], episodes[-1]
    decided_by: Any = UserFactory()
    period = PeriodOfCare.objects.create(
        child=child,
        start_date=first["decom"],
        end_date=last.get("dec") if last.get("rec", "X1") != "X1" else None,
        category_of_need="N1",
        decision_by=decided_by,
        decision_date=first["decom"],
        decision_reason="Synthetic",
    )
    for i, e in enumerate(episodes):
        Episode.objects.create(
            period=period,
            child=child,
            decom=e["decom"],
            rne=e.get("rne", "S" if i == 0 else "P"),
            legal_status=e.get("ls", "C2"),
            category_of_need="N1",
            place=e.get("place", "U6"),
            place_provider="PR1",
            home_postcode="E15 4HT",
            placement_postcode="E13 8SL",
            urn="SC100001",
            dec=e.get("dec"),
            rec=e.get("rec", ""),
            reason_place_change=e.get("rpc", ""),
            placement_started_on=e["decom"],
        )
    return period


def rows(name: str, extract: Any) -> list[dict[str, Any]]:
    return extract(x.cohort_for(YEAR))


def test_the_header_holds_each_child_looked_after_at_any_time_in_the_year_once():
    during = ChildFactory(la_child_id="C1", sex="M")
    in_care(
        during,
        {"decom": date(2025, 1, 10), "dec": date(2025, 6, 1), "rec": "X1"},
        {"decom": date(2025, 6, 1)},
    )
    before = ChildFactory(la_child_id="C2")
    in_care(before, {"decom": date(2024, 1, 1), "dec": date(2025, 3, 31), "rec": "E4A"})
    after = ChildFactory(la_child_id="C3")
    in_care(after, {"decom": date(2026, 4, 1)})

    header = rows(t.HEADER, x.header_rows)

    assert [r["CHILD"] for r in header] == ["C1"]
    assert header[0]["SEX"] == "M"
    assert header[0]["MOTHER"] == ""


def test_the_header_says_whether_a_looked_after_girl_is_a_mother_and_her_first_childs_birth():
    mother = ChildFactory(la_child_id="G1", sex="F", date_of_birth=date(2009, 5, 1))
    in_care(mother, {"decom": date(2025, 2, 1)})
    for born in (date(2025, 9, 3), date(2025, 1, 20)):
        RelationshipFactory(
            child=ChildFactory(date_of_birth=born), relative=mother, kind=RelationshipKind.PARENT
        )
    not_mother = ChildFactory(la_child_id="G2", sex="F")
    in_care(not_mother, {"decom": date(2025, 2, 1)})
    short_breaks = ChildFactory(la_child_id="G3", sex="F")
    in_care(short_breaks, {"decom": date(2025, 5, 1), "ls": "V3", "place": "U6"})

    header = {r["CHILD"]: r for r in rows(t.HEADER, x.header_rows)}

    assert (header["G1"]["MOTHER"], header["G1"]["MC_DOB"]) == ("1", date(2025, 1, 20))
    assert (header["G2"]["MOTHER"], header["G2"]["MC_DOB"]) == ("0", None)
    assert header["G3"]["MOTHER"] == ""


def test_an_episode_ending_after_31_march_is_reported_open():
    child = ChildFactory(la_child_id="E1")
    in_care(child, {"decom": date(2025, 7, 1), "dec": date(2026, 5, 1), "rec": "E4A"})

    (episode,) = rows(t.EPISODES, x.episode_rows)

    assert (episode["DECOM"], episode["DEC"], episode["REC"]) == (date(2025, 7, 1), None, "")


def test_uasc_status_ceases_at_the_18th_birthday_and_their_home_postcode_is_blank():
    turned = ChildFactory(la_child_id="U1", uasc=True, date_of_birth=date(2007, 10, 2), sex="M")
    younger = ChildFactory(la_child_id="U2", uasc=True, date_of_birth=date(2010, 1, 1), sex="M")
    not_uasc = ChildFactory(la_child_id="U3")
    for child in (turned, younger, not_uasc):
        in_care(child, {"decom": date(2025, 4, 20)})

    uasc = {r["CHILD"]: r for r in rows(t.UASC, x.uasc_rows)}

    assert set(uasc) == {"U1", "U2"}
    assert uasc["U1"]["DUC"] == date(2025, 10, 2)
    assert uasc["U2"]["DUC"] == date(2028, 1, 1)
    home = {r["CHILD"]: r["HOME_POST"] for r in rows(t.EPISODES, x.episode_rows)}
    assert home == {"U1": "", "U2": "", "U3": "E15 4HT"}


def test_social_worker_episodes_cover_the_year_for_children_looked_after_at_31_march():
    child = ChildFactory(la_child_id="S1")
    in_care(child, {"decom": date(2025, 8, 1)})
    left_care = ChildFactory(la_child_id="S2")
    in_care(left_care, {"decom": date(2025, 5, 1), "dec": date(2025, 9, 1), "rec": "E4A"})
    first, second = UserFactory(), UserFactory()
    # Before the year: first contact; a team move with the same worker is one episode.
    AllocationFactory(
        child=child, worker=first, start_date=date(2024, 11, 1), end_date=date(2025, 1, 1)
    )
    AllocationFactory(
        child=child,
        worker=first,
        start_date=date(2025, 1, 1),
        end_date=date(2025, 6, 10),
        reason="Transferred to Children in Care Team 1",
    )
    AllocationFactory(
        child=child, worker=second, start_date=date(2025, 6, 10), reason="Caseload balancing"
    )
    AllocationFactory(child=left_care, worker=first, start_date=date(2025, 5, 1))

    sw = rows(t.SW_EPISODES, x.sw_episode_rows)

    assert [(r["CHILD"], r["SW_DECOM"], r["SW_DEC"], r["SW_REASON"]) for r in sw] == [
        ("S1", date(2024, 11, 1), date(2025, 6, 10), "FCONTA"),
        ("S1", date(2025, 6, 10), None, "MANAGE"),
    ]
    assert sw[0]["SW_ID"] == f"XX{first.pk:06d}"


def test_a_worker_allocated_after_a_gap_of_more_than_a_week_is_a_first_contact():
    child = ChildFactory(la_child_id="S3")
    in_care(child, {"decom": date(2025, 8, 1)})
    worker = UserFactory()
    AllocationFactory(
        child=child, worker=worker, start_date=date(2023, 1, 1), end_date=date(2023, 6, 1)
    )
    AllocationFactory(child=child, worker=UserFactory(), start_date=date(2025, 7, 20))

    (sw,) = rows(t.SW_EPISODES, x.sw_episode_rows)

    assert (sw["SW_DECOM"], sw["SW_REASON"]) == (date(2025, 7, 20), "FCONTA")


@pytest.mark.parametrize(
    "reason, code",
    [
        ("Previous worker left", "LEFTRL"),
        ("Worker on long-term leave", "ABSENC"),
        ("Caseload balancing", "MANAGE"),
        ("Transferred to Safeguarding Team A", "TSPROC"),
        ("Family asked for a new worker: request", "PCCHAN"),
        ("", "OTHERS"),
    ],
)
def test_the_reason_for_a_change_of_worker_is_read_from_the_allocation_reason(reason, code):
    assert x.sw_reason(reason) == code
    assert code in t.SW_REASONS


def test_reviews_and_missing_episodes_are_those_of_the_year_for_children_in_the_return():
    from hearth.children_in_care.models import Review

    child = ChildFactory(la_child_id="R1", date_of_birth=date(2012, 1, 1))
    period = in_care(child, {"decom": date(2025, 4, 10)})
    iro = UserFactory()
    for held in (date(2025, 3, 1), date(2025, 5, 2)):
        Review.objects.create(
            period=period,
            child=child,
            held_on=held,
            iro=iro,
            attendance="Child",
            participation="PN1",
            views_sought="in_person",
            child_views="Fine",
            recorded_by=iro,
        )
    MissingEpisode.objects.create(
        child=child,
        missing_type="M",
        started_at=datetime(2025, 6, 1, 20, 0, tzinfo=LONDON),
        ended_at=datetime(2025, 6, 2, 9, 0, tzinfo=LONDON),
        where_from="Placement",
        reported_by="Carer",
        risk_level="medium",
        recorded_by=iro,
    )

    reviews = rows(t.REVIEWS, x.review_rows)
    missing = rows(t.MISSING, x.missing_rows)

    assert [(r["CHILD"], r["REVIEW"]) for r in reviews] == [("R1", date(2025, 5, 2))]
    assert [(r["CHILD"], r["MIS_START"], r["MIS_END"]) for r in missing] == [
        ("R1", date(2025, 6, 1), date(2025, 6, 2))
    ]


def test_adoption_tables_keep_only_children_in_the_return(monkeypatch):
    child = ChildFactory(la_child_id="A1")
    in_care(child, {"decom": date(2025, 4, 10)})
    monkeypatch.setattr(
        x.adoption_extract,
        "placed_adoption",
        lambda year: [
            {"CHILD": "ZZ", "DOB": None, "DATE_PLACED": date(2025, 6, 1)},
            {"CHILD": "A1", "DOB": None, "DATE_PLACED": date(2025, 6, 1)},
        ],
    )

    assert [r["CHILD"] for r in rows(t.PLACED_ADOPTION, x.placed_adoption_rows)] == ["A1"]


def test_the_return_makes_a_fixed_number_of_queries(django_assert_max_num_queries):
    for n in range(6):
        child = ChildFactory(la_child_id=f"Q{n}")
        in_care(child, {"decom": date(2025, 4, 10)})
        AllocationFactory(child=child, worker=UserFactory(), start_date=date(2025, 4, 1))

    with django_assert_max_num_queries(16):
        result = x.ssda903_extract(YEAR)

    assert result.children == 6
    assert len(result.tables[t.SW_EPISODES]) == 6


def test_cells_are_written_the_dfe_way():
    from decimal import Decimal

    assert cell(date(2025, 4, 1)) == "01/04/2025"
    assert cell(None) == ""
    assert cell(Decimal("12.5")) == "12.5"
    assert cell(True) == "1"
    text = table_csv(t.UASC, [{"CHILD": "U1", "SEX": "F", "DOB": date(2008, 2, 29), "DUC": None}])
    assert text == "CHILD,SEX,DOB,DUC\r\nU1,F,29/02/2008,\r\n"


def test_only_2026_27_onwards_has_the_deprivation_of_liberty_table():
    assert t.DOLO not in t.tables_for(2026)
    assert t.DOLO in t.tables_for(2027)


def test_the_zip_is_the_same_bytes_for_the_same_return():
    result = x.Return903(year=YEAR, tables={t.HEADER: [], t.EPISODES: []})
    first, second = io.BytesIO(), io.BytesIO()
    write_zip(result, first)
    write_zip(result, second)

    assert first.getvalue() == second.getvalue()
    assert zipfile.ZipFile(first).namelist() == ["header.csv", "episodes.csv"]


def test_the_command_writes_one_csv_per_table(tmp_path: Path):
    child = ChildFactory(la_child_id="K1")
    in_care(child, {"decom": date(2025, 4, 10)})
    out = io.StringIO()

    call_command("returns", "ssda903", "--year", str(YEAR), "--out", str(tmp_path), stdout=out)

    assert "1 children" in out.getvalue()
    written = {p.name for p in tmp_path.iterdir()}
    assert written == {t.FILENAMES[name] for name in x.ssda903_extract(YEAR).tables}
    assert (tmp_path / "header.csv").read_text().splitlines()[0] == ",".join(t.COLUMNS[t.HEADER])


def test_a_care_leaver_in_oc3_who_was_not_looked_after_in_the_year_is_in_the_header(monkeypatch):
    looked_after = ChildFactory(la_child_id="O1")
    in_care(looked_after, {"decom": date(2025, 4, 10)})
    leaver = ChildFactory(la_child_id="O2", sex="F", date_of_birth=date(2007, 6, 1))
    monkeypatch.setattr(
        x.care_leavers_extract,
        "oc3_rows",
        lambda year: [
            {
                "CHILD": "O2",
                "DOB": leaver.date_of_birth,
                "IN_TOUCH": "YES",
                "ACTIV": "F2",
                "ACCOM": "U1",
            }  # fmt: skip
        ],
    )

    result = x.ssda903_extract(YEAR)

    assert [r["CHILD"] for r in result.tables[t.OC3]] == ["O2"]
    header = {r["CHILD"]: r for r in result.tables[t.HEADER]}
    assert set(header) == {"O1", "O2"}
    assert header["O2"]["MOTHER"] == ""


def test_oc2_holds_only_children_in_the_return(monkeypatch):
    child = ChildFactory(la_child_id="H1")
    in_care(child, {"decom": date(2024, 1, 10)})
    monkeypatch.setattr(
        x.cic_extract,
        "oc2_rows",
        lambda year: [{"CHILD": "H1", "DOB": None}, {"CHILD": "nobody", "DOB": None}],
    )

    assert [r["CHILD"] for r in rows(t.OC2, x.oc2_rows)] == ["H1"]


def test_an_allocation_that_ended_the_day_it_began_is_not_a_social_worker_episode():
    child = ChildFactory(la_child_id="Z1")
    in_care(child, {"decom": date(2025, 8, 1)})
    AllocationFactory(
        child=child, worker=UserFactory(), start_date=date(2025, 5, 1), end_date=date(2025, 5, 1)
    )
    AllocationFactory(child=child, worker=UserFactory(), start_date=date(2025, 5, 1))

    sw = rows(t.SW_EPISODES, x.sw_episode_rows)

    assert [(r["SW_DECOM"], r["SW_REASON"]) for r in sw] == [(date(2025, 5, 1), "FCONTA")]


def test_previous_permanence_is_reported_for_children_who_started_care_in_the_year(monkeypatch):
    started = ChildFactory(la_child_id="P1")
    in_care(started, {"decom": date(2025, 5, 1)})
    earlier = ChildFactory(la_child_id="P2")
    in_care(earlier, {"decom": date(2023, 5, 1)})
    monkeypatch.setattr(
        x.adoption_extract,
        "prev_perm",
        lambda year: [
            {"CHILD": c, "DOB": None, "PREV_PERM": "Z1", "LA_PERM": "", "DATE_PERM": None}
            for c in ("P1", "P2")
        ],
    )

    assert [r["CHILD"] for r in rows(t.PREV_PERM, x.prev_perm_rows)] == ["P1"]


def test_no_care_leaver_items_for_a_17_year_old_who_left_care_after_their_birthday(monkeypatch):
    left_late = ChildFactory(la_child_id="L1", date_of_birth=date(2008, 6, 1))
    in_care(left_late, {"decom": date(2024, 1, 1), "dec": date(2025, 7, 1), "rec": "E8"})
    left_early = ChildFactory(la_child_id="L2", date_of_birth=date(2008, 9, 1))
    in_care(left_early, {"decom": date(2024, 1, 1), "dec": date(2025, 8, 1), "rec": "E8"})
    items = {"IN_TOUCH": "YES", "ACTIV": "F2", "ACCOM": "D1"}
    monkeypatch.setattr(
        x.care_leavers_extract,
        "oc3_rows",
        lambda year: [
            {"CHILD": "L1", "DOB": date(2008, 6, 1), **items},
            {"CHILD": "L2", "DOB": date(2008, 9, 1), **items},
        ],
    )

    oc3 = {r["CHILD"]: r for r in x.ssda903_extract(YEAR).tables[t.OC3]}

    assert set(oc3) == {"L2"}
