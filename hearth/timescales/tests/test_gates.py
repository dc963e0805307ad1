"""Provider gates: a gated provider is called only when one of its tables holds a row for the
children asked about, and the probe for all gates is one query."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hearth.people.tests.factories import ChildFactory
from hearth.timescales import engine
from hearth.timescales.gates import KNOWN_GATES, open_entries

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 10)


@pytest.fixture
def gated_probe():
    calls: list[list[int]] = []

    def provider(child_ids, today):
        calls.append(list(child_ids))
        return []

    engine.register_provider("test.gated", provider, gate=("casework.Allocation.child",))
    yield calls
    engine.unregister_provider("test.gated")


def test_a_gated_provider_is_not_called_when_none_of_the_children_has_a_row(gated_probe):
    unallocated = ChildFactory()
    engine.due_items([unallocated.pk], today=TODAY)
    assert gated_probe == []


def test_a_gated_provider_is_called_when_a_child_has_a_row(gated_probe, allocated_child):
    unallocated = ChildFactory()
    engine.due_items([unallocated.pk, allocated_child.pk], today=TODAY)
    assert gated_probe == [[unallocated.pk, allocated_child.pk]]


def test_one_query_answers_every_gate_and_names_only_tables_with_rows(allocated_child):
    entries = {e for gate in KNOWN_GATES.values() for e in gate} | {"casework.Allocation.child"}
    with CaptureQueriesContext(connection) as queries:
        opened = open_entries(entries, [allocated_child.pk])
    assert len(queries) == 1
    assert opened == {"casework.Allocation.child"}


def test_an_unknown_model_in_a_gate_keeps_the_provider_running(allocated_child):
    assert open_entries({"nowhere.Model.child"}, [allocated_child.pk]) == {"nowhere.Model.child"}


def test_the_known_gates_name_real_tables_and_columns():
    from hearth.timescales.gates import _table_and_column

    for gate in KNOWN_GATES.values():
        for entry in gate:
            table, column = _table_and_column(entry)
            assert table and column.endswith("_id")


def test_every_registered_gate_names_real_tables_and_columns():
    """A misspelt gate would keep its provider running silently (an unknown entry is open):
    the gates apps declare when they register must all resolve."""
    from hearth.timescales.gates import _table_and_column

    gates = engine.registered_gates()
    assert "child_protection.cp_plans" in gates and "care_leavers.due" in gates
    for gate in gates.values():
        for entry in gate:
            table, column = _table_and_column(entry)
            assert table and column.endswith("_id")


def test_a_child_with_no_care_history_or_adviser_calls_no_care_leaver_provider():
    from hearth.care_leavers import due

    calls: list[list[int]] = []
    real = engine.registered_providers()["care_leavers.due"]

    def watched(child_ids, today):
        calls.append(list(child_ids))
        return real(child_ids, today)

    gate = engine.registered_gates()["care_leavers.due"]
    engine.register_provider("care_leavers.due", watched, gate=gate)
    try:
        engine.due_items([ChildFactory(date_of_birth=date(2009, 1, 1)).pk], today=TODAY)
    finally:
        engine.register_provider("care_leavers.due", due.care_leaver_due, gate=gate)
    assert calls == []
