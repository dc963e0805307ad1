"""Business actions on people, addresses and family relationships. Each runs in one
transaction, validates the whole row before saving, and writes the audit entry and, for
significant changes, the child's chronology itself."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from hearth.accounts.models import User
from hearth.casework.services import chronology_record
from hearth.core.audit import Auditor, diff, snapshot
from hearth.core.models import AuditAction
from hearth.people import codes
from hearth.people.models import (
    SIBLING_KINDS,
    Address,
    Disability,
    EmergencyAccess,
    Person,
    Relationship,
    RelationshipKind,
)

# Fields a person's details form may change (identifiers, characteristics, dates).
PERSON_FIELDS = (
    "first_name",
    "middle_names",
    "last_name",
    "known_as",
    "date_of_birth",
    "expected_date_of_birth",
    "sex",
    "gender_identity",
    "ethnicity",
    "first_language",
    "interpreter_needed",
    "religion",
    "immigration_status",
    "uasc",
    "upn",
    "former_upn",
    "upn_unknown_reason",
    "nhs_number",
    "la_child_id",
    "date_of_death",
)
_AUDITED_PERSON_FIELDS = (*PERSON_FIELDS, "is_child")


def _merge(errors: dict[str, list[str]], exc: ValidationError) -> None:
    for name, messages in exc.message_dict.items():
        errors.setdefault(name, []).extend(messages)


def _code_errors(person: Person, disabilities: list[str] | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if person.ethnicity and person.ethnicity not in dict(codes.choices("ethnicity")):
        errors["ethnicity"] = ["Select an ethnicity from the list"]
    if disabilities is not None:
        known = dict(codes.choices("disability"))
        if any(code not in known for code in disabilities):
            errors["disabilities"] = ["Select disabilities from the list"]
        elif "NONE" in disabilities and len(disabilities) > 1:
            # CIN census rule 8790.
            errors["disabilities"] = [
                "Select ‘No disability’ on its own, or select the disabilities the person has"
            ]
        elif len(set(disabilities)) != len(disabilities):
            errors["disabilities"] = ["Select each disability once"]  # CIN census rule 8794
    return errors


def _validate_person(person: Person, disabilities: list[str] | None) -> None:
    errors: dict[str, list[str]] = {}
    person.normalise_identifiers()  # before the field length checks full_clean runs first
    try:
        person.full_clean(exclude=["restricted_to"])
    except ValidationError as exc:
        _merge(errors, exc)
    for name, messages in _code_errors(person, disabilities).items():
        errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _children_affected(person: Person) -> list[Person]:
    """The child whose record a change concerns: the person, or for an adult the children
    they are currently linked to."""
    if person.is_child:
        return [person]
    return [
        rel.child
        for rel in person.relatives_of.current().select_related("child").order_by("child_id")
    ]


def _audit_child_id(person: Person, child: Person | None) -> int | None:
    if child is not None:
        return child.pk
    return person.pk if person.is_child else None


def _set_disabilities(person: Person, disabilities: Iterable[str]) -> None:
    wanted = set(disabilities)
    person.disabilities.exclude(code__in=wanted).delete()
    have = set(person.disabilities.values_list("code", flat=True))
    Disability.objects.bulk_create(
        [Disability(person=person, code=code) for code in sorted(wanted - have)]
    )


def _next_la_child_id(person: Person) -> str:
    candidate = f"HC{person.pk:07d}"
    suffix = 0
    while Person.objects.filter(la_child_id=candidate).exclude(pk=person.pk).exists():
        suffix += 1
        candidate = f"HC{person.pk:07d}{suffix}"
    return candidate


def person_create(
    *,
    user: User,
    first_name: str,
    last_name: str,
    is_child: bool = True,
    middle_names: str = "",
    known_as: str = "",
    date_of_birth: date | None = None,
    expected_date_of_birth: date | None = None,
    sex: str = "U",
    gender_identity: str = "",
    ethnicity: str = "",
    disabilities: list[str] | None = None,
    first_language: str = "",
    interpreter_needed: bool = False,
    religion: str = "",
    immigration_status: str = "",
    uasc: bool = False,
    upn: str = "",
    former_upn: str = "",
    upn_unknown_reason: str = "",
    nhs_number: str = "",
    la_child_id: str = "",
    date_of_death: date | None = None,
    child: Person | None = None,
    reason: str = "",
) -> Person:
    """Record a new child or adult. A child without an LA child ID is given one. `child` names
    the child an adult is being recorded for, so the audit entry lands on their record."""
    person = Person(
        is_child=is_child,
        first_name=first_name.strip(),
        middle_names=middle_names.strip(),
        last_name=last_name.strip(),
        known_as=known_as.strip(),
        date_of_birth=date_of_birth,
        expected_date_of_birth=expected_date_of_birth,
        sex=sex or "U",
        gender_identity=gender_identity.strip(),
        ethnicity=ethnicity,
        first_language=first_language.strip(),
        interpreter_needed=interpreter_needed,
        religion=religion.strip(),
        immigration_status=immigration_status.strip(),
        uasc=uasc,
        upn=upn,
        former_upn=former_upn,
        upn_unknown_reason=upn_unknown_reason,
        nhs_number=nhs_number,
        la_child_id=la_child_id or None,
        date_of_death=date_of_death,
    )
    disabilities = list(disabilities or [])
    _validate_person(person, disabilities)
    with transaction.atomic():
        person.save()
        if is_child and not person.la_child_id:
            person.la_child_id = _next_la_child_id(person)
            person.save(update_fields=["la_child_id"])
        _set_disabilities(person, disabilities)
        kind = "child" if is_child else "adult"
        Auditor(user=user).created(
            person,
            child_id=_audit_child_id(person, child),
            summary=f"Recorded a new {kind}: {person.full_name}",
            reason=reason,
        )
        if date_of_death is not None:
            _record_death(person, user=user)
    return person


def person_update(
    *,
    user: User,
    person: Person,
    changes: dict[str, Any],
    reason: str = "",
    child: Person | None = None,
) -> Person:
    """Change a person's details. `changes` maps field names (and `disabilities`, a list of
    codes) to new values; the audit entry holds the field-by-field difference."""
    unknown = set(changes) - set(PERSON_FIELDS) - {"disabilities"}
    if unknown:
        raise ValueError(f"These are not person details: {', '.join(sorted(unknown))}")
    before = snapshot(person, _AUDITED_PERSON_FIELDS)
    before_disabilities = sorted(person.disabilities.values_list("code", flat=True))
    had_died = person.date_of_death is not None
    new_disabilities = changes.get("disabilities")
    if new_disabilities is not None:
        new_disabilities = sorted(new_disabilities)
    for name, value in changes.items():
        if name == "disabilities":
            continue
        if name == "la_child_id":
            value = value or None
        elif isinstance(value, str):
            value = value.strip()
        setattr(person, name, value)
    try:
        _validate_person(person, new_disabilities)
    except ValidationError:
        for name, value in before.items():  # leave the caller's object as it was
            setattr(person, name, value)
        person.set_name_keys()
        raise
    after = snapshot(person, _AUDITED_PERSON_FIELDS)
    if new_disabilities is not None:
        before["disabilities"] = before_disabilities
        after["disabilities"] = new_disabilities
    changed = diff(before, after)
    if not changed:
        return person
    with transaction.atomic():
        person.save()
        if new_disabilities is not None:
            _set_disabilities(person, new_disabilities)
        Auditor(user=user).changed(
            person,
            child_id=_audit_child_id(person, child),
            changes=changed,
            summary=f"Changed the details of {person.full_name}",
            reason=reason,
        )
        if person.date_of_death is not None and not had_died:
            _record_death(person, user=user)
    return person


def _record_death(person: Person, *, user: User) -> None:
    """The death on the chronology of the child (or of each child an adult is linked to).
    An adult who has died no longer holds parental responsibility or shares a household."""
    auditor = Auditor(user=user)
    for rel in person.relatives_of.current().filter(
        Q(lives_with=True) | Q(parental_responsibility=True)
    ):
        before = snapshot(rel, ["lives_with", "parental_responsibility"])
        rel.lives_with = rel.parental_responsibility = False
        rel.save(update_fields=["lives_with", "parental_responsibility", "updated_at"])
        auditor.changed(
            rel,
            child_id=rel.child_id,
            changes=diff(before, snapshot(rel, ["lives_with", "parental_responsibility"])),
            summary=f"{person.full_name} died",
        )
    for child in _children_affected(person):
        if child.pk == person.pk:
            summary = f"{person.full_name} died"
        else:
            summary = f"{person.full_name}, {_kind_label(child, person)}, died"
        chronology_record(
            child=child,
            occurred_on=person.date_of_death,  # type: ignore[arg-type]
            category="Person",
            summary=summary,
            significant=True,
            source=person,
            user=user,
        )


def _kind_label(child: Person, relative: Person) -> str:
    rel = child.relationships.current().filter(relative=relative).first()
    if rel is None:
        return "a relative"
    return f"{child.first_name}'s {rel.get_kind_display().lower()}"


def address_add(
    *,
    user: User,
    person: Person,
    line_1: str,
    town: str,
    postcode: str,
    start_date: date,
    line_2: str = "",
    child: Person | None = None,
) -> Address:
    """Record where the person lives from `start_date`; their current address ends the day
    they move in. The child's chronology (or, for an adult, the chronology of each child who
    lives with them) records the move."""
    address = Address(
        person=person,
        line_1=line_1.strip(),
        line_2=line_2.strip(),
        town=town.strip(),
        postcode=postcode,
        start_date=start_date,
    )
    address.full_clean()
    previous = list(person.addresses.filter(end_date__isnull=True))
    if any(old.start_date >= start_date for old in previous):
        raise ValidationError(
            {
                "start_date": "The date they moved in must be after the date they moved in "
                "to their current address"
            }
        )
    with transaction.atomic():
        address.save()
        auditor = Auditor(user=user)
        for old in previous:
            old.end_date = start_date
            old.full_clean()
            old.save(update_fields=["end_date", "updated_at"])
            auditor.changed(
                old,
                child_id=_audit_child_id(person, child),
                changes={"end_date": [None, start_date.isoformat()]},
                summary=f"Ended an address of {person.full_name} on moving",
            )
        auditor.created(
            address,
            child_id=_audit_child_id(person, child),
            summary=f"Added an address for {person.full_name}",
        )
        for affected in _household_children(person):
            who = "Moved" if affected.pk == person.pk else f"{person.full_name} moved"
            chronology_record(
                child=affected,
                occurred_on=start_date,
                category="Address",
                summary=f"{who} to {address}",
                source=address,
                user=user,
            )
    return address


def _household_children(person: Person) -> list[Person]:
    if person.is_child:
        return [person]
    return [
        rel.child
        for rel in person.relatives_of.current()
        .filter(lives_with=True)
        .select_related("child")
        .order_by("child_id")
    ]


def address_end(
    *, user: User, address: Address, end_date: date, child: Person | None = None
) -> Address:
    """Record the date the person moved out of an address."""
    if address.end_date is not None and address.end_date <= timezone.localdate():
        raise ValidationError({"end_date": "This address has already ended"})
    before = address.end_date
    address.end_date = end_date
    try:
        if end_date > timezone.localdate():
            raise ValidationError(
                {"end_date": "The date they moved out must be today or in the past"}
            )
        address.full_clean()
    except ValidationError:
        address.end_date = before
        raise
    with transaction.atomic():
        address.save(update_fields=["end_date", "updated_at"])
        Auditor(user=user).changed(
            address,
            child_id=_audit_child_id(address.person, child),
            changes=diff({"end_date": before}, {"end_date": end_date}),
            summary=f"Recorded that {address.person.full_name} moved out of {address}",
        )
    return address


def relationship_add(
    *,
    user: User,
    child: Person,
    relative: Person,
    kind: str,
    parental_responsibility: bool = False,
    lives_with: bool = False,
    start_date: date | None = None,
    notes: str = "",
) -> Relationship:
    """Add someone to a child's family network. A sibling who is also a child gets the
    matching relationship on their own record. A new household member is a significant event
    on the child's chronology."""
    relationship = Relationship(
        child=child,
        relative=relative,
        kind=kind,
        parental_responsibility=parental_responsibility,
        lives_with=lives_with,
        start_date=start_date,
        notes=notes.strip(),
    )
    relationship.full_clean()  # includes the one-current-relationship-per-kind constraint
    with transaction.atomic():
        relationship.save()
        auditor = Auditor(user=user)
        auditor.created(
            relationship,
            child_id=child.pk,
            summary=f"Added {relative.full_name} to the family network",
        )
        label = relationship.get_kind_display().lower()
        chronology_record(
            child=child,
            occurred_on=start_date or timezone.localdate(),
            category="Family",
            summary=f"{relative.full_name} recorded as {child.first_name}'s {label}"
            + (" (parental responsibility)" if parental_responsibility else ""),
            source=relationship,
            user=user,
        )
        if lives_with:
            chronology_record(
                child=child,
                occurred_on=start_date or timezone.localdate(),
                category="Family",
                summary=f"New household member: {relative.full_name} ({label}) lives with "
                f"{child.first_name}",
                significant=True,
                source=relationship,
                user=user,
            )
        if kind in SIBLING_KINDS and relative.is_child:
            exists = relative.relationships.current().filter(relative=child, kind=kind).exists()
            if not exists:
                mirror = Relationship(
                    child=relative,
                    relative=child,
                    kind=kind,
                    lives_with=lives_with,
                    start_date=start_date,
                )
                mirror.full_clean()
                mirror.save()
                auditor.created(
                    mirror,
                    child_id=relative.pk,
                    summary=f"Added {child.full_name} to the family network as a sibling",
                )
    return relationship


