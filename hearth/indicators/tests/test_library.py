"""Each indicator on a small hand-made data set whose figure is worked out by hand here."""

from __future__ import annotations

from datetime import date

import pytest

from hearth.child_protection.models import Agency, ConferenceKind
from hearth.front_door.rules import ConsentReason, ConsentStatus
from hearth.indicators.base import Period, Rag
from hearth.indicators.library import INDICATORS, REGISTRY
from hearth.indicators.selectors import indicator_figure
from hearth.indicators.tests.conftest import at, core_group, cp_review, strategy

pytestmark = pytest.mark.django_db

YEAR_2025_26 = Period(date(2025, 4, 1), date(2026, 3, 31))


def figure(indicator_id: str, period: Period = YEAR_2025_26):
    return indicator_figure(indicator=REGISTRY[indicator_id], period=period)


def numerator_children(fig) -> set[int]:
    return {row.child_id for row in fig.numerator_rows}


def test_every_indicator_has_a_unique_id_and_a_full_definition():
    assert len(REGISTRY) == len(INDICATORS)
    for indicator in INDICATORS:
        for text in (indicator.title, indicator.definition, indicator.source):
            assert text.strip()
        assert indicator.numerator.strip() and indicator.denominator.strip()


def test_the_collection_year_runs_from_1_april_to_the_as_of_date():
    assert Period.year_to_date(date(2026, 3, 31)) == Period(date(2025, 4, 1), date(2026, 3, 31))
    assert Period.year_to_date(date(2026, 4, 1)) == Period(date(2026, 4, 1), date(2026, 4, 1))


# Front door ---------------------------------------------------------------------------------


def test_contacts_to_referral_counts_contacts_in_the_year_that_became_referrals(records):
    a, b, c, d = (records.child(n) for n in "ABCD")
    referred_a = records.contact(a, at(date(2025, 4, 1)))  # first day of the year: counted
    records.referral(referred_a, a, at(date(2025, 4, 1), 15))
    referred_b = records.contact(b, at(date(2026, 3, 31)))  # last day: counted
    records.referral(referred_b, b, at(date(2026, 3, 31), 15))
    records.contact(c, at(date(2025, 9, 1)))  # no referral
    kept = records.contact(d, at(date(2025, 10, 1)))  # no referral
    records.contact(d, at(date(2025, 10, 2)), merged_into=kept)  # merged duplicate: left out
    records.contact(c, at(date(2025, 3, 31)))  # the year before: left out
    # 2 referred of 4 contacts = 50%.
    fig = figure("contacts_to_referral")
    assert (fig.numerator, fig.denominator, fig.value) == (2, 4, 50.0)
    assert numerator_children(fig) == {a.pk, b.pk}


def test_referral_decision_within_1_working_day_skips_the_easter_bank_holidays(records):
    april = Period(date(2026, 4, 1), date(2026, 4, 30))
    a, b, c = (records.child(n) for n in "ABC")
    # Thursday 2 April 2026; Good Friday 3 and Easter Monday 6 April are bank holidays, so
    # Tuesday 7 April is working day 1 (in time) and Wednesday 8 April is day 2 (late).
    records.referral(records.contact(a, at(date(2026, 4, 2))), a, at(date(2026, 4, 7)))
    records.referral(records.contact(b, at(date(2026, 4, 2))), b, at(date(2026, 4, 8)))
    # Same day: in time.
    records.referral(records.contact(c, at(date(2026, 4, 15), 9)), c, at(date(2026, 4, 15), 17))
    fig = figure("referral_decision_1wd", april)
    assert (fig.numerator, fig.denominator, fig.value) == (2, 3, 66.7)
    assert numerator_children(fig) == {a.pk, c.pk}


def test_consent_dispensed_without_a_reason_counts_blank_rationales_and_should_be_zero(records):
    a, b, c = (records.child(n) for n in "ABC")
    records.contact(
        a,
        at(date(2025, 6, 2)),
        consent_status=ConsentStatus.DISPENSED,
        consent_reason=ConsentReason.SIGNIFICANT_HARM,
        consent_rationale="   ",  # whitespace only: no rationale
    )
    records.contact(
        b,
        at(date(2025, 6, 3)),
        consent_status=ConsentStatus.NOT_SOUGHT,
        consent_reason=ConsentReason.DELAY,
        consent_rationale="Police asked us not to alert the family.",
    )
    records.contact(c, at(date(2025, 6, 4)), consent_status=ConsentStatus.GIVEN)
    fig = figure("consent_dispensed_without_reason")
    # One of the two contacts that needed a reason lacks one; the figure is the count, 1.
    assert (fig.numerator, fig.denominator, fig.value) == (1, 2, 1.0)
    assert numerator_children(fig) == {a.pk}
    assert fig.rag == Rag.RED


