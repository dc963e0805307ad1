"""Front door business actions. Each is one transaction that checks its rules, calls
full_clean(), and writes the audit trail and the children's chronology itself."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from hearth.accounts.models import ServiceKind, User
from hearth.casework.models import Allocation
from hearth.casework.services import chronology_record
from hearth.core.audit import Auditor, diff, snapshot
from hearth.front_door import rules
from hearth.front_door.models import (
    Contact,
    ContactPerson,
    ContactStatusChange,
    MashCheck,
    RecordedAs,
    Referral,
    ThresholdDecision,
)
from hearth.front_door.querysets import may_authorise, may_decide
from hearth.front_door.rules import (
    CONSENT_NEEDS_REASON,
    REFERRAL_OUTCOMES,
    ConsentStatus,
    ContactRoute,
    ContactStatus,
    Outcome,
    Rag,
)
from hearth.people.matching import Match, likely_matches
from hearth.people.models import Person

CHRONOLOGY_CATEGORY = "contact"


def months_before(on: date, months: int) -> date:
    year, month = divmod(on.year * 12 + on.month - 1 - months, 12)
    month += 1
    return date(year, month, min(on.day, calendar.monthrange(year, month)[1]))


def _refuse_unless(allowed: bool, message: str) -> None:
    if not allowed:
        raise ValidationError(message)


# ---- status history -------------------------------------------------------------------------


def contact_status(contact: Contact) -> str:
    """The contact's current status: its latest status history row."""
    return contact.status


def contact_transition(
    *, user: User | None, contact: Contact, status: str, reason: str = ""
) -> None:
    """Move a contact to a new status through the table of allowed moves (rules.py)."""
    current = ContactStatusChange.objects.filter(contact=contact).order_by("-id").first()
    current_status = current.status if current else None
    if not rules.transition_allowed(current_status, status):
        now = ContactStatus(current_status).label.lower() if current_status else "not recorded"
        raise ValidationError(
            f"A contact that is {now} cannot become {ContactStatus(status).label.lower()}"
        )
    change = ContactStatusChange(
        contact=contact,
        status=status,
        reason=reason[:500],
        created_by=user if user is not None and user.is_authenticated else None,
    )
    change.full_clean()
    change.save()
    Contact.objects.filter(pk=contact.pk).update(status=status)
    contact.status = status


# ---- receiving a contact --------------------------------------------------------------------


def contact_create(
    *,
    user: User,
    route: str,
    received_at: datetime,
    referral_source: str,
    concern: str,
    referrer_name: str = "",
    referrer_agency: str = "",
    referrer_role: str = "",
    referrer_phone: str = "",
    referrer_email: str = "",
    family_aware: str = rules.FamilyAware.UNKNOWN,
    family_knows: str = "",
    rag: str = rules.Rag.AMBER,
    consent_status: str = ConsentStatus.PENDING,
    consent_reason: str = "",
    consent_rationale: str = "",
    submitted_by: User | None = None,
    named_child: str = "",
    named_child_date_of_birth: date | None = None,
) -> Contact:
    with transaction.atomic():
        contact = Contact(
            route=route,
            received_at=received_at,
            referral_source=referral_source,
            concern=concern,
            referrer_name=referrer_name,
            referrer_agency=referrer_agency,
            referrer_role=referrer_role,
            referrer_phone=referrer_phone,
            referrer_email=referrer_email,
            family_aware=family_aware,
            family_knows=family_knows,
            rag=rag,
            consent_status=consent_status,
            consent_reason=consent_reason if consent_status in CONSENT_NEEDS_REASON else "",
            consent_rationale=consent_rationale,
            consent_recorded_by=user if consent_status != ConsentStatus.PENDING else None,
            consent_recorded_at=timezone.now() if consent_status != ConsentStatus.PENDING else None,
            submitted_by=submitted_by,
            named_child=named_child,
            named_child_date_of_birth=named_child_date_of_birth,
            created_by=user,
        )
        contact.full_clean()
        contact.save()
        contact_transition(user=user, contact=contact, status=ContactStatus.NEW, reason="Received")
        Auditor(user=user).created(
            contact, child_id=None, summary=f"Contact received by {contact.get_route_display()}"
        )
    return contact


