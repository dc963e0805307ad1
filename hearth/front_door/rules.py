"""Front door rules as data: allowed status moves, consent reasons, MASH check deadlines,
threshold levels, which outcomes need a manager, and the decision timescale.

Local practice (deadlines, authorisation, threshold descriptors) can be overridden in
settings.HEARTH; statutory facts (1 working day, 12-month re-referral) are fixed here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

DECISION_RULE_ID = "referral_decision"
DECISION_WORKING_DAYS = 1  # DOMAIN.md 1.2: decision within 1 working day of the contact
RE_REFERRAL_MONTHS = 12  # DOMAIN.md 1.2: a referral within 12 months of a previous one
# CIN census rule 8606: a referral is never more than 40 weeks before the (expected) birth.
PRE_BIRTH_REFERRAL_LIMIT = timedelta(weeks=40)


class ContactRoute(models.TextChoices):
    PHONE = "phone", "Phone"
    EMAIL = "email", "Email"
    PORTAL = "portal", "Partner portal"
    POLICE = "police_notification", "Police notification"
    WALK_IN = "walk_in", "Walk-in"
    TRANSFER_IN = "transfer_in", "Transfer in from another authority"
    STEP_UP = "step_up", "Step-up from early help"


class ContactStatus(models.TextChoices):
    NEW = "new", "New"
    SCREENING = "screening", "Being screened"
    AWAITING_AUTHORISATION = "awaiting_authorisation", "Awaiting manager authorisation"
    DECIDED = "decided", "Decided"
    MERGED = "merged", "Merged into another contact"


OPEN_STATUSES = frozenset(
    {ContactStatus.NEW, ContactStatus.SCREENING, ContactStatus.AWAITING_AUTHORISATION}
)

# The only moves a contact's status may make (STYLE.md rule 6).
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    ContactStatus.NEW: frozenset(
        {
            ContactStatus.SCREENING,
            ContactStatus.AWAITING_AUTHORISATION,
            ContactStatus.DECIDED,
            ContactStatus.MERGED,
        }
    ),
    ContactStatus.SCREENING: frozenset(
        {ContactStatus.AWAITING_AUTHORISATION, ContactStatus.DECIDED, ContactStatus.MERGED}
    ),
    ContactStatus.AWAITING_AUTHORISATION: frozenset(
        {ContactStatus.SCREENING, ContactStatus.DECIDED}
    ),
    # A decided contact may be reopened (an overturned decision); a merged one never moves.
    ContactStatus.DECIDED: frozenset({ContactStatus.SCREENING}),
    ContactStatus.MERGED: frozenset(),
}


def transition_allowed(current: str | None, new: str) -> bool:
    if current is None:
        return new == ContactStatus.NEW
    return new in ALLOWED_TRANSITIONS.get(current, frozenset())


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


RAG_ORDER: dict[str, int] = {Rag.RED: 0, Rag.AMBER: 1, Rag.GREEN: 2}


class ConsentStatus(models.TextChoices):
    PENDING = "pending", "Sought, no answer yet"
    GIVEN = "given", "Given"
    REFUSED = "refused", "Refused"
    NOT_SOUGHT = "not_sought", "Not sought"
    DISPENSED = "dispensed", "Dispensed with"


CONSENT_NEEDS_REASON = frozenset({ConsentStatus.NOT_SOUGHT, ConsentStatus.DISPENSED})


class ConsentReason(models.TextChoices):
    SIGNIFICANT_HARM = (
        "significant_harm",
        ("Seeking consent would place the child at risk of significant harm"),
    )
    PREJUDICE_INVESTIGATION = (
        "prejudice_investigation",
        ("Seeking consent would prejudice a police investigation"),
    )
    ADULT_AT_RISK = "adult_at_risk", "Seeking consent would place an adult at risk of harm"
    DELAY = "delay", "Seeking consent would cause delay that puts the child at risk"
    NOT_CONTACTABLE = "not_contactable", "Parent could not be contacted in time"
    COURT_ORDER = "court_order", "Information is required by a court order or statute"


class FamilyAware(models.TextChoices):
    YES = "yes", "Yes, the family knows about this contact"
    NO = "no", "No, the family does not know"
    UNKNOWN = "unknown", "Not known"


class Outcome(models.TextChoices):
    NFA = "nfa", "No further action"
    INFORMATION_ADVICE = "information_advice", "Information and advice"
    EARLY_HELP = "early_help", "Step to early help"
    CIN_REFERRAL = "cin_referral", "Referral to children's social care (assessment)"
    STRATEGY_DISCUSSION = "strategy_discussion", "Immediate strategy discussion"


REFERRAL_OUTCOMES = frozenset({Outcome.CIN_REFERRAL, Outcome.STRATEGY_DISCUSSION})

# Outcome text a partner referrer sees: plain words, no case detail.
PLAIN_OUTCOMES = {
    Outcome.NFA: "Children's social care will take no further action on this contact.",
    Outcome.INFORMATION_ADVICE: "The family has been given information and advice.",
    Outcome.EARLY_HELP: "The family has been offered early help support.",
    Outcome.CIN_REFERRAL: "Children's social care has accepted this as a referral and will "
    "assess the child's needs.",
    Outcome.STRATEGY_DISCUSSION: "Children's social care has accepted this as a referral and "
    "is acting urgently to keep the child safe.",
}


def outcomes_needing_authorisation() -> frozenset[str]:
    """Outcomes a manager must authorise (local policy, settings.HEARTH override)."""
    configured: Any = settings.HEARTH.get("DECISION_AUTHORISATION_OUTCOMES")
    if configured is None:
        return frozenset(Outcome.values)
    return frozenset(configured)


class Agency(models.TextChoices):
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    HOUSING = "housing", "Housing"
    PROBATION = "probation", "Probation"
    ADULT_SOCIAL_CARE = "adult_social_care", "Adult social care"
    OTHER = "other", "Other agency"


# MASH check response deadlines by RAG (local policy; settings.HEARTH can override).
DEFAULT_CHECK_DEADLINES: dict[str, dict[str, int]] = {
    Rag.RED: {"hours": 4},
    Rag.AMBER: {"hours": 24},
    Rag.GREEN: {"working_days": 3},
}


def check_deadline(rag: str, requested_at: datetime) -> datetime:
    configured: Any = settings.HEARTH.get("MASH_CHECK_DEADLINES", {})
    spec = {**DEFAULT_CHECK_DEADLINES, **configured}[rag]
    if "hours" in spec:
        return requested_at + timedelta(hours=spec["hours"])
    local = timezone.localtime(requested_at)
    due_day = add_working_days(local.date(), spec["working_days"])
    return local.replace(year=due_day.year, month=due_day.month, day=due_day.day)


# ---- the working-day calendar and reference data (foundation APIs) -------------------------


def add_working_days(start: date, days: int) -> date:
    from hearth.timescales.calendar import add_working_days as calendar_add

    return calendar_add(start, days)


def decision_due_on(received_at: datetime) -> date:
    """The decision is due 1 working day after the contact (rule `referral_decision`)."""
    from hearth.timescales.catalogue import rule

    return rule(DECISION_RULE_ID).due_from(timezone.localdate(received_at))


FALLBACK_REFERRAL_SOURCES: list[tuple[str, str]] = [
    ("1A", "Individual – family member, relative or carer"),
    ("1B", "Individual – acquaintance (incl. neighbours, childminders)"),
    ("1C", "Individual – self"),
    ("1D", "Individual – other (incl. strangers, MPs)"),
    ("2A", "Schools"),
    ("2B", "Education services"),
    ("3A", "Health – GP"),
    ("3B", "Health – health visitor"),
    ("3C", "Health – school nurse"),
    ("3D", "Health – other primary health services"),
    ("3E", "Health – A&E"),
    ("3F", "Health – other (e.g. hospice)"),
    ("4", "Housing (LA housing or housing association)"),
    ("5A", "LA services – social care (e.g. adult social care)"),
    ("5B", "LA services – other internal"),
    ("5C", "LA services – external (another LA's services)"),
    ("5D", "LA services – early help"),
    ("6", "Police"),
    ("7", "Other legal agency (courts, probation, immigration, Cafcass, prison)"),
    ("8", "Other (children's centres, independent providers, voluntary organisations)"),
    ("9", "Anonymous"),
    ("10", "Unknown"),
]


def referral_source_choices() -> list[tuple[str, str]]:
    """DfE `ReferralSource` codes from reference data, or DOMAIN.md 2.4.4 until it is loaded."""
    try:
        from hearth.reference.lookups import choices

        loaded = [(str(code), str(text)) for code, text in choices("referral_source")]
    except Exception:  # reference data not installed yet (or lookups not built)
        loaded = []
    return [c for c in loaded if c[0]] or FALLBACK_REFERRAL_SOURCES


def referral_source_label(code: str) -> str:
    return dict(referral_source_choices()).get(code, code)


# ---- the threshold document (the borough's levels of need) --------------------------------


@dataclass(frozen=True)
class ThresholdLevel:
    level: int
    title: str
    summary: str
    descriptors: tuple[tuple[str, str], ...]  # (id, text)


DEFAULT_THRESHOLDS: tuple[ThresholdLevel, ...] = (
    ThresholdLevel(
        1,
        "Universal",
        "Needs met by universal services: schools, GPs, health visitors.",
        (
            ("1-health", "Health: developing well, accessing routine health care"),
            ("1-education", "Education: attending school regularly and making progress"),
            ("1-family", "Family: parents provide safe, consistent care"),
        ),
    ),
    ThresholdLevel(
        2,
        "Early help",
        "Additional needs best met by coordinated early help with the family's consent.",
        (
            ("2-attendance", "Education: attendance falling or at risk of exclusion"),
            ("2-parenting", "Family: parents need support with routines or boundaries"),
            ("2-health", "Health: missed appointments, emerging health or development needs"),
            ("2-housing", "Environment: housing or financial stress affecting the child"),
        ),
    ),
    ThresholdLevel(
        3,
        "Targeted: child in need",
        "Complex needs: the child's health or development is likely to be significantly "
        "impaired without services (Children Act 1989 s17).",
        (
            ("3-neglect", "Family: persistent neglect of the child's basic needs"),
            ("3-domestic-abuse", "Family: domestic abuse in the household"),
            (
                "3-parental-mh",
                "Family: parental mental ill health or substance misuse affecting care",
            ),
            ("3-disability", "Health: disability with needs the family cannot meet unaided"),
            ("3-missing", "Safety: going missing or early signs of exploitation"),
        ),
    ),
    ThresholdLevel(
        4,
        "Statutory: child protection",
        "Reasonable cause to suspect the child is suffering, or likely to suffer, significant "
        "harm (Children Act 1989 s47).",
        (
            ("4-injury", "Safety: unexplained or non-accidental injury"),
            ("4-sexual-abuse", "Safety: disclosure or suspicion of sexual abuse"),
            ("4-exploitation", "Safety: criminal or sexual exploitation"),
            ("4-severe-neglect", "Family: severe neglect putting the child at immediate risk"),
        ),
    ),
)


def threshold_levels() -> tuple[ThresholdLevel, ...]:
    configured: Any = settings.HEARTH.get("THRESHOLD_LEVELS")
    return tuple(configured) if configured else DEFAULT_THRESHOLDS


def descriptor_choices() -> list[tuple[str, str]]:
    return [
        (key, f"Level {level.level}: {text}")
        for level in threshold_levels()
        for key, text in level.descriptors
    ]
