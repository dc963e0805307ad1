"""Business actions for care leavers. Each is one transaction that checks its input, saves,
audits and writes the chronology line itself. Eligibility is never typed in: it is derived
from the care history (rules.eligibility) whenever it is read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from hearth.accounts.models import Role, User
from hearth.care_leavers import rules
from hearth.care_leavers.models import (
    ALWAYS_UNSUITABLE,
    NEET_ACTIVITIES,
    Accommodation,
    Activity,
    AdviserAllocation,
    CircumstanceChange,
    Contact,
    ContactFrequency,
    DetentionAtSixteen,
    DetentionPlace,
    Entitlement,
    NeedsAssessment,
    PathwayPlan,
    PlanAction,
    PlanArea,
    PlanReason,
    PlanSection,
    ServiceEnd,
    SupportRequest,
)
from hearth.casework.models import Allocation
from hearth.casework.services import allocation_start, chronology_record
from hearth.core.audit import Auditor, diff, snapshot
from hearth.core.presenters import format_date
from hearth.people.models import Person
from hearth.reference import lookups

CHRONOLOGY = "Leaving care"

Errors = dict[str, str]


def _raise(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


def _date_errors(value: date | None, field_name: str, what: str) -> Errors:
    if value is None:
        return {field_name: f"Enter the date {what}"}
    if value > timezone.localdate():
        return {field_name: f"The date {what} must be today or in the past"}
    return {}


def _save(obj: models.Model, *, user: User, young_person: Person, summary: str) -> None:
    obj.full_clean()
    obj.save()
    Auditor(user=user).created(obj, child_id=young_person.pk, summary=summary)


def _chronology(
    *, young_person: Person, on: date, summary: str, source: models.Model, user: User
) -> None:
    chronology_record(
        child=young_person,
        occurred_on=on,
        category=CHRONOLOGY,
        summary=summary,
        source=source,
        user=user,
    )


# --- Personal advisers ---------------------------------------------------------------------


def adviser_allocate(
    *,
    user: User,
    young_person: Person,
    adviser: User,
    start_date: date,
    joint_visit_on: date | None = None,
    joint_visit_attended: str = "",
    no_joint_visit_reason: str = "",
) -> AdviserAllocation:
    """Allocate a personal adviser, ending the current one that day. The handover records a
    joint introductory visit (date, who attended) or the reason there was none. When the
    young person has left care, the case moves to the adviser (a casework allocation in the
    adviser's team); while they are in care the social worker keeps the case."""
    errors = _date_errors(start_date, "start_date", "the adviser starts")
    if adviser.role != Role.PERSONAL_ADVISER:
        errors["adviser"] = "Choose a personal adviser"
    if joint_visit_on is not None:
        errors |= _date_errors(joint_visit_on, "joint_visit_on", "of the joint visit")
        if not joint_visit_attended.strip():
            errors["joint_visit_attended"] = "Enter who attended the joint visit"
    elif not no_joint_visit_reason.strip():
        errors["no_joint_visit_reason"] = (
            "Enter the date of the joint introductory visit, or why there was none"
        )
    _raise(errors)
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=young_person.pk).first()
        auditor = Auditor(user=user)
        for previous in AdviserAllocation.objects.current().filter(young_person=young_person):
            if previous.start_date > start_date:
                raise ValidationError(
                    {
                        "start_date": "The start date must be on or after "
                        f"{format_date(previous.start_date)}, when the current adviser started"
                    }
                )
            before = snapshot(previous, ["end_date"])
            previous.end_date = start_date
            previous.full_clean()
            previous.save(update_fields=["end_date", "updated_at"])
            auditor.changed(
                previous,
                child_id=young_person.pk,
                changes=diff(before, snapshot(previous, ["end_date"])),
                summary="Ended the personal adviser allocation",
            )
        allocation = AdviserAllocation(
            young_person=young_person,
            adviser=adviser,
            start_date=start_date,
            joint_visit_on=joint_visit_on,
            joint_visit_attended=joint_visit_attended.strip() if joint_visit_on else "",
            no_joint_visit_reason="" if joint_visit_on else no_joint_visit_reason.strip(),
            created_by=user,
        )
        _save(allocation, user=user, young_person=young_person, summary="Allocated an adviser")
        handover = (
            f"joint introductory visit on {format_date(joint_visit_on)} "
            f"({allocation.joint_visit_attended})"
            if joint_visit_on
            else f"no joint visit: {allocation.no_joint_visit_reason}"
        )
        _chronology(
            young_person=young_person,
            on=start_date,
            summary=f"Personal adviser {adviser} allocated; {handover}",
            source=allocation,
            user=user,
        )
        from hearth.care_leavers.selectors import histories

        history = histories([young_person]).get(young_person.pk)
        today = timezone.localdate()
        in_care = history is not None and (
            history.looked_after_on(start_date) or history.looked_after_on(today)
        )
        if not in_care and adviser.team is not None:
            current = young_person.allocations.current(today).first()
            if current is None or current.worker_id != adviser.pk:
                latest = young_person.allocations.aggregate(latest=models.Max("start_date"))
                allocation_start(
                    user=user,
                    child=young_person,
                    team=adviser.team,
                    worker=adviser,
                    start_date=max(start_date, latest["latest"] or start_date),
                    reason="Personal adviser for a care leaver",
                )
    return allocation