def partner_referral_submit(*, user: User, data: Mapping[str, Any]) -> Contact:
    """A partner's referral, from the partner portal's form or the API (the same fields): the
    referrer's organisation and email come from their account, "urgent" makes it red."""
    return contact_create(
        user=user,
        route=ContactRoute.PORTAL,
        received_at=timezone.now(),
        referral_source=data["referral_source"],
        concern=data["concern"],
        referrer_name=data["referrer_name"],
        referrer_agency=user.organisation,
        referrer_role=data["referrer_role"],
        referrer_phone=data["referrer_phone"],
        referrer_email=user.email,
        family_aware=data["family_aware"],
        family_knows=data["family_knows"],
        rag=Rag.RED if data["urgent"] else Rag.AMBER,
        consent_status=data["consent_status"],
        consent_reason=data["consent_reason"],
        consent_rationale=data["consent_rationale"],
        submitted_by=user,
        named_child=f"{data['child_first_name']} {data['child_last_name']}".strip(),
        named_child_date_of_birth=data["child_date_of_birth"],
    )


def person_matches(
    *,
    first_name: str,
    last_name: str,
    date_of_birth: date | None = None,
    nhs_number: str = "",
    upn: str = "",
    is_child: bool | None = None,
    limit: int = 10,
) -> list[Match]:
    """Likely existing records for a person named on a contact (the people app's matcher).
    Visibility is the caller's concern."""
    return likely_matches(
        first_name=first_name,
        last_name=last_name,
        date_of_birth=date_of_birth,
        nhs_number=nhs_number,
        upn=upn,
        is_child=is_child,
        limit=limit,
    )


def _duplicate_window() -> timedelta:
    days: Any = settings.HEARTH.get("DUPLICATE_CONTACT_WINDOW_DAYS", 7)
    return timedelta(days=int(days))


def contact_duplicates(contact: Contact) -> list[Contact]:
    """Other open contacts about the same child received within the duplicate window."""
    child_ids = list(
        contact.people.filter(is_subject_child=True).values_list("person_id", flat=True)
    )
    if not child_ids:
        return []
    window = _duplicate_window()
    return list(
        Contact.objects.open()
        .filter(
            people__person_id__in=child_ids,
            people__is_subject_child=True,
            received_at__gte=contact.received_at - window,
            received_at__lte=contact.received_at + window,
            merged_into__isnull=True,
        )
        .exclude(pk=contact.pk)
        .distinct()
        .order_by("received_at", "id")
    )


def contact_link_person(
    *,
    user: User,
    contact: Contact,
    person: Person,
    is_subject_child: bool = True,
    relationship: str = "",
) -> ContactPerson:
    """Link a child or adult to the contact; flag the contact when it repeats an open one."""
    with transaction.atomic():
        if contact.people.filter(person=person).exists():
            raise ValidationError(f"{person.full_name} is already on this contact")
        if is_subject_child and not person.is_child:
            raise ValidationError("Only a child can be a child the contact is about")
        link = ContactPerson(
            contact=contact,
            person=person,
            is_subject_child=is_subject_child,
            relationship=relationship,
        )
        link.full_clean()
        link.save()
        auditor = Auditor(user=user)
        child_id = person.pk if person.is_child else None
        auditor.created(link, child_id=child_id, summary=f"Linked to contact {contact.reference}")
        if is_subject_child:
            chronology_record(
                child=person,
                occurred_on=timezone.localdate(contact.received_at),
                category=CHRONOLOGY_CATEGORY,
                summary=f"Contact {contact.reference} received by "
                f"{contact.get_route_display().lower()} from "
                f"{contact.referrer_agency or contact.referrer_name or 'an unnamed referrer'}",
                source=contact,
                user=user,
            )
            duplicates = contact_duplicates(contact)
            if duplicates and contact.possible_duplicate_of_id is None:
                earlier = [d for d in duplicates if d.received_at <= contact.received_at]
                target = (earlier or duplicates)[0]
                contact.possible_duplicate_of = target
                contact.save(update_fields=["possible_duplicate_of", "updated_at"])
                auditor.changed(
                    contact,
                    child_id=person.pk,
                    changes={"possible_duplicate_of": [None, target.pk]},
                    summary=f"Flagged as a possible duplicate of {target.reference}",
                )
    return link


