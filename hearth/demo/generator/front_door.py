"""The front door: a year of contacts with their status history, the children they concern,
consent, MASH checks, threshold decisions, referrals and feedback, as the front door services
would have written them (hearth/front_door/services.py).

Volumes follow the front door's spec: about 350 contacts a month for a 3,000-child borough,
about 60 open, most decided within a working day. Referrals point at the CIN episodes `cin`
wrote; contacts that led nowhere (no further action, information and advice, early help)
concern children not otherwise known, recorded here without an allocation. Invariants kept:
Contact.status is the latest status row; decisions that took effect have applied_at; every
child on a decided contact has recorded_as; consent not sought or dispensed with always has
a reason and a rationale."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from types import SimpleNamespace
from typing import TYPE_CHECKING

from django.utils import timezone

from hearth.accounts.models import Role
from hearth.assessments.models import CINEpisode
from hearth.casework.models import ChronologyEntry
from hearth.demo.generator.bulk import Table, reset_sequences
from hearth.demo.generator.children import add_person, first_name
from hearth.demo.generator.cin import SOURCES
from hearth.demo.generator.context import Context, add_working_days, weekday_on_or_before
from hearth.demo.generator.plan import YEAR, family_kind
from hearth.front_door.models import (
    Contact,
    ContactPerson,
    ContactStatusChange,
    MashCheck,
    RecordedAs,
    Referral,
    ThresholdDecision,
)
from hearth.front_door.rules import (
    Agency,
    ConsentReason,
    ConsentStatus,
    ContactRoute,
    ContactStatus,
    Outcome,
    Rag,
    check_deadline,
    threshold_levels,
)
from hearth.people.models import Person

if TYPE_CHECKING:
    from hearth.accounts.models import User
    from hearth.demo.generator.pathways import Borough

CONTACTS_PER_MONTH = 350
CONTACT_CAP = 24_000  # 50,000 children would be ~70,000 a year; the queue needs no more
OPEN_CONTACTS = 60

ROUTES = [
    (ContactRoute.PHONE, 30),
    (ContactRoute.EMAIL, 25),
    (ContactRoute.PORTAL, 20),
    (ContactRoute.POLICE, 18),
    (ContactRoute.WALK_IN, 3),
    (ContactRoute.TRANSFER_IN, 2),
    (ContactRoute.STEP_UP, 2),
]
# Outcomes of contacts about children not referred (referrals come from the CIN episodes).
OTHER_OUTCOMES = [
    (Outcome.NFA, 30),
    (Outcome.INFORMATION_ADVICE, 25),
    (Outcome.EARLY_HELP, 20),
]
LEVEL = {
    Outcome.NFA: (1, 1),
    Outcome.INFORMATION_ADVICE: (1, 2),
    Outcome.EARLY_HELP: (2, 2),
    Outcome.CIN_REFERRAL: (3, 3),
    Outcome.STRATEGY_DISCUSSION: (4, 4),
}
RECORDED = {
    Outcome.NFA: RecordedAs.CLOSED,
    Outcome.INFORMATION_ADVICE: RecordedAs.CLOSED,
    Outcome.EARLY_HELP: RecordedAs.EARLY_HELP,
    Outcome.CIN_REFERRAL: RecordedAs.REFERRAL,
    Outcome.STRATEGY_DISCUSSION: RecordedAs.REFERRAL,
}
CONSENT_DECIDED = [
    (ConsentStatus.GIVEN, 55),
    (ConsentStatus.REFUSED, 8),
    (ConsentStatus.NOT_SOUGHT, 12),
    (ConsentStatus.DISPENSED, 10),
]
CONSENT_OPEN = [
    (ConsentStatus.PENDING, 60),
    (ConsentStatus.GIVEN, 25),
    (ConsentStatus.DISPENSED, 10),
    (ConsentStatus.NOT_SOUGHT, 5),
]
RATIONALES = {
    ConsentStatus.NOT_SOUGHT: (
        [ConsentReason.SIGNIFICANT_HARM, ConsentReason.PREJUDICE_INVESTIGATION],
        "Police advised that telling the parents now would put the child at risk and "
        "prejudice their enquiries.",
    ),
    ConsentStatus.DISPENSED: (
        [ConsentReason.SIGNIFICANT_HARM, ConsentReason.DELAY, ConsentReason.NOT_CONTACTABLE],
        "Mother could not be reached on three numbers today and the concern cannot wait; "
        "MASH manager agreed to proceed without consent.",
    ),
}
REFERRERS = {
    "1": ("Member of the family", "", "Relative"),
    "2": ("Hearthside Primary School", "Hearthside Primary School", "Designated safeguarding lead"),
    "3": ("Hearthside Health Centre", "Hearthside Health Centre", "Named GP for safeguarding"),
    "4": ("Hearthside Homes", "Hearthside Homes", "Housing officer"),
    "5": ("Hearthside Council", "Hearthside Council", "Adult social care worker"),
    "6": ("PC Hale", "Metropolitan Police, Hearthside", "Public protection officer"),
    "7": ("Probation officer", "Probation Service", "Probation officer"),
    "8": ("Hearthside Family Centre", "Hearthside Family Centre", "Family support worker"),
    "9": ("Anonymous caller", "", ""),
    "10": ("Not recorded", "", ""),
}
CONCERNS = [
    "Child came to school hungry and in the same clothes for a week; younger sibling not "
    "brought to nursery.",
    "Police attended the home after neighbours heard shouting; children present.",
    "Child disclosed that mum's partner hits them when he has been drinking.",
    "Mother says she is not coping since the baby was born and has no family nearby.",
    "Child missing from home overnight, found with older young people in the town centre.",
    "Unexplained bruising on the child's arm noticed by the health visitor.",
    "Family evicted and staying with friends; child's school attendance has fallen to 70%.",
    "Father's mental health has worsened; he told his GP he cannot keep the children safe.",
]
FEEDBACK = ["Email", "Phone call", "Letter", "Portal message"]
CHECK_QUESTIONS = {
    Agency.POLICE: "Any call-outs to the address or information about the adults?",
    Agency.HEALTH: "Is the child registered and up to date with checks and immunisations?",
    Agency.EDUCATION: "Attendance, presentation and any concerns noted by school?",
    Agency.HOUSING: "Who is on the tenancy and are there any complaints?",
    Agency.PROBATION: "Is either adult known to probation?",
    Agency.ADULT_SOCIAL_CARE: "Are the parents known to adult services?",
    Agency.OTHER: "Anything known about the family?",
}
CATEGORY = "contact"
NON_POLICE_ROUTE_SOURCES = [(code, 12 if code == "6" else weight) for code, weight in SOURCES]


@dataclass
class ContactPlan:
    received: datetime
    outcome: str
    children: list[int]
    about_open_case: bool = False
    referred: list = field(default_factory=list)  # Referred rows, one per child
    status: str = ContactStatus.DECIDED
    route: str = ""
    source: str = ""
    step_down: bool = False


class Writer:
    def __init__(self, borough: Borough) -> None:
        self.borough = borough
        self.ctx: Context = borough.ctx
        wf = borough.wf
        self.contact = Table(Contact)
        self.status = Table(ContactStatusChange)
        self.person = Table(ContactPerson)
        self.check = Table(MashCheck)
        self.decision = Table(ThresholdDecision)
        self.referral = Table(Referral)
        self.chronology = Table(ChronologyEntry)
        self.people = Table(Person)
        self.person_tables = SimpleNamespace(person=self.people)
        self.episode_updates: list[tuple[int, date]] = []
        self.practitioners: list[User] = wf.practitioners["mash"]
        self.manager: User = wf.managers["mash"]
        self.partners = [u for u in wf.users if u.role == Role.PARTNER_REFERRER]
        self.portal_left = {u.pk: 10 for u in self.partners}
        self.descriptors = {
            level.level: [key for key, _ in level.descriptors] for level in threshold_levels()
        }
        self.now = timezone.now()

    @property
    def tables(self) -> list[Table]:
        return [
            self.people,
            self.contact,
            self.status,
            self.person,
            self.check,
            self.decision,
            self.referral,
            self.chronology,
        ]

    # ---- people known only to the front door ---------------------------------------------

    def new_children(self, on: date) -> list[int]:
        ctx, rng = self.ctx, self.ctx.rng
        surname = rng.choice(ctx.pools.last)
        count = 1 if ctx.chance(0.7) else 2
        ids = []
        for _ in range(count):
            sex = rng.choice("MF")
            born = on - timedelta(days=rng.randint(60, 17 * YEAR))
            number = ctx.next_child_number
            ctx.next_child_number += 1
            row = add_person(
                ctx,
                self.person_tables,  # type: ignore[arg-type]
                is_child=True,
                la_child_id=f"HS{number:07d}",
                first_name=first_name(ctx, sex),
                last_name=surname,
                sex=sex,
                date_of_birth=born,
                upn_unknown_reason="UN1",
                created_at=ctx.at(on),
            )
            ids.append(row.id)
        return ids

    # ---- one contact ---------------------------------------------------------------------

    def write(self, plan: ContactPlan) -> int:
        ctx, rng = self.ctx, self.ctx.rng
        route = plan.route or ctx.weighted(ROUTES)
        source = plan.source or _source_for(ctx, route)
        referrer = REFERRERS[source.rstrip("ABCDEF")]
        received = self.past(plan.received)
        worker = rng.choice(self.practitioners)
        submitted_by = None
        if route == ContactRoute.PORTAL:
            left = [u for u in self.partners if self.portal_left[u.pk] > 0]
            if left and ctx.chance(0.25):
                submitted_by = rng.choice(left)
                self.portal_left[submitted_by.pk] -= 1
        open_contact = plan.status != ContactStatus.DECIDED
        consent = ctx.weighted(CONSENT_OPEN if open_contact else CONSENT_DECIDED)
        reason = rationale = ""
        if consent in RATIONALES:
            reasons, rationale = RATIONALES[consent]
            reason = rng.choice(reasons)
        rag = {
            Outcome.STRATEGY_DISCUSSION: Rag.RED,
            Outcome.NFA: Rag.GREEN,
            Outcome.INFORMATION_ADVICE: Rag.GREEN,
        }.get(plan.outcome, Rag.AMBER)
        screened = self.past(received + timedelta(minutes=rng.randint(10, 120)), received)
        decided = self.past(self._decided_at(received), screened)
        pk = self.contact.next_id
        reference = f"C{pk:06d}"
        feedback = not open_contact and ctx.chance(0.85)
        self.contact.add(
            route=route,
            status=plan.status,
            received_at=received,
            referral_source=source,
            referrer_name=submitted_by.get_full_name() if submitted_by else referrer[0],
            referrer_agency=submitted_by.organisation if submitted_by else referrer[1],
            referrer_role=submitted_by.job_title if submitted_by else referrer[2],
            referrer_phone="020 7946 0" + f"{rng.randint(0, 999):03d}",
            concern=rng.choice(CONCERNS),
            family_aware=rng.choice(["yes", "yes", "no", "unknown"]),
            consent_status=consent,
            consent_reason=reason,
            consent_rationale=rationale,
            consent_recorded_by_id=worker.pk if consent != ConsentStatus.PENDING else None,
            consent_recorded_at=screened if consent != ConsentStatus.PENDING else None,
            rag=rag,
            worker_id=None if plan.status == ContactStatus.NEW else worker.pk,
            submitted_by_id=submitted_by.pk if submitted_by else None,
            created_by_id=submitted_by.pk if submitted_by else worker.pk,
            feedback_given_at=(
                self.past(decided + timedelta(hours=rng.randint(1, 40)), decided)
                if feedback
                else None
            ),
            feedback_method=rng.choice(FEEDBACK) if feedback else "",
            created_at=received,
            updated_at=decided if not open_contact else screened,
        )
        by = submitted_by or worker
        self._status(pk, ContactStatus.NEW, "Received", received, by)
        route_label = ContactRoute(route).label.lower()
        who = referrer[1] or referrer[0]
        recorded = RECORDED[plan.outcome] if not open_contact else ""
        for child_id in plan.children:
            as_recorded = recorded
            if recorded and plan.about_open_case:
                as_recorded = RecordedAs.OPEN_CASE
            self.person.add(
                contact_id=pk, person_id=child_id, is_subject_child=True, recorded_as=as_recorded
            )
            self._line(
                child_id,
                received,
                f"Contact {reference} received by {route_label} from {who}",
                "front_door.contact",
                pk,
                worker,
            )
        if plan.status == ContactStatus.NEW:
            return pk
        self._status(pk, ContactStatus.SCREENING, "Picked up", screened, worker)
        if ctx.chance(0.4):
            for agency in rng.sample(list(Agency.values), rng.randint(1, 3)):
                requested = screened + timedelta(minutes=rng.randint(5, 60))
                due = check_deadline(rag, requested)
                answered = not open_contact or ctx.chance(0.5)
                replied = min(due, requested + timedelta(hours=rng.randint(1, 6)))
                self.check.add(
                    contact_id=pk,
                    agency=agency,
                    rag=rag,
                    question=CHECK_QUESTIONS[agency],
                    requested_at=requested,
                    requested_by_id=worker.pk,
                    due_at=due,
                    response="Known to us; nothing that changes the picture." if answered else "",
                    responder_name="Duty officer" if answered else "",
                    responded_at=replied if answered else None,
                )
        if plan.status == ContactStatus.SCREENING:
            return pk
        level = rng.randint(*LEVEL[plan.outcome])
        if plan.status == ContactStatus.AWAITING_AUTHORISATION:
            self._decision(pk, plan.outcome, level, worker, screened, applied=None)
            self._status(pk, ContactStatus.AWAITING_AUTHORISATION, "Proposed", screened, worker)
            return pk
        # Decided: sometimes returned once, sometimes reopened and overturned.
        proposed = screened + (decided - screened) / 2
        first_outcome = plan.outcome
        if ctx.chance(0.03):
            self._decision(pk, plan.outcome, level, worker, proposed, applied=None, superseded=True)
            self._status(pk, ContactStatus.AWAITING_AUTHORISATION, "Proposed", proposed, worker)
            self._status(
                pk, ContactStatus.SCREENING, "Check the school's view first", proposed, self.manager
            )
        overturned = ctx.chance(0.02) and plan.outcome not in (Outcome.NFA,)
        if overturned:
            first_outcome = Outcome.NFA if plan.outcome != Outcome.NFA else Outcome.EARLY_HELP
            first_level = LEVEL[first_outcome][0]
            earlier = proposed
            self._decision(
                pk, first_outcome, first_level, worker, earlier, applied=earlier, superseded=True
            )
            self._status(pk, ContactStatus.AWAITING_AUTHORISATION, "Proposed", earlier, worker)
            self._status(pk, ContactStatus.DECIDED, "Decided", earlier, self.manager)
            self._status(
                pk,
                ContactStatus.SCREENING,
                "Reopened: new information from the police",
                earlier + timedelta(minutes=30),
                self.manager,
            )
            decided = max(decided, earlier + timedelta(hours=2))
        decision = self._decision(pk, plan.outcome, level, worker, decided, applied=decided)
        self._status(pk, ContactStatus.AWAITING_AUTHORISATION, "Proposed", decided, worker)
        self._status(pk, ContactStatus.DECIDED, Outcome(plan.outcome).label, decided, self.manager)
        decided_on = decided.date()
        for child_id in plan.children:
            if plan.about_open_case:
                text = (
                    f"Contact {reference} recorded on the open case (decision: "
                    f"{Outcome(plan.outcome).label.lower()})"
                )
            elif plan.outcome in (Outcome.CIN_REFERRAL, Outcome.STRATEGY_DISCUSSION):
                text = f"Referral accepted from contact {reference}"
            elif plan.outcome == Outcome.EARLY_HELP:
                text = f"Contact {reference} stepped to early help"
                self.borough.step_downs.append((child_id, pk, decided_on))
            else:
                text = f"Contact {reference} closed: {Outcome(plan.outcome).label.lower()}"
            self._line(
                child_id,
                decided,
                f"{text}. Level of need {level}.",
                "front_door.thresholddecision",
                decision,
                self.manager,
                significant=plan.outcome in (Outcome.CIN_REFERRAL, Outcome.STRATEGY_DISCUSSION),
            )
        for referred in plan.referred:
            self.referral.add(
                contact_id=pk,
                decision_id=decision,
                child_id=referred.child_id,
                referral_date=referred.referral_date,
                source=source,
                is_re_referral=referred.is_re_referral,
                strategy_discussion_needed=plan.outcome == Outcome.STRATEGY_DISCUSSION,
                cin_episode_id=referred.episode_id,
                created_by_id=self.manager.pk,
                created_at=decided,
                updated_at=decided,
            )
        return pk

    def past(self, moment: datetime, floor: datetime | None = None) -> datetime:
        """Nothing is recorded after the moment of the build (contacts received today)."""
        latest = self.now - timedelta(minutes=1)
        if moment <= latest:
            return moment
        return max(latest, floor) if floor is not None else latest

    def _decided_at(self, received: datetime) -> datetime:
        ctx, rng = self.ctx, self.ctx.rng
        if ctx.chance(0.92):
            if received.hour < 15 and ctx.chance(0.6):
                return received + timedelta(hours=rng.randint(1, 3), minutes=rng.randint(0, 59))
            day = add_working_days(received.date(), 1)
        else:
            day = add_working_days(received.date(), rng.randint(2, 5))
        moment = ctx.at(min(day, self.ctx.today), rng.randint(9, 16))
        return max(moment, received + timedelta(minutes=30))

    def _status(self, pk: int, status: str, reason: str, at: datetime, user: User) -> None:
        self.status.add(
            contact_id=pk, status=status, reason=reason, created_at=at, created_by_id=user.pk
        )

    def _decision(
        self,
        pk: int,
        outcome: str,
        level: int,
        worker: User,
        at: datetime,
        *,
        applied: datetime | None,
        superseded: bool = False,
    ) -> int:
        rng = self.ctx.rng
        pool = self.descriptors.get(level, [])
        return self.decision.add(
            contact_id=pk,
            level_of_need=level,
            descriptors=sorted(rng.sample(pool, min(len(pool), rng.randint(1, 2)))),
            outcome=outcome,
            rationale="Information from the referrer and partner checks weighed against the "
            f"threshold document: level {level}.",
            decided_by_id=worker.pk,
            decided_at=at,
            authorised_by_id=self.manager.pk if applied else None,
            authorised_at=applied,
            applied_at=applied,
            same_day_action=outcome == Outcome.STRATEGY_DISCUSSION,
            early_help_service_name="Hearthside Family Hub"
            if outcome == Outcome.EARLY_HELP
            else "",
            superseded=superseded,
        )

    def _line(
        self,
        child_id: int,
        at: datetime,
        summary: str,
        source_type: str,
        source_id: int,
        user: User,
        significant: bool = False,
    ) -> None:
        self.chronology.add(
            child_id=child_id,
            occurred_on=at.date(),
            category=CATEGORY,
            summary=summary[:500],
            significant=significant,
            source_type=source_type,
            source_id=str(source_id),
            recorded_at=at,
            recorded_by_id=user.pk,
        )

    def flush(self) -> None:
        for table in self.tables:
            table.flush()


def _source_for(ctx: Context, route: str) -> str:
    if route == ContactRoute.POLICE:
        return "6"
    if route == ContactRoute.STEP_UP:
        return "5D"
    if route == ContactRoute.TRANSFER_IN:
        return "5C"
    if route == ContactRoute.WALK_IN:
        return ctx.rng.choice(["1A", "1B", "1C", "1D"])
    # Police notifications carry 18 of the police's 28 in every 100; the rest come by phone,
    # email or the portal.
    return ctx.weighted(NON_POLICE_ROUTE_SOURCES)


def _route_for(ctx: Context, source: str) -> str:
    """A route that fits a known source (the inverse of `_source_for`)."""
    if source == "6":
        return ContactRoute.POLICE if ctx.chance(0.7) else ContactRoute.PHONE
    if source == "5D":
        return ContactRoute.STEP_UP
    if source == "5C":
        return ContactRoute.TRANSFER_IN
    if source.startswith("1"):
        return ctx.rng.choice([ContactRoute.PHONE, ContactRoute.WALK_IN, ContactRoute.EMAIL])
    return ctx.weighted(
        [(ContactRoute.PHONE, 30), (ContactRoute.EMAIL, 25), (ContactRoute.PORTAL, 20)]
    )


def _moment(ctx: Context, day: date) -> datetime:
    return ctx.at(weekday_on_or_before(day))


def generate(borough: Borough) -> None:
    ctx = borough.ctx
    rng = ctx.rng
    today = ctx.today
    writer = Writer(borough)
    target = min(round(CONTACTS_PER_MONTH * 12 * borough.scale), CONTACT_CAP)
    year_ago = today - timedelta(days=365)

    # 1. Referrals that opened the CIN episodes of the last year: one contact per family.
    by_family: dict[int, list] = {}
    for referred in borough.referred:
        if referred.referral_date >= year_ago:
            by_family.setdefault(id(referred.household), []).append(referred)
    plans: list[ContactPlan] = []
    stepped_up_episodes: list[int] = []
    for group in by_family.values():
        household = group[0].household
        day = min(r.referral_date for r in group)
        kind = family_kind(household.plan.team_key)
        strategy = kind == "safeguarding" and ctx.chance(0.35)
        # The service copies the contact's source to the CIN episode, and the route fits the
        # source: a step-up from early help is referred by early help (5D) on both.
        step_up = ctx.chance(0.12)
        source = "5D" if step_up else group[0].source
        if step_up:
            stepped_up_episodes.extend(r.episode_id for r in group)
            for r in group:
                r.source = source
        plans.append(
            ContactPlan(
                received=_moment(ctx, day),
                outcome=Outcome.STRATEGY_DISCUSSION if strategy else Outcome.CIN_REFERRAL,
                children=[r.child_id for r in group],
                referred=group,
                route=ContactRoute.STEP_UP if step_up else _route_for(ctx, source),
                source=source,
            )
        )

    # 2. Contacts about children already open (recorded on the open case).
    open_children = [
        (child.id, household.segments[-1].start)
        for household in borough.households
        if household.segments and household.plan.team_key != "mash"
        for child in household.children
        if child.date_of_birth is not None
    ]
    remaining = max(0, target - len(plans))
    open_case = round(target * 0.25)
    for _ in range(min(open_case, remaining)):
        child_id, since = rng.choice(open_children)
        day = today - timedelta(days=rng.randint(1, min(364, max(1, (today - since).days))))
        plans.append(
            ContactPlan(
                received=_moment(ctx, max(day, since)),
                outcome=ctx.weighted([*OTHER_OUTCOMES, (Outcome.CIN_REFERRAL, 20)]),
                children=[child_id],
                about_open_case=True,
            )
        )

    # 3. Children not otherwise known: no further action, advice, early help.
    remaining = max(0, target - len(plans))
    for _ in range(remaining):
        day = today - timedelta(days=rng.randint(1, 364))
        received = _moment(ctx, day)
        plans.append(
            ContactPlan(
                received=received,
                outcome=ctx.weighted(OTHER_OUTCOMES),
                children=writer.new_children(received.date()),
            )
        )

    # 4. Open contacts: the queue today; a few are past their working day.
    open_count = max(3, min(round(OPEN_CONTACTS * borough.scale), 600))
    for index in range(open_count):
        overdue = ctx.chance(0.08) or index == 0
        days = rng.randint(2, 6) if overdue else rng.choice((0, 0, 1))
        day = add_working_days(today, -days) if days else weekday_on_or_before(today)
        received = ctx.at(day, rng.randint(8, 11) if day == today else None)
        status = ctx.weighted(
            [
                (ContactStatus.NEW, 30),
                (ContactStatus.SCREENING, 50),
                (ContactStatus.AWAITING_AUTHORISATION, 20),
            ]
        )
        about_open = ctx.chance(0.2)
        plans.append(
            ContactPlan(
                received=received,
                outcome=ctx.weighted([*OTHER_OUTCOMES, (Outcome.CIN_REFERRAL, 20)]),
                children=[rng.choice(open_children)[0]]
                if about_open
                else writer.new_children(received.date()),
                about_open_case=about_open,
                status=status,
            )
        )

    CINEpisode.objects.filter(pk__in=stepped_up_episodes).update(referral_source="5D")
    plans.sort(key=lambda p: p.received)
    duplicates = 0
    for plan in plans:
        pk = writer.write(plan)
        if plan.referred and plan.route == ContactRoute.STEP_UP:
            for r in plan.referred:
                borough.step_ups.append((r.child_id, pk, r.referral_date))
        if plan.status == ContactStatus.DECIDED and ctx.chance(0.08):
            duplicates += 1
            _duplicate(writer, plan, pk, merged=duplicates % 2 == 0)
    writer.flush()
    reset_sequences(writer.tables)
    ctx.counts.add("front_door_children", writer.people.written)
    ctx.counts.add("contacts", writer.contact.written)
    ctx.counts.add("referrals", writer.referral.written)
    ctx.counts.add("threshold_decisions", writer.decision.written)
    ctx.counts.add("mash_checks", writer.check.written)
    ctx.counts.add("chronology_entries", writer.chronology.written)


def _duplicate(writer: Writer, original: ContactPlan, original_pk: int, *, merged: bool) -> None:
    """A second contact about the same children within a few days: merged into the first,
    or flagged as a possible duplicate and decided on its own."""
    ctx, rng = writer.ctx, writer.ctx.rng
    if merged:  # while the first was still open
        received = original.received + timedelta(minutes=rng.randint(5, 25))
    else:
        received = original.received + timedelta(hours=rng.randint(1, 6 * 24))
    if received > writer.now - timedelta(minutes=10):
        return
    worker = rng.choice(writer.practitioners)
    route = ctx.weighted(ROUTES)
    source = _source_for(ctx, route)
    referrer = REFERRERS[source.rstrip("ABCDEF")]
    pk = writer.contact.add(
        route=route,
        status=ContactStatus.MERGED if merged else ContactStatus.DECIDED,
        received_at=received,
        referral_source=source,
        referrer_name=referrer[0],
        referrer_agency=referrer[1],
        referrer_role=referrer[2],
        concern=rng.choice(CONCERNS),
        consent_status=ConsentStatus.GIVEN,
        consent_recorded_by_id=worker.pk,
        consent_recorded_at=received,
        worker_id=worker.pk,
        created_by_id=worker.pk,
        possible_duplicate_of_id=original_pk,
        merged_into_id=original_pk if merged else None,
        created_at=received,
        updated_at=received,
    )
    writer._status(pk, ContactStatus.NEW, "Received", received, worker)
    later = received + timedelta(minutes=rng.randint(1, 4))
    if merged:
        writer._status(pk, ContactStatus.MERGED, f"Merged into C{original_pk:06d}", later, worker)
    else:
        writer._status(pk, ContactStatus.SCREENING, "Picked up", later, worker)
        writer._decision(pk, Outcome.INFORMATION_ADVICE, 1, worker, later, applied=later)
        writer._status(pk, ContactStatus.AWAITING_AUTHORISATION, "Proposed", later, worker)
        writer._status(pk, ContactStatus.DECIDED, "Decided", later, writer.manager)
    for child_id in original.children:
        recorded = (
            RecordedAs.OPEN_CASE
            if (original.referred or original.about_open_case)
            else (RecordedAs.CLOSED)
        )
        writer.person.add(
            contact_id=pk, person_id=child_id, is_subject_child=True, recorded_as=recorded
        )
        writer._line(
            child_id,
            received,
            f"Contact C{pk:06d} received by {ContactRoute(route).label.lower()} from "
            f"{referrer[1] or referrer[0]}",
            "front_door.contact",
            pk,
            worker,
        )
