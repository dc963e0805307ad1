"""The synthetic borough: deterministic, complete, valid and small enough to test."""

from collections import defaultdict

import pytest
from django.test import RequestFactory

from hearth.accounts.models import Role, User
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
from hearth.demo.generator.context import Context
from hearth.demo.tests.conftest import REFERENCE_DATE, reset_and_build, run
from hearth.early_help.models import EarlyHelpEpisode
from hearth.front_door.models import Contact
from hearth.people.models import Address, Person, Relationship


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


def test_case_notes_cover_the_last_two_years_with_visits_and_drafts(db, on_reference_date):
    run("demo", "--children", "120", "--today", "2026-03-16")
    notes = CaseNote.objects.all()
    assert notes.filter(note_type__in=list(VISIT_TYPES), child_seen_alone=True).exists()
    assert notes.filter(significant=True).exists()
    assert notes.filter(status=CaseNoteStatus.DRAFT).exists()
    earliest = notes.order_by("contact_date").first().contact_date
    assert (REFERENCE_DATE - earliest).days <= 731


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


def test_demo_users_can_sign_in_with_the_demo_password(db, on_reference_date, client):
    run("demo", "--children", "20", "--password", "a-long-demo-password", "--today", "2026-03-16")
    request = RequestFactory().post("/accounts/login/")  # django-axes wants the request
    assert client.login(request=request, username="social.worker", password="a-long-demo-password")
    assert not client.login(request=request, username="social.worker", password="hearth-demo-2026")


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


def test_a_superuser_called_admin_keeps_the_name_and_the_demo_admin_gets_a_suffix(
    db, on_reference_date
):
    User.objects.create_superuser("admin", password="x")
    run("demo", "--children", "20", "--today", "2026-03-16")
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="admin.demo").role == Role.ADMINISTRATOR
    assert "admin.demo" in run("demo-users", "--summary")
