"""The SSDA903 import: the sample return loaded into an empty database and generated again,
all-or-nothing refusals with file, line and field, and a second import changing nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import time_machine

from hearth.children_in_care.models import Episode, PeriodOfCare
from hearth.core.models import AuditEntry
from hearth.people.models import Person
from hearth.returns.importers.problems import ImportRefused
from hearth.returns.importers.ssda903 import JOB, collection_year, ssda903_import
from hearth.returns.ssda903 import samples
from hearth.returns.ssda903 import tables as t
from hearth.returns.ssda903.extract import ssda903_extract
from hearth.returns.ssda903.parse import read_folder
from hearth.returns.ssda903.render import write_folder

pytestmark = pytest.mark.django_db

# What the import brings back exactly. OC3 needs the care history of the year the young person
# left care (last year's return: see the two-year test); SWEpisodes is for children looked
# after at 31 March (the sample also has Ben's, adopted in the year).
ROUND_TRIP = (
    t.EPISODES, t.REVIEWS, t.UASC, t.OC2, t.AD1, t.PLACED_ADOPTION, t.PREV_PERM, t.MISSING,
)  # fmt: skip
LOOKED_AFTER_AT_END = {samples.ALICE, samples.DAN, samples.EVE}
# A column the record does not hold (DUC: Hearth reports the 18th birthday, as the sample does).
NOT_COMPARED = {t.UASC: {"DUC"}}


def _folder(tmp_path: Path, sample: samples.Sample | None = None) -> Path:
    folder = tmp_path / "ssda903"
    samples.write_tables((sample or samples.clean_sample()).this, folder)
    return folder


def _rows(tables: dict[str, list[dict[str, Any]]], name: str) -> list[tuple[str, ...]]:
    skip = NOT_COMPARED.get(name, set())
    columns = [c for c in t.COLUMNS[name] if c not in skip]
    return sorted(tuple(r[c] or "" for c in columns) for r in tables.get(name, []))


@time_machine.travel("2026-05-01 09:00")
def test_the_sample_return_imported_into_an_empty_database_generates_the_same_files(tmp_path):
    folder = _folder(tmp_path)
    done = ssda903_import(folder=folder)
    assert done.year == samples.YEAR
    assert done.children == 6

    out = tmp_path / "again"
    write_folder(ssda903_extract(samples.YEAR), out)
    before, _ = read_folder(folder)
    after, _ = read_folder(out)
    for name in ROUND_TRIP:
        assert _rows(after, name) == _rows(before, name), name
    looked_after = {r["CHILD"] for r in before[t.EPISODES]}
    header = [r for r in before[t.HEADER] if r["CHILD"] in looked_after]
    assert _rows({t.HEADER: header}, t.HEADER) == _rows(after, t.HEADER)
    assert _at_end(after) == _at_end(before)
    assert len(_at_end(after)) == 3


def _at_end(tables: dict[str, list[dict[str, Any]]]) -> list[tuple[str, ...]]:
    rows = [r for r in tables[t.SW_EPISODES] if r["CHILD"] in LOOKED_AFTER_AT_END]
    return _rows({t.SW_EPISODES: rows}, t.SW_EPISODES)


@time_machine.travel("2026-05-01 09:00")
def test_importing_the_same_files_again_changes_nothing(tmp_path):
    folder = _folder(tmp_path)
    ssda903_import(folder=folder)
    counts = (Person.objects.count(), PeriodOfCare.objects.count(), Episode.objects.count())

    again = ssda903_import(folder=folder)

    assert again.report.nothing_changed
    assert (Person.objects.count(), PeriodOfCare.objects.count(), Episode.objects.count()) == counts
    assert AuditEntry.objects.filter(system_job=JOB).count() == 2


@time_machine.travel("2026-05-01 09:00")
def test_a_changed_episode_is_updated_not_duplicated(tmp_path):
    ssda903_import(folder=_folder(tmp_path))
    sample = samples.clean_sample()
    sample.row("Episodes", samples.ALICE)["PLACE"] = "U5"

    done = ssda903_import(folder=_folder(tmp_path / "b", sample))

    assert done.report.changed == {"episodes": 1}
    assert Episode.objects.get(child__la_child_id=samples.ALICE).place == "U5"


@time_machine.travel("2026-05-01 09:00")
def test_bad_codes_dates_and_duplicate_children_refuse_the_whole_import_with_lines(tmp_path):
    sample = samples.clean_sample()
    sample.row("Episodes", samples.ALICE)["LS"] = "Q9"
    sample.row("Reviews", samples.BEN)["REVIEW"] = "31/02/2025"
    sample.this["Header"].append(dict(sample.this["Header"][0]))

    with pytest.raises(ImportRefused) as refused:
        ssda903_import(folder=_folder(tmp_path, sample))

    said = [str(p) for p in refused.value.problems]
    assert any("Episodes.csv: line 2: LS: The legal status code is not a valid" in s for s in said)
    assert any(s.startswith("Reviews.csv: line 4: REVIEW:") for s in said)
    assert any("Header.csv: line 8: CHILD: ALICE1 is in the header twice" in s for s in said)
    assert not Person.objects.exists()


def test_wrong_columns_and_a_file_cut_off_halfway_are_reported_by_file_and_line(tmp_path):
    folder = _folder(tmp_path)
    (folder / "odd.csv").write_text("CHILD,NAME\n1,Ann\n")
    text = (folder / "Episodes.csv").read_text()
    (folder / "Episodes.csv").write_text(text[: len(text) // 2].rsplit(",", 2)[0])

    with pytest.raises(ImportRefused) as refused:
        ssda903_import(folder=folder)

    said = [str(p) for p in refused.value.problems]
    assert any(s.startswith("odd.csv: line 1: The columns match no SSDA903 table") for s in said)
    assert any(s.startswith("Episodes.csv: line ") and "Expected 13 values" in s for s in said)
    assert not Person.objects.exists()


def test_overlapping_episodes_are_refused(tmp_path):
    sample = samples.clean_sample()
    dan = sample.rows("Episodes", samples.DAN)
    dan[0]["DEC"] = "20/11/2025"

    with pytest.raises(ImportRefused) as refused:
        ssda903_import(folder=_folder(tmp_path, sample), year=2026)

    assert any("starts before the child's previous episode ended" in str(p)
               for p in refused.value.problems)  # fmt: skip


def test_the_collection_year_is_read_from_the_latest_date():
    tables, _ = {"Episodes": [{"DECOM_d": __import__("datetime").date(2026, 4, 2)}]}, None
    assert collection_year(tables) == 2027


@time_machine.travel("2026-05-01 09:00")
def test_last_years_return_then_this_years_make_one_period_of_care_across_both(tmp_path):
    this, last = samples.write_sample(samples.clean_sample(), tmp_path)
    ssda903_import(folder=last, year=2025)
    ssda903_import(folder=this, year=2026)

    ben = PeriodOfCare.objects.get(child__la_child_id=samples.BEN)
    assert (str(ben.start_date), str(ben.end_date)) == ("2023-03-10", "2026-01-15")
    assert ben.episodes.count() == 3  # one held in both files
    out = tmp_path / "again"
    write_folder(ssda903_extract(samples.YEAR), out)
    before, _ = read_folder(this)
    after, _ = read_folder(out)
    for name in (*ROUND_TRIP, t.OC3):
        assert _rows(after, name) == _rows(before, name), name
    assert _rows(after, t.OC3) == [(samples.CARA, "20/08/2006", "YES", "F2", "Z1")]
    assert _at_end(after) == _at_end(before)


def test_the_command_imports_last_year_then_this_year_or_neither(tmp_path):
    from django.core.management import call_command

    sample = samples.clean_sample()
    sample.row("Episodes", samples.ALICE)["LS"] = "Q9"
    this, last = samples.write_sample(sample, tmp_path)
    with pytest.raises(SystemExit):
        call_command("returns", "import", "--ssda903", str(this), "--ssda903-previous", str(last))
    assert not Person.objects.exists()
