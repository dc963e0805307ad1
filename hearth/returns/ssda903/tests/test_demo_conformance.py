"""The demo conformance check: the reference validator's findings against the known defects."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from hearth.people.tests.factories import ChildFactory
from hearth.returns.ssda903 import demo_conformance as dc
from hearth.returns.ssda903.tests.test_extract import in_care

pytestmark = pytest.mark.django_db


def _reference(codes: dict[str, set[str]], crashed: list[str]) -> Any:
    def run(folder: Path, *, year: int, previous: Path | None) -> dc.Reference:
        found = dc.Reference(crashed=crashed)
        for child, child_codes in codes.items():
            found.by_child[child] |= child_codes
        return found

    return run


def test_only_known_defects_of_the_reference_validator_pass(monkeypatch, tmp_path: Path):
    in_care(ChildFactory(la_child_id="D1"), {"decom": date(2025, 5, 1)})
    monkeypatch.setattr(dc, "run_reference", _reference({"D1": {"SW12STG2"}}, ["231", "233"]))
    out = io.StringIO()

    assert dc.check_demo([2026], tmp_path, out) is False
    assert "SW12STG2    1 children  known defect" in out.getvalue()
    assert (tmp_path / "ssda903-2026" / "header.csv").exists()
    assert (tmp_path / "ssda903-2025" / "header.csv").exists()


def test_any_other_rule_the_reference_validator_reports_fails_the_check(
    monkeypatch, tmp_path: Path
):
    in_care(ChildFactory(la_child_id="D2"), {"decom": date(2025, 5, 1)})
    monkeypatch.setattr(dc, "run_reference", _reference({"D2": {"630"}}, []))

    assert dc.check_demo([2026], tmp_path, io.StringIO()) is True


def test_a_year_with_no_children_looked_after_is_not_sent_to_the_reference_validator(
    monkeypatch, tmp_path: Path
):
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the reference validator raises on an empty return")

    monkeypatch.setattr(dc, "run_reference", refuse)
    out = io.StringIO()

    assert dc.check_demo([2026], tmp_path, out) is False
    assert "nothing to check" in out.getvalue()
