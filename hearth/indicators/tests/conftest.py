"""Hand-made records for the indicator tests.

Indicators only read, so these helpers write the pathway records directly with the fields
the indicators look at (the pathway apps' own tests cover the services that write them)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from hearth.assessments.models import Assessment, AssessmentStatus, CINEpisode
from hearth.child_protection.models import (
    ChildParticipation,
    Conference,
    ConferenceDecision,
    ConferenceKind,
    CoreGroupMeeting,
    CPPlan,
    ParentParticipation,
    Section47Enquiry,
    StrategyDecision,
    StrategyDiscussion,
    StrategyKind,
    StrategyParticipant,
)
from hearth.front_door.models import Contact, ContactPerson, Referral, ThresholdDecision
from hearth.front_door.rules import ConsentStatus, ContactRoute, Outcome
from hearth.people.tests.factories import ChildFactory

LONDON = ZoneInfo("Europe/London")


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


class Records:
    def __init__(self, user: Any) -> None:
        self.user = user

    def child(self, name: str = "Child") -> Any:
        return ChildFactory(first_name=name)

    # Front door -------------------------------------------------------------------------
    def contact(self, child: Any | None, received: datetime, **extra: Any) -> Contact:
        contact = Contact.objects.create(
            route=ContactRoute.PHONE,
            received_at=received,
            referral_source="1A",
            concern="Synthetic concern.",
            created_by=self.user,
            **extra,
        )
        if child is not None:
            ContactPerson.objects.create(contact=contact, person=child, is_subject_child=True)
        return contact

    def referral(self, contact: Contact, child: Any, decided: datetime) -> Referral:
        decision = ThresholdDecision.objects.create(
            contact=contact,
            level_of_need=3,
            outcome=Outcome.CIN_REFERRAL,
            rationale="Synthetic rationale.",
            decided_by=self.user,
            decided_at=decided,
            applied_at=decided,
        )
        return Referral.objects.create(
            contact=contact,
            decision=decision,
            child=child,
            referral_date=decided.date(),
            source="1A",
            created_by=self.user,
        )

    # Assessment -------------------------------------------------------------------------
    def episode(
        self, child: Any, referred: date, closed: date | None = None, nfa: bool = False
    ) -> CINEpisode:
        return CINEpisode.objects.create(
            child=child,
            referral_date=referred,
            referral_source="1A",
            referral_nfa=nfa,
            closure_date=closed,
            closure_reason="RC1" if closed else "",
        )

    def assessment(
        self,
        child: Any,
        start: date,
        authorised: date | None = None,
        referred: date | None = None,
    ) -> Assessment:
        episode = self.episode(child, referred or start)
        return Assessment.objects.create(
            episode=episode,
            child=child,
            worker=self.user,
            start_date=start,
            status=AssessmentStatus.AUTHORISED if authorised else AssessmentStatus.DRAFT,
            authorised_on=authorised,
            authorised_by=self.user if authorised else None,
        )

    # Child protection -------------------------------------------------------------------
    def icpc(
        self, child: Any, s47_start: date, held_on: date, kind: str = ConferenceKind.INITIAL
    ) -> Conference:
        episode = self.episode(child, s47_start, closed=date(2030, 1, 1))
        enquiry = None
        if kind == ConferenceKind.INITIAL:
            strategy = StrategyDiscussion.objects.create(
                child=child,
                episode=episode,
                kind=StrategyKind.DISCUSSION,
                held_on=s47_start,
                information_shared="Synthetic.",
                safety_actions="Synthetic.",
                decision=StrategyDecision.S47_JOINT,
                rationale="Synthetic.",
                recorded_by=self.user,
            )
            enquiry = Section47Enquiry.objects.create(
                child=child,
                episode=episode,
                strategy_discussion=strategy,
                start_date=s47_start,
                joint_agreed=True,
                status="concluded",
            )
        return Conference.objects.create(
            child=child,
            episode=episode,
            kind=kind,
            enquiry=enquiry,
            held_on=held_on,
            chair=self.user,
            parents_participation=ParentParticipation.ATTENDED,
            child_participation=ChildParticipation.WORKER,
            decision=ConferenceDecision.PLAN,
            category="PHY",
            rationale="Synthetic.",
            transferred_from="Elsewhere" if kind == ConferenceKind.TRANSFER_IN else "",
            recorded_by=self.user,
        )

    def cp_plan(self, child: Any, start: date, end: date | None = None, **extra: Any) -> CPPlan:
        conference = self.icpc(child, start, start)
        return CPPlan.objects.create(
            child=child,
            episode=conference.episode,
            initial_conference=conference,
            start_date=start,
            end_date=end,
            initial_category="PHY",
            latest_category="PHY",
            status="ended" if end else "open",
            **extra,
        )


def strategy(records: Records, child: Any, held_on: date, agencies: list[str]) -> Any:
    episode = records.episode(child, held_on, closed=date(2030, 1, 1))
    discussion = StrategyDiscussion.objects.create(
        child=child,
        episode=episode,
        kind=StrategyKind.DISCUSSION,
        held_on=held_on,
        information_shared="Synthetic.",
        safety_actions="Synthetic.",
        decision=StrategyDecision.NO_S47,
        rationale="Synthetic.",
        recorded_by=records.user,
    )
    for agency in agencies:
        StrategyParticipant.objects.create(discussion=discussion, agency=agency, name="Someone")
    return discussion


def core_group(records: Records, plan: CPPlan, held_on: date) -> CoreGroupMeeting:
    return CoreGroupMeeting.objects.create(
        plan=plan, held_on=held_on, progress="Synthetic.", recorded_by=records.user
    )


def cp_review(records: Records, plan: CPPlan, held_on: date) -> Conference:
    return Conference.objects.create(
        child=plan.child,
        episode=plan.episode,
        kind=ConferenceKind.REVIEW,
        plan=plan,
        held_on=held_on,
        chair=records.user,
        parents_participation=ParentParticipation.ATTENDED,
        child_participation=ChildParticipation.WORKER,
        decision=ConferenceDecision.CONTINUE,
        rationale="Synthetic.",
        recorded_by=records.user,
    )


@pytest.fixture
def records(social_worker) -> Records:
    return Records(social_worker)


@pytest.fixture
def consent_dispensed() -> dict[str, str]:
    return {"consent_status": ConsentStatus.DISPENSED}
