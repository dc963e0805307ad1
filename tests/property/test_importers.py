"""The importers on malformed input: a refusal that names the problem, never a crash, and
nothing half-written (CIN census XML and the SSDA903 CSV files)."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from tempfile import TemporaryDirectory

import pytest
import time_machine
from django.db import transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from hearth.people.models import Person
from hearth.returns.cin_census.parse import CensusFileError, parse
from hearth.returns.cin_census.render import render_bytes
from hearth.returns.cin_census.samples import clean_census
from hearth.returns.importers.cin import cin_import
from hearth.returns.importers.problems import ImportRefused
from hearth.returns.importers.ssda903 import ssda903_import
from hearth.returns.ssda903 import samples
from hearth.returns.ssda903.parse import read_table

CLEAN_XML = render_bytes(clean_census())


@contextmanager
def rolled_back() -> Iterator[None]:
    """Each example starts from the same empty database: one example's import must not
    become the next one's starting point (hypothesis runs them all in one test)."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _mutated_xml(data: st.DataObject) -> bytes:
    """The clean sample with one element's text replaced, a slice cut out, or bytes inserted."""
    how = data.draw(st.sampled_from(["text", "cut", "insert"]))
    xml = CLEAN_XML
    if how == "text":
        closes = [i for i in range(len(xml)) if xml.startswith(b"</", i)]
        at = data.draw(st.sampled_from(closes))
        start = xml.rfind(b">", 0, at) + 1
        junk = data.draw(st.text(max_size=30)).encode("utf-8", "surrogatepass")
        junk = junk.replace(b"<", b"&lt;").replace(b"&", b"&amp;")
        return xml[:start] + junk + xml[at:]
    at = data.draw(st.integers(0, len(xml)))
    if how == "cut":
        return xml[:at] + xml[at + data.draw(st.integers(1, 200)) :]
    return xml[:at] + data.draw(st.binary(min_size=1, max_size=20)) + xml[at:]


@given(st.binary(max_size=300))
def test_any_bytes_read_as_a_census_or_refused_with_a_reason(raw):
    with TemporaryDirectory() as folder:
        path = Path(folder) / "cin.xml"
        path.write_bytes(raw)
        try:
            parse(path)
        except CensusFileError as exc:
            assert str(exc)


@pytest.mark.django_db
@time_machine.travel("2026-05-01 09:00")
@settings(max_examples=25)  # each example is a whole import: keep the suite's budget
@given(st.data())
def test_a_damaged_cin_census_file_is_imported_whole_or_refused_whole(data):
    raw = _mutated_xml(data)
    before = Person.objects.count()
    with TemporaryDirectory() as folder, rolled_back():
        path = Path(folder) / "cin.xml"
        path.write_bytes(raw)
        try:
            cin_import(path=path)
        except ImportRefused as exc:
            assert exc.problems and all(str(p) for p in exc.problems)
            assert Person.objects.count() == before  # nothing half-written
        else:
            assert Person.objects.count() >= before


@given(st.text(max_size=400))
def test_any_csv_text_reads_as_a_table_or_problems_never_a_crash(text):
    name, rows, problems = read_table(text, "file.csv")
    assert name is not None or problems


@pytest.mark.django_db
@time_machine.travel("2026-05-01 09:00")
@settings(max_examples=15)  # each example is a whole import: keep the suite's budget
@given(
    table=st.integers(0, 20),
    line=st.integers(0, 30),
    junk=st.one_of(st.text(max_size=20), st.binary(max_size=20).map(lambda b: b.hex())),
)
def test_a_damaged_ssda903_file_is_imported_whole_or_refused_whole(table, line, junk):
    with TemporaryDirectory() as folder, rolled_back():
        path = Path(folder)
        samples.write_tables(samples.clean_sample().this, path)
        files = sorted(path.glob("*.csv"))
        target = files[table % len(files)]
        lines = target.read_text().splitlines()
        at = line % len(lines)
        lines[at] = lines[at].replace(",", f",{junk}", 1) if "," in lines[at] else junk
        target.write_text("\n".join(lines) + "\n")
        before = Person.objects.count()
        try:
            ssda903_import(folder=path)
        except ImportRefused as exc:
            assert exc.problems and all(str(p) for p in exc.problems)
            assert Person.objects.count() == before