def contact_add_new_person(
    *,
    user: User,
    contact: Contact,
    first_name: str,
    last_name: str,
    date_of_birth: date | None,
    sex: str = "U",
    is_child: bool = True,
    nhs_number: str = "",
    relationship: str = "",
) -> ContactPerson:
    """Create a new Person record (after the matcher found no one) and link it."""
    from hearth.people.services import person_create

    with transaction.atomic():
        first_child = next(iter(_children_of(contact)), None)
        person = person_create(
            user=user,
            first_name=first_name,
            last_name=last_name,
            is_child=is_child,
            date_of_birth=date_of_birth,
            sex=sex,
            nhs_number=nhs_number.replace(" ", ""),
            child=None if is_child else first_child,
            reason=f"Named on contact {contact.reference}",
        )
        return contact_link_person(
            user=user,
            contact=contact,
            person=person,
            is_subject_child=is_child,
            relationship=relationship,
        )


def _children_of(contact: Contact) -> list[Person]:
    return [
        link.person
        for link in contact.people.filter(is_subject_child=True).select_related("person")
    ]


def _audit_change_per_child(
    user: User, contact: Contact, before: dict[str, Any], summary: str, reason: str = ""
) -> None:
    changes = diff(before, snapshot(contact, before.keys()))
    auditor = Auditor(user=user)
    children = _children_of(contact)
    for child in children or [None]:  # type: ignore[list-item]
        auditor.changed(
            contact,
            child_id=child.pk if child else None,
            changes=changes,
            summary=summary,
            reason=reason,
        )


# ---- working the contact --------------------------------------------------------------------


def contact_assign(*, user: User, contact: Contact, worker: User) -> Contact:
    """Record who is working on the contact; a new contact moves to screening."""
    with transaction.atomic():
        _refuse_unless(may_decide(worker), f"{worker} does not work in the MASH")
        status = contact_status(contact)
        _refuse_unless(status in rules.OPEN_STATUSES, "This contact is no longer open")
        before = snapshot(contact, ["worker_id"])
        contact.worker = worker
        contact.full_clean()
        contact.save(update_fields=["worker", "updated_at"])
        if status == ContactStatus.NEW:
            contact_transition(
                user=user, contact=contact, status=ContactStatus.SCREENING, reason="Picked up"
            )
        _audit_change_per_child(user, contact, before, f"Assigned to {worker}")
    return contact


def contact_set_rag(*, user: User, contact: Contact, rag: str, reason: str = "") -> Contact:
    with transaction.atomic():
        before = snapshot(contact, ["rag"])
        contact.rag = rag
        contact.full_clean()
        contact.save(update_fields=["rag", "updated_at"])
        _audit_change_per_child(user, contact, before, f"RAG rating set to {rag}", reason)
    return contact