def case_move_to_adviser(*, user: User, young_person: Person) -> Allocation:
    """Care has ended: the case moves to the personal adviser, who now leads it. The social
    worker's allocation ends (a relevant young person leaving care at 16 or 17, an eligible
    one at 18), from the day care ended (or the adviser's start, if later). Recorded as a
    casework allocation, audited and in the chronology (casework's allocation_start)."""
    from hearth.care_leavers.selectors import case_move_due

    today = timezone.localdate()
    move = case_move_due(young_person, today)
    if move is None:
        raise ValidationError(
            {
                "case": "The case cannot move to the personal adviser: the young person is still "
                "in care, has no current adviser, or the adviser already holds the case"
            }
        )
    adviser = move.adviser_allocation.adviser
    if adviser.team is None:
        raise ValidationError(
            {"case": f"{adviser} is not in a team: ask an administrator to add them to one"}
        )
    label = rules.CATEGORY_LABELS[move.category].lower()
    return allocation_start(
        user=user,
        child=young_person,
        team=adviser.team,
        worker=adviser,
        start_date=move.on,
        reason=f"Care ended on {format_date(move.left_care_on)}: the personal adviser leads "
        f"the case ({label})",
    )


def detention_at_16_record(
    *, user: User, young_person: Person, place: str, since: date | None, notes: str = ""
) -> DetentionAtSixteen:
    """The young person was detained or in hospital on their 16th birthday (since `since`).
    Looked after for 13 weeks since 14 immediately before, they are relevant (reg 3)."""
    errors = _date_errors(since, "since", "they were detained or admitted to hospital")
    if place not in DetentionPlace.values:
        errors["place"] = "Select whether they were in custody or in hospital"
    born = young_person.date_of_birth
    if born is None:
        errors["since"] = "Record the young person's date of birth first"
    elif since is not None and not errors.get("since"):
        b16 = rules.birthday(born, 16)
        if b16 > timezone.localdate():
            errors["since"] = "The young person has not had their 16th birthday yet"
        elif since > b16:
            errors["since"] = (
                f"The date must be on or before their 16th birthday, {format_date(b16)}"
            )
    _raise(errors)
    assert since is not None
    with transaction.atomic():
        row = DetentionAtSixteen(
            young_person=young_person,
            place=place,
            since=since,
            notes=notes.strip(),
            recorded_by=user,
        )
        _save(row, user=user, young_person=young_person, summary="Detained or in hospital at 16")
        where = "in custody" if place == DetentionPlace.CUSTODY else "in hospital"
        _chronology(
            young_person=young_person,
            on=since,
            summary=f"{where.capitalize()} from {format_date(since)}, still there on their "
            "16th birthday",
            source=row,
            user=user,
        )
    return row


# --- Needs assessment and pathway plans ----------------------------------------------------


def needs_assessment_record(
    *,
    user: User,
    young_person: Person,
    completed_on: date,
    summary: str,
    young_persons_views: str,
) -> NeedsAssessment:
    errors = _date_errors(completed_on, "completed_on", "the assessment was completed")
    if not summary.strip():
        errors["summary"] = "Enter what the assessment found"
    if not young_persons_views.strip():
        errors["young_persons_views"] = "Enter the young person's views"
    _raise(errors)
    with transaction.atomic():
        assessment = NeedsAssessment(
            young_person=young_person,
            completed_on=completed_on,
            summary=summary.strip(),
            young_persons_views=young_persons_views.strip(),
            recorded_by=user,
        )
        _save(assessment, user=user, young_person=young_person, summary="Needs assessment")
        _chronology(
            young_person=young_person,
            on=completed_on,
            summary="Leaving care needs assessment completed",
            source=assessment,
            user=user,
        )
    return assessment


