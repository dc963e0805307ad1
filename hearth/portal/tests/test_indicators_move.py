"""Issue 12's done-when: the participation and health history indicators move when young
people use the portal (computed through the indicators library, as the dashboard does)."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from django.test import Client
from django.urls import reverse

from hearth.casework import services as casework
from hearth.casework.tests.factories import AllocationFactory
from hearth.children_in_care import services as cic
from hearth.children_in_care.models import Episode, PeriodOfCare, Review, ViewsSought
from hearth.indicators.base import Period
from hearth.indicators.library import REGISTRY
from hearth.indicators.selectors import indicator_figure
from hearth.people.tests.factories import ChildFactory
from hearth.portal import services
from hearth.portal.models import MeetingViews
from hearth.portal.tests.conftest import TODAY
from hearth.portal.tests.factories import portal_account, verified_client

PERIOD = Period(date(2026, 4, 1), TODAY)


def numerator(indicator_id: str, child_id: int) -> int:
    figure = indicator_figure(indicator=REGISTRY[indicator_id], period=PERIOD)
    return sum(1 for row in figure.numerator_rows if row.child_id == child_id)


def test_views_sent_through_the_portal_make_a_review_count_as_participated(
    young_person, account, period, iro
):
    review = cic.review_record(
        user=iro,
        period=period,
        held_on=date(2026, 6, 5),
        iro=iro,
        attendance="Carer, social worker",
        participation="PN7",
        views_sought=ViewsSought.NOT_SOUGHT,
        child_views="Amara did not come and did not send her views.",
    )
    assert numerator("cla_review_participation", account.person_id) == 0
    young_person.post(
        reverse("portal:meeting"), {"meeting": "cla_review", "going_well": "I like my school"}
    )
    views = MeetingViews.objects.get(person=account.person)
    services.meeting_views_add_to_review(user=iro, views=views, review=review)
    review.refresh_from_db()
    assert review.participation == "PN6"
    figure = indicator_figure(indicator=REGISTRY["cla_review_participation"], period=PERIOD)
    assert (figure.numerator, figure.denominator) == (1, 1)


def test_a_care_leaver_downloading_their_health_history_counts_as_given(
    today, social_worker, team_a, team_manager
):
    # A relevant young person (as hearth/care_leavers/tests/conftest.py builds one): in care
    # from September 2024, left on 1 April 2026 aged 17 to live independently.
    kai = ChildFactory(first_name="Kai", last_name="Okafor", date_of_birth=date(2009, 3, 1))
    AllocationFactory(child=kai, team=team_a, worker=social_worker, start_date=date(2024, 1, 1))
    start, end = date(2024, 9, 1), date(2026, 4, 1)
    care = PeriodOfCare.objects.create(
        child=kai,
        start_date=start,
        end_date=end,
        category_of_need="N1",
        decision_by=team_manager,
        decision_date=start,
        decision_reason="Synthetic test history",
    )
    Episode.objects.create(
        period=care,
        child=kai,
        decom=start,
        rne="S",
        legal_status="C2",
        category_of_need="N1",
        place="U1",
        dec=end,
        rec="E6",
        placement_started_on=start,
    )
    document = casework.document_upload(
        user=social_worker,
        child=kai,
        document_type="report",
        title="Your health history",
        upload=BytesIO(b"%PDF-1.4 health"),
        original_filename="health.pdf",
        content_type="application/pdf",
    )
    share = services.share_add(
        user=social_worker, person=kai, kind="health_history", object_id=document.pk
    )
    given = indicator_figure(indicator=REGISTRY["care_leavers_health_history_given"], period=PERIOD)
    assert kai.pk in {row.child_id for row in given.rows}  # in the cohort, not yet given
    assert numerator("care_leavers_health_history_given", kai.pk) == 0
    portal = verified_client(Client(), portal_account(kai, "kai"))
    assert portal.get(reverse("portal:file", args=[share.pk])).status_code == 200
    assert numerator("care_leavers_health_history_given", kai.pk) == 1


def test_reviews_of_children_under_4_are_left_out_of_participation(
    account, period, iro, team_manager
):
    baby = ChildFactory(first_name="Tolu", last_name="Okafor", date_of_birth=date(2024, 1, 1))
    baby_care = PeriodOfCare.objects.create(
        child=baby,
        start_date=date(2026, 5, 1),
        category_of_need="N1",
        decision_by=team_manager,
        decision_date=date(2026, 5, 1),
        decision_reason="Synthetic test history",
    )
    for child, care, code in ((baby, baby_care, "PN0"), (account.person, period, "PN1")):
        Review.objects.create(
            period=care,
            child=child,
            held_on=date(2026, 6, 5),
            iro=iro,
            attendance="Carer",
            participation=code,
            views_sought=ViewsSought.NOT_SOUGHT,
            child_views="Synthetic.",
            recorded_by=iro,
        )
    figure = indicator_figure(indicator=REGISTRY["cla_review_participation"], period=PERIOD)
    assert (figure.numerator, figure.denominator) == (1, 1)
    assert numerator("cla_review_participation", account.person_id) == 1
