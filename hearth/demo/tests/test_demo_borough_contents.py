"""The built demo borough: one 60-child borough for the whole module (the `borough` fixture
builds it once and rolls it back when the module ends), so every test here uses `borough`.
A test that writes (a new record) does so in its own savepoint, rolled back after the test.
Tests that rebuild the borough are in test_demo_borough.py: a rebuild sets the database's
sequences, which a rollback does not undo."""

import json
from collections import defaultdict
from datetime import date

import pytest
from django.core.management import CommandError

from hearth.accounts.models import Role, Team, User
from hearth.casework.models import (
    VISIT_TYPES,
    Allocation,
    CaseNote,
    CaseNoteStatus,
    ChronologyEntry,
)
from hearth.core.models import AuditEntry
from hearth.demo.generator.context import add_working_days
from hearth.demo.generator.workforce import NAMED_LOGINS
from hearth.demo.tests.conftest import REFERENCE_DATE, SMALL, run
from hearth.people import identifiers
from hearth.people.models import Address, Person, Relationship

TEAM_NAMES = {
    "MASH and Front Door Team",
    "Assessment Team 1",
    "Assessment Team 2",
    "Safeguarding Team A",
    "Safeguarding Team B",
    "Safeguarding Team C",
    "Children in Care Team 1",
    "Children in Care Team 2",
    "Leaving Care Team",
    "Disabled Children's Team",
    "Early Help Team",
    "IRO and Conference Team",
    "Quality Assurance Team",
    "Performance Team",
    "Senior Leadership Team",
}


def test_the_borough_has_every_team_with_a_manager_and_every_role(borough):
    assert set(Team.objects.values_list("name", flat=True)) == TEAM_NAMES
    assert not Team.objects.filter(manager=None).exists()
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    for username, role in NAMED_LOGINS:
        assert User.objects.get(username=username).role == role
    assert User.objects.get(username="social.worker").team.name == "Safeguarding Team A"
    assert Team.objects.get(name="Safeguarding Team A").manager.username == "team.manager"


def test_every_child_has_one_current_allocation_to_a_team(borough):
    current = defaultdict(list)
    for allocation in Allocation.objects.current(REFERENCE_DATE):
        current[allocation.child_id].append(allocation)
    held = Person.objects.children().filter(allocations__isnull=False).distinct()
    for child_id in held.values_list("id", flat=True):
        assert len(current[child_id]) == 1, child_id
    # Every other child is known only through front door contacts, or is a record closed years
    # ago that is now past retention (the privacy demo, la_child_id HR...).
    unheld = Person.objects.children().exclude(pk__in=held.values("pk"))
    unexplained = unheld.filter(front_door_contacts__isnull=True)
    assert not unexplained.exclude(chronology__category="Case closed").exists()
    # Some are held in a team without a named worker.
    assert Allocation.objects.current(REFERENCE_DATE).filter(worker=None).exists() or SMALL < 100


def test_no_child_has_overlapping_allocations(borough):
    by_child = defaultdict(list)
    for allocation in Allocation.objects.order_by("start_date", "id"):
        by_child[allocation.child_id].append(allocation)
    for allocations in by_child.values():
        for earlier, later in zip(allocations, allocations[1:], strict=False):
            assert earlier.end_date is not None
            assert earlier.end_date <= later.start_date


def test_identifiers_and_postcodes_are_valid(borough):
    children = list(Person.objects.children())
    assert any(c.upn for c in children) and any(c.nhs_number for c in children)
    for child in children:
        if child.upn:
            assert identifiers.upn_error(child.upn) == ""
            assert not child.upn_unknown_reason
        if child.nhs_number:
            assert identifiers.nhs_number_error(child.nhs_number) == ""
        assert child.la_child_id
    nhs = [c.nhs_number for c in children if c.nhs_number]
    assert len(nhs) == len(set(nhs))
    for address in Address.objects.all():
        assert identifiers.postcode_error(address.postcode) == ""


def test_people_addresses_and_relationships_pass_model_validation(borough):
    for person in Person.objects.all()[:80]:
        person.full_clean()
    for address in Address.objects.all()[:80]:
        address.full_clean()
    for relationship in Relationship.objects.select_related("child", "relative")[:80]:
        relationship.full_clean()