def relationship_update(
    *, user: User, relationship: Relationship, changes: dict[str, Any], reason: str = ""
) -> Relationship:
    """Change the parental responsibility or lives-with flags, dates or notes."""
    allowed = {"kind", "parental_responsibility", "lives_with", "start_date", "notes"}
    if set(changes) - allowed:
        raise ValueError(f"These cannot be changed: {', '.join(sorted(set(changes) - allowed))}")
    before = snapshot(relationship, sorted(allowed))
    for name, value in changes.items():
        setattr(relationship, name, value)
    try:
        relationship.full_clean()
    except ValidationError:
        for name, value in before.items():
            setattr(relationship, name, value)
        raise
    changed = diff(before, snapshot(relationship, sorted(allowed)))
    if not changed:
        return relationship
    with transaction.atomic():
        relationship.save()
        Auditor(user=user).changed(
            relationship,
            child_id=relationship.child_id,
            changes=changed,
            summary=f"Changed how {relationship.relative.full_name} is related",
            reason=reason,
        )
        if "lives_with" in changed:
            child, relative = relationship.child, relationship.relative
            summary = (
                f"New household member: {relative.full_name} lives with {child.first_name}"
                if relationship.lives_with
                else f"{relative.full_name} no longer lives with {child.first_name}"
            )
            chronology_record(
                child=child,
                occurred_on=timezone.localdate(),
                category="Family",
                summary=summary,
                significant=True,
                source=relationship,
                user=user,
            )
    return relationship


