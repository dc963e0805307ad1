"""Adoption and permanence for the synthetic borough, written through the services (so every
record obeys the 903 rules, and lands on the chronology and audit trail). Runs after the
children in care demo as one line of hearth/demo/generator/pathways.py.

Adopter families are made first, one at each stage of the approval journey (enquiry, stage 1
running late, stage 2, panel, approved and waiting, withdrew, on hold, refused), plus approved
families the children below are matched with. Then children allocated to the Children in Care
teams, aged 3 to 9 with no period of care yet, get one of these in turn:

    0  adopted: care order, decision, placement order, match, placed with their foster
       carers (A5), adoption order (E11) 30 days ago; later-life letter given to the adopters
    1  placement order 200 days ago, no match yet (over the A2 threshold)
    2  matched 20 days ago with approved adopters, not yet placed
    3  fostering for adoption (U5) with adopters approved to foster for adoption
    4  decision reversed: the court did not make a placement order (RD2)
    5  special guardianship order to relative foster carers (E45); previous permanence of a
       sibling-style re-entry is shown by scenario 6
    6  placed for adoption with new adopters (A6) after the placement order; came into care
       after an earlier special guardianship order broke down (PrevPerm P2)

All dates are in the past relative to `today`; postcodes are real (ONS data).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from hearth.accounts.models import Role, User
from hearth.adoption import services
from hearth.adoption.models import AdopterFamily, LeavingReason
from hearth.casework.models import Allocation
from hearth.children_in_care import postcodes
from hearth.children_in_care import services as care
from hearth.children_in_care.models import PeriodOfCare, Provider, ProviderKind
from hearth.children_in_care.validation import Placement
from hearth.timescales.calendar import is_working_day

SCENARIOS = 7
HOME_POSTCODES = ("E15 4HT", "E13 9PJ", "E16 2QU")
FOSTER_HOME = ("The Mensah household", ProviderKind.IN_HOUSE_FOSTER, "PR1", "SC100101", "E13 8SL")
KINSHIP_HOME = ("The Osei family (kinship)", ProviderKind.CONNECTED_PERSON, "PR1", "", "E6 1AB")
ADOPTERS_HOME = ("Adopters' home (synthetic)", ProviderKind.OTHER, "PR1", "XXXXXXX", "SE1 7PB")

FIRST_NAMES = ("Sam", "Alex", "Priya", "Tom", "Grace", "Yusuf", "Leah", "Omar", "Ruth", "Dan")
LAST_NAMES = ("Harper", "Nwosu", "Kaur", "Fletcher", "Begum", "Walsh", "Ahmed", "Clarke")
# (days before today of the enquiry, how many stages reached, how they left if they did).
FAMILY_PLAN: tuple[tuple[int, int, str], ...] = (
    (20, 0, ""),
    (150, 1, ""),  # stage 1 started 4 months ago: over the 2-month timescale
    (200, 4, ""),  # in stage 2
    (260, 6, ""),  # panel held, awaiting the decision
    (400, 7, ""),  # approved, waiting to be matched
    (300, 2, LeavingReason.WITHDREW),
    (250, 4, LeavingReason.ON_HOLD),
    (420, 6, LeavingReason.REFUSED),
)
STAGES = (
    "stage1_started_on",
    "stage1_ended_on",
    "application_on",
    "stage2_started_on",
    "stage2_ended_on",
    "panel_on",
    "approved_on",
)
# Days after the enquiry each stage is reached (stage 1 about 2 months, stage 2 about 4).
STAGE_DAYS = (14, 70, 74, 80, 195, 205, 212)


def _weekday(on: date) -> date:
    while not is_working_day(on):
        on -= timedelta(days=1)
    return on


def _provider(spec: tuple[str, str, str, str, str]) -> Provider:
    name, kind, code, urn, postcode = spec
    provider, _ = Provider.objects.get_or_create(
        name=name,
        defaults={
            "kind": kind,
            "provider_code": code,
            "urn": urn,
            "postcode": postcode,
            "approved_on": date(2020, 1, 6),
            "age_from": 0,
            "age_to": 17,
            "capacity": 2,
        },
    )
    return provider


class _Families:
    """Makes adopter families through the services; hands out approved ones for matches."""

    def __init__(self, worker: User, today: date, rng: random.Random) -> None:
        self.worker, self.today, self.rng = worker, today, rng

    def make(
        self, enquiry_days_ago: int, stages: int, leaving: str = "", *, ffa: bool = False
    ) -> AdopterFamily:
        couple = self.rng.random() < 0.7
        last = self.rng.choice(LAST_NAMES)
        people = [
            services.AdopterInput(self.rng.choice(FIRST_NAMES), last, sex)
            for sex in (("F", "M") if couple else ("F",))
        ]
        family = services.adopter_enquiry_record(
            user=self.worker,
            name=f"The {last} family (synthetic)",
            source=self.rng.choice(["website", "event", "referral", "advert"]),
            enquiry_on=self.today - timedelta(days=enquiry_days_ago),
            sex_code="MF" if couple else "F1",
            legal_status="L11" if couple else "L0",
            adopters=people,
            fostering_for_adoption=ffa,
        )
        for stage, days in list(zip(STAGES, STAGE_DAYS, strict=True))[:stages]:
            on = min(family.enquiry_on + timedelta(days=days), self.today)
            family = services.adopter_stage_record(
                user=self.worker, family=family, stage=stage, on=on
            )
        if leaving:
            last_on = max(d for d in (getattr(family, s) for s in STAGES) if d) if stages else None
            on = min((last_on or family.enquiry_on) + timedelta(days=20), self.today)
            family = services.adopter_leave_record(
                user=self.worker, family=family, on=on, reason=leaving, notes="Synthetic"
            )
        return family

    def approved(self, before: date, *, ffa: bool = False) -> AdopterFamily:
        """A family approved before `before` (enquiry about 8 months earlier)."""
        days_ago = (self.today - before).days + 230
        return self.make(days_ago, len(STAGES), ffa=ffa)


class _Child:
    def __init__(self, allocation: Allocation, manager: User, today: date) -> None:
        self.child, self.worker, self.manager, self.today = (
            allocation.child,
            allocation.worker,
            manager,
            today,
        )
        self.home = self._home()
        self.period: PeriodOfCare | None = None

    def _home(self) -> str:
        address = self.child.addresses.filter(end_date__isnull=True).first()
        if address is not None:
            try:
                return postcodes.lookup(address.postcode).postcode
            except postcodes.PostcodeError:
                pass
        return HOME_POSTCODES[self.child.pk % len(HOME_POSTCODES)]

    def ago(self, days: int) -> date:
        return _weekday(self.today - timedelta(days=days))

    def start(self, days_ago: int, legal_status: str, placement: Placement) -> PeriodOfCare:
        on = self.ago(days_ago)
        self.period = care.care_period_start(
            user=self.worker,
            child=self.child,
            start_date=on,
            decision_by=self.manager,
            decision_date=on,
            decision_reason="Synthetic: the child cannot live safely at home.",
            legal_status=legal_status,
            category_of_need="N1",
            placement=placement,
            home_postcode=self.home,
        )
        return self.period

    def decision(self, days_ago: int) -> Any:
        return services.adoption_decision_record(
            user=self.worker,
            child=self.child,
            decision_on=self.ago(days_ago),
            decision_maker="Synthetic agency decision maker (Head of Service)",
        )


def _scenario(c: _Child, number: int, families: _Families, homes: dict[str, Provider]) -> None:
    foster, kinship, adopters = homes["foster"], homes["kinship"], homes["adopters"]
    worker = c.worker
    if number == 0:
        c.start(700, "C2", Placement(place="U6", provider=foster))
        j = c.decision(520)
        j = services.placement_order_record(user=worker, journey=j, on=c.ago(430))
        family = families.approved(c.ago(300))
        j = services.match_record(user=worker, journey=j, on=c.ago(300), family=family)
        j = services.placed_for_adoption_record(
            user=worker,
            journey=j,
            on=c.ago(250),
            placement=Placement(place="A5", provider=foster),
            reason_place_change="PLACE",
        )
        services.adoption_order_record(user=worker, journey=j, on=c.ago(30), reason_ceased="E11")
        services.previous_permanence_record(user=worker, child=c.child, prev_perm="Z1")
        services.later_life_letter_record(
            user=worker,
            child=c.child,
            written_on=c.ago(45),
            written_by="Synthetic social worker",
            given_on=c.ago(25),
            notes="Synthetic: why the child could not live with their birth family",
        )
    elif number == 1:
        c.start(420, "C2", Placement(place="U6", provider=foster))
        j = c.decision(260)
        services.placement_order_record(user=worker, journey=j, on=c.ago(200))
        services.previous_permanence_record(user=worker, child=c.child, prev_perm="Z1")
    elif number == 2:
        c.start(330, "C2", Placement(place="U6", provider=foster))
        j = c.decision(220)
        j = services.placement_order_record(user=worker, journey=j, on=c.ago(160))
        services.match_record(
            user=worker, journey=j, on=c.ago(20), family=families.approved(c.ago(20))
        )
    elif number == 3:
        c.start(130, "C1", Placement(place="U6", provider=foster))
        j = c.decision(100)
        services.ffa_placement_record(
            user=worker,
            journey=j,
            on=c.ago(90),
            placement=Placement(place="U5", provider=adopters),
            reason_place_change="CARPL",
            family=families.approved(c.ago(90), ffa=True),
        )
    elif number == 4:
        c.start(500, "C1", Placement(place="U6", provider=foster))
        j = c.decision(350)
        services.decision_reverse(
            user=worker,
            journey=j,
            on=c.ago(100),
            reason="RD2",
            notes="Synthetic: the court made a special guardianship order assessment direction",
        )
    elif number == 5:
        c.start(400, "V2", Placement(place="U3", provider=kinship, urn="XXXXXXX"))
        services.permanence_order_record(
            user=worker,
            child=c.child,
            kind="sgo",
            made_on=c.ago(60),
            carers="Synthetic: maternal aunt and uncle",
            former_foster_carers=True,
            relatives_or_friends=True,
        )
    else:
        c.start(450, "C2", Placement(place="U6", provider=foster))
        services.previous_permanence_record(
            user=worker, child=c.child, prev_perm="P2", la_perm="316", date_perm=c.ago(2000)
        )
        j = c.decision(330)
        j = services.placement_order_record(user=worker, journey=j, on=c.ago(260))
        family = families.approved(c.ago(90))
        j = services.match_record(user=worker, journey=j, on=c.ago(90), family=family)
        services.placed_for_adoption_record(
            user=worker,
            journey=j,
            on=c.ago(40),
            placement=Placement(place="A6", provider=adopters),
            reason_place_change="CARPL",
        )


def adoption_demo(
    *,
    today: date | None = None,
    seed: int = 2026,
    limit: int = 14,
    log: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Adopter families at every stage and up to `limit` children with an adoption or
    special guardianship journey. Returns how many children had each scenario."""
    when = today or timezone.localdate()
    if when > timezone.localdate():
        raise ValueError("The demo date must not be after today: services refuse future dates")
    rng = random.Random(seed)
    allocations = list(
        Allocation.objects.current(when)
        .filter(team__name__startswith="Children in Care", worker__isnull=False)
        .filter(
            child__date_of_birth__isnull=False,
            child__date_of_birth__lte=when - timedelta(days=3 * 365),
            child__date_of_birth__gt=when - timedelta(days=9 * 365),
        )
        .exclude(Exists(PeriodOfCare.objects.filter(child=OuterRef("child"))))
        .select_related("child", "worker", "team__manager")
        .order_by("child_id")[:limit]
    )
    fallback = User.objects.filter(role=Role.TEAM_MANAGER, is_active=True).order_by("pk").first()
    counts = {f"scenario_{n}": 0 for n in range(SCENARIOS)}
    if not allocations:
        return counts
    with transaction.atomic():
        homes = {
            "foster": _provider(FOSTER_HOME),
            "kinship": _provider(KINSHIP_HOME),
            "adopters": _provider(ADOPTERS_HOME),
        }
        families = _Families(allocations[0].worker, when, rng)
        for days, stages, leaving in FAMILY_PLAN:
            families.make(days, stages, leaving)
        for index, allocation in enumerate(allocations):
            number = index % SCENARIOS
            manager = allocation.team.manager or fallback
            assert manager is not None
            with transaction.atomic():
                _scenario(_Child(allocation, manager, when), number, families, homes)
            counts[f"scenario_{number}"] += 1
    if log:
        log(f"Adoption demo: {sum(counts.values())} children ({counts})")
    return counts


