"""The synthetic borough: deterministic, complete, valid and small enough to test."""

import json
from collections import defaultdict
from datetime import date

import pytest
from django.core.management import CommandError
from django.test import RequestFactory

from hearth.accounts.models import Role, Team, User
from hearth.assessments.models import CINEpisode
from hearth.casework.models import (
    VISIT_TYPES,
    Allocation,
    CaseNote,
    CaseNoteStatus,
    ChronologyEntry,
)
from hearth.core.audit import verify_chain
from hearth.core.models import AuditEntry
from hearth.demo.generator import plan, workforce
from hearth.demo.generator.context import Context, add_working_days
from hearth.demo.generator.workforce import NAMED_LOGINS
from hearth.demo.tests.conftest import REFERENCE_DATE, SMALL, run
from hearth.early_help.models import EarlyHelpEpisode
from hearth.front_door.models import Contact
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


def snapshot() -> dict:
    return {
        "counts": {
            model.__name__: model.objects.count()
            for model in (
                Person,
                Address,
                Relationship,
                Allocation,
                CaseNote,
                ChronologyEntry,
            )
        },
        # Accounts the pathway demos named in the audit trail are retired by a reset, not
        # deleted; the borough's own accounts are the active ones.
        "active_users": User.objects.filter(is_active=True).count(),
        "children": list(
            Person.objects.children()
            .order_by("la_child_id")
            .values_list("la_child_id", "first_name", "last_name", "date_of_birth", "nhs_number")[
                :25
            ]
        ),
        "users": list(
            User.objects.filter(is_active=True)
            .order_by("username")
            .values_list("username", "first_name")
        ),
        "notes": list(
            CaseNote.objects.order_by("id").values_list("contact_date", "subject", "body")[:40]
        ),
        "contacts": list(
            Contact.objects.order_by("received_at", "id").values_list(
                "received_at", "route", "referral_source", "status", "consent_status"
            )
        ),
        "episodes": list(
            CINEpisode.objects.order_by("child__la_child_id", "referral_date").values_list(
                "child__la_child_id", "referral_date", "closure_date", "referral_source"
            )
        ),
        "early_help": list(
            EarlyHelpEpisode.objects.order_by("child__la_child_id", "start_date").values_list(
                "child__la_child_id", "start_date", "end_date", "service__name"
            )
        ),
    }


def reset_and_build(seed: int) -> None:
    run("demo", "--reset", "--children", str(SMALL), "--seed", str(seed), "--today", "2026-03-16")


def test_the_same_seed_and_date_build_the_same_borough(db, on_reference_date):
    reset_and_build(11)
    first = snapshot()
    reset_and_build(11)
    assert snapshot() == first


def test_a_different_seed_builds_a_different_borough(db, on_reference_date):
    reset_and_build(11)
    first = snapshot()
    reset_and_build(12)
    assert snapshot()["children"] != first["children"]


@pytest.mark.parametrize("children", [1, 25, 90])
def test_the_children_switch_sets_how_many_children_there_are(db, on_reference_date, children):
    # Children held by the borough's teams; the front door adds children it only screened and
    # the care leavers demo adds young adults (18 to 24) who have left care.
    run("demo", "--children", str(children), "--today", "2026-03-16")
    held = Person.objects.children().filter(allocations__isnull=False).distinct()
    assert held.exclude(la_child_id__startswith="HL").count() == children


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


def test_unborn_children_have_an_expected_date_of_birth_and_sex_not_known(db, on_reference_date):
    run("demo", "--children", "250", "--seed", "3", "--today", "2026-03-16")
    unborn = Person.objects.children().filter(date_of_birth=None)
    assert unborn.exists()
    for child in unborn:
        assert child.expected_date_of_birth > REFERENCE_DATE
        assert child.sex == "U"
    ages = [
        (REFERENCE_DATE - c.date_of_birth).days / 365.25
        for c in Person.objects.children().exclude(date_of_birth=None)
    ]
    assert min(ages) >= 0 and max(ages) < 25
    # Care leavers (HL...) and records closed years ago, past retention (HR...), are adults.
    under_18 = [
        (REFERENCE_DATE - c.date_of_birth).days / 365.25
        for c in Person.objects.children()
        .exclude(date_of_birth=None)
        .exclude(la_child_id__startswith="HL")
        .exclude(la_child_id__startswith="HR")
    ]
    assert max(under_18) < 18, "only care leavers and closed records are adults"


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