def contact_record_consent(
    *, user: User, contact: Contact, status: str, reason: str = "", rationale: str = ""
) -> Contact:
    """Record consent. Not sought and dispensed with need a listed reason and a rationale;
    the model and a database constraint refuse them otherwise."""
    with transaction.atomic():
        fields = ["consent_status", "consent_reason", "consent_rationale", "consent_recorded_by_id"]
        before = snapshot(contact, fields)
        contact.consent_status = status
        contact.consent_reason = reason if status in CONSENT_NEEDS_REASON else ""
        contact.consent_rationale = rationale
        contact.consent_recorded_by = user
        contact.consent_recorded_at = timezone.now()
        contact.full_clean()
        contact.save()
        _audit_change_per_child(
            user,
            contact,
            before,
            f"Consent recorded: {contact.get_consent_status_display().lower()}",
            rationale,
        )
        if status == ConsentStatus.DISPENSED:
            for child in _children_of(contact):
                chronology_record(
                    child=child,
                    occurred_on=timezone.localdate(),
                    category=CHRONOLOGY_CATEGORY,
                    summary=f"Consent dispensed with on contact {contact.reference}: "
                    f"{contact.get_consent_reason_display()}",
                    source=contact,
                    user=user,
                )
    return contact


def contact_merge(*, user: User, duplicate: Contact, into: Contact, reason: str = "") -> Contact:
    """Merge a duplicate into the open contact: one piece of work answers both, and both
    sources are kept (the duplicate stays, marked merged, with its route and referrer)."""
    with transaction.atomic():
        _refuse_unless(duplicate.pk != into.pk, "A contact cannot be merged into itself")
        _refuse_unless(into.merged_into_id is None, f"{into.reference} was itself merged")
        _refuse_unless(
            contact_status(Contact.objects.get(pk=into.pk)) in rules.OPEN_STATUSES,
            f"{into.reference} is no longer open",
        )
        existing = set(into.people.values_list("person_id", flat=True))
        for link in duplicate.people.select_related("person"):
            if link.person_id not in existing:
                ContactPerson.objects.create(
                    contact=into,
                    person=link.person,
                    is_subject_child=link.is_subject_child,
                    relationship=link.relationship,
                )
        contact_transition(
            user=user,
            contact=duplicate,
            status=ContactStatus.MERGED,
            reason=reason or f"Merged into {into.reference}",
        )
        before = snapshot(duplicate, ["merged_into_id"])
        duplicate.merged_into = into
        duplicate.full_clean()
        duplicate.save(update_fields=["merged_into", "updated_at"])
        _audit_change_per_child(user, duplicate, before, f"Merged into {into.reference}", reason)
        # Harder ratings win: the merged work is as urgent as its most urgent source.
        if rules.RAG_ORDER[duplicate.rag] < rules.RAG_ORDER[into.rag]:
            contact_set_rag(
                user=user, contact=into, rag=duplicate.rag, reason=f"From {duplicate.reference}"
            )
        for child in _children_of(into):
            chronology_record(
                child=child,
                occurred_on=timezone.localdate(),
                category=CHRONOLOGY_CATEGORY,
                summary=f"Contact {duplicate.reference} ({duplicate.get_route_display().lower()}) "
                f"merged into {into.reference}",
                source=into,
                user=user,
            )
    return into


def contact_record_feedback(
    *, user: User, contact: Contact, given_at: datetime, method: str
) -> Contact:
    with transaction.atomic():
        before = snapshot(contact, ["feedback_given_at", "feedback_method"])
        contact.feedback_given_at = given_at
        contact.feedback_method = method
        contact.full_clean()
        contact.save(update_fields=["feedback_given_at", "feedback_method", "updated_at"])
        _audit_change_per_child(user, contact, before, "Feedback to the referrer recorded")
    return contact


# ---- MASH checks ----------------------------------------------------------------------------


def mash_check_request(
    *, user: User, contact: Contact, agency: str, rag: str, question: str = ""
) -> MashCheck:
    with transaction.atomic():
        now = timezone.now()
        check = MashCheck(
            contact=contact,
            agency=agency,
            rag=rag,
            question=question,
            requested_at=now,
            requested_by=user,
            due_at=rules.check_deadline(rag, now),
        )
        check.full_clean()
        check.save()
        auditor = Auditor(user=user)
        for child in _children_of(contact) or [None]:  # type: ignore[list-item]
            auditor.created(
                check,
                child_id=child.pk if child else None,
                summary=f"{check.get_agency_display()} check requested",
            )
    return check


