"""Children in care for the synthetic borough, written through the services (so every record
obeys the SSDA903 entry rules and lands on the chronology and audit trail).

The demo generator has no registry of pathway generators, so this runs after the borough is
built: `children_in_care_demo(today=...)` picks children allocated to the Children in Care
teams with no period of care yet and gives each one of these scenarios in turn:

    0  section 20 (V2), in-house foster carers; care plan, placement plan, visits and both
       reviews on time, permanence plan (return home, long-term fostering in parallel)
    1  interim then full care order (C1 -> C2), move to an agency foster home out of the
       borough (reason CREQB); first review late, second review overdue, no permanence plan
    2  police protection (L1) for two days, then section 20; returned home (E4A)
    3  placement order (E1), placed for adoption with the current foster carers (A5)
    4  full care order in a private children's home out of the borough (K2); the IRO's
       challenge about drift is at formal stage 1
    5  interim care order, placed with parents (P1, PR0): weekly visits until the first review
    6  a temporary hospital stay (T1) and back to the same foster home

Postcodes are real (from the ONS Postcode Directory the placement-distance code reads), so
exported returns validate. All dates are in the past relative to `today`.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from hearth.accounts.models import Role, User
from hearth.casework.models import Allocation, CaseNoteType
from hearth.casework.services import case_note_finalise
from hearth.children_in_care import postcodes, services
from hearth.children_in_care.models import (
    PeriodOfCare,
    PermanenceOption,
    Provider,
    ProviderKind,
)
from hearth.children_in_care.services import ActionInput, DecisionInput
from hearth.children_in_care.validation import Placement
from hearth.timescales.calendar import add_working_days, is_working_day

SCENARIOS = 7
# Real postcodes: the responsible authority (Newham), and other areas for out-of-borough homes.
# None is a placement's postcode: the 903 rules refuse a placement at the home postcode.
HOME_POSTCODES = ("E15 4HT", "E13 9PJ", "E6 1AB", "E7 9AB", "E12 5AB")
HOSPITAL_POSTCODE = "E1 1BB"
PROVIDERS = (
    (
        "The Adeyemi household",
        ProviderKind.IN_HOUSE_FOSTER,
        "PR1",
        "SC100001",
        "E13 8SL",
        0,
        12,
        2,
        1,
    ),
    (
        "The Okonjo household",
        ProviderKind.IN_HOUSE_FOSTER,
        "PR1",
        "SC100002",
        "E16 2QU",
        5,
        17,
        3,
        0,
    ),
    (
        "Bright Futures Fostering",
        ProviderKind.AGENCY_FOSTER,
        "PR4",
        "SC200001",
        "CM2 0HU",
        0,
        17,
        6,
        0,
    ),
    (
        "Riverside Children's Home",
        ProviderKind.CHILDRENS_HOME,
        "PR4",
        "SC300001",
        "SE1 7PB",
        11,
        17,
        4,
        0,
    ),
)


SCHOOLS = ("Synthetic Park Primary", "Synthetic Lane Academy", "Synthetic Hill School")


def _weekday(on: date) -> date:
    while not is_working_day(on):
        on -= timedelta(days=1)
    return on


def providers() -> dict[str, Provider]:
    """The demo's carers and providers (created once)."""
    found: dict[str, Provider] = {}
    for name, kind, code, urn, postcode, age_from, age_to, capacity, beds in PROVIDERS:
        provider, _ = Provider.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "provider_code": code,
                "urn": urn,
                "postcode": postcode,
                "approved_on": date(2021, 9, 1),
                "age_from": age_from,
                "age_to": age_to,
                "capacity": capacity,
                "emergency_beds": beds,
            },
        )
        found[name] = provider
    return found