def relationship_end(
    *, user: User, relationship: Relationship, end_date: date, reason: str = ""
) -> Relationship:
    """End a relationship (for example a carer who no longer looks after the child)."""
    if relationship.end_date is not None:
        raise ValidationError({"end_date": "This relationship has already ended"})
    relationship.end_date = end_date
    relationship.end_reason = reason.strip()
    try:
        relationship.full_clean()
    except ValidationError:
        relationship.end_date, relationship.end_reason = None, ""
        raise
    with transaction.atomic():
        relationship.save(update_fields=["end_date", "end_reason", "updated_at"])
        auditor = Auditor(user=user)
        auditor.changed(
            relationship,
            child_id=relationship.child_id,
            changes={"end_date": [None, end_date.isoformat()]},
            summary=f"Ended the relationship with {relationship.relative.full_name}",
            reason=reason,
        )
        child, relative = relationship.child, relationship.relative
        label = relationship.get_kind_display().lower()
        chronology_record(
            child=child,
            occurred_on=end_date,
            category="Family",
            summary=f"{relative.full_name} no longer recorded as {child.first_name}'s {label}"
            + (" and no longer lives with them" if relationship.lives_with else ""),
            significant=relationship.lives_with,
            source=relationship,
            user=user,
        )
        if relationship.kind in SIBLING_KINDS:
            for mirror in Relationship.objects.current().filter(
                child=relative, relative=child, kind=relationship.kind
            ):
                mirror.end_date = end_date
                mirror.end_reason = reason.strip()
                mirror.save(update_fields=["end_date", "end_reason", "updated_at"])
                auditor.changed(
                    mirror,
                    child_id=mirror.child_id,
                    changes={"end_date": [None, end_date.isoformat()]},
                    summary=f"Ended the sibling relationship with {child.full_name}",
                    reason=reason,
                )
    return relationship