def mash_check_respond(
    *,
    user: User,
    check: MashCheck,
    response: str,
    responder_name: str,
    responded_at: datetime | None = None,
) -> MashCheck:
    with transaction.atomic():
        before = snapshot(check, ["response", "responder_name", "responded_at"])
        check.response = response
        check.responder_name = responder_name
        check.responded_at = responded_at or timezone.now()
        check.full_clean()
        check.save()
        changes = diff(before, snapshot(check, before.keys()))
        auditor = Auditor(user=user)
        for child in _children_of(check.contact) or [None]:  # type: ignore[list-item]
            auditor.changed(
                check,
                child_id=child.pk if child else None,
                changes=changes,
                summary=f"{check.get_agency_display()} response recorded",
            )
    return check


# ---- the threshold decision -----------------------------------------------------------------


def child_has_open_case(child: Person, on: date | None = None) -> bool:
    """Open to social care: a current allocation to a team outside the front door, or an
    open CIN episode (DOMAIN.md 1.2: no referral for a child whose case is open)."""
    from hearth.assessments.models import CINEpisode

    on = on or timezone.localdate()
    allocated = (
        Allocation.objects.filter(child=child)
        .current(on)
        .exclude(team__service__kind=ServiceKind.MASH)
        .exists()
    )
    return allocated or CINEpisode.objects.open().filter(child=child, referral_nfa=False).exists()


def previous_referrals(child: Person, on: date) -> list[Referral]:
    """Referrals of the child in the 12 months before `on` (re-referral history)."""
    return list(
        Referral.objects.for_child(child.pk)
        .within_months_before(on, rules.RE_REFERRAL_MONTHS)
        .select_related("contact")
    )


def decision_record(
    *,
    user: User,
    contact: Contact,
    level_of_need: int,
    outcome: str,
    rationale: str,
    descriptors: Iterable[str] = (),
    early_help_service: Any = None,
) -> ThresholdDecision:
    """Record the threshold decision. A manager's own decision (or an outcome local policy
    does not ask a manager to authorise) takes effect at once; otherwise it waits for a
    manager."""
    with transaction.atomic():
        _refuse_unless(may_decide(user), "Only MASH staff can record a threshold decision")
        status = contact_status(contact)
        _refuse_unless(status in rules.OPEN_STATUSES, "This contact is no longer open")
        _refuse_unless(
            status != ContactStatus.AWAITING_AUTHORISATION,
            "A decision on this contact is already waiting for a manager",
        )
        _refuse_unless(bool(_children_of(contact)), "Add the child this contact is about first")
        if outcome == Outcome.EARLY_HELP:
            _refuse_unless(early_help_service is not None, "Choose an early help service")
        if outcome in REFERRAL_OUTCOMES:
            _refuse_unborn_referred_too_early(contact)
        decision = ThresholdDecision(
            contact=contact,
            level_of_need=level_of_need,
            descriptors=sorted(set(descriptors)),
            outcome=outcome,
            rationale=rationale,
            decided_by=user,
            decided_at=timezone.now(),
            same_day_action=outcome == Outcome.STRATEGY_DISCUSSION,
            early_help_service_name=getattr(early_help_service, "name", ""),
        )
        decision.full_clean()
        decision.save()
        decision._early_help_service = early_help_service  # type: ignore[attr-defined]
        for child in _children_of(contact):
            Auditor(user=user).created(
                decision, child_id=child.pk, summary=f"Decision: {decision.get_outcome_display()}"
            )
        needs_manager = outcome in rules.outcomes_needing_authorisation()
        if may_authorise(user) or not needs_manager:
            _decision_apply(
                user=user, decision=decision, authorised_by=user if needs_manager else None
            )
        else:
            contact_transition(
                user=user,
                contact=contact,
                status=ContactStatus.AWAITING_AUTHORISATION,
                reason=f"{decision.get_outcome_display()} proposed",
            )
    return decision