class _Story:
    def __init__(
        self, child: Any, worker: User, manager: User, iro: User, today: date, rng: random.Random
    ) -> None:
        self.child, self.worker, self.manager, self.iro = child, worker, manager, iro
        self.today, self.rng = today, rng
        self.home = self._home_postcode()
        self.period: PeriodOfCare | None = None

    def _home_postcode(self) -> str:
        """The child's home postcode, never one of the placements' (which the 903 rules
        refuse: home and placement postcodes must differ unless placed with parents)."""
        taken = {p[4] for p in PROVIDERS} | {HOSPITAL_POSTCODE}
        address = self.child.addresses.filter(end_date__isnull=True).first()
        if address is not None:
            try:
                found = postcodes.lookup(address.postcode).postcode
            except postcodes.PostcodeError:
                found = ""
            if found and found not in taken:
                return found
        return self.rng.choice(HOME_POSTCODES)

    def ago(self, days: int) -> date:
        return _weekday(self.today - timedelta(days=days))

    def start(
        self, days_ago: int, legal_status: str, placement: Placement, need: str = "N1"
    ) -> PeriodOfCare:
        on = self.ago(days_ago)
        self.period = services.care_period_start(
            user=self.worker,
            child=self.child,
            start_date=on,
            decision_by=self.manager,
            decision_date=on,
            decision_reason="Synthetic: the child cannot live safely at home at present.",
            legal_status=legal_status,
            category_of_need=need,
            placement=placement,
            home_postcode=self.home,
            iro=self.iro,
        )
        return self.period

    def plans(self, care_after_wd: int = 6, placement_after_wd: int = 3) -> None:
        assert self.period is not None
        services.care_plan_record(
            user=self.worker,
            period=self.period,
            agreed_on=add_working_days(self.period.start_date, care_after_wd),
            summary="Synthetic: safe, stable care while the family is assessed.",
            child_wishes="Synthetic: wants to see mum and stay at the same school.",
            actions=[
                ActionInput(
                    "Arrange family time",
                    "Social worker",
                    self.period.start_date + timedelta(days=21),
                )
            ],
        )
        episode = self.period.episodes.order_by("-decom").first()
        services.placement_plan_record(
            user=self.worker,
            episode=episode,
            agreed_on=add_working_days(episode.placement_started_on, placement_after_wd),
            agreed_with_carer=True,
            summary="Synthetic: carers support school and family time.",
            actions=[
                ActionInput(
                    "School transport", "Carer", episode.placement_started_on + timedelta(days=14)
                )
            ],
        )

    def review(self, on: date, *, permanence: dict | None = None) -> None:
        assert self.period is not None
        age = (on - self.child.date_of_birth).days // 365 if self.child.date_of_birth else 10
        services.review_record(
            user=self.worker,
            period=self.period,
            held_on=_weekday(on),
            iro=self.iro,
            attendance="Synthetic: child, carer, social worker, IRO",
            participation="PN0" if age < 4 else self.rng.choice(["PN1", "PN1", "PN2", "PN5"]),
            views_sought="too_young" if age < 4 else "met_iro",
            child_views="Synthetic: I feel safe here. I want to see my brother more.",
            decisions=[
                DecisionInput("Review family time", "Social worker", on + timedelta(days=28))
            ],
            permanence=permanence,
            life_story_status=self.rng.choice(["not_started", "in_progress", "in_progress"]),
        )

    def visit(self, on: date) -> None:
        """A statutory visit through the case note service (so it lands on the chronology),
        with the child's bedroom recorded as seen (reg 28)."""
        note = case_note_finalise(
            user=self.worker,
            child=self.child,
            data={
                "note_type": CaseNoteType.STATUTORY_VISIT,
                "contact_date": _weekday(on),
                "subject": "Statutory visit",
                "body": "Synthetic: saw the child alone and their bedroom.",
                "child_seen": True,
                "child_seen_alone": True,
            },
        )
        services.cla_visit_record(
            user=self.worker, case_note=note, bedroom_seen=True, bedroom_notes="Synthetic: tidy"
        )

    def health_and_education(self, *, missing_health: bool = False) -> None:
        """Health checks and a PEP for a child looked after now; `missing_health` leaves the
        initial health assessment and dental check undone (for the due and overdue lists)."""
        period = self.period
        assert period is not None
        start = period.start_date
        age = (self.today - self.child.date_of_birth).days // 365
        if self.today - start < timedelta(days=45):
            return  # too new: everything is still due
        if not missing_health:
            services.health_assessment_record(
                user=self.worker,
                period=period,
                kind="initial",
                completed_on=_weekday(add_working_days(start, 15)),
                practitioner="Synthetic: Dr A Patel, community paediatrician",
                outcome="Synthetic: well; eyesight test and dentist needed.",
            )
            if self.today - start > timedelta(days=200):
                services.health_assessment_record(
                    user=self.worker,
                    period=period,
                    kind="review",
                    completed_on=self.ago(30),
                    practitioner="Synthetic: LAC nurse",
                    outcome="Synthetic: well.",
                )
            services.health_check_record(
                user=self.worker,
                child=self.child,
                kind="dental",
                checked_on=self.ago(self.rng.randint(20, 120)),
                up_to_date=True,
            )
        services.health_check_record(
            user=self.worker,
            child=self.child,
            kind="immunisations",
            checked_on=_weekday(start + timedelta(days=10)),
            up_to_date=self.rng.random() < 0.8,
        )
        sdq_on = _weekday(start + timedelta(days=30))
        sdq_age = (sdq_on - self.child.date_of_birth).days // 366
        if 4 <= sdq_age <= 15:
            services.sdq_record(
                user=self.worker,
                child=self.child,
                completed_on=sdq_on,
                score=self.rng.randint(6, 26),
            )
        if age >= 3:
            services.school_placement_record(
                user=self.worker,
                child=self.child,
                school_name=self.rng.choice(SCHOOLS),
                school_urn="",
                started_on=date(self.today.year - 1, 9, 2),
            )
            services.pep_record(
                user=self.worker,
                period=period,
                held_on=_weekday(add_working_days(start, 8)),
                virtual_school_attended=True,
                child_views="Synthetic: I want to stay at my school.",
                targets="Synthetic: reading at expected level by the summer; tutor funded.",
            )