def test_referrals_nfa_and_re_referrals_within_12_months(records):
    x, y, z = (records.child(n) for n in "XYZ")
    records.episode(x, date(2024, 5, 10), closed=date(2024, 6, 1))
    records.episode(x, date(2025, 5, 10), closed=date(2025, 6, 1))  # exactly 12 months: re-ref
    records.episode(y, date(2024, 4, 1), closed=date(2024, 5, 1))
    records.episode(y, date(2025, 4, 2), closed=date(2025, 5, 1))  # 12 months and a day: not
    records.episode(z, date(2025, 7, 1), closed=date(2025, 7, 1), nfa=True)  # first, NFA
    records.episode(z, date(2025, 8, 1))  # a month after the NFA referral: re-referral
    # Four referrals in the year; one NFA (25%); two re-referrals (50%).
    nfa = figure("referrals_nfa")
    assert (nfa.numerator, nfa.denominator, nfa.value) == (1, 4, 25.0)
    assert numerator_children(nfa) == {z.pk}
    again = figure("re_referrals_12m")
    assert (again.numerator, again.denominator, again.value) == (2, 4, 50.0)
    assert sorted(row.on for row in again.numerator_rows) == [date(2025, 5, 10), date(2025, 8, 1)]


def test_a_leap_day_referral_looks_back_to_28_february_the_year_before(records):
    child = records.child()
    records.episode(child, date(2023, 2, 28), closed=date(2023, 3, 10))
    records.episode(child, date(2024, 2, 29))
    fig = figure("re_referrals_12m", Period(date(2023, 4, 1), date(2024, 3, 31)))
    # 29 Feb 2024 less 12 months is 28 Feb 2023 (clamped): the earlier referral is within.
    assert (fig.numerator, fig.denominator) == (1, 1)


# Assessment ---------------------------------------------------------------------------------


def test_assessments_within_45_working_days_count_bank_holidays_and_the_31_march_edge(records):
    a, b, c, d, e = (records.child(n) for n in "ABCDE")
    # Monday 1 December 2025 is day 0. December has 20 working days after it (25, 26 December
    # are bank holidays), January 21 (1 January is one), so day 41 is 30 January and day 45
    # is Thursday 5 February 2026.
    records.assessment(a, date(2025, 12, 1), authorised=date(2026, 2, 5))  # day 45: in time
    records.assessment(b, date(2025, 12, 1), authorised=date(2026, 2, 6))  # day 46: late
    records.assessment(c, date(2026, 3, 2), authorised=date(2026, 3, 10), referred=date(2026, 1, 1))
    records.assessment(d, date(2026, 3, 2), authorised=date(2026, 3, 31))  # 31 March: counted
    records.assessment(e, date(2026, 3, 2), authorised=date(2026, 4, 1))  # next year: left out
    fig = figure("assessments_within_45wd")
    assert (fig.numerator, fig.denominator, fig.value) == (3, 4, 75.0)
    assert numerator_children(fig) == {a.pk, c.pk, d.pk}
    # From the referral: C was referred on 1 January 2026 (a bank holiday, so Friday 2 January
    # is day 0); day 45 is Friday 6 March, so the 10 March authorisation is late.
    variant = figure("assessments_within_45wd_from_referral")
    assert (variant.numerator, variant.denominator) == (2, 4)
    assert numerator_children(variant) == {a.pk, d.pk}


def test_open_assessments_over_45_working_days_as_at_the_period_end(records):
    a, b, c, d = (records.child(n) for n in "ABCD")
    records.assessment(a, date(2025, 12, 1))  # day 45 was 5 February: over
    records.assessment(b, date(2026, 3, 2))  # 21 working days by 31 March: not over
    records.assessment(c, date(2025, 12, 1), authorised=date(2026, 3, 30))  # closed by then
    records.assessment(d, date(2026, 4, 1))  # not started by 31 March
    fig = figure("open_assessments_over_45wd")
    assert (fig.numerator, fig.denominator, fig.value) == (1, 2, 50.0)
    assert numerator_children(fig) == {a.pk}
    assert fig.rag == Rag.RED  # lower is better: 50% against a 10% target