def previous_permanence_demo(
    *,
    today: date | None = None,
    seed: int = 2026,
    limit: int = 0,
    log: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Previous permanence for every child who became looked after with none recorded
    (whichever demo wrote the period of care): SSDA903 collects it as care starts (rule
    630). Most had none (Z1); one in six had a child arrangements order in this borough two
    years before. `limit` is unused (every period counts)."""
    from hearth.adoption.models import PreviousPermanence

    rng = random.Random(seed)
    la = str(settings.HEARTH["LA_CODE"])
    made = 0
    with transaction.atomic():
        periods = (
            PeriodOfCare.objects.exclude(
                Exists(PreviousPermanence.objects.filter(child=OuterRef("child")))
            )
            .select_related("child", "decision_by")
            .order_by("child_id", "start_date")
        )
        seen: set[int] = set()
        for period in periods:
            if period.child_id in seen:
                continue
            seen.add(period.child_id)
            born = period.child.date_of_birth
            order_on = period.start_date - timedelta(days=730)
            if rng.random() < 1 / 6 and born is not None and order_on > born:
                services.previous_permanence_record(
                    user=period.decision_by,
                    child=period.child,
                    prev_perm="P3",
                    la_perm=la,
                    date_perm=order_on,
                )
            else:
                services.previous_permanence_record(
                    user=period.decision_by, child=period.child, prev_perm="Z1"
                )
            made += 1
    if log:
        log(f"Previous permanence: {made}")
    return {"previous_permanence": made}
