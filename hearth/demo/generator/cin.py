"""CIN episodes (census `CINdetails`) for every child open to assessment, safeguarding or
children in care: an open episode referred on or just before the first allocation of the
current involvement, and for some an earlier episode closed before it (re-referrals).

Rows as `hearth.assessments.services.cin_episode_open` would write them, with its chronology
line; children the service-driven demos already gave episodes are left to them, except that
one with no open episode gets a new one after the last."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from hearth.assessments.models import (
    Assessment,
    AssessmentFactor,
    AssessmentStatus,
    AssessmentStatusChange,
    CINEpisode,
)
from hearth.casework.models import ChronologyEntry
from hearth.demo.generator.bulk import Table, reset_sequences
from hearth.demo.generator.context import add_working_days, weekday_on_or_before
from hearth.demo.generator.plan import family_kind
from hearth.people.models import Person

if TYPE_CHECKING:
    from hearth.demo.generator.pathways import Borough

OPEN_KINDS = ("assessment", "safeguarding", "cic")
NEEDS = [("N1", 55), ("N2", 4), ("N3", 8), ("N4", 14), ("N5", 3), ("N6", 4), ("N8", 7), ("N9", 5)]
SOURCES = [
    ("6", 28),
    ("2A", 22),
    ("3A", 4),
    ("3B", 3),
    ("3C", 2),
    ("3D", 2),
    ("3E", 2),
    ("3F", 1),
    ("1A", 4),
    ("1B", 3),
    ("1C", 2),
    ("1D", 1),
    ("5A", 3),
    ("5B", 2),
    ("5C", 2),
    ("5D", 2),
    ("8", 8),
    ("4", 3),
    ("7", 3),
    ("9", 2),
    ("10", 1),
]
EPISODE_CATEGORY = "CIN episode"
# An unborn child is referred in pregnancy, never before it: at the earliest 26 weeks before
# the expected birth (CIN census rule 8606 refuses more than 40 weeks).
PRE_BIRTH_REFERRAL = timedelta(weeks=26)
FACTORS = [["3B", "4B"], ["2B"], ["16A"], ["1B", "3B"], ["4A"], ["10A", "24A"], ["20"]]


def generate(borough: Borough) -> None:
    from hearth.demo.generator.pathways import Referred

    ctx, wf = borough.ctx, borough.wf
    rng = ctx.rng
    existing: dict[int, list[tuple[date, date | None, bool]]] = {}
    for child_id, referral, closure, nfa in CINEpisode.objects.values_list(
        "child_id", "referral_date", "closure_date", "referral_nfa"
    ):
        existing.setdefault(child_id, []).append((referral, closure, nfa))
    expected_births = dict(
        Person.objects.filter(date_of_birth__isnull=True, expected_date_of_birth__isnull=False)
        .values_list("id", "expected_date_of_birth")
        .order_by()
    )
    episodes = Table(CINEpisode)
    chronology = Table(ChronologyEntry)
    assessments = Table(Assessment)
    history = Table(AssessmentStatusChange)
    factors = Table(AssessmentFactor)

    def assess(
        episode_id: int,
        child_id: int,
        born: date | None,
        referral: date,
        worker_id: int,
        manager_id: int,
    ) -> None:
        """The child and family assessment: authorised within 45 working days for most,
        still in progress for recent referrals."""
        start = add_working_days(referral, rng.randint(1, 3))
        if start > ctx.today:
            return
        due = rng.randint(46, 60) if ctx.chance(0.1) else rng.randint(15, 44)
        authorised = add_working_days(referral, due)
        done = authorised <= ctx.today
        seen = None if born is None else min(start + timedelta(days=rng.randint(0, 4)), ctx.today)
        alone = seen if seen and born and (seen - born).days > 4 * 365 and ctx.chance(0.7) else None
        pk = assessments.add(
            episode_id=episode_id,
            child_id=child_id,
            worker_id=worker_id,
            start_date=start,
            child_seen_on=seen,
            child_seen_alone_on=alone,
            child_views="Synthetic: what the child said about home and school." if done else "",
            analysis="Synthetic analysis of risk and need." if done else "",
            recommendation="Synthetic recommendation agreed with the family." if done else "",
            outcome="OTHER" if done else "",
            support_required=True if done else None,
            status=AssessmentStatus.AUTHORISED if done else AssessmentStatus.DRAFT,
            submitted_on=authorised if done else None,
            authorised_on=authorised if done else None,
            authorised_by_id=manager_id if done else None,
            created_at=ctx.at(start),
            updated_at=ctx.at(authorised if done else start),
        )
        history.add(
            assessment_id=pk,
            status=AssessmentStatus.DRAFT,
            created_at=ctx.at(start, 9),
            created_by_id=worker_id,
        )
        if done:
            history.add(
                assessment_id=pk,
                status=AssessmentStatus.SUBMITTED,
                created_at=ctx.at(authorised, 10),
                created_by_id=worker_id,
            )
            history.add(
                assessment_id=pk,
                status=AssessmentStatus.AUTHORISED,
                created_at=ctx.at(authorised, 15),
                created_by_id=manager_id,
            )
            for code in rng.choice(FACTORS):
                factors.add(assessment_id=pk, code=code)

    def write(
        child_id: int,
        referral: date,
        source: str,
        user_id: int,
        closure: date | None = None,
        reason: str = "",
        closer_id: int | None = None,
    ) -> int:
        created = ctx.at(referral)
        pk = episodes.add(
            child_id=child_id,
            referral_date=referral,
            referral_source=source,
            primary_need=ctx.weighted(NEEDS),
            closure_date=closure,
            closure_reason=reason,
            closure_note="Services no longer needed; closed with the family's agreement."
            if closure
            else "",
            created_by_id=user_id,
            closed_by_id=closer_id,
            created_at=created,
            updated_at=ctx.at(closure) if closure else created,
        )
        chronology.add(
            child_id=child_id,
            occurred_on=referral,
            category=EPISODE_CATEGORY,
            summary="Referral: CIN episode opened",
            significant=True,
            source_type="assessments.cinepisode",
            source_id=str(pk),
            recorded_at=created,
            recorded_by_id=user_id,
        )
        return pk

    for household in borough.households:
        kind = family_kind(household.plan.team_key)
        if kind not in OPEN_KINDS or not household.segments:
            continue
        start = household.segments[0].start
        referral = weekday_on_or_before(start - timedelta(days=rng.choice((0, 0, 1, 2))))
        source = ctx.weighted(SOURCES)
        first = household.segments[0]
        opener = first.worker or wf.managers[first.team_key]
        earlier: tuple[date, date] | None = None
        if ctx.chance(0.3):
            gap = rng.randint(90, 330) if ctx.chance(0.6) else rng.randint(400, 900)
            closed = referral - timedelta(days=rng.randint(5, 30))
            opened = closed - timedelta(days=gap)
            earlier = (weekday_on_or_before(opened), weekday_on_or_before(closed))
        for child in household.children:
            born = child.date_of_birth
            mine = existing.get(child.id, [])
            if any(closure is None and not nfa for _, closure, nfa in mine):
                continue  # the service-driven demo gave this child an open episode
            child_referral = referral if born is None else max(referral, born)
            if born is None and child.id in expected_births:
                earliest = expected_births[child.id] - PRE_BIRTH_REFERRAL
                child_referral = max(referral, weekday_on_or_before(earliest))
                if child_referral > ctx.today:
                    continue  # too early in the pregnancy to have been referred
            if mine:  # after the last episode the services wrote
                latest = max(max(r, c or r) for r, c, _ in mine)
                child_referral = max(child_referral, latest)
            child_earlier = earlier
            if earlier and (mine or born is None or earlier[0] < born):
                child_earlier = None
            re_referral = False
            manager_id = wf.managers[first.team_key].pk
            if child_earlier is not None:
                earlier_pk = write(
                    child.id,
                    child_earlier[0],
                    ctx.weighted(SOURCES),
                    opener.pk,
                    closure=child_earlier[1],
                    reason="RC7",
                    closer_id=wf.managers[first.team_key].pk,
                )
                re_referral = (child_referral - child_earlier[0]).days <= 365
                assess(earlier_pk, child.id, born, child_earlier[0], opener.pk, manager_id)
            pk = write(child.id, child_referral, source, opener.pk)
            assess(pk, child.id, born, child_referral, opener.pk, manager_id)
            borough.referred.append(
                Referred(
                    household=household,
                    child_id=child.id,
                    episode_id=pk,
                    referral_date=child_referral,
                    source=source,
                    is_re_referral=re_referral,
                )
            )
    tables = [episodes, chronology, assessments, history, factors]
    for table in tables:
        table.flush()
    reset_sequences(tables)
    ctx.counts.add("assessments", assessments.written)
    ctx.counts.add("cin_episodes", episodes.written)
    ctx.counts.add("chronology_entries", chronology.written)
