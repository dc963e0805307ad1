from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from hearth.child_protection import services
from hearth.child_protection.models import (
    ConferenceKind,
    PoliceActionKind,
    Section47Enquiry,
    StrategyDecision,
)
from hearth.core.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(strategy, icpc, social_worker, allocated_child, episode):
    enquiry = strategy(date(2026, 5, 20)).enquiry
    services.police_action_record(
        user=social_worker,
        enquiry=enquiry,
        kind=PoliceActionKind.ABE_INTERVIEW,
        action_date=date(2026, 5, 21),
        social_worker_present=False,
        no_social_worker_reason="No worker free",
    )
    plan = icpc(enquiry, date(2026, 5, 22)).plan_started
    services.plan_action_add(
        user=social_worker,
        plan=plan,
        what="Parenting course",
        who="Mother",
        due_date=date(2026, 6, 1),
    )
    plo = services.plo_start(
        user=social_worker,
        child=allocated_child,
        episode=episode,
        gateway_date=date(2026, 6, 2),
        gateway_decision="pre_proceedings",
    )
    return {"enquiry": enquiry, "plan": plan, "plo": plo}


def _urls(child_id, records):
    return [
        reverse("child_protection:child", args=[child_id]),
        reverse("child_protection:strategy_new", args=[child_id]),
        reverse("child_protection:enquiry", args=[child_id, records["enquiry"].pk]),
        reverse("child_protection:cp_plan", args=[child_id, records["plan"].pk]),
        reverse("child_protection:cin_plan_new", args=[child_id]),
        reverse("child_protection:plo_new", args=[child_id]),
        reverse("child_protection:plo", args=[child_id, records["plo"].pk]),
        reverse("child_protection:conference_new", args=[child_id])
        + f"?kind=review&plan={records['plan'].pk}",
    ]


def test_every_page_opens_for_the_allocated_worker(
    records, social_worker, allocated_child, signed_in
):
    client = signed_in(social_worker)
    for url in _urls(allocated_child.pk, records):
        assert client.get(url).status_code == 200, url


def test_an_outsider_gets_not_found_and_the_attempt_is_audited(
    records, other_worker, allocated_child, signed_in
):
    client = signed_in(other_worker)
    for url in _urls(allocated_child.pk, records):
        assert client.get(url).status_code == 404, url
    assert AuditEntry.objects.filter(
        action=AuditAction.DENIED, actor=other_worker, object_id=str(allocated_child.pk)
    ).count() == len(_urls(allocated_child.pk, records))


def test_records_of_another_child_are_not_found_through_this_child(
    records, social_worker, allocated_child, other_child, signed_in, other_worker
):
    client = signed_in(other_worker)
    url = reverse("child_protection:enquiry", args=[other_child.pk, records["enquiry"].pk])
    assert client.get(url).status_code == 404


def test_the_plan_page_shows_drift(records, social_worker, allocated_child, signed_in):
    url = reverse("child_protection:cp_plan", args=[allocated_child.pk, records["plan"].pk])
    body = signed_in(social_worker).get(url).content.decode()
    assert "Overdue actions and reviews" in body
    assert "First core group meeting" in body
    assert "Parenting course" in body and "Overdue" in body


def test_the_enquiry_page_flags_an_abe_interview_without_a_social_worker(
    records, social_worker, allocated_child, signed_in
):
    url = reverse("child_protection:enquiry", args=[allocated_child.pk, records["enquiry"].pk])
    assert (
        "ABE interview without a social worker"
        in signed_in(social_worker).get(url).content.decode()
    )


def test_recording_a_strategy_discussion_with_health_starts_a_joint_enquiry(
    social_worker, allocated_child, episode, signed_in
):
    url = reverse("child_protection:strategy_new", args=[allocated_child.pk])
    response = signed_in(social_worker).post(
        url,
        {
            "kind": "meeting",
            "held_on-day": "20",
            "held_on-month": "5",
            "held_on-year": "2026",
            "held_at": "10:30",
            "people_social_care": "Sam Social, social worker",
            "people_police": "PC Patel, CAIT",
            "people_health": "Dr Hale, named nurse",
            "information_shared": "Synthetic.",
            "safety_actions": "Safety plan.",
            "decision": StrategyDecision.S47_JOINT,
            "rationale": "Unexplained injury.",
        },
    )
    enquiry = Section47Enquiry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "child_protection:enquiry", args=[allocated_child.pk, enquiry.pk]
    )
    assert enquiry.joint_agreed and enquiry.start_date == date(2026, 5, 20)