__all__ = [
    "PERSON_FIELDS",
    "RelationshipKind",
    "address_add",
    "address_end",
    "person_create",
    "person_update",
    "relationship_add",
    "relationship_end",
    "relationship_update",
]


# Break-glass ------------------------------------------------------------------------------

EMERGENCY_REASON_MIN_LENGTH = 20


def emergency_access_hours() -> int:
    return int(str(settings.HEARTH.get("EMERGENCY_ACCESS_HOURS", 24)))


def emergency_access_grant(
    *, user: User, child: Person, reason: str, now: datetime | None = None
) -> EmergencyAccess:
    """Open a child outside the user's circle for a limited time, with their reason; tell the
    child's team managers. Refused for restricted records and for children the user can
    already see."""
    now = now or timezone.now()
    reason = reason.strip()
    if len(reason) < EMERGENCY_REASON_MIN_LENGTH:
        raise ValidationError(
            {"reason": "Explain why you need to open this record now, in at least 20 characters"}
        )
    if child.restricted or not child.is_child:
        raise ValidationError("This record cannot be opened with emergency access")
    if Person.objects.visible_to(user).filter(pk=child.pk).exists():
        raise ValidationError("You can already see this child's record")
    managers = _team_managers_of(child)
    with transaction.atomic():
        grant = EmergencyAccess(
            user=user,
            child=child,
            reason=reason,
            granted_at=now,
            expires_at=now + timedelta(hours=emergency_access_hours()),
        )
        grant.full_clean()
        grant.save()
        grant.notified.set(managers)
        Auditor(user=user).record(
            AuditAction.CREATE,
            obj=grant,
            child_id=child.pk,
            summary=f"Emergency access until {grant.expires_at:%d/%m/%Y %H:%M}",
            reason=reason,
        )
        transaction.on_commit(lambda: _tell_managers(grant, managers))
    return grant


