"""Display formatting for the MASH queue, the contact page and the partner portal."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from django.urls import reverse
from django.utils import timezone

from hearth.core.presenters import format_date, format_datetime
from hearth.front_door import rules
from hearth.front_door.models import Contact, ContactPerson, Referral, ThresholdDecision
from hearth.front_door.rules import ContactStatus, Outcome, Rag

RAG_TAG_CLASSES = {
    Rag.RED: "govuk-tag--red",
    Rag.AMBER: "govuk-tag--orange",
    Rag.GREEN: "govuk-tag--green",
}


def waiting(received_at: datetime, now: datetime) -> str:
    minutes = max(0, int((now - received_at).total_seconds() // 60))
    days, rest = divmod(minutes, 60 * 24)
    hours, minutes = divmod(rest, 60)
    if days:
        return f"{days} day{'s' if days != 1 else ''} {hours} hour{'s' if hours != 1 else ''}"
    if hours:
        return f"{hours} hour{'s' if hours != 1 else ''} {minutes} min"
    return f"{minutes} min"


def timescale(received_at: datetime, today: date) -> tuple[str, str]:
    """(text, tag class) for the decision timescale: the words carry the meaning, colour
    only reinforces it."""
    due = rules.decision_due_on(received_at)
    if due < today:
        return f"Overdue: decision was due {format_date(due)}", "govuk-tag--red"
    if due == today:
        return "Decision due today", "govuk-tag--yellow"
    return f"Decision due {format_date(due)}", "govuk-tag--grey"


@dataclass
class QueueRow:
    contact: Contact
    reference: str
    url: str
    received: str
    waiting: str
    timescale: str
    timescale_class: str
    rag: str
    rag_class: str
    route: str
    children: str
    worker: str
    status: str
    merged: str
    overdue_checks: int
    possible_duplicate: bool


def queue_rows(contacts: list[Contact], *, url_for: object) -> list[QueueRow]:
    now = timezone.now()
    today = timezone.localdate(now)
    rows = []
    for contact in contacts:
        merged_routes = Counter(c.get_route_display().lower() for c in contact.merged_list)
        merged = (
            f"{len(contact.merged_list)} merged ("
            + ", ".join(f"{n} {route}" for route, n in sorted(merged_routes.items()))
            + ")"
            if contact.merged_list
            else "None"
        )
        text, tag = timescale(contact.received_at, today)
        rows.append(
            QueueRow(
                contact=contact,
                reference=contact.reference,
                url=url_for(contact),  # type: ignore[operator]
                received=format_datetime(contact.received_at),
                waiting=waiting(contact.received_at, now),
                timescale=text,
                timescale_class=tag,
                rag=contact.get_rag_display(),
                rag_class=RAG_TAG_CLASSES[contact.rag],
                route=contact.get_route_display(),
                children=", ".join(link.person.full_name for link in contact.subject_children)
                or "No child linked yet",
                worker=str(contact.worker) if contact.worker else "Not picked up",
                status=ContactStatus(contact.status).label,
                merged=merged,
                overdue_checks=sum(1 for c in contact.open_checks if c.due_at < now),
                possible_duplicate=contact.possible_duplicate_of_id is not None,
            )
        )
    return rows


def route_counts(contacts: list[Contact]) -> list[tuple[str, int]]:
    counts = Counter(c.get_route_display() for c in contacts)
    for contact in contacts:
        counts.update(m.get_route_display() for m in contact.merged_list)
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))


def consent_summary(contact: Contact) -> str:
    text = contact.get_consent_status_display()
    if contact.consent_reason:
        text += f": {contact.get_consent_reason_display()}"
    return text


def decision_summary(decision: ThresholdDecision) -> str:
    text = f"Level {decision.level_of_need}: {decision.get_outcome_display()}"
    if decision.superseded:
        return f"{text} (superseded)"
    if not decision.is_applied:
        return f"{text} (waiting for a manager)"
    return text


def descriptor_texts(decision: ThresholdDecision) -> list[str]:
    known = dict(rules.descriptor_choices())
    return [known.get(key, key) for key in decision.descriptors]


def plain_outcome(decisions: list[ThresholdDecision]) -> str:
    """What a partner referrer sees: the outcome in plain words, never the case record.
    For a merged referral, pass the decisions of the contact it was merged into."""
    current = [d for d in decisions if d.is_applied and not d.superseded]
    if not current:
        return "The MASH is looking at your referral. A decision is due within 1 working day."
    return rules.PLAIN_OUTCOMES[Outcome(current[-1].outcome)]


# ---- the child's page -----------------------------------------------------------------------


@dataclass
class ChildContactRow:
    reference: str
    url: str
    received: str
    route: str
    referrer: str
    status: str
    is_open: bool
    consent: str
    decision: str
    decided: str
    recorded_as: str
    referral: str


@dataclass
class ChildFrontDoorSection:
    rows: list[ChildContactRow]
    open_count: int


def _referrer(contact: Contact) -> str:
    parts = [contact.referrer_name, contact.referrer_agency]
    who = ", ".join(dict.fromkeys(p for p in parts if p))  # a name that is the agency, once
    source = rules.referral_source_label(contact.referral_source)
    return f"{who} ({source})" if who else source


def _referral_text(referral: Referral | None) -> str:
    if referral is None:
        return "No referral"
    text = f"Referral {format_date(referral.referral_date)}"
    flags = []
    if referral.is_re_referral:
        flags.append("re-referral within 12 months")
    if referral.strategy_discussion_needed:
        flags.append("immediate strategy discussion")
    if referral.cin_episode_id is not None:
        flags.append("opened the child in need episode")
    return f"{text} ({', '.join(flags)})" if flags else text


def child_section(links: list[ContactPerson]) -> ChildFrontDoorSection:
    """Rows for the front door section of the child's page: one per contact about the child,
    newest first, with route, consent, the decision in force and the referral it made."""
    pattern = reverse("front_door:contact_detail", args=[999999999])
    rows = []
    open_count = 0
    for link in links:
        contact = link.contact
        decisions = list(contact.decisions.all())
        current = next((d for d in reversed(decisions) if not d.superseded), None)
        referral = next((r for r in contact.referrals.all() if r.child_id == link.person_id), None)
        is_open = contact.status in rules.OPEN_STATUSES
        open_count += is_open
        if contact.status == ContactStatus.MERGED and contact.merged_into is not None:
            status = f"Merged into {contact.merged_into.reference}"
        else:
            status = ContactStatus(contact.status).label
        decided = ""
        if current is not None:
            decided = f"By {current.decided_by} on {format_datetime(current.decided_at)}"
            if current.authorised_by is not None and current.authorised_at is not None:
                decided += (
                    f"; authorised by {current.authorised_by} on "
                    f"{format_datetime(current.authorised_at)}"
                )
        rows.append(
            ChildContactRow(
                reference=contact.reference,
                url=pattern.replace("999999999", str(contact.pk)),
                received=format_datetime(contact.received_at),
                route=contact.get_route_display(),
                referrer=_referrer(contact),
                status=status,
                is_open=is_open,
                consent=consent_summary(contact),
                decision=decision_summary(current) if current else "No decision yet",
                decided=decided,
                recorded_as=link.get_recorded_as_display() if link.recorded_as else "",
                referral=_referral_text(referral),
            )
        )
    return ChildFrontDoorSection(rows=rows, open_count=open_count)