def test_only_police_and_social_care_without_a_reason_shows_an_error(
    social_worker, allocated_child, episode, signed_in
):
    url = reverse("child_protection:strategy_new", args=[allocated_child.pk])
    response = signed_in(social_worker).post(
        url,
        {
            "kind": "discussion",
            "held_on-day": "20",
            "held_on-month": "5",
            "held_on-year": "2026",
            "people_social_care": "Sam Social",
            "people_police": "PC Patel",
            "information_shared": "x",
            "safety_actions": "y",
            "decision": StrategyDecision.S47_SINGLE,
            "rationale": "z",
        },
    )
    assert response.status_code == 200
    assert "Only police and social care took part" in response.content.decode()
    assert not Section47Enquiry.objects.exists()


def test_recording_an_icpc_starts_a_plan_and_the_first_core_group_is_on_my_work(
    strategy, social_worker, allocated_child, iro, signed_in
):
    enquiry = strategy(date(2026, 5, 20)).enquiry
    url = reverse("child_protection:conference_new", args=[allocated_child.pk])
    response = signed_in(social_worker).post(
        f"{url}?kind={ConferenceKind.INITIAL}&enquiry={enquiry.pk}",
        {
            "held_on-day": "1",
            "held_on-month": "6",
            "held_on-year": "2026",
            "chair": str(iro.pk),
            "attended_health": "Dr Hale",
            "apologies": "Ms School, education",
            "parents_participation": "attended",
            "child_participation": "worker",
            "decision": "plan",
            "category": "NEG",
            "rationale": "Continuing risk.",
        },
    )
    assert response.status_code == 302
    plan = allocated_child.cp_plans.get()
    assert plan.start_date == date(2026, 6, 1)
    work = signed_in(social_worker).get(reverse("casework:my_work")).content.decode()
    assert "First core group meeting" in work


def test_reports_list_practice_problems_for_a_manager_and_not_for_a_worker(
    records, team_manager, social_worker, signed_in
):
    response = signed_in(team_manager).get(reverse("child_protection:reports"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "No worker free" in body  # the ABE interview without a social worker
    assert signed_in(social_worker).get(reverse("child_protection:reports")).status_code == 404


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_pages_make_a_fixed_number_of_queries(records, social_worker, allocated_child, signed_in):
    client = signed_in(social_worker)
    plan_url = reverse("child_protection:cp_plan", args=[allocated_child.pk, records["plan"].pk])
    overview = reverse("child_protection:child", args=[allocated_child.pk])
    member = services.core_group_member_add(
        user=social_worker,
        plan=records["plan"],
        name="Ms School",
        agency="education",
        added_on=date(2026, 5, 22),
    )
    services.core_group_record(
        user=social_worker,
        plan=records["plan"],
        held_on=date(2026, 5, 29),
        attended=[member],
        progress="first",
    )
    before = (_queries(client, plan_url), _queries(client, overview))
    for day in (1, 2, 3):
        services.plan_action_add(
            user=social_worker,
            plan=records["plan"],
            what="More",
            who="SW",
            due_date=date(2026, 7, day),
        )
        services.core_group_record(
            user=social_worker,
            plan=records["plan"],
            held_on=date(2026, 6, day + 1),
            attended=[member],
            progress="ok",
        )
    after = (_queries(client, plan_url), _queries(client, overview))
    assert after == before


def test_the_child_page_partial_lists_plans_and_flags_in_a_fixed_number_of_queries(
    records, allocated_child, rf, social_worker
):
    from django.db import connection
    from django.template.loader import render_to_string
    from django.test.utils import CaptureQueriesContext

    request = rf.get("/")
    request.user = social_worker
    with CaptureQueriesContext(connection) as context:
        html = render_to_string(
            "child_protection/_child_section.html", {"child": allocated_child}, request=request
        )
    assert "Child protection plan from 22 May 2026" in html
    assert "ABE interview without a social worker" in html
    assert "Pre-proceedings" in html
    assert len(context) == 7


def test_recording_pages_explain_that_a_referral_is_needed_first(
    social_worker, allocated_child, signed_in, today
):
    client = signed_in(social_worker)
    for name in ("strategy_new", "cin_plan_new", "plo_new"):
        response = client.get(reverse(f"child_protection:{name}", args=[allocated_child.pk]))
        assert response.status_code == 200
        assert "Open a referral (CIN episode)" in response.content.decode()
    response = client.get(
        reverse("child_protection:conference_new", args=[allocated_child.pk]) + "?kind=transfer_in"
    )
    assert response.status_code == 200 and "Open a referral" in response.content.decode()