def _foster(provider: Provider, place: str = "U6") -> Placement:
    return Placement(place=place, provider=provider)


def _scenario(s: _Story, number: int, homes: dict[str, Provider]) -> None:
    in_house, second, agency, home = (homes[p[0]] for p in PROVIDERS)
    twin = {
        "plan": PermanenceOption.RETURN_HOME,
        "contingency": PermanenceOption.LONG_TERM_FOSTERING,
        "rationale": "Synthetic: parents engaging with the parenting assessment.",
    }
    if number == 0:
        period = s.start(200, "V2", _foster(in_house))
        s.plans()
        s.health_and_education()
        services.placement_match_record(
            user=s.worker,
            episode=period.episodes.get(),
            levels={
                "culture": "met",
                "religion": "met",
                "language": "met",
                "disability": "met",
                "education": "met",
                "contact": "partly",
                "siblings": "not_met",
            },
            notes="Synthetic: weekly family time with her brother at the family centre.",
        )
        s.visit(period.start_date + timedelta(days=5))
        s.review(add_working_days(period.start_date, 18))
        s.visit(period.start_date + timedelta(days=40))
        s.review(period.start_date + timedelta(days=100), permanence=twin)
        s.visit(s.today - timedelta(days=20))
    elif number == 1:
        period = s.start(170, "C1", _foster(second))
        s.plans(care_after_wd=14)
        s.health_and_education(missing_health=True)
        services.legal_status_change(user=s.worker, period=period, on=s.ago(120), legal_status="C2")
        services.placement_change(
            user=s.worker,
            period=period,
            on=s.ago(100),
            placement=_foster(agency),
            reason_place_change="CREQB",
            notice_given_on=s.ago(101),
        )
        s.review(add_working_days(period.start_date, 26))  # late
        s.visit(s.ago(95))
    elif number == 2:
        period = s.start(60, "L1", _foster(in_house))
        services.legal_status_change(
            user=s.worker,
            period=period,
            on=period.start_date + timedelta(days=2),
            legal_status="V2",
        )
        s.visit(period.start_date + timedelta(days=4))
        services.care_period_end(
            user=s.worker, period=period, on=s.ago(20), reason_episode_ceased="E4A"
        )
    elif number == 3:
        period = s.start(400, "C2", _foster(in_house, "U6"), need="N1")
        s.plans()
        s.health_and_education()
        s.review(add_working_days(period.start_date, 15))
        s.review(
            period.start_date + timedelta(days=85),
            permanence={**twin, "plan": PermanenceOption.ADOPTION},
        )
        # The agency decision maker's decision comes before the placement order (SSDA903
        # rules 551 and 553), which makes the legal status E1.
        from hearth.adoption import services as adoption

        journey = adoption.adoption_decision_record(
            user=s.worker,
            child=s.child,
            decision_on=s.ago(200),
            decision_maker="Synthetic agency decision maker (Head of Service)",
        )
        adoption.placement_order_record(user=s.worker, journey=journey, on=s.ago(150))
        services.placement_change(
            user=s.worker,
            period=period,
            on=s.ago(60),
            placement=Placement(place="A5", provider=in_house),
            reason_place_change="CARPL",
            same_carer=True,
        )
        s.review(s.ago(40))
        s.visit(s.ago(25))
    elif number == 4:
        period = s.start(250, "C2", Placement(place="K2", provider=home), need="N4")
        s.plans()
        s.health_and_education(missing_health=s.rng.random() < 0.5)
        s.review(add_working_days(period.start_date, 19))
        s.review(
            period.start_date + timedelta(days=88),
            permanence={
                **twin,
                "plan": PermanenceOption.RESIDENTIAL,
                "contingency": PermanenceOption.LONG_TERM_FOSTERING,
            },
        )
        s.visit(s.ago(70))
        challenge = services.iro_challenge_raise(
            user=s.iro,
            period=period,
            raised_on=s.ago(45),
            issue="Synthetic: visits have drifted beyond 6 weeks.",
            addressed_to="Social worker",
        )
        services.iro_challenge_escalate(
            user=s.iro,
            challenge=challenge,
            on=s.ago(30),
            outcome="Synthetic: no visit arranged.",
            addressed_to="Team manager",
        )
    elif number == 5:
        period = s.start(12, "C1", Placement(place="P1", place_provider="PR0", postcode=s.home))
        s.visit(period.start_date + timedelta(days=6))
    else:
        period = s.start(90, "V2", _foster(second))
        s.plans()
        s.health_and_education()
        s.review(add_working_days(period.start_date, 17))
        services.placement_change(
            user=s.worker,
            period=period,
            on=s.ago(50),
            placement=Placement(place="T1", postcode=HOSPITAL_POSTCODE),
            reason_place_change="",
        )
        services.placement_change(
            user=s.worker,
            period=period,
            on=s.ago(45),
            placement=_foster(second),
            reason_place_change="",
        )
        s.visit(s.ago(10))


