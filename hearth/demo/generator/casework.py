"""Allocation history, case notes over the last two years and the chronology lines the
casework services would have written for them (category and summary as
`hearth.casework.services` words them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from hearth.accounts.models import User
from hearth.casework.models import CaseNoteStatus, CaseNoteType
from hearth.demo.generator.bulk import Tables
from hearth.demo.generator.context import Context, add_working_days, weekday_on_or_before
from hearth.demo.generator.families import Household
from hearth.demo.generator.plan import YEAR, Segment, family_kind
from hearth.demo.generator.workforce import Workforce

HISTORY_DAYS = 730

# Days between visits (low, high) by kind of team; the local rule is every 20 working days.
VISIT_GAP = {
    "assessment": (7, 14),
    "safeguarding": (18, 27),
    "safeguarding_cp": (8, 13),
    "cic": (20, 28),
    "leaving_care": (20, 29),
    "disabled": (20, 29),
    "early_help": (14, 25),
}

VISIT_SUBJECTS = [
    "Home visit",
    "Announced home visit",
    "Unannounced home visit",
    "Statutory visit",
    "Visit to see the children",
]
CALL_SUBJECTS = [
    "Call with mother",
    "Call with school",
    "Call from health visitor",
    "Call with GP surgery",
    "Call with housing officer",
    "Call with father",
]
MEETING_SUBJECTS = [
    "Core group meeting",
    "Team around the family meeting",
    "Professionals meeting",
    "Network meeting",
    "Family group conference",
]
EMAIL_SUBJECTS = ["Letter to parents", "Email from school", "Email to police", "Letter from GP"]
SIGNIFICANT_SUBJECTS = [
    "Police called to the home after an argument",
    "Child disclosed being hit at home",
    "Child missing overnight, returned next day",
    "Mother admitted to hospital",
    "Strategy discussion held",
    "Child excluded from school",
    "New partner moved into the home",
]
VISIT_BODIES = [
    "{child} was at home with {adult}. The home was warm and tidy and there was food in the "
    "fridge. {child} showed me their room.",
    "Visited {child} at home. {adult} was tired and said money is very tight this month. We "
    "talked about the plan and what needs to happen before the next meeting.",
    "{child} was quiet at first and then talked about school and friends. {adult} engaged well "
    "and agreed to the referral to the family support service.",
    "The home conditions had got worse since the last visit. Discussed with {adult} who agreed "
    "to tidy the kitchen and bedroom before the next visit.",
    "{child} was playing when I arrived and was happy to see me. {adult} reported no concerns "
    "this week. Next visit booked.",
]
OTHER_BODIES = [
    "Spoke about {child}'s attendance and the support in place. Agreed actions recorded.",
    "Shared an update about {child}. No new concerns raised.",
    "Discussed progress against the plan for {child}. Some actions are overdue.",
    "Information received about {child} and added to the record.",
]
SEEN_ALONE_NOTE = " I saw {child} alone and they said they feel safe at home."
MANAGEMENT_BODY = (
    "Case discussed in supervision. Plan reviewed; visits to continue. Manager to review in "
    "six weeks."
)


@dataclass
class Event:
    day: date
    note_type: str
    subject: str
    author: User
    significant: bool = False
    visit: bool = False


def _gap_key(household: Household, segment: Segment) -> str:
    kind = family_kind(segment.team_key)
    if kind == "safeguarding" and household.plan.cp_cadence:
        return "safeguarding_cp"
    return kind


def resolve_segments(ctx: Context, household: Household, wf: Workforce) -> list[Segment]:
    """Previous teams' allocations (with a worker from that team) then the current team's."""
    from hearth.demo.generator.plan import worker_segments

    plan = household.plan
    segments = []
    for segment in plan.history:
        if segment.worker is None and not (segment.team_key == "mash" and ctx.chance(0.5)):
            segment.worker = ctx.rng.choice(wf.practitioners[segment.team_key])
        segments.append(segment)
    segments.extend(worker_segments(ctx, plan, wf.practitioners[plan.team_key]))
    return segments


def write_allocations(
    ctx: Context, tables: Tables, household: Household, wf: Workforce, segments: list[Segment]
) -> None:
    """One allocation row per child per segment, with the chronology line
    `allocation_start` writes."""
    for child in household.children:
        for position, segment in enumerate(segments):
            team = wf.teams[segment.team_key]
            manager = wf.managers[segment.team_key]
            worker = segment.worker
            created = ctx.at(segment.start)
            pk = tables.allocation.add(
                child_id=child.id,
                team_id=team.pk,
                worker_id=worker.pk if worker is not None else None,
                start_date=segment.start,
                end_date=segment.end,
                reason=segment.reason,
                created_by_id=manager.pk,
                created_at=created,
                updated_at=created,
            )
            who = f"{worker} in {team}" if worker is not None else f"{team} (no named worker)"
            verb = "Reallocated" if position else "Allocated"
            summary = f"{verb} to {who}" + (f": {segment.reason}" if segment.reason else "")
            tables.chronology.add(
                child_id=child.id,
                occurred_on=segment.start,
                category="Allocation",
                summary=summary[:500],
                source_type="casework.allocation",
                source_id=str(pk),
                recorded_at=created,
                recorded_by_id=manager.pk,
            )


def _events(
    ctx: Context, household: Household, wf: Workforce, segments: list[Segment]
) -> list[Event]:
    rng = ctx.rng
    plan = household.plan
    window_start = ctx.days_ago(HISTORY_DAYS)
    stale_from = ctx.days_ago(plan.stale_visits_days) if plan.stale_visits_days else None
    events: list[Event] = []
    for position, segment in enumerate(segments):
        start = max(segment.start, window_start)
        end = min(segment.end or ctx.today, ctx.today)
        if end <= start and segment.end is not None:
            continue
        manager = wf.managers[segment.team_key]
        kind = family_kind(segment.team_key)
        current = position == len(segments) - 1
        if kind == "mash" or segment.worker is None:
            # Held in the team: duty calls and a manager's note, no visits.
            day = start
            author = segment.worker or manager
            while day <= end:
                subject = rng.choice(
                    ["Duty call with mother", "MASH information sharing", "Call with referrer"]
                )
                events.append(
                    Event(weekday_on_or_before(day), CaseNoteType.PHONE_CALL, subject, author)
                )
                day += timedelta(days=rng.randint(20, 50))
            continue
        worker = segment.worker
        low, high = VISIT_GAP[_gap_key(household, segment)]
        first: date | None
        if current and plan.no_first_visit:
            first = None
        elif segment.first_visit_late:
            first = add_working_days(segment.start, rng.randint(8, 30))
        else:
            first = add_working_days(segment.start, rng.randint(1, 5))
        visit: date | None = first
        while visit is not None and visit <= end:
            if visit >= start and (stale_from is None or visit < stale_from or not current):
                note_type = (
                    CaseNoteType.STATUTORY_VISIT
                    if kind in ("cic", "leaving_care")
                    else CaseNoteType.HOME_VISIT
                )
                if ctx.chance(0.08):
                    note_type = CaseNoteType.SCHOOL_VISIT
                events.append(
                    Event(visit, note_type, rng.choice(VISIT_SUBJECTS), worker, visit=True)
                )
            # Other contact between visits.
            gap = rng.randint(low, high)
            older = visit < ctx.today - timedelta(days=365)
            if older:  # the first year of the window: less often, and fewer other notes
                gap = gap * 3 // 2
            extra = rng.choice((0, 0, 1)) if older else rng.choice((0, 0, 0, 1, 1, 2))
            for _ in range(extra):
                other = visit + timedelta(days=rng.randint(1, gap))
                if start <= other <= end:
                    note_type, subject = rng.choice(
                        [
                            (CaseNoteType.PHONE_CALL, rng.choice(CALL_SUBJECTS)),
                            (CaseNoteType.PHONE_CALL, rng.choice(CALL_SUBJECTS)),
                            (CaseNoteType.MEETING, rng.choice(MEETING_SUBJECTS)),
                            (CaseNoteType.EMAIL, rng.choice(EMAIL_SUBJECTS)),
                        ]
                    )
                    significant = ctx.chance(0.03)
                    if significant:
                        subject = rng.choice(SIGNIFICANT_SUBJECTS)
                    events.append(
                        Event(weekday_on_or_before(other), note_type, subject, worker, significant)
                    )
            visit = weekday_on_or_before(visit + timedelta(days=gap))
        # Supervision notes by the team manager.
        day = start + timedelta(days=rng.randint(20, 60))
        while day <= end:
            events.append(
                Event(
                    weekday_on_or_before(day),
                    CaseNoteType.MANAGEMENT,
                    "Management oversight",
                    manager,
                )
            )
            day += timedelta(days=rng.randint(80, 140))
    return events


def write_notes(
    ctx: Context, tables: Tables, household: Household, wf: Workforce, segments: list[Segment]
) -> None:
    """Final case notes for each event, for every child the event concerns, each with the
    chronology line `case_note_finalise` writes; and drafts left unfinished."""
    rng = ctx.rng
    plan = household.plan
    adults = household.adults
    adult_name = adults[0].first_name if adults else "the carer"
    for event in _events(ctx, household, wf, segments):
        if event.day > ctx.today:
            continue
        created = ctx.at(event.day)
        late_days = rng.choice((0, 0, 0, 1, 2, 5)) if not ctx.chance(0.03) else rng.randint(10, 40)
        finalised = created + timedelta(days=late_days, hours=rng.randint(1, 5))
        if finalised.date() > ctx.today:
            finalised = ctx.at(ctx.today, 18)
        label = CaseNoteType(event.note_type).label
        for child in household.children:
            born = child.date_of_birth
            if born is not None and event.day < born:
                continue
            name = child.known_as or child.first_name
            seen = alone = False
            who = ""
            if event.visit:
                seen = born is not None and ctx.chance(0.92)
                alone = (
                    born is not None
                    and seen
                    and (event.day - born).days >= 4 * YEAR
                    and ctx.chance(0.55)
                )
                who = f"{name}, {adult_name}" if seen else adult_name
                if born is None:
                    body = f"Pre-birth visit. Saw {adult_name}. Discussed the birth plan."
                else:
                    body = rng.choice(VISIT_BODIES).format(child=name, adult=adult_name)
                if alone:
                    body += SEEN_ALONE_NOTE.format(child=name)
            elif event.note_type == CaseNoteType.MANAGEMENT:
                body = MANAGEMENT_BODY
            else:
                body = rng.choice(OTHER_BODIES).format(child=name)
            pk = tables.case_note.add(
                child_id=child.id,
                note_type=event.note_type,
                contact_date=event.day,
                subject=event.subject,
                body=body,
                who_was_seen=who,
                child_seen=seen,
                child_seen_alone=alone,
                significant=event.significant,
                status=CaseNoteStatus.FINAL,
                author_id=event.author.pk,
                finalised_at=finalised,
                created_at=created,
                updated_at=finalised,
            )
            seen_text = " (child seen alone)" if alone else " (child seen)" if seen else ""
            tables.chronology.add(
                child_id=child.id,
                occurred_on=event.day,
                category="Case note",
                summary=f"{label}{seen_text}: {event.subject}"[:500],
                significant=event.significant,
                source_type="casework.casenote",
                source_id=str(pk),
                recorded_at=finalised,
                recorded_by_id=event.author.pk,
            )
    # Drafts left unfinished by the current worker.
    worker = segments[-1].worker
    if worker is None:
        return
    draft_days = list(plan.draft_days)
    if not draft_days and ctx.chance(0.06):
        draft_days = [rng.randint(1, 30)]
    for days in draft_days:
        child = household.children[0]
        day = weekday_on_or_before(ctx.days_ago(days))
        created = ctx.at(day)
        tables.case_note.add(
            child_id=child.id,
            note_type=CaseNoteType.HOME_VISIT,
            contact_date=day,
            subject="Home visit",
            body=f"Visited {child.first_name} at home. Still to write up the rest",
            who_was_seen=child.first_name,
            child_seen=child.date_of_birth is not None,
            status=CaseNoteStatus.DRAFT,
            author_id=worker.pk,
            created_at=created,
            updated_at=created,
        )
