"""The pair of returns imported together (`hearth returns import --cin FILE --ssda903 DIR`):
a child in both is one person with both histories, and the same pair again changes nothing."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command

from hearth.assessments.models import CINEpisode
from hearth.children_in_care.models import PeriodOfCare
from hearth.core.models import AuditEntry
from hearth.people.models import Person
from hearth.returns.cin_census.render import render_bytes
from hearth.returns.importers.samples import Pair, pair
from hearth.returns.ssda903 import samples

pytestmark = pytest.mark.django_db


def _write(tmp_path: Path, made: Pair) -> tuple[Path, Path]:
    xml, folder = tmp_path / "cin.xml", tmp_path / "ssda903"
    xml.write_bytes(render_bytes(made.census))
    samples.write_tables(made.ssda903, folder)
    return xml, folder


def _import(xml: Path, folder: Path) -> str:
    out = StringIO()
    call_command("returns", "import", "--cin", str(xml), "--ssda903", str(folder), stdout=out)
    return out.getvalue()


def test_the_pair_shares_child_ids_as_an_authoritys_returns_do():
    made = pair(16, 0.5)

    in_care = {row["CHILD"] for row in made.ssda903["Header"]}
    in_census = {child.la_child_id for child in made.census.children}
    assert len(in_care) == 6 and made.looked_after == 6
    assert in_care - in_census == {"C000000"}  # the care leaver of 19
    assert len(in_care & in_census) == made.in_both == 5
    assert len(in_care | in_census) == 16


@time_machine.travel("2026-05-01 09:00")
def test_a_child_in_both_returns_is_one_person_with_both_histories(tmp_path):
    xml, folder = _write(tmp_path, pair(16, 0.5))

    _import(xml, folder)

    assert Person.objects.filter(is_child=True).count() == 16
    alice = Person.objects.get(la_child_id="A000000")
    assert (alice.date_of_birth.isoformat(), alice.sex, alice.upn) == (
        "2012-05-10",
        "F",
        "A123456789012",
    )
    assert CINEpisode.objects.filter(child=alice).count() == 1
    assert PeriodOfCare.objects.filter(child=alice).count() == 1
    eve = Person.objects.get(la_child_id="E000000")
    assert (eve.upn, eve.upn_unknown_reason, eve.uasc) == ("", "UN2", True)
    assert not CINEpisode.objects.filter(child__la_child_id="C000000").exists()
    assert PeriodOfCare.objects.filter(child__la_child_id="N0000000").count() == 0


@time_machine.travel("2026-05-01 09:00")
def test_importing_the_same_pair_again_changes_nothing(tmp_path):
    xml, folder = _write(tmp_path, pair(16, 0.5))
    _import(xml, folder)
    people, audits = Person.objects.count(), AuditEntry.objects.count()

    said = _import(xml, folder)

    assert said.count("nothing changed") == 2
    assert Person.objects.count() == people
    assert AuditEntry.objects.count() == audits + 2  # one entry per import, each return