def children_in_care_demo(
    *,
    today: date | None = None,
    seed: int = 2026,
    limit: int = 70,
    log: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Give up to `limit` children allocated to the Children in Care teams a care history.
    Returns how many children had each scenario."""
    when = today or timezone.localdate()
    if when > timezone.localdate():
        raise ValueError("The demo date must not be after today: services refuse future dates")
    rng = random.Random(seed)
    iro = User.objects.filter(role=Role.IRO, is_active=True).order_by("pk").first()
    if iro is None:
        raise ValueError("The borough has no IRO to chair reviews")
    fallback_manager = (
        User.objects.filter(role=Role.TEAM_MANAGER, is_active=True).order_by("pk").first()
    )
    allocations = (
        Allocation.objects.current(when)
        .filter(team__name__startswith="Children in Care", worker__isnull=False)
        .filter(
            child__date_of_birth__isnull=False,
            child__date_of_birth__lte=when - timedelta(days=3 * 365),
            child__date_of_birth__gt=when - timedelta(days=16 * 365),
        )
        .exclude(Exists(PeriodOfCare.objects.filter(child=OuterRef("child"))))
        .select_related("child", "worker", "team__manager")
        .order_by("child_id")[:limit]
    )
    counts = {f"scenario_{n}": 0 for n in range(SCENARIOS)}
    with transaction.atomic():
        homes = providers()
        if fallback_manager is not None:
            service_records(today=when, manager=fallback_manager, homes=homes, rng=rng)
        for index, allocation in enumerate(list(allocations)):
            number = index % SCENARIOS
            manager = allocation.team.manager or fallback_manager
            story = _Story(allocation.child, allocation.worker, manager, iro, when, rng)
            _scenario(story, number, homes)
            counts[f"scenario_{number}"] += 1
    if log:
        log(f"Children in care demo: {sum(counts.values())} children ({counts})")
    return counts


def service_records(
    *, today: date, manager: User, homes: dict[str, Provider], rng: random.Random
) -> None:
    """Carer training and support, foster carer recruitment by source (with the applicants
    who left and why) and the Children in Care Council, once per borough."""
    from hearth.children_in_care.models import CouncilMeeting, FosteringEnquiry

    if FosteringEnquiry.objects.exists() or CouncilMeeting.objects.exists():
        return
    for provider in homes.values():
        if provider.kind != ProviderKind.IN_HOUSE_FOSTER:
            continue
        services.carer_record_add(
            user=manager,
            provider=provider,
            kind="training",
            on=_weekday(today - timedelta(days=90)),
            notes="Synthetic: therapeutic parenting course, two days.",
        )
        services.carer_record_add(
            user=manager,
            provider=provider,
            kind="support",
            on=_weekday(today - timedelta(days=20)),
            notes="Synthetic: supervising social worker visit; out-of-hours line explained.",
        )
    journeys = (
        ("website", ["initial_visit", "stage_1", "stage_2", "panel", "approved"], ""),
        ("website", ["initial_visit", "left"], "not_ready"),
        ("event", ["initial_visit", "stage_1", "left"], "agency"),
        ("event", ["initial_visit", "stage_1", "stage_2"], ""),
        ("word_of_mouth", ["initial_visit", "stage_1", "stage_2", "panel", "approved"], ""),
        ("word_of_mouth", ["initial_visit", "stage_1", "stage_2", "panel"], ""),
        ("social_media", ["left"], "no_contact"),
        ("social_media", ["left"], "no_contact"),
        ("social_media", ["initial_visit"], ""),
        ("advert", ["left"], "circumstances"),
    )
    for n, (source, stages, reason) in enumerate(journeys):
        on = _weekday(today - timedelta(days=300 - n * 7))
        enquiry = services.fostering_enquiry_record(
            user=manager,
            household=f"Synthetic applicant household {n + 1}",
            source=source,
            enquired_on=on,
            interested_in_ages=rng.choice(["0 to 4", "5 to 11", "11 to 17", "Any"]),
        )
        for stage in stages:
            on = _weekday(on + timedelta(days=28))
            if on > today:
                break
            services.fostering_enquiry_progress(
                user=manager, enquiry=enquiry, stage=stage, on=on, left_reason=reason
            )
    first = services.council_meeting_record(
        user=manager,
        held_on=_weekday(today - timedelta(days=70)),
        attendance=12,
        notes="Synthetic: reviews, pocket money and keeping in touch with brothers and sisters.",
        issues=[
            services.IssueInput("Synthetic: reviews are held in school time", "Head of IROs"),
            services.IssueInput(
                "Synthetic: pocket money differs between carers", "Head of fostering"
            ),
        ],
    )
    services.council_issue_respond(
        user=manager,
        issue=first.issues.order_by("pk").first(),
        response="Synthetic: reviews are now offered after school or in the holidays.",
        responded_on=_weekday(today - timedelta(days=40)),
    )
    services.council_meeting_record(
        user=manager,
        held_on=_weekday(today - timedelta(days=10)),
        attendance=9,
        notes="Synthetic: Wi-Fi and phones in placements.",
        issues=[services.IssueInput("Synthetic: Wi-Fi in every placement", "Director")],
    )


def annual_sdqs_demo(
    *,
    today: date | None = None,
    seed: int = 2026,
    limit: int = 0,
    log: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """The yearly SDQ for every child in the borough's periods of care (whichever demo wrote
    them): a month after entering care and then every year while still looked after, a score
    from 4 to 16 and SDQ1 at 17 (SSDA903 rules 186 and 197B). A year that already has one is
    left alone. Runs after the other care demos; `limit` is unused (every period counts)."""
    from hearth.children_in_care.models import SDQ, age_on
    from hearth.timescales.rules import add_months

    when = today or timezone.localdate()
    rng = random.Random(seed)
    done: dict[int, list[date]] = {}
    for child_id, on in SDQ.objects.values_list("child_id", "completed_on"):
        done.setdefault(child_id, []).append(on)
    made = 0
    with transaction.atomic():
        periods = PeriodOfCare.objects.select_related("child", "decision_by").order_by("pk")
        for period in periods:
            born = period.child.date_of_birth
            if born is None:
                continue
            last = min(period.end_date or when, when)
            first = _weekday(period.start_date + timedelta(days=30))
            dues = [_weekday(first + timedelta(days=365 * n)) for n in range(30)]
            # A child who turns 4 in care has the first one soon after the birthday.
            fourth = _weekday(add_months(born, 48) + timedelta(days=30))
            for due in sorted({*dues, fourth} if fourth > first else set(dues)):
                if due > last:
                    break
                age = age_on(born, due)
                recent = any(abs((due - on).days) < 300 for on in done.get(period.child_id, []))
                if age is not None and age >= 4 and not recent:
                    services.sdq_record(
                        user=period.decision_by,
                        child=period.child,
                        completed_on=due,
                        score=rng.randint(6, 26) if age <= 16 else None,
                        reason="" if age <= 16 else "SDQ1",
                    )
                    done.setdefault(period.child_id, []).append(due)
                    made += 1
    if log:
        log(f"Annual SDQs: {made}")
    return {"sdqs": made}
