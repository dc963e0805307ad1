"""Children in care, permanence, missing, care leaver and oversight indicators, each on a small
hand-made record whose figure is worked out here (the year 1 April 2025 to 31 March 2026)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from hearth.adoption.models import AdoptionJourney
from hearth.care_leavers.models import (
    Accommodation,
    Activity,
    AdviserAllocation,
    Contact,
    PathwayPlan,
)
from hearth.casework.models import CaseNote
from hearth.casework.tests.factories import AllocationFactory
from hearth.children_in_care.models import (
    Episode,
    HealthAssessment,
    HealthHistoryGiven,
    LifeStoryWork,
    PeriodOfCare,
    PermanencePlan,
    PersonalEducationPlan,
    Review,
)
from hearth.indicators.base import Period
from hearth.indicators.cache import decode_rows, encode_rows
from hearth.indicators.library import REGISTRY
from hearth.indicators.selectors import indicator_figure
from hearth.indicators.tests.conftest import LONDON
from hearth.missing_exploitation.models import MissingEpisode, ReturnInterview
from hearth.oversight import rules as oversight_rules
from hearth.oversight.models import (
    AuditTemplate,
    CaseAudit,
    OversightEntry,
    StaffRecord,
    SupervisionAgreement,
    SupervisionSession,
)
from hearth.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db

YEAR = Period(date(2025, 4, 1), date(2026, 3, 31))


def figure(indicator_id: str) -> Any:
    return indicator_figure(indicator=REGISTRY[indicator_id], period=YEAR)


def summary(fig: Any) -> tuple[int, int, float | None]:
    return fig.numerator, fig.denominator, fig.value


def numerator_children(fig: Any) -> set[int]:
    return {row.child_id for row in fig.numerator_rows}


class Care:
    """Periods of care and 903 episodes written directly (the indicators only read them)."""

    def __init__(self, user: Any) -> None:
        self.user = user

    def child(self, born: date = date(2015, 6, 1), name: str = "Child") -> Any:
        return ChildFactory(first_name=name, date_of_birth=born)

    def period(self, child: Any, start: date, end: date | None = None) -> PeriodOfCare:
        return PeriodOfCare.objects.create(
            child=child,
            start_date=start,
            end_date=end,
            category_of_need="N1",
            decision_by=self.user,
            decision_date=start,
            decision_reason="Synthetic.",
        )

    def episode(
        self,
        period: PeriodOfCare,
        decom: date,
        placed: date | None = None,
        *,
        dec: date | None = None,
        place: str = "U3",
        ls: str = "C2",
        rne: str = "P",
    ) -> Episode:
        return Episode.objects.create(
            period=period,
            child=period.child,
            decom=decom,
            rne=rne,
            legal_status=ls,
            category_of_need="N1",
            place=place,
            dec=dec,
            rec="E8" if dec else "",
            placement_started_on=placed or decom,
        )

    def in_care(self, child: Any, since: date, placed: date | None = None, **kw: Any) -> Any:
        period = self.period(child, since)
        self.episode(period, placed or since, placed or since, rne="S", **kw)
        return period

    def review(self, period: PeriodOfCare, held_on: date) -> Review:
        return Review.objects.create(
            period=period,
            child=period.child,
            held_on=held_on,
            iro=self.user,
            attendance="Synthetic.",
            participation="PN1",
            views_sought="yes",
            child_views="Synthetic.",
            recorded_by=self.user,
        )

    def plan(self, period: PeriodOfCare, agreed_on: date) -> PermanencePlan:
        return PermanencePlan.objects.create(
            period=period,
            child=period.child,
            agreed_on=agreed_on,
            plan="long_term_fostering",
            rationale="Synthetic.",
            recorded_by=self.user,
        )


@pytest.fixture
def care(social_worker) -> Care:
    return Care(social_worker)


# Children in care ----------------------------------------------------------------------------


def test_cla_3plus_placements_counts_placements_not_episodes_or_temporary_stays(care):
    a, b, c, d = (care.child(name=n) for n in "ABCD")
    # A: the placement in force on 1 April 2025 and two moves in the year: 3.
    period = care.period(a, date(2025, 1, 1))
    care.episode(period, date(2025, 1, 1), dec=date(2025, 6, 1), rne="S")
    care.episode(period, date(2025, 6, 1), dec=date(2025, 12, 1))
    care.episode(period, date(2025, 12, 1))
    # B: two placements, and a change of legal status only (same placement): 2.
    period = care.period(b, date(2025, 5, 1))
    care.episode(period, date(2025, 5, 1), dec=date(2025, 8, 1), rne="S")
    care.episode(period, date(2025, 8, 1), dec=date(2025, 9, 1), ls="C1")
    care.episode(period, date(2025, 9, 1), date(2025, 8, 1), rne="L")
    # C: three placements, one of them temporary (T1): 2.
    period = care.period(c, date(2025, 4, 10))
    care.episode(period, date(2025, 4, 10), dec=date(2025, 5, 1), rne="S")
    care.episode(period, date(2025, 5, 1), dec=date(2025, 5, 8), place="T1")
    care.episode(period, date(2025, 5, 8))
    # D: three placements but left care on 31 March 2026: not looked after at the year end.
    period = care.period(d, date(2025, 4, 1), date(2026, 3, 31))
    care.episode(period, date(2025, 4, 1), dec=date(2025, 7, 1), rne="S")
    care.episode(period, date(2025, 7, 1), dec=date(2025, 10, 1))
    care.episode(period, date(2025, 10, 1), dec=date(2026, 3, 31))
    fig = figure("cla_3plus_placements")
    # 1 of the 3 looked after at 31 March 2026.
    assert summary(fig) == (1, 3, 33.3)
    assert numerator_children(fig) == {a.pk}


def test_cla_long_term_stability_takes_exactly_two_and_a_half_years_and_two_years(care):
    a, b, c, d = (care.child(date(2012, 5, 1), n) for n in "ABCD")
    care.in_care(a, date(2023, 9, 30), date(2024, 3, 31))  # 2.5 years in care; 2 years placed
    care.in_care(b, date(2023, 9, 30), date(2024, 4, 1))  # a day short of 2 years placed
    care.in_care(care.child(date(2010, 3, 31), "C"), date(2020, 1, 1))  # 16 on 31 March: out
    care.in_care(d, date(2023, 10, 1))  # a day short of 2.5 years in care: out
    fig = figure("cla_long_term_stability")
    assert summary(fig) == (1, 2, 50.0)
    assert numerator_children(fig) == {a.pk}
    assert c


def test_cla_long_term_stability_counts_an_adoptive_placement_with_the_one_before_it(care):
    foster, moved, other = (care.child(name=n) for n in ("Foster", "Moved", "Other"))
    # Foster: with foster carers since 1 January 2023, placed for adoption with them (A5) on
    # 1 October 2025: the two together run from 2023, past 2 years at 31 March 2026.
    period = care.period(foster, date(2023, 1, 1))
    care.episode(period, date(2023, 1, 1), dec=date(2025, 10, 1), rne="S")
    care.episode(period, date(2025, 10, 1), place="A5", ls="E1")
    # Moved: a first placement, then foster carers from 1 June 2024 (under 2 years), then
    # placed for adoption (A3) on 1 December 2025: only the placement just before counts.
    period = care.period(moved, date(2023, 1, 1))
    care.episode(period, date(2023, 1, 1), dec=date(2024, 6, 1), rne="S")
    care.episode(period, date(2024, 6, 1), dec=date(2025, 12, 1))
    care.episode(period, date(2025, 12, 1), place="A3", ls="E1")
    # Other: placed for adoption with new carers (A4) on 1 June 2025 after a placement from
    # 1 September 2023: the DfE wording counts any adoptive placement with the one before.
    period = care.period(other, date(2023, 9, 1))
    care.episode(period, date(2023, 9, 1), dec=date(2025, 6, 1), rne="S")
    care.episode(period, date(2025, 6, 1), place="A4", ls="E1")
    fig = figure("cla_long_term_stability")
    assert summary(fig) == (2, 3, 66.7)
    assert numerator_children(fig) == {foster.pk, other.pk}
    details = {row.child_id: row.detail for row in fig.rows}
    assert details[foster.pk] == (
        "In care since 01/01/2023, placed for adoption (A5) on 01/10/2025, "
        "the placement before from 01/01/2023"
    )


def test_cla_reviews_in_time_follow_20_working_days_then_3_then_6_months(care):
    child = care.child()
    period = care.in_care(child, date(2025, 5, 1))
    # 20 working days from Thursday 1 May 2025, skipping the 5 and 26 May bank holidays: 2 June.
    care.review(period, date(2025, 6, 2))  # on the day: in time
    care.review(period, date(2025, 9, 3))  # due 2 September: a day late
    care.review(period, date(2026, 3, 3))  # due 3 March 2026 (6 months on): in time
    other = care.in_care(care.child(name="Other"), date(2025, 1, 1))
    care.review(other, date(2025, 1, 20))  # before the year: left out
    fig = figure("cla_reviews_in_time")
    assert summary(fig) == (2, 3, 66.7)
    late = [row for row in fig.rows if not row.in_numerator]
    assert [row.on for row in late] == [date(2025, 9, 3)]


def test_cla_visits_in_time_use_the_six_weekly_visit_after_the_first(care, social_worker):
    a, b = care.child(name="A"), care.child(name="B")
    care.in_care(a, date(2025, 1, 6))
    care.in_care(b, date(2025, 1, 6))
    for child, seen in ((a, date(2026, 3, 1)), (b, date(2026, 2, 1))):
        CaseNote.objects.create(
            child=child,
            note_type="statutory_visit",
            contact_date=seen,
            child_seen=True,
            status="final",
            author=social_worker,
        )
    # A: next visit due 6 weeks after 1 March (12 April); B: due 15 March, overdue.
    fig = figure("cla_visits_in_time")
    assert summary(fig) == (1, 2, 50.0)
    assert numerator_children(fig) == {a.pk}


def test_cla_health_assessments_count_the_12_month_cohort_and_6_months_for_under_fives(
    care, social_worker
):
    a, b = care.child(date(2015, 1, 1), "A"), care.child(date(2015, 1, 1), "B")
    c, d = care.child(date(2022, 1, 1), "C"), care.child(date(2015, 1, 1), "D")
    for child in (a, b, c):
        care.in_care(child, date(2024, 1, 1))
    care.in_care(d, date(2025, 6, 1))  # in care under 12 months at 31 March: not in the cohort
    for child, done in ((a, date(2025, 4, 1)), (b, date(2025, 3, 31)), (c, date(2025, 9, 29))):
        HealthAssessment.objects.create(
            child=child,
            period=child.care_periods.get(),
            kind="review",
            completed_on=done,
            practitioner="Synthetic",
            outcome="Synthetic.",
            recorded_by=social_worker,
        )
    # A and B (exactly 12 months before) in date; C is under 5, last seen over 6 months ago.
    fig = figure("cla_health_assessments_in_time")
    assert summary(fig) == (2, 3, 66.7)
    assert numerator_children(fig) == {a.pk, b.pk}


def test_cla_peps_in_date_cover_children_of_school_age_at_the_termly_cadence(care, social_worker):
    a, b = care.child(date(2015, 1, 1), "A"), care.child(date(2015, 1, 1), "B")
    too_young, too_old = care.child(date(2021, 9, 1), "C"), care.child(date(2009, 6, 1), "D")
    for child, held in ((a, date(2025, 12, 1)), (b, date(2025, 11, 30))):
        period = care.in_care(child, date(2024, 1, 1))
        PersonalEducationPlan.objects.create(
            child=child,
            period=period,
            held_on=held,
            virtual_school_attended=True,
            child_views="Synthetic.",
            targets="Synthetic.",
            recorded_by=social_worker,
        )
    care.in_care(too_young, date(2024, 1, 1))  # 3 on 31 August 2025: not of school age
    care.in_care(too_old, date(2024, 1, 1))  # 16 on 31 August 2025: past year 11
    # A's PEP next due 1 April 2026 (4 months): in date; B's was due 30 March.
    fig = figure("cla_peps_in_date")
    assert summary(fig) == (1, 2, 50.0)
    assert numerator_children(fig) == {a.pk}


# Permanence and adoption ---------------------------------------------------------------------


def test_permanence_plan_by_second_review_counts_second_reviews_held_in_the_year(care):
    a, b, c = (care.child(name=n) for n in "ABC")
    period = care.in_care(a, date(2025, 1, 10))
    care.review(period, date(2025, 2, 1))
    care.review(period, date(2025, 5, 1))
    care.plan(period, date(2025, 5, 1))  # agreed at the second review: counted
    period = care.in_care(b, date(2025, 5, 10))
    care.review(period, date(2025, 6, 1))
    care.review(period, date(2025, 9, 1))
    care.plan(period, date(2025, 9, 2))  # a day after: not
    period = care.in_care(c, date(2024, 12, 1))
    care.review(period, date(2024, 12, 20))
    care.review(period, date(2025, 3, 20))  # second review before the year: left out
    fig = figure("permanence_plan_by_second_review")
    assert summary(fig) == (1, 2, 50.0)
    assert numerator_children(fig) == {a.pk}


def test_life_story_work_in_place_reads_the_latest_record_up_to_the_year_end(care, social_worker):
    a, b, c = (care.child(name=n) for n in "ABC")
    for child, status in ((a, "in_progress"), (b, "not_started")):
        period = care.in_care(child, date(2024, 1, 1))
        care.plan(period, date(2024, 6, 1))
        LifeStoryWork.objects.create(
            child=child,
            period=period,
            updated_on=date(2025, 6, 1),
            status=status,
            recorded_by=social_worker,
        )
    LifeStoryWork.objects.create(  # B's work started after the year end: not counted
        child=b,
        period=b.care_periods.get(),
        updated_on=date(2026, 4, 2),
        status="complete",
        recorded_by=social_worker,
    )
    care.in_care(c, date(2024, 1, 1))  # no permanence plan: not in the denominator
    fig = figure("life_story_work_in_place")
    assert summary(fig) == (1, 2, 50.0)
    assert numerator_children(fig) == {a.pk}


def test_adoption_a1_a2_a3_over_the_three_years_to_the_year_end(care, social_worker):
    def adopted(entered: date, order: date, matched: date, placed: date, on: date) -> Any:
        child = care.child(date(2021, 1, 1))
        period = care.period(child, entered, on)
        return AdoptionJourney.objects.create(
            child=child,
            period=period,
            decision_on=entered,
            decision_maker="ADM",
            placement_order_on=order,
            matched_on=matched,
            placed_on=placed,
            adoption_order_on=on,
            order_reason="E11",
            recorded_by=social_worker,
        )

    # First: 304 days in care to placement; matched 92 days after the order.
    first = adopted(
        date(2022, 1, 1), date(2022, 6, 1), date(2022, 9, 1), date(2022, 11, 1), date(2023, 5, 1)
    )
    # Second: 424 days; matched before the order (counts as 0); placed on the 14-month day.
    adopted(
        date(2022, 1, 1), date(2022, 6, 1), date(2022, 5, 1), date(2023, 3, 1), date(2024, 1, 1)
    )
    # Adopted on 31 March 2023, the day before the three years began: left out.
    adopted(
        date(2020, 1, 1), date(2020, 6, 1), date(2020, 9, 1), date(2022, 1, 1), date(2023, 3, 31)
    )
    a1, a2, a3 = figure("a1"), figure("a2"), figure("a3")
    assert summary(a1) == (2, 2, 364.0)  # (304 + 424) / 2, both within 426 days
    assert summary(a2) == (2, 2, 46.0)  # (92 + 0) / 2
    assert summary(a3) == (1, 2, 50.0)  # 1 March 2023 is not less than 14 months
    assert numerator_children(a3) == {first.child_id}


# Missing -------------------------------------------------------------------------------------


def test_return_home_interviews_offered_within_72_hours_and_accepted(social_worker):
    def returned(ended: datetime, offered: datetime | None = None, status: str = "") -> Any:
        child: Any = ChildFactory()
        episode = MissingEpisode.objects.create(
            child=child,
            missing_type="M",
            started_at=ended - timedelta(hours=5),
            ended_at=ended,
            where_from="Home",
            reported_by="Parent",
            risk_level="medium",
            recorded_by=social_worker,
        )
        if offered is not None:
            ReturnInterview.objects.create(
                episode=episode,
                child=child,
                offered_at=offered,
                interviewer=social_worker,
                status=status,
            )
        return child

    back = datetime(2025, 6, 1, 10, tzinfo=LONDON)
    on_time = returned(back, back + timedelta(hours=72), "accepted")  # exactly 72 hours
    late = datetime(2025, 7, 1, 10, tzinfo=LONDON)
    returned(late, late + timedelta(hours=72, minutes=1), "declined")
    returned(datetime(2025, 8, 1, 10, tzinfo=LONDON))  # no interview offered
    returned(datetime(2025, 3, 31, 23, 30, tzinfo=LONDON), back, "accepted")  # before the year
    offered, accepted = figure("rhi_offered_72h"), figure("rhi_accepted")
    assert summary(offered) == (1, 3, 33.3)
    assert numerator_children(offered) == {on_time.pk}
    assert summary(accepted) == (1, 2, 50.0)


# Care leavers --------------------------------------------------------------------------------


def test_care_leaver_figures_as_at_the_year_end(care, social_worker, personal_adviser, team_a):
    # Two former relevant young people who left care at 18, one well supported, one not.
    supported = care.child(date(2007, 1, 1), "Supported")
    period = care.period(supported, date(2022, 1, 1), date(2025, 1, 1))
    care.episode(period, date(2022, 1, 1), dec=date(2025, 1, 1), rne="S")
    lost = care.child(date(2007, 6, 1), "Lost")
    period = care.period(lost, date(2022, 1, 1), date(2025, 6, 1))
    care.episode(period, date(2022, 1, 1), dec=date(2025, 6, 1), rne="S")
    AllocationFactory(
        child=supported, team=team_a, worker=social_worker, start_date=date(2024, 1, 1)
    )
    AllocationFactory(child=lost, team=team_a, worker=social_worker, start_date=date(2024, 1, 1))
    mine = {"young_person": supported, "recorded_by": social_worker}
    AdviserAllocation.objects.create(
        young_person=supported,
        adviser=personal_adviser,
        start_date=date(2025, 1, 1),
        no_joint_visit_reason="Synthetic.",
        created_by=social_worker,
    )
    Contact.objects.create(
        contact_on=date(2026, 3, 1),
        method="face_to_face",
        initiated_by="adviser",
        outcome="in_touch",
        **mine,
    )
    Accommodation.objects.create(
        start_date=date(2025, 1, 1),
        accommodation_type="U",
        suitable=True,
        suitability_reason="Own tenancy.",
        **mine,
    )
    Activity.objects.create(start_date=date(2025, 9, 1), code="F2", **mine)
    PathwayPlan.objects.create(
        plan_date=date(2026, 1, 1), reason="scheduled", young_persons_views="Synthetic.", **mine
    )
    HealthHistoryGiven.objects.create(
        child=supported, given_on=date(2025, 1, 1), recorded_by=social_worker
    )
    for indicator_id in (
        "care_leavers_in_touch",
        "care_leavers_suitable_accommodation",
        "care_leavers_eet",
        "care_leavers_pa_allocated",
        "care_leavers_pathway_plan_in_date",
        "care_leavers_health_history_given",
    ):
        fig = figure(indicator_id)
        assert summary(fig) == (1, 2, 50.0), indicator_id
        assert numerator_children(fig) == {supported.pk}, indicator_id


def test_care_leaver_figures_at_a_past_month_end_use_the_records_made_by_then(
    care, social_worker, personal_adviser, settings
):
    settings.HEARTH = {
        **settings.HEARTH,
        "CARE_LEAVERS_CONTACT_DEFAULT_WEEKS": 8,
        "CARE_LEAVERS_CONTACT_WEEKS_BY_AGE": {},
    }
    # Two former relevant young people (left care at 18).
    early = care.child(date(2007, 1, 1), "Early")
    period = care.period(early, date(2022, 1, 1), date(2025, 1, 1))
    care.episode(period, date(2022, 1, 1), dec=date(2025, 1, 1), rne="S")
    late = care.child(date(2007, 6, 1), "Late")
    period = care.period(late, date(2022, 1, 1), date(2025, 6, 1))
    care.episode(period, date(2022, 1, 1), dec=date(2025, 6, 1), rne="S")
    # Early: an adviser since January 2025; a plan on 1 June 2025 (review due 1 December) and
    # the next on 15 February 2026; in touch on 1 October 2025 and 1 March 2026.
    # Late: an adviser only from 10 February 2026, first in touch on 20 March 2026, no plan.
    for person, start in ((early, date(2025, 1, 1)), (late, date(2026, 2, 10))):
        AdviserAllocation.objects.create(
            young_person=person,
            adviser=personal_adviser,
            start_date=start,
            no_joint_visit_reason="Synthetic.",
            created_by=social_worker,
        )
    for plan_date in (date(2025, 6, 1), date(2026, 2, 15)):
        PathwayPlan.objects.create(
            young_person=early,
            plan_date=plan_date,
            reason="scheduled",
            young_persons_views="Synthetic.",
            recorded_by=social_worker,
        )
    for person, on in (
        (early, date(2025, 10, 1)),
        (early, date(2026, 3, 1)),
        (late, date(2026, 3, 20)),
    ):
        Contact.objects.create(
            young_person=person,
            contact_on=on,
            method="face_to_face",
            initiated_by="adviser",
            outcome="in_touch",
            recorded_by=social_worker,
        )

    def at(end: date, indicator_id: str) -> Any:
        fig = indicator_figure(indicator=REGISTRY[indicator_id], period=Period.year_to_date(end))
        return summary(fig), numerator_children(fig)

    # 31 January 2026: Early's plan in force is June's (overdue since 1 December) and Early
    # was last in touch 17 weeks before; Late has no adviser yet and was never in touch.
    assert at(date(2026, 1, 31), "care_leavers_pathway_plan_in_date") == ((0, 2, 0.0), set())
    assert at(date(2026, 1, 31), "care_leavers_in_touch") == ((0, 2, 0.0), set())
    assert at(date(2026, 1, 31), "care_leavers_pa_allocated") == ((1, 2, 50.0), {early.pk})
    # 31 March 2026: February's plan is in date; both were in touch in March; both allocated.
    assert at(date(2026, 3, 31), "care_leavers_pathway_plan_in_date") == (
        (1, 2, 50.0),
        {early.pk},
    )
    assert at(date(2026, 3, 31), "care_leavers_in_touch") == ((2, 2, 100.0), {early.pk, late.pk})
    assert at(date(2026, 3, 31), "care_leavers_pa_allocated") == (
        (2, 2, 100.0),
        {early.pk, late.pk},
    )


# Oversight -----------------------------------------------------------------------------------


def test_supervision_in_date_counts_only_supervisions_held(social_worker, colleague, team_manager):
    for worker, last in ((social_worker, date(2026, 3, 15)), (colleague, date(2026, 2, 1))):
        SupervisionAgreement.objects.create(
            worker=worker,
            supervisor=team_manager,
            frequency="monthly",
            start_date=date(2025, 1, 1),
            created_by=team_manager,
        )
        SupervisionSession.objects.create(
            worker=worker,
            supervisor=team_manager,
            held_on=last,
            attendance="held",
            recorded_by=team_manager,
        )
    SupervisionSession.objects.create(  # cancelled: does not reset the clock
        worker=colleague,
        supervisor=team_manager,
        held_on=date(2026, 3, 20),
        attendance="cancelled_worker",
        recorded_by=team_manager,
    )
    # Monthly: the social worker is next due 15 April; the colleague was due 1 March.
    fig = figure("supervision_in_date")
    assert summary(fig) == (1, 2, 50.0)
    assert [row.label for row in fig.numerator_rows] == [str(social_worker.get_full_name())]


def test_oversight_in_date_counts_allocated_children_from_their_last_oversight(
    social_worker, team_manager, team_a
):
    weeks = oversight_rules.interval_table()["allocated"]
    seen, unseen = ChildFactory(), ChildFactory()
    for child in (seen, unseen):
        AllocationFactory(
            child=child, team=team_a, worker=social_worker, start_date=date(2025, 1, 1)
        )
    OversightEntry.objects.create(
        child=seen,
        occasion="review",
        occurred_on=date(2026, 3, 31) - timedelta(weeks=weeks),  # due exactly on 31 March
        direction="Synthetic.",
        recorded_by=team_manager,
    )
    fig = figure("oversight_in_date")
    assert summary(fig) == (1, 2, 50.0)
    assert numerator_children(fig) == {seen.pk}


def test_average_caseload_divides_children_by_the_workers_holding_them(
    social_worker, colleague, team_a
):
    for _ in range(3):
        AllocationFactory(team=team_a, worker=social_worker, start_date=date(2025, 1, 1))
    AllocationFactory(team=team_a, worker=colleague, start_date=date(2025, 1, 1))
    AllocationFactory(  # ended before the year end: not held
        team=team_a, worker=colleague, start_date=date(2025, 1, 1), end_date=date(2026, 3, 1)
    )
    fig = figure("average_caseload")
    assert summary(fig) == (2, 2, 2.0)  # 4 children / 2 workers, both under the threshold


def test_average_caseload_divides_by_fte_from_the_staff_record_in_post_or_the_account(
    social_worker, colleague, team_manager, team_a, settings
):
    settings.HEARTH = {**settings.HEARTH, "CASELOAD_THRESHOLD": 18}
    # The social worker: 10 children on a 0.5 FTE staff record in post at the year end (their
    # account still says 1.0); an earlier full-time record ended before it.
    for _ in range(10):
        AllocationFactory(team=team_a, worker=social_worker, start_date=date(2025, 1, 1))
    record = {"user": social_worker, "team": team_a, "role": "social_worker"}
    StaffRecord.objects.create(
        **record,
        fte=Decimal("1.0"),
        contract="permanent",
        start_date=date(2020, 1, 1),
        leaving_date=date(2025, 9, 1),
        leaving_reason="other",
    )
    StaffRecord.objects.create(
        **record, fte=Decimal("0.5"), contract="permanent", start_date=date(2025, 9, 1)
    )
    # The colleague: no staff record, 0.8 FTE on the account, 6 children.
    colleague.fte = Decimal("0.8")
    colleague.save()
    for _ in range(6):
        AllocationFactory(team=team_a, worker=colleague, start_date=date(2025, 1, 1))
    fig = figure("average_caseload")
    # 16 children / (0.5 + 0.8) FTE = 12.3; per FTE: 20 (over 18) and 7.5 (under).
    assert summary(fig) == (1, 2, 12.3)
    assert [row.label for row in fig.numerator_rows] == [str(colleague.get_full_name())]
    assert {row.detail for row in fig.rows} == {
        "10 children allocated, 0.5 FTE (20.0 per FTE)",
        "6 children allocated, 0.8 FTE (7.5 per FTE)",
    }
    # A year earlier the full-time record was in post: 10 / 1.0 and 6 / 0.8 (the account).
    before = indicator_figure(
        indicator=REGISTRY["average_caseload"], period=Period(date(2024, 4, 1), date(2025, 3, 31))
    )
    assert summary(before) == (2, 2, 8.9)  # 16 / 1.8


def test_audits_good_or_better_use_the_moderated_grade(social_worker, team_manager, team_a):
    def care_child() -> Any:
        return ChildFactory()

    template = AuditTemplate.objects.create(name="Synthetic audit")

    def audit(completed: date, overall: str, agreed: str = "") -> Any:
        return CaseAudit.objects.create(
            template=template,
            child=care_child(),
            team=team_a,
            practitioner=social_worker,
            auditor=team_manager,
            status="moderated" if agreed else "completed",
            overall_grade=overall,
            agreed_grade=agreed,
            completed_on=completed,
        )

    good = audit(date(2025, 5, 1), "good")
    audit(date(2025, 6, 1), "good", "requires_improvement")  # moderated down
    best = audit(date(2026, 3, 31), "outstanding")
    audit(date(2025, 3, 31), "good")  # before the year
    fig = figure("audits_good_or_better")
    assert summary(fig) == (2, 3, 66.7)
    assert numerator_children(fig) == {good.child_id, best.child_id}


def test_a_stored_drill_down_keeps_each_workers_fte(social_worker, team_a):
    for _ in range(3):
        AllocationFactory(team=team_a, worker=social_worker, start_date=date(2025, 1, 1))
    social_worker.fte = Decimal("0.5")
    social_worker.save()
    fig = figure("average_caseload")
    again = type(fig)(
        indicator=fig.indicator, period=fig.period, rows=decode_rows(encode_rows(fig.rows))
    )
    assert fig.value == again.value == 6.0  # 3 children / 0.5 FTE