# Child protection ---------------------------------------------------------------------------


def test_icpc_within_15_working_days_leaves_out_transfer_ins_and_conferences_before_the_s47(
    records,
):
    a, b, c, d = (records.child(n) for n in "ABCD")
    # Section 47 from Tuesday 12 May 2026: 12 working days by 29 May (25 May is the spring
    # bank holiday), so day 15 is Wednesday 3 June.
    records.icpc(a, date(2026, 5, 12), date(2026, 6, 3))  # day 15: in time
    records.icpc(b, date(2026, 5, 12), date(2026, 6, 4))  # day 16: late
    records.icpc(c, date(2026, 5, 12), date(2026, 5, 20), kind=ConferenceKind.TRANSFER_IN)
    records.icpc(d, date(2026, 6, 10), date(2026, 6, 9))  # before its enquiry: left out
    fig = figure("icpc_within_15wd", Period.year_to_date(date(2026, 6, 30)))
    assert (fig.numerator, fig.denominator, fig.value) == (1, 2, 50.0)
    assert numerator_children(fig) == {a.pk}


def test_second_or_subsequent_plans_ever_and_within_2_years(records):
    p, q, r, s = (records.child(n) for n in "PQRS")
    records.cp_plan(p, date(2022, 1, 4), date(2022, 6, 1))
    records.cp_plan(p, date(2025, 5, 1))  # previous ended 3 years before: ever, not in 2 years
    records.cp_plan(q, date(2023, 6, 1), date(2024, 6, 3))
    records.cp_plan(q, date(2025, 9, 1))  # previous ended 15 months before: both
    records.cp_plan(r, date(2025, 10, 1))  # first plan: neither
    # Transferred in with one previous plan (census NumberOfPreviousCPP), ended 1 December
    # 2023, within 2 years of 3 November 2025: both.
    records.cp_plan(
        s, date(2025, 11, 3), previous_plans=1, previous_plan_ended_on=date(2023, 12, 1)
    )
    ever = figure("cp_second_subsequent")
    assert (ever.numerator, ever.denominator, ever.value) == (3, 4, 75.0)
    assert numerator_children(ever) == {p.pk, q.pk, s.pk}
    recent = figure("cp_second_subsequent_2y")
    assert (recent.numerator, recent.denominator, recent.value) == (2, 4, 50.0)
    assert numerator_children(recent) == {q.pk, s.pk}


def test_plans_ended_after_2_years_or_more(records):
    t, u, v = (records.child(n) for n in "TUV")
    records.cp_plan(t, date(2023, 5, 1), date(2025, 5, 1))  # the second anniversary: counted
    records.cp_plan(u, date(2023, 5, 2), date(2025, 5, 1))  # a day short of 2 years: not
    records.cp_plan(v, date(2024, 5, 1))  # still open: not in the denominator
    fig = figure("cp_plans_ended_2y_plus")
    assert (fig.numerator, fig.denominator, fig.value) == (1, 2, 50.0)
    assert numerator_children(fig) == {t.pk}


def test_plans_open_at_31_march_for_2_years_or_more(records):
    a, b, c, d = (records.child(n) for n in "ABCD")
    records.cp_plan(a, date(2024, 3, 31))  # second anniversary on 31 March 2026: counted
    records.cp_plan(b, date(2024, 4, 1))  # a day short: not
    records.cp_plan(c, date(2023, 1, 3), date(2026, 3, 31))  # ended that day: not open
    records.cp_plan(d, date(2026, 4, 1))  # starts after: not open
    fig = figure("cp_plans_open_2y_plus")
    assert (fig.numerator, fig.denominator, fig.value) == (1, 2, 50.0)
    assert numerator_children(fig) == {a.pk}