@dataclass(frozen=True)
class ActionInput:
    what: str
    who: str
    by_when: date | None


@dataclass(frozen=True)
class SectionInput:
    area: str
    summary: str
    own_words: str = ""
    actions: Sequence[ActionInput] = field(default_factory=tuple)


def pathway_plan_record(
    *,
    user: User,
    young_person: Person,
    plan_date: date,
    reason: str,
    young_persons_views: str,
    sections: Sequence[SectionInput],
) -> PathwayPlan:
    """The first pathway plan or a review: short sections, each with actions (what, who, by
    when) and the young person's own words."""
    errors = _date_errors(plan_date, "plan_date", "of the plan")
    has_plan = young_person.pathway_plans.exists()
    if reason not in PlanReason.values:
        errors["reason"] = "Select why the plan is being written"
    elif reason == PlanReason.FIRST and has_plan:
        errors["reason"] = "There is already a pathway plan: select why it is being reviewed"
    elif reason != PlanReason.FIRST and not has_plan:
        errors["reason"] = "There is no pathway plan yet: select first pathway plan"
    if not young_persons_views.strip():
        errors["young_persons_views"] = "Enter the young person's views on the plan"
    written = [s for s in sections if s.summary.strip()]
    if not written:
        errors["sections"] = "Write at least one section of the plan"
    for section in sections:
        if section.area not in PlanArea.values:
            errors["sections"] = "Choose an area for each section"
        for action in section.actions:
            key = f"{section.area}_actions"
            if not action.what.strip() or not action.who.strip() or action.by_when is None:
                errors[key] = "Enter what will be done, who will do it and by when"
        if section.actions and not section.summary.strip():
            errors[f"{section.area}_summary"] = "Enter what was agreed for this section"
    _raise(errors)
    with transaction.atomic():
        plan = PathwayPlan(
            young_person=young_person,
            plan_date=plan_date,
            reason=reason,
            young_persons_views=young_persons_views.strip(),
            recorded_by=user,
        )
        plan.full_clean()
        plan.save()
        for section in written:
            row = PlanSection(
                plan=plan,
                area=section.area,
                summary=section.summary.strip(),
                own_words=section.own_words.strip(),
            )
            row.full_clean()
            row.save()
            for action in section.actions:
                assert action.by_when is not None
                item = PlanAction(
                    section=row,
                    what=action.what.strip(),
                    who=action.who.strip(),
                    by_when=action.by_when,
                )
                item.full_clean()
                item.save()
        Auditor(user=user).created(plan, child_id=young_person.pk, summary="Pathway plan")
        _chronology(
            young_person=young_person,
            on=plan_date,
            summary=f"Pathway plan: {plan.get_reason_display().lower()}",
            source=plan,
            user=user,
        )
    return plan


def circumstance_change_record(
    *, user: User, young_person: Person, occurred_on: date, kind: str, description: str
) -> CircumstanceChange:
    """A significant change; it prompts a review of the pathway plan."""
    errors = _date_errors(occurred_on, "occurred_on", "of the change")
    if kind not in dict(CircumstanceChange._meta.get_field("kind").choices or []):
        errors["kind"] = "Select what changed"
    if not description.strip():
        errors["description"] = "Describe the change"
    _raise(errors)
    with transaction.atomic():
        change = CircumstanceChange(
            young_person=young_person,
            occurred_on=occurred_on,
            kind=kind,
            description=description.strip(),
            recorded_by=user,
        )
        _save(change, user=user, young_person=young_person, summary="Change in circumstances")
        _chronology(
            young_person=young_person,
            on=occurred_on,
            summary=f"{change.get_kind_display()}: {change.description}",
            source=change,
            user=user,
        )
    return change


# --- Keeping in touch ----------------------------------------------------------------------