def _refuse_unborn_referred_too_early(contact: Contact) -> None:
    """A referral of an unborn child is dated in the pregnancy: no more than 40 weeks before
    the expected birth (CIN census rule 8606). An expected date further off is a typing
    mistake to put right on the child's record before referring."""
    received_on = timezone.localdate(contact.received_at)
    for child in _children_of(contact):
        expected = child.expected_date_of_birth
        if child.date_of_birth is None and expected is not None:
            _refuse_unless(
                received_on >= expected - rules.PRE_BIRTH_REFERRAL_LIMIT,
                f"{child.full_name}'s expected date of birth ({expected.day} {expected:%B %Y}) "
                "is more than 40 weeks after the contact: correct it on the child's record "
                "before referring",
            )


def decision_authorise(
    *, user: User, decision: ThresholdDecision, early_help_service: Any = None
) -> ThresholdDecision:
    with transaction.atomic():
        _refuse_unless(may_authorise(user), "Only a MASH manager can authorise a decision")
        _refuse_unless(not decision.is_applied, "This decision has already taken effect")
        _refuse_unless(
            contact_status(decision.contact) == ContactStatus.AWAITING_AUTHORISATION,
            "This decision is not waiting for authorisation",
        )
        if early_help_service is None and decision.outcome == Outcome.EARLY_HELP:
            from hearth.early_help.models import EarlyHelpService

            early_help_service = EarlyHelpService.objects.filter(
                name=decision.early_help_service_name
            ).first()
        decision._early_help_service = early_help_service  # type: ignore[attr-defined]
        _decision_apply(user=user, decision=decision, authorised_by=user)
    return decision


def decision_return(*, user: User, decision: ThresholdDecision, reason: str) -> ThresholdDecision:
    """A manager sends a proposed decision back for more screening."""
    with transaction.atomic():
        _refuse_unless(may_authorise(user), "Only a MASH manager can return a decision")
        _refuse_unless(bool(reason.strip()), "Enter why the decision is being returned")
        _refuse_unless(not decision.is_applied, "This decision has already taken effect")
        decision.superseded = True
        decision.save(update_fields=["superseded"])
        contact_transition(
            user=user, contact=decision.contact, status=ContactStatus.SCREENING, reason=reason
        )
        for child in _children_of(decision.contact):
            Auditor(user=user).changed(
                decision,
                child_id=child.pk,
                changes={"superseded": [False, True]},
                summary="Decision returned for more screening",
                reason=reason,
            )
    return decision


def contact_reopen(*, user: User, contact: Contact, reason: str) -> Contact:
    """A manager reopens a decided contact (new information); a later decision that differs
    overturns the earlier one and is counted by the threshold consistency report."""
    with transaction.atomic():
        _refuse_unless(may_authorise(user), "Only a MASH manager can reopen a contact")
        _refuse_unless(bool(reason.strip()), "Enter why the contact is being reopened")
        contact_transition(
            user=user, contact=contact, status=ContactStatus.SCREENING, reason=reason
        )
        for child in _children_of(contact):
            Auditor(user=user).changed(
                contact,
                child_id=child.pk,
                changes={"status": [ContactStatus.DECIDED, ContactStatus.SCREENING]},
                summary="Contact reopened",
                reason=reason,
            )
            chronology_record(
                child=child,
                occurred_on=timezone.localdate(),
                category=CHRONOLOGY_CATEGORY,
                summary=f"Contact {contact.reference} reopened: {reason}",
                source=contact,
                user=user,
            )
    return contact