def emergency_access_end(*, user: User, grant: EmergencyAccess) -> EmergencyAccess:
    """The user closes their own emergency access before it expires."""
    if grant.user_id != user.pk:
        raise ValidationError("Only the person who opened this access can end it")
    now = timezone.now()
    if not grant.is_active(now):
        return grant
    with transaction.atomic():
        grant.ended_at = now
        grant.save(update_fields=["ended_at"])
        Auditor(user=user).record(
            AuditAction.UPDATE, obj=grant, child_id=grant.child_id, summary="Ended emergency access"
        )
    return grant


def _team_managers_of(child: Person) -> list[User]:
    """The managers of the teams the child is allocated to now (team and service managers)."""
    from hearth.casework.models import Allocation

    teams = Allocation.objects.current(timezone.localdate()).filter(child=child)
    team_ids = teams.exclude(team_id=None).values("team_id")
    return list(
        User.objects.filter(is_active=True)
        .filter(Q(managed_teams__in=team_ids) | Q(managed_services__teams__in=team_ids))
        .distinct()
    )


def _tell_managers(grant: EmergencyAccess, managers: list[User]) -> None:
    recipients = [manager.email for manager in managers if manager.email]
    if not recipients:
        return
    send_mail(
        subject="Hearth: emergency access to a child's record in your team",
        message=(
            f"{grant.user.get_full_name() or grant.user.username} opened the record of a child "
            f"allocated to your team (Hearth record {grant.child_id}) with emergency access "
            f"until {timezone.localtime(grant.expires_at):%d/%m/%Y %H:%M}.\n\n"
            f"Their reason: {grant.reason}\n\n"
            "Review it on Hearth's emergency access report."
        ),
        from_email=None,
        recipient_list=recipients,
        fail_silently=True,
    )