def contact_record(
    *,
    user: User,
    young_person: Person,
    contact_on: date,
    method: str,
    initiated_by: str,
    outcome: str,
    notes: str = "",
) -> Contact:
    errors = _date_errors(contact_on, "contact_on", "of the contact")
    for name, value, what in (
        ("method", method, "how you were in contact"),
        ("initiated_by", initiated_by, "who made the contact"),
        ("outcome", outcome, "the outcome of the contact"),
    ):
        if value not in dict(Contact._meta.get_field(name).choices or []):
            errors[name] = f"Select {what}"
    _raise(errors)
    with transaction.atomic():
        contact = Contact(
            young_person=young_person,
            contact_on=contact_on,
            method=method,
            initiated_by=initiated_by,
            outcome=outcome,
            notes=notes.strip(),
            recorded_by=user,
        )
        _save(contact, user=user, young_person=young_person, summary="Contact")
        _chronology(
            young_person=young_person,
            on=contact_on,
            summary=f"{contact.get_method_display()}: {contact.get_outcome_display()}",
            source=contact,
            user=user,
        )
    return contact


def contact_frequency_set(
    *, user: User, young_person: Person, weeks: int | None, reason: str, set_on: date
) -> ContactFrequency:
    errors: Errors = {}
    if weeks is None or not 1 <= weeks <= 52:
        errors["weeks"] = "Enter a number of weeks between 1 and 52"
    if not reason.strip():
        errors["reason"] = "Enter why this frequency meets the young person's needs"
    _raise(errors)
    assert weeks is not None
    with transaction.atomic():
        row = ContactFrequency(
            young_person=young_person,
            weeks=weeks,
            reason=reason.strip(),
            set_on=set_on,
            recorded_by=user,
        )
        _save(row, user=user, young_person=young_person, summary="Contact frequency")
        _chronology(
            young_person=young_person,
            on=set_on,
            summary=f"Keeping in touch at least every {weeks} weeks: {row.reason}",
            source=row,
            user=user,
        )
    return row


# --- Accommodation, activity, support ------------------------------------------------------


def accommodation_record(
    *,
    user: User,
    young_person: Person,
    start_date: date,
    accommodation_type: str,
    suitable: bool | None,
    suitability_reason: str,
    with_parent: bool = False,
    staying_close: bool = False,
) -> Accommodation:
    """A move (or the first record) of accommodation, with its suitability and why. No fixed
    abode and custody are never suitable (903 rule 133); a Foyer and staying put are for
    young people aged 18 or over (903 rules 347, 3001)."""
    errors = _date_errors(start_date, "start_date", "they moved in")
    if accommodation_type not in dict(
        Accommodation._meta.get_field("accommodation_type").choices or []
    ):
        errors["accommodation_type"] = "Select the type of accommodation"
    if suitable is None:
        errors["suitable"] = "Select whether the accommodation is suitable"
    elif suitable and accommodation_type in ALWAYS_UNSUITABLE:
        errors["suitable"] = "No fixed abode and custody cannot be recorded as suitable"
    if not suitability_reason.strip():
        errors["suitability_reason"] = "Enter why the accommodation is or is not suitable"
    born = young_person.date_of_birth
    if born and accommodation_type in ("T", "Z") and rules.age_on(born, start_date) < 18:
        errors["accommodation_type"] = (
            "Staying put and Foyer accommodation are for young people aged 18 or over"
        )
    if with_parent and accommodation_type != "B":
        errors["with_parent"] = "Only accommodation with parents or relatives can be with a parent"
    _raise(errors)
    with transaction.atomic():
        row = Accommodation(
            young_person=young_person,
            start_date=start_date,
            accommodation_type=accommodation_type,
            with_parent=with_parent,
            suitable=bool(suitable),
            suitability_reason=suitability_reason.strip(),
            staying_close=staying_close,
            recorded_by=user,
        )
        _save(row, user=user, young_person=young_person, summary="Accommodation")
        _chronology(
            young_person=young_person,
            on=start_date,
            summary=f"Moved to {row.get_accommodation_type_display().lower()} "
            f"({'suitable' if row.suitable else 'not suitable'})",
            source=row,
            user=user,
        )
    return row