def test_strategy_discussions_with_an_agency_beyond_police_and_social_care(records):
    a, b, c, d = (records.child(n) for n in "ABCD")
    strategy(records, a, date(2025, 5, 1), [Agency.SOCIAL_CARE, Agency.POLICE, Agency.HEALTH])
    strategy(records, b, date(2025, 5, 1), [Agency.SOCIAL_CARE, Agency.POLICE])  # only those
    strategy(records, c, date(2025, 5, 1), [Agency.SOCIAL_CARE, Agency.EDUCATION])
    strategy(records, d, date(2025, 3, 31), [Agency.SOCIAL_CARE, Agency.HEALTH])  # year before
    fig = figure("strategy_discussions_multi_agency")
    assert (fig.numerator, fig.denominator, fig.value) == (2, 3, 66.7)
    assert numerator_children(fig) == {a.pk, c.pk}


def test_first_core_group_within_10_working_days_of_the_icpc(records):
    a, b, c, d, e = (records.child(n) for n in "ABCDE")
    # ICPC Monday 1 December 2025: day 10 is Monday 15 December.
    core_group(records, records.cp_plan(a, date(2025, 12, 1)), date(2025, 12, 15))  # in time
    core_group(records, records.cp_plan(b, date(2025, 12, 1)), date(2025, 12, 16))  # late
    records.cp_plan(c, date(2025, 12, 1))  # none by the end of March: late
    # ICPC Monday 23 March 2026: day 10 is 8 April (Good Friday and Easter Monday between),
    # after the year's end, so with no core group yet it is not counted...
    records.cp_plan(d, date(2026, 3, 23))
    # ...but one that met in time is.
    core_group(records, records.cp_plan(e, date(2026, 3, 23)), date(2026, 3, 26))
    fig = figure("core_group_within_10wd")
    assert (fig.numerator, fig.denominator, fig.value) == (2, 4, 50.0)
    assert numerator_children(fig) == {a.pk, e.pk}


def test_cp_plans_reviewed_in_time_at_3_then_6_months(records):
    a, b, c, d, e, f = (records.child(n) for n in "ABCDEF")
    plan = records.cp_plan(a, date(2025, 1, 2))
    cp_review(records, plan, date(2025, 4, 2))  # 3 months to the day: in time
    cp_review(records, plan, date(2025, 10, 2))  # 6 months later: in time; next due 2/4/2026
    late = records.cp_plan(b, date(2025, 1, 2))
    cp_review(records, late, date(2025, 4, 3))  # a day late
    records.cp_plan(c, date(2026, 2, 2))  # under 3 months by 31 March: no review due yet
    overdue = records.cp_plan(d, date(2025, 6, 2))
    cp_review(records, overdue, date(2025, 9, 2))  # next due 2 March 2026: none by 31 March
    ended = records.cp_plan(e, date(2024, 6, 3), date(2025, 5, 1))
    cp_review(records, ended, date(2024, 9, 3))
    cp_review(records, ended, date(2025, 3, 3))  # next due 3 September, after the plan ended
    records.cp_plan(f, date(2024, 6, 3), date(2025, 3, 1))  # ended before the year: left out
    fig = figure("cp_reviews_in_time")
    assert (fig.numerator, fig.denominator, fig.value) == (2, 4, 50.0)
    assert numerator_children(fig) == {a.pk, e.pk}


def test_cp_visits_in_time_as_at_the_period_end_count_only_visits_where_the_child_was_seen(
    records,
):
    from hearth.casework.models import CaseNote, CaseNoteStatus, CaseNoteType

    def visit(child, on, seen=True):
        CaseNote.objects.create(
            child=child,
            note_type=CaseNoteType.HOME_VISIT,
            contact_date=on,
            child_seen=seen,
            status=CaseNoteStatus.FINAL,
            author=records.user,
        )

    a, b, c, d, e = (records.child(n) for n in "ABCDE")
    for child in (a, b, c):
        records.cp_plan(child, date(2026, 2, 2))
    # Seen Friday 20 March: 10 working days on (Good Friday and Easter Monday skipped) is
    # Tuesday 7 April, so not overdue on 31 March.
    visit(a, date(2026, 3, 20))
    visit(b, date(2026, 3, 13))  # due Friday 27 March: overdue
    visit(c, date(2026, 3, 25), seen=False)  # not seen: clock from 2 February, overdue
    records.cp_plan(d, date(2026, 3, 23))  # no visit yet, due 8 April: not overdue
    records.cp_plan(e, date(2025, 6, 2), date(2026, 3, 1))  # plan ended: left out
    fig = figure("cp_visits_in_time")
    assert (fig.numerator, fig.denominator, fig.value) == (2, 4, 50.0)
    assert numerator_children(fig) == {a.pk, d.pk}