def _decision_apply(*, user: User, decision: ThresholdDecision, authorised_by: User | None) -> None:
    """The decision takes effect: each child becomes a referral, a contact on an open case,
    an early help episode or a closed contact, with a chronology line each."""
    from hearth.assessments.services import cin_episode_open

    contact = decision.contact
    now = timezone.now()
    if authorised_by is not None:
        decision.authorised_by = authorised_by
        decision.authorised_at = now
    decision.applied_at = now
    decision.full_clean()
    decision.save(update_fields=["authorised_by", "authorised_at", "applied_at"])
    contact.decisions.exclude(pk=decision.pk).update(superseded=True)
    contact_transition(
        user=user,
        contact=contact,
        status=ContactStatus.DECIDED,
        reason=decision.get_outcome_display(),
    )
    received_on = timezone.localdate(contact.received_at)
    decided_on = timezone.localdate(now)
    for link in contact.people.filter(is_subject_child=True).select_related("person"):
        child = link.person
        if child_has_open_case(child, decided_on):
            link.recorded_as = RecordedAs.OPEN_CASE
            summary = (
                f"Contact {contact.reference} recorded on the open case "
                f"(decision: {decision.get_outcome_display().lower()})"
            )
        elif decision.outcome in REFERRAL_OUTCOMES:
            referral = Referral(
                contact=contact,
                decision=decision,
                child=child,
                referral_date=received_on,
                source=contact.referral_source,
                is_re_referral=bool(previous_referrals(child, received_on)),
                strategy_discussion_needed=decision.outcome == Outcome.STRATEGY_DISCUSSION,
                created_by=user,
            )
            referral.full_clean()
            referral.save()
            referral.cin_episode = cin_episode_open(
                user=user,
                child=child,
                referral_date=received_on,
                referral_source=contact.referral_source,
            )
            referral.save(update_fields=["cin_episode"])
            Auditor(user=user).created(referral, child_id=child.pk, summary="Referral opened")
            link.recorded_as = RecordedAs.REFERRAL
            summary = f"Referral accepted from contact {contact.reference}"
            if referral.is_re_referral:
                summary += " (re-referral within 12 months)"
            if referral.strategy_discussion_needed:
                summary += ": immediate strategy discussion"
        elif decision.outcome == Outcome.EARLY_HELP:
            from hearth.early_help.models import EarlyHelpEpisode
            from hearth.early_help.services import episode_start

            link.recorded_as = RecordedAs.EARLY_HELP
            if EarlyHelpEpisode.objects.filter(child=child, end_date__isnull=True).exists():
                summary = f"Contact {contact.reference} passed to the open early help episode"
            else:
                episode_start(
                    user=user,
                    child=child,
                    start_date=decided_on,
                    reason=decision.rationale,
                    service=getattr(decision, "_early_help_service", None),
                    stepped_down_from=contact,
                )
                summary = f"Contact {contact.reference} stepped to early help"
        else:
            link.recorded_as = RecordedAs.CLOSED
            summary = (
                f"Contact {contact.reference} closed: {decision.get_outcome_display().lower()}"
            )
        link.save(update_fields=["recorded_as"])
        chronology_record(
            child=child,
            occurred_on=decided_on,
            category=CHRONOLOGY_CATEGORY,
            summary=f"{summary}. Level of need {decision.level_of_need}.",
            significant=decision.outcome in REFERRAL_OUTCOMES,
            source=decision,
            user=user,
        )


# ---- due items for the timescale engine -----------------------------------------------------


def decision_due_items(child_ids: Iterable[int], today: date) -> Iterator[Any]:
    """Provider for the timescale engine: one item per open contact per child, due 1 working
    day after the contact was received (rule `referral_decision`)."""
    from hearth.timescales.engine import DueItem

    links = (
        ContactPerson.objects.filter(
            person_id__in=list(child_ids),
            is_subject_child=True,
            contact__in=Contact.objects.open(),
        )
        .select_related("contact")
        .order_by("contact__received_at")
    )
    for link in links:
        contact = link.contact
        yield DueItem.create(
            rules.DECISION_RULE_ID,
            child_id=link.person_id,
            subject=f"Decision on contact {contact.reference}",
            clock_start=timezone.localdate(contact.received_at),
            clock_event="Contact received",
            url=reverse("front_door:contact_detail", args=[contact.pk]),
            assignee_id=contact.worker_id,
        )