def activity_record(
    *,
    user: User,
    young_person: Person,
    start_date: date,
    code: str,
    neet_reason: str = "",
    provider: str = "",
) -> Activity:
    errors = _date_errors(start_date, "start_date", "the activity started")
    codes = lookups.valid_codes("oc3_activity", on=start_date) - {"0"}
    if code not in codes:
        errors["code"] = "Select what the young person is doing"
    elif code in NEET_ACTIVITIES and not neet_reason.strip():
        errors["neet_reason"] = (
            "Enter why the young person is not in education, employment or training"
        )
    _raise(errors)
    with transaction.atomic():
        row = Activity(
            young_person=young_person,
            start_date=start_date,
            code=code,
            neet_reason=neet_reason.strip() if code in NEET_ACTIVITIES else "",
            provider=provider.strip(),
            recorded_by=user,
        )
        _save(row, user=user, young_person=young_person, summary="Activity")
        _chronology(
            young_person=young_person,
            on=start_date,
            summary=f"Activity: {lookups.description('oc3_activity', code, on=start_date)}",
            source=row,
            user=user,
        )
    return row


def entitlement_record(
    *,
    user: User,
    young_person: Person,
    kind: str,
    given_on: date,
    amount: Decimal | None = None,
    notes: str = "",
) -> Entitlement:
    errors = _date_errors(given_on, "given_on", "it was given")
    if kind not in dict(Entitlement._meta.get_field("kind").choices or []):
        errors["kind"] = "Select the entitlement"
    if amount is not None and amount < 0:
        errors["amount"] = "The amount must be 0 or more"
    _raise(errors)
    with transaction.atomic():
        row = Entitlement(
            young_person=young_person,
            kind=kind,
            given_on=given_on,
            amount=amount,
            notes=notes.strip(),
            recorded_by=user,
        )
        _save(row, user=user, young_person=young_person, summary="Entitlement given")
        _chronology(
            young_person=young_person,
            on=given_on,
            summary=f"{row.get_kind_display()} given" + (f" (£{amount})" if amount else ""),
            source=row,
            user=user,
        )
    return row


def support_request_record(
    *, user: User, young_person: Person, requested_on: date, notes: str = ""
) -> SupportRequest:
    """A former relevant young person asks for adviser support to 25."""
    errors = _date_errors(requested_on, "requested_on", "of the request")
    born = young_person.date_of_birth
    if born and requested_on and rules.age_on(born, requested_on) < 18:
        errors["requested_on"] = "Support to 25 can be asked for from the 18th birthday"
    _raise(errors)
    with transaction.atomic():
        row = SupportRequest(
            young_person=young_person,
            requested_on=requested_on,
            notes=notes.strip(),
            recorded_by=user,
        )
        _save(row, user=user, young_person=young_person, summary="Support to 25 requested")
        _chronology(
            young_person=young_person,
            on=requested_on,
            summary="Asked for personal adviser support to 25",
            source=row,
            user=user,
        )
    return row


def service_end_record(
    *, user: User, young_person: Person, ended_on: date, reason: str, notes: str = ""
) -> ServiceEnd:
    errors = _date_errors(ended_on, "ended_on", "the service ended")
    if reason not in dict(ServiceEnd._meta.get_field("reason").choices or []):
        errors["reason"] = "Select why the service ended"
    _raise(errors)
    with transaction.atomic():
        row = ServiceEnd(
            young_person=young_person,
            ended_on=ended_on,
            reason=reason,
            notes=notes.strip(),
            recorded_by=user,
        )
        _save(row, user=user, young_person=young_person, summary="Leaving care service ended")
        for current in AdviserAllocation.objects.current().filter(young_person=young_person):
            current.end_date = max(ended_on, current.start_date)
            current.full_clean()
            current.save(update_fields=["end_date", "updated_at"])
        _chronology(
            young_person=young_person,
            on=ended_on,
            summary=f"Leaving care service ended: {row.get_reason_display().lower()}",
            source=row,
            user=user,
        )
    return row


def health_history_given_record(
    *, user: User, young_person: Person, given_on: date, notes: str = ""
) -> models.Model:
    """The young person was given their health history: recorded by the children in care
    app's service (one record of it, wherever it is entered)."""
    from hearth.children_in_care import services as cic

    record = getattr(cic, "health_history_given_record", None)
    if record is None:  # pragma: no cover - the children in care app always has it
        raise ValidationError({"given_on": "The health history cannot be recorded here yet"})
    _raise(_date_errors(given_on, "given_on", "the health history was given"))
    return record(user=user, child=young_person, given_on=given_on, notes=notes)
