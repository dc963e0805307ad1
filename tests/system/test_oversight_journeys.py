"""Issue 8's journeys, in a browser: a manager records a supervision whose case discussion puts
management oversight with an action on the child's record; the action is overdue and shows on
the worker's My work; an auditor grades a case and a moderator changes the grade; a senior
leader adds an action to the improvement plan and its owner records progress. Every page is
checked with axe-core.

Supervision agreements and the audit programme are built through the services; everything
else is typed into the pages. Dates are relative to today (the live server's real clock)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from hearth.accounts.models import Role
from hearth.accounts.tests.factories import UserFactory
from hearth.oversight import services
from hearth.oversight.models import (
    AuditQuestion,
    AuditTemplate,
    CaseAudit,
    ImprovementAction,
    ImprovementArea,
    OversightEntry,
    PracticeStandard,
)

pytestmark = pytest.mark.system


def _fill_date(page: Page, name: str, on: date) -> None:
    page.locator(f'[name="{name}-day"]').fill(str(on.day))
    page.locator(f'[name="{name}-month"]').fill(str(on.month))
    page.locator(f'[name="{name}-year"]').fill(str(on.year))


@pytest.fixture
def agreement(team_manager, social_worker):
    return services.supervision_agreement_set(
        user=team_manager,
        worker=social_worker,
        supervisor=team_manager,
        frequency="",
        start_date=date.today() - timedelta(days=120),
    )


def test_a_case_discussion_in_supervision_puts_an_overdue_action_on_the_workers_my_work(
    page: Page,
    sign_in,
    team_manager,
    social_worker,
    allocated_child,
    agreement,
    assert_accessible,
):
    today = date.today()
    sign_in(page, team_manager)
    page.goto(reverse("oversight:supervision_record", args=[social_worker.pk]))
    assert_accessible(page)
    page.goto(reverse("oversight:session_new", args=[social_worker.pk]))
    _fill_date(page, "held_on", today - timedelta(days=21))
    page.locator('input[name="attendance"][value="held"]').check()
    page.locator('input[name="wellbeing"][value="mixed"]').check()
    page.locator('[name="going_well"]').fill("Direct work with Amara is strong.")
    page.locator('[name="worries"]').fill("Recording is two weeks behind.")
    page.locator('[name="needs_to_happen"]').fill("Protected recording time on Fridays.")
    page.locator('[name="learning"]').fill("Reflected on how Amara's mother responds to challenge.")
    page.locator('[name="case0-child"]').select_option(str(allocated_child.pk))
    page.locator('[name="case0-direction"]').fill("See Amara alone at school before the review.")
    page.locator('[name="case0-reasons"]').fill("Her views are missing from the last two visits.")
    page.locator('[name="case0-action"]').fill("See Amara alone at school")
    page.locator('[name="case0-action_owner"]').select_option(str(social_worker.pk))
    _fill_date(page, "case0-action_due_on", today - timedelta(days=7))
    assert_accessible(page)
    page.get_by_role("button", name="Save supervision").click()
    page.wait_for_load_state()
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    entry = OversightEntry.objects.get(child=allocated_child)
    assert entry.session is not None and entry.occasion == "supervision"

    # The oversight entry with its action is on the child's record.
    page.goto(reverse("oversight:child_oversight", args=[allocated_child.pk]))
    expect(page.locator("main")).to_contain_text("See Amara alone at school before the review.")
    expect(page.locator("main")).to_contain_text("overdue")
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    # The worker sees the overdue action on My work, in the due list and the oversight panel.
    sign_in(page, social_worker)
    page.goto(reverse("casework:my_work"))
    due_table = page.locator("table", has=page.locator("caption", has_text="Everything due"))
    row = due_table.get_by_role("row").filter(has_text="Oversight action: See Amara alone")
    expect(row).to_have_count(1)
    expect(row.locator(".govuk-tag")).to_have_text("Overdue")
    panel = page.locator("h2", has_text="Supervision and oversight")
    expect(panel).to_be_visible()
    expect(page.locator("main")).to_contain_text("See Amara alone at school (Amara")
    assert_accessible(page)


@pytest.fixture
def audit(allocated_child, team_a):
    auditor = UserFactory(username="qa.one", first_name="Quinn", role=Role.QA_OFFICER)
    moderator = UserFactory(username="qa.two", first_name="Morgan", role=Role.QA_OFFICER)
    template = AuditTemplate.objects.create(name="Core case audit")
    for order, standard in enumerate(PracticeStandard.values[:3]):
        AuditQuestion.objects.create(
            template=template, standard=standard, text=f"Question on {standard}", order=order
        )
    programme = services.audit_programme_create(
        user=auditor,
        name="Monthly case audit",
        month=date.today(),
        template=template,
        service=team_a.service,
        kind="random",
        sample_size=1,
        auditors=[auditor],
        seed=1,
    )
    return programme.audits.get(), auditor, moderator


def test_an_auditor_grades_a_case_and_a_moderator_changes_the_grade(
    page: Page, sign_in, audit, assert_accessible
):
    case_audit, auditor, moderator = audit
    sign_in(page, auditor)
    page.goto(reverse("oversight:audits"))
    assert_accessible(page)
    page.goto(reverse("oversight:audit_detail", args=[case_audit.pk]))
    for select in page.locator('select[name^="grade_"]').all():
        select.select_option("good")
    for box in page.locator('textarea[name^="evidence_"]').all():
        box.fill("Seen in the case notes and the plan.")
    page.locator('[name="overall_grade"]').select_option("good")
    page.locator('[name="summary"]').fill("The child's voice is clear; oversight is thin.")
    assert_accessible(page)
    page.get_by_role("button", name="Complete the audit").click()
    page.wait_for_load_state()
    case_audit.refresh_from_db()
    assert case_audit.overall_grade == "good"
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, moderator)
    page.goto(reverse("oversight:audit_detail", args=[case_audit.pk]))
    page.locator('[name="agreed_grade"]').select_option("requires_improvement")
    page.locator('[name="moderation_notes"]').fill("Oversight gaps were not weighed.")
    assert_accessible(page)
    page.get_by_role("button", name="Record moderation").click()
    page.wait_for_load_state()
    case_audit = CaseAudit.objects.get(pk=case_audit.pk)
    assert case_audit.agreed_grade == "requires_improvement"
    expect(page.locator("main")).to_contain_text("Requires improvement")
    assert_accessible(page)


def test_a_senior_leader_adds_an_improvement_action_and_its_owner_records_progress(
    page: Page, sign_in, senior_leader, team_manager, assert_accessible
):
    today = date.today()
    # Seeded by a migration, but the live server's transactional tests flush tables.
    area, _ = ImprovementArea.objects.get_or_create(
        number=5,
        defaults={"title": "The regularity and quality of staff supervision"},
    )
    sign_in(page, senior_leader)
    page.goto(reverse("oversight:improvement_plan"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Improvement plan")
    assert_accessible(page)
    page.get_by_role("link", name=f"{area.number}. {area.title}").click()
    page.get_by_role("link", name="Add an action").click()
    page.locator('[name="description"]').fill("Audit ten supervision records a month")
    page.locator('[name="owner"]').select_option(str(team_manager.pk))
    _fill_date(page, "due_on", today - timedelta(days=3))
    assert_accessible(page)
    page.get_by_role("button", name="Add the action").click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("Overdue")
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    # The owner sees it overdue on My work and records progress with evidence of impact.
    sign_in(page, team_manager)
    page.goto(reverse("casework:my_work"))
    page.get_by_role("link", name="Audit ten supervision records a month").click()
    page.locator('input[name="status"][value="complete"]').check()
    _fill_date(page, "recorded_on", today)
    page.locator('[name="note"]').fill("First three months audited.")
    page.locator('[name="evidence"]').fill("Reflective discussion in 18 of 20 records (was 6).")
    assert_accessible(page)
    page.get_by_role("button", name="Save progress").click()
    page.wait_for_load_state()
    action = ImprovementAction.objects.get(area=area)
    assert action.status == "complete" and action.completed_on == today
    expect(page.locator("main")).to_contain_text("first three months audited".capitalize())