def test_every_final_case_note_has_its_chronology_line(borough):
    # The children in care demo writes its statutory visits with CaseNote.objects.create,
    # without the chronology line (reported to its owner); the rest must all have one.
    finals = CaseNote.objects.filter(status=CaseNoteStatus.FINAL).exclude(
        body__startswith="Synthetic:"
    )
    lines = set(
        ChronologyEntry.objects.filter(source_type="casework.casenote").values_list(
            "source_id", "child_id", "occurred_on"
        )
    )
    assert finals.exists()
    for note in finals:
        assert (str(note.pk), note.child_id, note.contact_date) in lines
        assert note.contact_date <= REFERENCE_DATE
    for note in CaseNote.objects.all()[:100]:
        note.full_clean()
    allocation_lines = ChronologyEntry.objects.filter(category="Allocation").count()
    assert allocation_lines == Allocation.objects.count()


def test_social_worker_has_overdue_work_and_a_family_network_of_four_or_more(borough):
    worker = User.objects.get(username="social.worker")
    allocations = Allocation.objects.current(REFERENCE_DATE).filter(worker=worker)
    assert allocations.count() >= 2
    overdue_visits = 0
    for allocation in allocations:
        last_visit = (
            CaseNote.objects.filter(
                child_id=allocation.child_id,
                status=CaseNoteStatus.FINAL,
                note_type__in=list(VISIT_TYPES),
                child_seen=True,
                contact_date__gte=allocation.start_date,
            )
            .order_by("-contact_date")
            .first()
        )
        if last_visit is None:
            due = add_working_days(allocation.start_date, 5)
        else:
            due = add_working_days(last_visit.contact_date, 20)
        overdue_visits += due < REFERENCE_DATE
    assert overdue_visits >= 1
    stale_drafts = CaseNote.objects.filter(
        author=worker, status=CaseNoteStatus.DRAFT, contact_date__lt=REFERENCE_DATE
    )
    assert stale_drafts.exists()
    networks = [Relationship.objects.filter(child_id=a.child_id).count() for a in allocations]
    assert max(networks) >= 4


def test_a_staff_members_child_is_restricted_to_two_named_users(borough):
    restricted = Person.objects.children().filter(restricted=True)
    assert restricted.exists()
    child = restricted.first()
    named = list(child.restricted_to.all())
    assert len(named) == 2
    for user in named:
        assert Person.objects.children().visible_to(user).filter(pk=child.pk).exists()
    leader = User.objects.get(username="senior.leader")
    assert not Person.objects.children().visible_to(leader).filter(pk=child.pk).exists()
    assert child.relationships.filter(notes__icontains="works for Hearthside").exists()


def test_demo_users_json_lists_username_name_role_and_team(borough):
    rows = json.loads(run("demo-users", "--json"))
    assert len(rows) == User.objects.count()
    first = rows[0]
    assert first["username"] == "social.worker"
    assert {"username", "name", "role", "team"} <= set(first)
    assert first["role"] == Role.SOCIAL_WORKER
    assert first["team"] == "Safeguarding Team A"
    assert {row["role"] for row in rows} == set(Role.values)


def test_demo_users_summary_shows_one_login_per_role(borough):
    summary = run("demo-users", "--summary")
    for username, _role in NAMED_LOGINS:
        assert username in summary
    assert "Social worker" in summary and "Partner referrer" in summary


def test_if_empty_leaves_a_database_with_people_alone(borough):
    before = (Person.objects.count(), AuditEntry.objects.count(), User.objects.count())
    output = run("demo", "--if-empty", "--children", "30")
    assert "not built" in output
    assert (Person.objects.count(), AuditEntry.objects.count(), User.objects.count()) == before


def test_without_reset_the_demo_refuses_to_build_over_people(borough):
    with pytest.raises(CommandError, match="already holds people"):
        run("demo", "--children", "30")


def test_records_can_be_added_normally_after_a_build(borough):
    # Primary keys were assigned by the generator; the database must carry on after them.
    person = Person.objects.create(
        first_name="New", last_name="Child", date_of_birth=date(2020, 1, 1)
    )
    assert person.pk > Person.objects.exclude(pk=person.pk).order_by("-pk").first().pk
    note = CaseNote.objects.create(
        child=person, note_type="phone_call", author=User.objects.get(username="social.worker")
    )
    assert note.pk