def test_case_notes_cover_the_last_two_years_with_visits_and_drafts(db, on_reference_date):
    run("demo", "--children", "120", "--today", "2026-03-16")
    notes = CaseNote.objects.all()
    assert notes.filter(note_type__in=list(VISIT_TYPES), child_seen_alone=True).exists()
    assert notes.filter(significant=True).exists()
    assert notes.filter(status=CaseNoteStatus.DRAFT).exists()
    earliest = notes.order_by("contact_date").first().contact_date
    assert (REFERENCE_DATE - earliest).days <= 731


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


def test_social_worker_caseloads_are_mostly_15_to_25_with_some_over_25():
    # The caseload plan alone (no database): the default borough of 3,000 children.
    ctx = Context.create(seed=2026, today=REFERENCE_DATE)
    families = plan.plan_families(ctx, 3000)
    allocated = plan.mark_unallocated(ctx, families)
    staff = {
        spec.key: [
            (object(), target)
            for target in workforce.practitioners_needed(ctx, spec, allocated[spec.key])
        ]
        for spec in workforce.CASEWORK_TEAMS
    }
    plan.assign_workers(ctx, families, staff)
    loads = defaultdict(int)
    social_work_teams = {
        spec.key
        for spec in workforce.CASEWORK_TEAMS
        if spec.practitioner_role == Role.SOCIAL_WORKER
    }
    for family in families:
        if family.worker is not None and family.team_key in social_work_teams:
            loads[id(family.worker)] += family.size
    values = sorted(loads.values())
    assert 15 <= values[len(values) // 2] <= 25
    assert sum(15 <= v <= 25 for v in values) / len(values) > 0.6
    assert any(v > 25 for v in values)
    assert sum(f.size for f in families) == 3000


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


def test_demo_users_can_sign_in_with_the_demo_password(db, on_reference_date, client):
    run("demo", "--children", "20", "--password", "a-long-demo-password", "--today", "2026-03-16")
    request = RequestFactory().post("/accounts/login/")  # django-axes wants the request
    assert client.login(request=request, username="social.worker", password="a-long-demo-password")
    assert not client.login(request=request, username="social.worker", password="hearth-demo-2026")


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


def test_a_build_writes_one_audit_entry_and_the_chain_verifies(db, on_reference_date):
    run("demo", "--children", "40", "--today", "2026-03-16")
    # One entry for the borough (pathway demos may add their own system entries).
    entries = AuditEntry.objects.filter(system_job="demo", object_type="demo.borough")
    assert entries.count() == 1
    assert entries.get().changes["counts"]["children"] == 40
    reset_and_build(3)
    assert entries.count() == 2
    assert verify_chain().ok


def test_reset_keeps_superusers_and_retires_accounts_named_in_the_audit_trail(
    db, on_reference_date
):
    from hearth.core.audit import Auditor

    admin = User.objects.create_superuser("root", password="x")
    run("demo", "--children", "20", "--today", "2026-03-16")
    worker = User.objects.get(username="social.worker")
    child = Person.objects.children().visible_to(worker).first()
    Auditor(user=worker).viewed(child, child_id=child.pk)
    reset_and_build(5)
    assert User.objects.filter(pk=admin.pk).exists()
    retired = User.objects.get(pk=worker.pk)
    assert not retired.is_active and retired.username.startswith("retired.")
    assert User.objects.get(username="social.worker").pk != worker.pk
    assert verify_chain().ok


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


def test_a_superuser_called_admin_keeps_the_name_and_the_demo_admin_gets_a_suffix(
    db, on_reference_date
):
    User.objects.create_superuser("admin", password="x")
    run("demo", "--children", "20", "--today", "2026-03-16")
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="admin.demo").role == Role.ADMINISTRATOR
    assert "admin.demo" in run("demo-users", "--summary")
