"""Before my meeting: the young person's words land on the meeting record as their own,
marked as submitted by them, and the review's participation code reflects it."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from hearth.children_in_care.models import Review, ViewsSought
from hearth.portal.models import MeetingViews


def _review(period, iro, social_worker, participation="PN7") -> Review:
    from hearth.children_in_care import services as cic

    return cic.review_record(
        user=iro,
        period=period,
        held_on=date(2026, 6, 5),
        iro=iro,
        attendance="Carer, social worker",
        participation=participation,
        views_sought=ViewsSought.NOT_SOUGHT,
        child_views="Amara did not come and did not send her views.",
    )


def test_a_childs_answers_land_on_her_review_in_her_own_words(
    young_person, account, period, iro, social_worker
):
    response = young_person.post(
        reverse("portal:meeting"),
        {
            "meeting": "cla_review",
            "going_well": "I like my new school",
            "worries": "I do not see my brother enough",
            "private_to_iro": "I do not like the contact centre",
        },
    )
    assert response.url == reverse("portal:home")
    views = MeetingViews.objects.get(person=account.person)
    review = _review(period, iro, social_worker)
    staff = Client()
    staff.force_login(iro)
    page = staff.get(reverse("portal:staff_views", args=[account.person_id, views.pk]))
    assert "I do not like the contact centre" in page.content.decode()  # the IRO sees it
    staff.post(
        reverse("portal:staff_views", args=[account.person_id, views.pk]),
        {"record": f"review:{review.pk}"},
    )
    review.refresh_from_db()
    assert "What is going well: I like my new school" in review.child_views
    assert "submitted by the young person through the portal on 10 June 2026" in review.child_views
    assert "contact centre" not in review.child_views  # the private note stays private
    assert review.participation == "PN6"
    assert review.views_sought == ViewsSought.CONSULTATION
    views.refresh_from_db()
    assert views.review == review and views.added_by == iro


def test_the_private_note_is_only_for_the_iro(young_person, account, social_worker):
    young_person.post(
        reverse("portal:meeting"),
        {"meeting": "cla_review", "private_to_iro": "Only for you"},
    )
    staff = Client()
    staff.force_login(social_worker)
    page = staff.get(reverse("portal:staff_child", args=[account.person_id])).content.decode()
    assert "Only for you" not in page and "a note just for the IRO" in page


def test_an_empty_form_asks_for_at_least_one_answer(young_person, account):
    response = young_person.post(reverse("portal:meeting"), {"meeting": "cla_review"})
    assert "Write something in at least one box" in response.content.decode()
    assert not MeetingViews.objects.exists()


def test_views_go_on_one_record_only(young_person, account, period, iro, social_worker):
    from hearth.portal import services

    views = services.meeting_views_submit(account=account, meeting="cla_review", worries="X")
    review = _review(period, iro, social_worker, participation="PN1")
    services.meeting_views_add_to_review(user=iro, views=views, review=review)
    review.refresh_from_db()
    assert review.participation == "PN1"  # she attended and spoke: unchanged
    with pytest.raises(ValidationError, match="already"):
        services.meeting_views_add_to_review(user=iro, views=views, review=review)


def test_pathway_plan_views_land_on_the_pathway_plan(account, personal_adviser, social_worker):
    from hearth.care_leavers.models import PathwayPlan
    from hearth.portal import services

    plan = PathwayPlan.objects.create(
        young_person=account.person,
        plan_date=date(2026, 6, 1),
        reason="first",
        young_persons_views="Wants a flat near college",
        recorded_by=social_worker,
    )
    views = services.meeting_views_submit(
        account=account, meeting="pathway_review", would_like="Help with a deposit"
    )
    services.meeting_views_add_to_pathway_plan(user=social_worker, views=views, plan=plan)
    plan.refresh_from_db()
    assert "What I would like to happen: Help with a deposit" in plan.young_persons_views
    assert "submitted by the young person through the portal" in plan.young_persons_views
