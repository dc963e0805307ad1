"""Care leavers for the synthetic borough, written through the services (the care history
through the children in care services, so eligibility is derived, never typed in).

`care_leavers_demo(today=..., seed=..., limit=...)` takes young people allocated to the
Leaving Care Team (18 to 25) and children allocated to the Children in Care teams aged 15
and a half to 17, gives each a care history and one of these scenarios in turn:

    0  former relevant, staying put with former foster carers (Z1), higher education (F1),
       HE bursary, plan in date, seen recently
    1  former relevant, not in touch for five months (escalated), plan overdue, NEET (G5)
    2  former relevant with no adviser (the adviser left): unallocated
    3  former relevant in custody (X2): change of accommodation prompts a plan review
    4  former relevant who became a parent (G6), setting-up-home allowance, in touch
    5  former relevant aged 21+ who asked for support to 25, apprenticeship (F4)
    6  qualifying: looked after for 8 weeks after 16
and, for children in care:
    7  eligible (16 or 17, in care for over a year): adviser allocated with a joint visit
    8  approaching leaving care (15 and a half): no adviser yet
    9  relevant (left care at 17 to semi-independent accommodation), adviser allocated with
       no joint visit and the reason, not seen for ten weeks; or (the first two in every
       three) the adviser allocated two months before leaving care: the second has had the
       case moved to the adviser, the first still shows that it should move
   10  relevant by detention: looked after from 15 (section 20), sentenced to custody (E9)
       before their 16th birthday and still there on it (Care Leavers Regulations 2010 reg 3)
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from hearth.accounts.models import Role, ServiceKind, User
from hearth.care_leavers import rules, services
from hearth.care_leavers.services import ActionInput, SectionInput
from hearth.casework.models import Allocation
from hearth.children_in_care import services as cic
from hearth.children_in_care.models import PeriodOfCare
from hearth.children_in_care.validation import Placement

HOME_POSTCODES = ("E15 4HT", "E13 9PJ", "E6 1AB")
LEAVER_SCENARIOS = 7


def _home(rng: random.Random) -> str:
    return rng.choice(HOME_POSTCODES)


def _placement() -> Placement:
    from hearth.children_in_care.demo import providers

    return Placement(place="U1", provider=providers()["The Okonjo household"])


def _care(
    child: Any,
    worker: User,
    manager: User,
    start: date,
    end: date | None,
    rec: str,
    rng: random.Random,
    legal_status: str = "C2",
) -> PeriodOfCare:
    period = cic.care_period_start(
        user=worker,
        child=child,
        start_date=start,
        decision_by=manager,
        decision_date=start,
        decision_reason="Synthetic: the young person could not live safely at home.",
        legal_status=legal_status,
        category_of_need="N1",
        placement=_placement(),
        home_postcode=_home(rng),
    )
    if end is not None:
        period = cic.care_period_end(user=worker, period=period, on=end, reason_episode_ceased=rec)
    return period


def _plan(adviser: User, child: Any, on: date, reason: str = "first") -> None:
    services.pathway_plan_record(
        user=adviser,
        young_person=child,
        plan_date=on,
        reason=reason,
        young_persons_views="Synthetic: I want somewhere settled and to finish my course.",
        sections=[
            SectionInput(
                "accommodation",
                "Synthetic: stay where they are; apply for a tenancy at 19.",
                "I feel safe here.",
                [
                    ActionInput(
                        "Housing register application", "Personal adviser", on + timedelta(days=60)
                    )
                ],
            ),
            SectionInput(
                "eet",
                "Synthetic: keep on the course; bursary in place.",
                "I want to be a nurse.",
                [
                    ActionInput(
                        "Check attendance with the college",
                        "Personal adviser",
                        on + timedelta(days=30),
                    )
                ],
            ),
            SectionInput("health", "Synthetic: registered with a GP and dentist."),
            SectionInput("money", "Synthetic: budgeting plan; universal credit claim in place."),
            SectionInput(
                "contingency",
                "Synthetic: if the tenancy fails, supported lodgings with the same provider.",
            ),
        ],
    )


def _contact(
    adviser: User, child: Any, on: date, method: str = "face_to_face", outcome: str = "in_touch"
) -> None:
    services.contact_record(
        user=adviser,
        young_person=child,
        contact_on=on,
        method=method,
        initiated_by="adviser",
        outcome=outcome,
        notes="Synthetic contact.",
    )


def _accommodation(
    adviser: User, child: Any, on: date, kind: str, suitable: bool = True, **extra: Any
) -> None:
    services.accommodation_record(
        user=adviser,
        young_person=child,
        start_date=on,
        accommodation_type=kind,
        suitable=suitable,
        suitability_reason="Synthetic: meets their needs and is near college."
        if suitable
        else "Synthetic: not suitable for their needs.",
        **extra,
    )


def _activity(adviser: User, child: Any, on: date, code: str) -> None:
    services.activity_record(
        user=adviser,
        young_person=child,
        start_date=on,
        code=code,
        neet_reason="Synthetic: left college; looking for work." if code.startswith("G") else "",
        provider="" if code.startswith("G") else "Synthetic College",
    )


def _allocate(manager: User, adviser: User, child: Any, on: date, joint: bool = True) -> None:
    services.adviser_allocate(
        user=manager,
        young_person=child,
        adviser=adviser,
        start_date=on,
        joint_visit_on=on if joint else None,
        joint_visit_attended="Social worker, personal adviser and the young person"
        if joint
        else "",
        no_joint_visit_reason=""
        if joint
        else "Synthetic: the social worker left before the handover.",
    )


def _days_ago(today: date, days: int) -> date:
    return today - timedelta(days=days)


def _leaver(  # noqa: PLR0915 - one scenario per branch, read top to bottom
    number: int, child: Any, adviser: User, manager: User, today: date, rng: random.Random
) -> None:
    born = child.date_of_birth
    b16, b18 = rules.birthday(born, 16), rules.birthday(born, 18)
    if number == 6:  # qualifying: 8 weeks in care after 16
        start = b16 + timedelta(days=60)
        _care(child, manager, manager, start, start + timedelta(days=56), "E13", rng)
        _allocate(manager, adviser, child, max(start + timedelta(days=56), _days_ago(today, 400)))
        _contact(adviser, child, _days_ago(today, 20), method="phone")
        return
    leaves_on = b18
    _care(child, manager, manager, rules.birthday(born, 15), leaves_on, "E17", rng)
    allocated = max(b18 - timedelta(days=180), _days_ago(today, 700))
    if number != 2:
        _allocate(manager, adviser, child, allocated)
    if number in (0, 3, 4, 5):  # in touch around the latest birthday (SSDA903 OC3)
        latest = rules.birthday(born, rules.age_on(born, today))
        if latest - timedelta(days=10) > allocated:
            _contact(adviser, child, latest - timedelta(days=10), method="phone")
    if number == 0:
        _accommodation(adviser, child, b18, "Z")
        _activity(adviser, child, b18, "F1")
        services.entitlement_record(
            user=adviser,
            young_person=child,
            kind="he_bursary",
            given_on=_days_ago(today, 190),
            amount=Decimal("2000"),
        )
        _plan(adviser, child, _days_ago(today, 60))
        _contact(adviser, child, _days_ago(today, 14))
    elif number == 1:
        _accommodation(adviser, child, b18, "U")
        _activity(adviser, child, b18, "G5")
        _plan(adviser, child, _days_ago(today, 260))
        _contact(adviser, child, _days_ago(today, 150), method="phone")
        _contact(adviser, child, _days_ago(today, 60), method="message", outcome="no_response")
    elif number == 2:
        _accommodation(manager, child, b18, "D")
        _activity(manager, child, b18, "F2")
    elif number == 3:
        _accommodation(adviser, child, b18, "D")
        _activity(adviser, child, b18, "P5")
        _plan(adviser, child, _days_ago(today, 90))
        _accommodation(adviser, child, _days_ago(today, 40), "X", suitable=False)
        _contact(adviser, child, _days_ago(today, 30))
    elif number == 4:
        _accommodation(adviser, child, b18, "U")
        _activity(adviser, child, b18, "F5")
        _activity(adviser, child, _days_ago(today, 120), "G6")
        services.circumstance_change_record(
            user=adviser,
            young_person=child,
            occurred_on=_days_ago(today, 120),
            kind="parenthood",
            description="Synthetic: baby born.",
        )
        services.entitlement_record(
            user=adviser,
            young_person=child,
            kind="setting_up_home",
            given_on=_days_ago(today, 100),
            amount=Decimal("3000"),
        )
        _plan(adviser, child, _days_ago(today, 100), reason="first")
        _contact(adviser, child, _days_ago(today, 25))
    elif number == 5:
        _accommodation(adviser, child, b18, "U")
        _activity(adviser, child, b18, "F4")
        if rules.age_on(born, today) >= 21:
            services.support_request_record(
                user=adviser,
                young_person=child,
                requested_on=max(rules.birthday(born, 21), _days_ago(today, 300)),
            )
        _plan(adviser, child, _days_ago(today, 150))
        _contact(adviser, child, _days_ago(today, 40), method="video")


def _in_care(
    number: int,
    child: Any,
    worker: User,
    manager: User,
    adviser: User,
    today: date,
    rng: random.Random,
    variant: int = 0,
) -> None:
    born = child.date_of_birth
    b16 = rules.birthday(born, 16)
    if number == 7:
        _care(child, worker, manager, _days_ago(today, 420), None, "", rng)
        _allocate(
            manager, adviser, child, max(_days_ago(today, 400), min(b16, _days_ago(today, 30)))
        )
        services.needs_assessment_record(
            user=adviser,
            young_person=child,
            completed_on=min(b16 + timedelta(days=60), _days_ago(today, 20)),
            summary="Synthetic: wants to stay with carers; needs help with money.",
            young_persons_views="Synthetic: I want to stay here until I am 18.",
        )
        _contact(adviser, child, _days_ago(today, 21))
    elif number == 8:
        _care(child, worker, manager, _days_ago(today, 300), None, "", rng)
    elif number == 10:
        detained = b16 - timedelta(days=45)
        _care(child, worker, manager, detained - timedelta(days=150), detained, "E9", rng, "V2")
        services.detention_at_16_record(
            user=worker,
            young_person=child,
            place="custody",
            since=detained,
            notes="Synthetic: sentenced to a detention and training order.",
        )
        _allocate(manager, adviser, child, max(b16, _days_ago(today, 200)), joint=False)
        _accommodation(adviser, child, max(b16, _days_ago(today, 200)), "X", suitable=False)
        _contact(adviser, child, _days_ago(today, 35))
    else:
        start = _days_ago(today, 500)
        leaves = min(max(rules.birthday(born, 17), _days_ago(today, 120)), _days_ago(today, 1))
        if variant % 3 < 2:  # the adviser came first: the case moves when care ends
            period = _care(child, worker, manager, start, None, "", rng)
            _allocate(manager, adviser, child, leaves - timedelta(days=60))
            cic.care_period_end(user=worker, period=period, on=leaves, reason_episode_ceased="E5")
            if variant % 3 == 1:  # moved; the first still shows that it should move
                services.case_move_to_adviser(user=manager, young_person=child)
        else:
            _care(child, worker, manager, start, leaves, "E5", rng)
            _allocate(manager, adviser, child, leaves, joint=False)
        _accommodation(adviser, child, leaves, "D")
        _activity(adviser, child, leaves, "F2")
        _plan(adviser, child, leaves)
        _contact(adviser, child, _days_ago(today, 70))


FIRST_NAMES = (
    "Amara",
    "Jayden",
    "Leah",
    "Kofi",
    "Maya",
    "Ryan",
    "Zainab",
    "Tyler",
    "Ellie",
    "Dami",
    "Chloe",
    "Mohammed",
    "Priya",
    "Callum",
    "Nia",
    "Ibrahim",
)
LAST_NAMES = (
    "Adeyemi",
    "Clarke",
    "Hussain",
    "Nowak",
    "Osei",
    "Patel",
    "Reid",
    "Santos",
    "Thompson",
    "Walsh",
    "Yilmaz",
    "Begum",
    "Mensah",
    "Kowalski",
)
ETHNICITIES = ("WBRI", "BAFR", "AIND", "BCRB", "MWBC", "WOTH", "APKN", "AOTH")


def _upn(index: int, born: date) -> str:
    """A UPN issued by the borough when the young person started school at 5: LA code,
    school number, year of issue and serial, with the DfE check letter."""
    from django.conf import settings

    from hearth.people.identifiers import upn_check_letter

    la = str(settings.HEARTH["LA_CODE"])[-3:]
    body = f"{la}{2100 + index % 40:04d}{(born.year + 5) % 100:02d}{index % 1000:03d}"
    return upn_check_letter("A" + body) + body


def _young_adults(
    count: int, manager: User, advisers: list[User], when: date, rng: random.Random
) -> list[tuple[Any, User]]:
    """Care leavers aged 18 to 24 (the borough's households hold only children): new people
    allocated to an adviser in the leaving care team through the casework service."""
    from hearth.casework.services import allocation_start
    from hearth.people.services import person_create

    made = []
    for index in range(count):
        age_days = int((18.3 + (index * 0.83) % 6.1) * 365)
        if index % LEAVER_SCENARIOS == 6:  # qualifying young people are under 21
            age_days = int(18.3 * 365) + (index * 97) % int(2.5 * 365)
        born = when - timedelta(days=age_days)
        person = person_create(
            user=manager,
            first_name=rng.choice(FIRST_NAMES),
            last_name=rng.choice(LAST_NAMES),
            date_of_birth=born,
            sex=rng.choice("MF"),
            ethnicity=rng.choice(ETHNICITIES),
            uasc=index % 9 == 4,
            # Numbered by the demo (HL: the young adults only this demo adds), not by database id,
            # so the same seed builds the same borough.
            la_child_id=f"HL{index + 1:07d}",
            # They were at school in the borough before care: SSDA903 wants the UPN (442).
            upn=_upn(index, born),
            reason="Synthetic care leaver",
        )
        adviser = advisers[index % len(advisers)]
        assert adviser.team is not None
        allocation_start(
            user=manager,
            child=person,
            team=adviser.team,
            worker=adviser,
            start_date=max(
                rules.birthday(born, 18) - timedelta(days=180), when - timedelta(days=700)
            ),
            reason="Synthetic: leaving care",
        )
        made.append((person, adviser))
    return made


def care_leavers_demo(
    *,
    today: date | None = None,
    seed: int = 2026,
    limit: int = 40,
    log: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Give up to `limit` young people a leaving care story. Returns counts per scenario."""
    when = today or timezone.localdate()
    rng = random.Random(seed)
    advisers = list(
        User.objects.filter(role=Role.PERSONAL_ADVISER, is_active=True, team__isnull=False)
        .select_related("team")
        .order_by("pk")
    )
    if not advisers:
        raise ValueError("The borough has no personal advisers")
    manager = (
        User.objects.filter(
            role=Role.TEAM_MANAGER, managed_teams__service__kind=ServiceKind.LEAVING_CARE
        )
        .order_by("pk")
        .first()
        or User.objects.filter(role=Role.TEAM_MANAGER, is_active=True).order_by("pk").first()
    )
    assert manager is not None
    no_care = ~Exists(PeriodOfCare.objects.filter(child=OuterRef("child")))
    in_care = list(
        Allocation.objects.current(when)
        .filter(worker__isnull=False, child__date_of_birth__isnull=False)
        .filter(
            child__date_of_birth__gt=when - timedelta(days=int(17.6 * 365)),
            child__date_of_birth__lte=when - timedelta(days=int(15.6 * 365)),
        )
        .filter(no_care)
        .select_related("child", "worker", "team__manager")
        .order_by("child_id")[: max(6, limit * 3 // 10)]
    )
    counts = {f"scenario_{n}": 0 for n in range(11)}
    with transaction.atomic():
        leavers = _young_adults(
            max(LEAVER_SCENARIOS, limit * 7 // 10), manager, advisers, when, rng
        )
        for index, (child, adviser) in enumerate(leavers):
            number = index % LEAVER_SCENARIOS
            age = rules.age_on(child.date_of_birth, when)
            if (number == 5 and age < 21) or (number == 6 and age >= 21):
                number = 0
            _leaver(number, child, adviser, manager, when, rng)
            if age >= 21 and number != 5:  # support to 25 on request keeps them open
                services.support_request_record(
                    user=manager,
                    young_person=child,
                    requested_on=max(
                        rules.birthday(child.date_of_birth, 21), when - timedelta(days=90)
                    ),
                )
            counts[f"scenario_{number}"] += 1
        # The 17-year-olds in turn: detained at 16, relevant (three ways), eligible.
        older = relevant = 0
        for index, allocation in enumerate(in_care):
            child = allocation.child
            age = rules.age_on(child.date_of_birth, when)
            number = 8 if age < 16 else 7 if age < 17 else (10, 9, 9, 9, 7)[older % 5]
            variant = relevant
            older += age >= 17
            relevant += number == 9
            team_manager = allocation.team.manager or manager
            _in_care(
                number,
                child,
                allocation.worker,
                team_manager,
                advisers[index % len(advisers)],
                when,
                rng,
                variant,
            )
            counts[f"scenario_{number}"] += 1
    if log:
        log(f"care leavers: {sum(counts.values())} young people")
    return counts
