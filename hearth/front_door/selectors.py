"""Reads that span apps: Ofsted Annex A lists 1 (contacts) and 3 (referrals), and the front
door reports (consent outcomes, threshold consistency). Read-only; the returns and indicators
apps consume these. Column names are exactly those of the 2024 Annex A template (DOMAIN.md 4);
values are the raw codes and dates, which the Annex A renderer groups and labels."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from hearth.casework.models import Allocation
from hearth.core.presenters import age_in_years
from hearth.front_door.models import Contact, ContactPerson, Referral, ThresholdDecision
from hearth.front_door.services import months_before
from hearth.people.models import Person

ANNEX_A_MONTHS = 6

LIST_1_COLUMNS = (
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age of Child (Years)",
    "Date of Contact",
    "Contact Source",
)
LIST_3_COLUMNS = (
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age of Child (Years)",
    "Date of referral",
    "Referral Source",
    "Referral NFA?",
    "Number of Referrals in Last 12 Months",
    "Allocated Team",
    "Allocated Worker",
)


def _child_columns(child: Person, on: date) -> dict[str, Any]:
    born = child.date_of_birth
    return {
        "Child Unique ID": child.la_child_id or str(child.pk),
        "Gender": child.sex,
        "Ethnicity": child.ethnicity,
        "Date of Birth": born,
        "Age of Child (Years)": age_in_years(born, on) if born and born <= on else None,
    }


def annex_a_contacts(on: date) -> list[dict[str, Any]]:
    """List 1: every contact received in the 6 months before `on`, one row per child per
    contact (multi-child contacts split; merged contacts count as the contacts they were)."""
    start = months_before(on, ANNEX_A_MONTHS)
    links = (
        ContactPerson.objects.filter(
            is_subject_child=True,
            contact__received_at__date__gte=start,
            contact__received_at__date__lte=on,
        )
        .select_related("person", "contact")
        .order_by("contact__received_at", "contact_id", "person_id")
    )
    rows = []
    for link in links:
        received = timezone.localdate(link.contact.received_at)
        rows.append(
            {
                **_child_columns(link.person, received),
                "Date of Contact": received,
                "Contact Source": link.contact.referral_source,
            }
        )
    return rows


def annex_a_referrals(on: date) -> list[dict[str, Any]]:
    """List 3: every referral in the 6 months before `on`, with the number of referrals of
    the same child in the 12 months before each, and the current allocation."""
    start = months_before(on, ANNEX_A_MONTHS)
    referrals = list(
        Referral.objects.filter(referral_date__gte=start, referral_date__lte=on)
        .select_related("child")
        .order_by("referral_date", "id")
    )
    child_ids = {r.child_id for r in referrals}
    history: dict[int, list[date]] = defaultdict(list)
    for child_id, when in Referral.objects.filter(
        child_id__in=child_ids, referral_date__gte=months_before(start, 12)
    ).values_list("child_id", "referral_date"):
        history[child_id].append(when)
    allocations = {
        a.child_id: a
        for a in Allocation.objects.filter(child_id__in=child_ids)
        .current(on)
        .select_related("team", "worker")
        .order_by("start_date")
    }
    rows = []
    for referral in referrals:
        year_before = months_before(referral.referral_date, 12)
        previous = [
            d for d in history[referral.child_id] if year_before <= d < referral.referral_date
        ]
        allocation = allocations.get(referral.child_id)
        worker = allocation.worker if allocation else None
        rows.append(
            {
                **_child_columns(referral.child, referral.referral_date),
                "Date of referral": referral.referral_date,
                "Referral Source": referral.source,
                # A referral is opened only for a decision to act; NFA after assessment is
                # recorded on the CIN episode by the assessment work.
                "Referral NFA?": "b) No",
                "Number of Referrals in Last 12 Months": len(previous),
                "Allocated Team": str(allocation.team) if allocation else "",
                "Allocated Worker": str(worker) if worker else "",
            }
        )
    return rows


# ---- reports --------------------------------------------------------------------------------


@dataclass
class CountTable:
    rows: list[str]
    columns: list[str]
    cells: dict[tuple[str, str], int]

    def cell(self, row: str, column: str) -> int:
        return self.cells.get((row, column), 0)

    def row_total(self, row: str) -> int:
        return sum(self.cell(row, c) for c in self.columns)


def _table(pairs: list[tuple[str, str]], columns: list[str] | None = None) -> CountTable:
    cells = Counter(pairs)
    rows = sorted({r for r, _ in pairs})
    cols = columns or sorted({c for _, c in pairs})
    return CountTable(rows=rows, columns=cols, cells=dict(cells))


def consent_report(start: date, end: date) -> CountTable:
    """Consent outcomes by team (of whoever recorded consent) and month of the contact."""
    from hearth.front_door.rules import ConsentStatus

    contacts = Contact.objects.received_between(start, end).select_related(
        "consent_recorded_by__team"
    )
    pairs = []
    for contact in contacts.only(
        "received_at", "consent_status", "consent_recorded_by__team__name"
    ):
        recorder = contact.consent_recorded_by
        team = str(recorder.team) if recorder and recorder.team else "Not recorded by a team"
        month = f"{timezone.localtime(contact.received_at):%Y-%m}"
        pairs.append((f"{team}, {month}", ConsentStatus(contact.consent_status).label))
    return _table(pairs, [label for _, label in ConsentStatus.choices])


@dataclass
class ConsistencyReport:
    by_agency: CountTable
    by_decider: CountTable
    by_team: CountTable
    by_level: CountTable
    decisions: int
    overturned: int


def threshold_consistency(start: date, end: date) -> ConsistencyReport:
    """Authorised decisions by referring agency, decision-maker and team against outcome, and
    how often a later decision on the same contact overturned an earlier authorised one."""
    from hearth.front_door.rules import Outcome

    decisions = list(
        ThresholdDecision.objects.filter(
            applied_at__isnull=False,
            decided_at__date__gte=start,
            decided_at__date__lte=end,
        )
        .select_related("contact", "decided_by__team")
        .prefetch_related(Prefetch("contact__decisions", to_attr="all_decisions"))
    )
    outcomes = [label for _, label in Outcome.choices]
    agency, decider, team, level = [], [], [], []
    overturned = 0
    for d in decisions:
        label = Outcome(d.outcome).label
        agency.append((d.contact.referrer_agency or "Not given", label))
        decider.append((str(d.decided_by), label))
        team.append((str(d.decided_by.team) if d.decided_by.team else "No team", label))
        level.append((f"Level {d.level_of_need}", label))
        earlier = [
            e
            for e in d.contact.all_decisions  # type: ignore[attr-defined]
            if e.applied_at and e.pk != d.pk and e.applied_at < d.applied_at
        ]
        if earlier and earlier[-1].outcome != d.outcome:
            overturned += 1
    return ConsistencyReport(
        by_agency=_table(agency, outcomes),
        by_decider=_table(decider, outcomes),
        by_team=_table(team, outcomes),
        by_level=_table(level, outcomes),
        decisions=len(decisions),
        overturned=overturned,
    )
