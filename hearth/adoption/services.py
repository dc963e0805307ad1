"""Business actions for adoption and special guardianship. Each is one transaction that checks
the SSDA903 timing rules (DOMAIN.md 3.3.12), saves, audits and writes the chronology line.

Placements (fostering for adoption, placed for adoption) and the end of care (adoption order,
special guardianship, child arrangements order) are episodes of the child's period of care:
they go through hearth.children_in_care.services, which apply the episode rules, so an
adoption placement here is exactly the 903 episode the return reports.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hearth.accounts.models import Team, User
from hearth.adoption import sealing
from hearth.adoption.models import (
    ADOPTION_ORDER_REASONS,
    FFA_PLACEMENTS,
    ORDER_PLACEMENTS,
    STAGE_FIELDS,
    WITH_FOSTER_CARERS,
    Adopter,
    AdopterFamily,
    AdoptionJourney,
    LaterLifeLetter,
    LeavingReason,
    OrderKind,
    PermanenceOrder,
    PreviousPermanence,
)
from hearth.casework.services import chronology_record
from hearth.children_in_care import services as care
from hearth.children_in_care import validation as care_validation
from hearth.children_in_care.models import (
    ADOPTION_PLACEMENTS,
    FOSTER_PLACEMENTS,
    Episode,
    PeriodOfCare,
)
from hearth.children_in_care.validation import Placement
from hearth.core.audit import Auditor, diff, snapshot
from hearth.people.models import Person
from hearth.reference import lookups

CHRONOLOGY = "Adoption and permanence"
Errors = dict[str, list[str]]


def _raise(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


def _add(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _date_errors(on: date | None, *, field: str = "date", what: str) -> Errors:
    if on is None:
        return {field: [f"Enter the date {what}"]}
    if on > timezone.localdate():
        return {field: [f"The date {what} must be today or in the past"]}
    return {}


def _lock(journey: AdoptionJourney) -> AdoptionJourney:
    return AdoptionJourney.objects.select_for_update().get(pk=journey.pk)


def _require_active(journey: AdoptionJourney) -> None:
    if journey.reversed_on is not None:
        _raise({"date": ["The decision that the child should be placed for adoption was reversed"]})
    if journey.adoption_order_on is not None:
        _raise({"date": ["The child has been adopted: this journey has ended"]})


def _save_change(
    user: User, journey: AdoptionJourney, before: dict[str, object], fields: list[str], say: str
) -> None:
    journey.full_clean()
    journey.save(update_fields=[*fields, "updated_at"])
    Auditor(user=user).changed(
        journey,
        child_id=journey.child_id,
        changes=diff(before, snapshot(journey, fields)),
        summary=say,
    )


def _fmt(on: date) -> str:
    return f"{on:%d/%m/%Y}"


# --- The child's journey ----------------------------------------------------------------------


def adoption_decision_record(
    *, user: User, child: Person, decision_on: date | None, decision_maker: str
) -> AdoptionJourney:
    """The agency decision maker's decision that the child should be placed for adoption
    (903 DATE_PLACED and AD1 DATE_INT). The child must be looked after then (rule 334) and
    have no decision already in force (579)."""
    with transaction.atomic():
        errors = _date_errors(decision_on, what="of the decision")
        if not decision_maker.strip():
            _add(errors, "decision_maker", "Enter the name of the agency decision maker")
        _raise(errors)
        assert decision_on is not None
        period = (
            PeriodOfCare.objects.select_for_update()
            .filter(child=child, start_date__lte=decision_on)
            .filter(end_date__isnull=True)
            .first()
        )
        if period is None:
            _raise(
                {
                    "date": [
                        "The child must be looked after on the date of the decision: record the "
                        "period of care first"
                    ]
                }
            )
        assert period is not None
        if AdoptionJourney.objects.filter(child=child).active().exists():
            _raise(
                {
                    "date": [
                        "A decision that the child should be placed for adoption is already in "
                        "force: record that it ended before making another"
                    ]
                }
            )
        last = child.adoption_journeys.exclude(reversed_on__isnull=True).order_by("reversed_on")
        previous = last.last()
        if previous is not None and previous.reversed_on and decision_on < previous.reversed_on:
            _raise(
                {
                    "date": [
                        "The decision must be on or after the last one was reversed "
                        f"({_fmt(previous.reversed_on)})"
                    ]
                }
            )
        journey = AdoptionJourney(
            child=child,
            period=period,
            decision_on=decision_on,
            decision_maker=decision_maker.strip(),
            recorded_by=user,
        )
        journey.full_clean()
        journey.save()
        Auditor(user=user).created(
            journey,
            child_id=child.pk,
            summary="Decision that the child should be placed for adoption",
        )
        chronology_record(
            child=child,
            occurred_on=decision_on,
            category=CHRONOLOGY,
            summary=f"Agency decision maker ({journey.decision_maker}) decided the child should be placed for adoption",  # noqa: E501
            significant=True,
            source=journey,
            user=user,
        )
    return journey


def placement_order_record(
    *, user: User, journey: AdoptionJourney, on: date | None, change_legal_status: bool = True
) -> AdoptionJourney:
    """The court's placement order (rule 554: on or after the decision). While the child is
    looked after, the legal status becomes E1 with a new episode unless it already is."""
    with transaction.atomic():
        journey = _lock(journey)
        _require_active(journey)
        errors = _date_errors(on, what="of the placement order")
        _raise(errors)
        assert on is not None
        if journey.placement_order_on is not None:
            _raise({"date": ["The placement order is already recorded"]})
        if on < journey.decision_on:
            _raise(
                {
                    "date": [
                        "The placement order must be on or after the decision that the child "
                        f"should be placed for adoption ({_fmt(journey.decision_on)})"
                    ]
                }
            )
        before = snapshot(journey, ["placement_order_on"])
        journey.placement_order_on = on
        _save_change(user, journey, before, ["placement_order_on"], "Placement order recorded")
        period = journey.period
        current = period.episodes.filter(dec__isnull=True).first()
        if change_legal_status and current is not None and current.legal_status != "E1":
            care.legal_status_change(user=user, period=period, on=on, legal_status="E1")
        chronology_record(
            child=journey.child,
            occurred_on=on,
            category=CHRONOLOGY,
            summary="Placement order made",
            significant=True,
            source=journey,
            user=user,
        )
    return journey


def _placement_errors(place: str, allowed: frozenset[str], what: str) -> Errors:
    if place not in allowed:
        return {"place": [f"Select {what} ({', '.join(sorted(allowed))})"]}
    return {}


def ffa_placement_record(
    *,
    user: User,
    journey: AdoptionJourney,
    on: date | None,
    placement: Placement,
    reason_place_change: str,
    family: AdopterFamily | None = None,
) -> AdoptionJourney:
    """A fostering for adoption or concurrent planning placement: a foster placement (U2 with
    relatives or friends, U5 with other carers) with carers approved to adopt. A new episode."""
    with transaction.atomic():
        journey = _lock(journey)
        _require_active(journey)
        errors = _date_errors(on, what="the child was placed")
        errors.update(_placement_errors(placement.place, FFA_PLACEMENTS, "a foster placement type"))
        _raise(errors)
        assert on is not None
        if journey.ffa_placed_on is not None:
            _raise({"date": ["The fostering for adoption placement is already recorded"]})
        if family is not None and not family.fostering_for_adoption:
            _raise({"family": ["These adopters are not approved to foster for adoption"]})
        episode = care.placement_change(
            user=user,
            period=journey.period,
            on=on,
            placement=placement,
            reason_place_change=reason_place_change,
        )
        fields = ["ffa_placed_on", "ffa_episode"] + (["family"] if family else [])
        before = snapshot(journey, fields)
        journey.ffa_placed_on = on
        journey.ffa_episode = episode
        if family is not None:
            journey.family = family
        _save_change(user, journey, before, fields, "Fostering for adoption placement recorded")
        chronology_record(
            child=journey.child,
            occurred_on=on,
            category=CHRONOLOGY,
            summary="Placed in a fostering for adoption or concurrent planning placement",
            significant=True,
            source=journey,
            user=user,
        )
    return journey


def match_record(
    *, user: User, journey: AdoptionJourney, on: date | None, family: AdopterFamily | None
) -> AdoptionJourney:
    """The match with approved prospective adopters (903 DATE_MATCH): on or after the decision
    (rule 333) and the adopters' approval, before placement (331)."""
    with transaction.atomic():
        journey = _lock(journey)
        _require_active(journey)
        errors = _date_errors(on, what="of the match")
        if family is None:
            _add(errors, "family", "Select the prospective adopters")
        _raise(errors)
        assert on is not None and family is not None
        if journey.matched_on is not None:
            _raise({"date": ["The match is already recorded"]})
        if on < journey.decision_on:
            _add(
                errors,
                "date",
                "The match must be on or after the decision that the child should be placed "
                f"for adoption ({_fmt(journey.decision_on)})",
            )
        if family.approved_on is None or family.approved_on > on:
            _add(errors, "family", "The prospective adopters must be approved before the match")
        if family.left_on is not None and family.left_on <= on:
            _add(errors, "family", "These prospective adopters have left the adoption process")
        _raise(errors)
        fields = ["matched_on", "family"]
        before = snapshot(journey, fields)
        journey.matched_on = on
        journey.family = family
        _save_change(user, journey, before, fields, "Match with prospective adopters recorded")
        chronology_record(
            child=journey.child,
            occurred_on=on,
            category=CHRONOLOGY,
            summary=f"Matched with prospective adopters (family {family.family_identifier})",
            significant=True,
            source=journey,
            user=user,
        )
    return journey


def placed_for_adoption_record(
    *,
    user: User,
    journey: AdoptionJourney,
    on: date | None,
    placement: Placement,
    reason_place_change: str,
) -> AdoptionJourney:
    """Placement for adoption: a new episode with PLACE A3-A6. The match comes first (331),
    the decision before it (552); A5/A6 need the placement order and A3/A4 (consent) need
    the child to have been in a foster or adoption placement just before (336). A3/A5 are
    with the current foster carers, so the episode's reason is the same-carer one (217)."""
    with transaction.atomic():
        journey = _lock(journey)
        _require_active(journey)
        errors = _date_errors(on, what="the child was placed for adoption")
        errors.update(
            _placement_errors(placement.place, ADOPTION_PLACEMENTS, "an adoption placement type")
        )
        _raise(errors)
        assert on is not None
        if journey.placed_on is not None:
            _raise({"date": ["The placement for adoption is already recorded"]})
        if journey.matched_on is None:
            _add(errors, "date", "Record the match with prospective adopters first")
        elif on < journey.matched_on:
            _add(
                errors,
                "date",
                f"The placement must be on or after the match ({_fmt(journey.matched_on)})",
            )
        if on < journey.decision_on:
            _add(errors, "date", "The placement must be on or after the decision to place")
        order_on = journey.placement_order_on
        if placement.place in ORDER_PLACEMENTS and (order_on is None or order_on > on):
            _add(
                errors,
                "place",
                "A5 and A6 are placements under a placement order: record the order first, or "
                "select A3 or A4 (with consent)",
            )
        current = journey.period.episodes.filter(dec__isnull=True).first()
        if current is None:
            _add(errors, "date", "The child is not looked after now")
        elif placement.place not in ORDER_PLACEMENTS and current.place not in (
            FOSTER_PLACEMENTS | ADOPTION_PLACEMENTS
        ):
            _add(
                errors,
                "place",
                "A placement for adoption with consent (A3 or A4) must follow a foster or "
                "adoption placement",
            )
        _raise(errors)
        assert current is not None
        legal_status = "E1" if order_on and current.legal_status != "E1" else None
        episode = care.placement_change(
            user=user,
            period=journey.period,
            on=on,
            placement=placement,
            reason_place_change=reason_place_change,
            same_carer=placement.place in WITH_FOSTER_CARERS,
            legal_status=legal_status,
        )
        fields = ["placed_on", "placed_episode"]
        before = snapshot(journey, fields)
        journey.placed_on = on
        journey.placed_episode = episode
        _save_change(user, journey, before, fields, "Placed for adoption")
        chronology_record(
            child=journey.child,
            occurred_on=on,
            category=CHRONOLOGY,
            summary="Placed for adoption"
            + (" with their foster carers" if placement.place in WITH_FOSTER_CARERS else ""),
            significant=True,
            source=journey,
            user=user,
        )
    return journey


def adoption_order_record(
    *, user: User, journey: AdoptionJourney, on: date | None, reason_ceased: str
) -> AdoptionJourney:
    """The adoption order ends the period of care (REC E11 unopposed, E12 consent dispensed
    with; rules 386, 390 are checked by children_in_care). Calls the sealing hook."""
    with transaction.atomic():
        journey = _lock(journey)
        _require_active(journey)
        errors = _date_errors(on, what="of the adoption order")
        if reason_ceased not in ADOPTION_ORDER_REASONS:
            _add(errors, "reason_ceased", "Select whether the order was unopposed (E11) or not")
        _raise(errors)
        assert on is not None
        if journey.placed_on is None:
            _raise({"date": ["Record that the child was placed for adoption first"]})
        assert journey.placed_on is not None
        if on < journey.placed_on:
            _raise(
                {
                    "date": [
                        "The adoption order must be on or after the child was placed for "
                        f"adoption ({_fmt(journey.placed_on)})"
                    ]
                }
            )
        period = journey.period
        if period.end_date is None:
            care.care_period_end(
                user=user, period=period, on=on, reason_episode_ceased=reason_ceased
            )
        fields = ["adoption_order_on", "order_reason"]
        before = snapshot(journey, fields)
        journey.adoption_order_on = on
        journey.order_reason = reason_ceased
        _save_change(user, journey, before, fields, "Adoption order recorded")
        sealing.adoption_order_made(journey, user)
        chronology_record(
            child=journey.child,
            occurred_on=on,
            category=CHRONOLOGY,
            summary="Adoption order made",
            significant=True,
            source=journey,
            user=user,
        )
    return journey


def decision_reverse(
    *, user: User, journey: AdoptionJourney, on: date | None, reason: str, notes: str = ""
) -> AdoptionJourney:
    """The decision that the child should no longer be placed for adoption (903
    DATE_PLACED_CEASED and REASON_PLACED_CEASED RD1-RD4; rule 119 needs both)."""
    with transaction.atomic():
        journey = _lock(journey)
        _require_active(journey)
        errors = _date_errors(on, what="of the decision")
        if not reason:
            _add(errors, "reason", "Select why the child should no longer be placed for adoption")
        elif not lookups.is_valid("reason_placed_ceased", reason, on=on):
            _add(errors, "reason", f"{reason} is not a valid reason")
        _raise(errors)
        assert on is not None
        if on < journey.decision_on:
            _raise(
                {
                    "date": [
                        "The date must be on or after the decision that the child should be "
                        f"placed for adoption ({_fmt(journey.decision_on)})"
                    ]
                }
            )
        fields = ["reversed_on", "reversal_reason", "reversal_notes"]
        before = snapshot(journey, fields)
        journey.reversed_on = on
        journey.reversal_reason = reason
        journey.reversal_notes = notes.strip()
        _save_change(user, journey, before, fields, "Decision to place for adoption reversed")
        chronology_record(
            child=journey.child,
            occurred_on=on,
            category=CHRONOLOGY,
            summary="Decided the child should no longer be placed for adoption: "
            + lookups.description("reason_placed_ceased", reason, on=on),
            significant=True,
            source=journey,
            user=user,
        )
    return journey


# --- Special guardianship and child arrangements orders ---------------------------------------


def order_reason_ceased(
    kind: str, *, former_foster_carers: bool, relatives_or_friends: bool
) -> str:
    """The 903 reason episode ceased for an order: E41 for a child arrangements order, E45-E48
    for special guardianship (former foster carers or not, relatives/friends or not)."""
    if kind == OrderKind.CAO:
        return "E41"
    if former_foster_carers:
        return "E45" if relatives_or_friends else "E46"
    return "E47" if relatives_or_friends else "E48"


def permanence_order_record(
    *,
    user: User,
    child: Person,
    kind: str,
    made_on: date | None,
    carers: str,
    former_foster_carers: bool,
    relatives_or_friends: bool,
) -> PermanenceOrder:
    """A special guardianship or child arrangements order. If the child is looked after, the
    order ends the period of care with its reason; an SGO to former foster carers (E45/E46)
    needs the last placement to be foster care (rule 516)."""
    with transaction.atomic():
        errors = _date_errors(made_on, what="the order was made")
        if kind not in OrderKind.values:
            _add(errors, "kind", "Select the order")
        if not carers.strip():
            _add(errors, "carers", "Enter who the order was made to")
        _raise(errors)
        assert made_on is not None
        if child.adoption_journeys.active().exists():
            _raise(
                {
                    "kind": [
                        "A decision that the child should be placed for adoption is in force: "
                        "record that it was reversed first"
                    ]
                }
            )
        rec = order_reason_ceased(
            kind,
            former_foster_carers=former_foster_carers,
            relatives_or_friends=relatives_or_friends,
        )
        period = PeriodOfCare.objects.filter(child=child, end_date__isnull=True).first()
        if period is not None:
            current: Episode | None = period.episodes.filter(dec__isnull=True).first()
            if (
                rec in {"E45", "E46"}
                and current is not None
                and current.place not in FOSTER_PLACEMENTS
            ):
                _raise(
                    {
                        "former_foster_carers": [
                            "The child is not in foster care now: an order to former foster "
                            "carers needs the last placement to be foster care (U1 to U6)"
                        ]
                    }
                )
            care.care_period_end(user=user, period=period, on=made_on, reason_episode_ceased=rec)
        order = PermanenceOrder(
            child=child,
            period=period,
            kind=kind,
            made_on=made_on,
            carers=carers.strip(),
            former_foster_carers=former_foster_carers,
            relatives_or_friends=relatives_or_friends,
            reason_ceased=rec if period is not None else "",
            recorded_by=user,
        )
        order.full_clean()
        order.save()
        Auditor(user=user).created(order, child_id=child.pk, summary=str(order))
        chronology_record(
            child=child,
            occurred_on=made_on,
            category=CHRONOLOGY,
            summary=f"{order.get_kind_display()} made to {order.carers}",
            significant=True,
            source=order,
            user=user,
        )
    return order


# --- Previous permanence and the later-life letter ------------------------------------------


def previous_permanence_record(
    *, user: User, child: Person, prev_perm: str, la_perm: str = "", date_perm: date | None = None
) -> PreviousPermanence:
    """903 PrevPerm, checked as when care starts (children_in_care.validation, the same check
    SSDA903 rule 630 makes): Z1 (no previous permanence) has no LA and no date (635); any other
    answer has both, the LA 999 when not known, the order before the current care started."""
    today = timezone.localdate()
    la_perm = la_perm.strip().upper()
    with transaction.atomic():
        current = child.care_periods.filter(end_date__isnull=True).first()
        _raise(
            care_validation.previous_permanence_errors(
                prev_perm,
                la_perm,
                date_perm,
                start_date=current.start_date if current else None,
                today=today,
            )
        )
        found = PreviousPermanence.objects.select_for_update().filter(child=child).first()
        fields = ["prev_perm", "la_perm", "date_perm"]
        record = found or PreviousPermanence(child=child, recorded_by=user)
        before = snapshot(record, fields) if found else {}
        record.prev_perm = prev_perm
        record.la_perm = la_perm
        record.date_perm = date_perm
        record.recorded_by = user
        record.full_clean()
        record.save()
        auditor = Auditor(user=user)
        if found:
            auditor.changed(
                record,
                child_id=child.pk,
                changes=diff(before, snapshot(record, fields)),
                summary="Previous permanence changed",
            )
        else:
            auditor.created(record, child_id=child.pk, summary="Previous permanence recorded")
        chronology_record(
            child=child,
            occurred_on=today,
            category=CHRONOLOGY,
            summary="Previous permanence recorded: "
            + lookups.description("previous_permanence", prev_perm, on=today),
            source=record,
            user=user,
        )
    return record


def later_life_letter_record(
    *,
    user: User,
    child: Person,
    written_on: date | None,
    written_by: str,
    given_on: date | None = None,
    notes: str = "",
) -> LaterLifeLetter:
    """The later-life letter, for a child who has been placed for adoption; given to the
    adopters on or after it was written."""
    with transaction.atomic():
        errors = _date_errors(written_on, field="written_on", what="the letter was written")
        if not written_by.strip():
            _add(errors, "written_by", "Enter who wrote the letter")
        if given_on is not None:
            errors.update(
                _date_errors(
                    given_on, field="given_on", what="the letter was given to the adopters"
                )
            )
            if written_on and given_on < written_on:
                _add(errors, "given_on", "The letter must be written before it is given")
        if not child.adoption_journeys.filter(placed_on__isnull=False, reversed_on__isnull=True):
            _add(
                errors,
                "written_on",
                "A later-life letter is for a child placed for adoption: record the placement "
                "first",
            )
        _raise(errors)
        assert written_on is not None
        found = LaterLifeLetter.objects.select_for_update().filter(child=child).first()
        fields = ["written_on", "written_by", "given_on", "notes"]
        record = found or LaterLifeLetter(child=child, recorded_by=user)
        before = snapshot(record, fields) if found else {}
        record.written_on = written_on
        record.written_by = written_by.strip()
        record.given_on = given_on
        record.notes = notes.strip()
        record.recorded_by = user
        record.full_clean()
        record.save()
        auditor = Auditor(user=user)
        if found:
            auditor.changed(
                record,
                child_id=child.pk,
                changes=diff(before, snapshot(record, fields)),
                summary="Later-life letter updated",
            )
        else:
            auditor.created(record, child_id=child.pk, summary="Later-life letter recorded")
        chronology_record(
            child=child,
            occurred_on=given_on or written_on,
            category=CHRONOLOGY,
            summary="Later-life letter given to the adopters"
            if given_on
            else "Later-life letter written",
            source=record,
            user=user,
        )
    return record


# --- Adopters ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AdopterInput:
    first_name: str
    last_name: str
    sex: str
    ethnicity: str = ""
    disability: bool = False


def _next_identifier() -> str:
    last = AdopterFamily.objects.select_for_update().order_by("-id").first()
    number = (last.pk if last else 0) + 1
    while AdopterFamily.objects.filter(family_identifier=f"AF{number:05d}").exists():
        number += 1
    return f"AF{number:05d}"


def adopter_enquiry_record(
    *,
    user: User,
    name: str,
    source: str,
    enquiry_on: date | None,
    sex_code: str,
    legal_status: str,
    adopters: Sequence[AdopterInput],
    fostering_for_adoption: bool = False,
    team: Team | None = None,
    worker: User | None = None,
) -> AdopterFamily:
    """A new enquiry from prospective adopters: the family gets its Annex A identifier."""
    with transaction.atomic():
        errors = _date_errors(enquiry_on, what="the enquiry was received")
        if not name.strip():
            _add(errors, "name", "Enter the family name")
        if not lookups.is_valid("adopter_sex", sex_code, on=enquiry_on):
            _add(errors, "sex_code", "Select who is adopting")
        if not lookups.is_valid("adopter_legal_status", legal_status, on=enquiry_on):
            _add(errors, "legal_status", "Select the adopters' legal status")
        if not adopters:
            _add(errors, "first_name_1", "Enter the name of at least one adopter")
        expected = 1 if sex_code in {"M1", "F1"} else 2
        if adopters and sex_code and len(adopters) != expected:
            _add(
                errors,
                "sex_code",
                "A single adopter has one name; a couple has two"
                if expected == 1
                else "Enter both adopters' names for a couple",
            )
        if (
            legal_status == "L0"
            and expected == 2
            or legal_status not in ("", "L0")
            and expected == 1
        ):
            _add(errors, "legal_status", "The legal status must match a single adopter or a couple")
        _raise(errors)
        assert enquiry_on is not None
        family = AdopterFamily(
            family_identifier=_next_identifier(),
            name=name.strip(),
            source=source,
            sex_code=sex_code,
            legal_status=legal_status,
            fostering_for_adoption=fostering_for_adoption,
            enquiry_on=enquiry_on,
            team=team if team is not None else user.team,
            worker=worker or user,
        )
        family.full_clean()
        family.save()
        for n, a in enumerate(adopters, start=1):
            adopter = Adopter(
                family=family,
                identifier=f"{family.family_identifier}-{n}",
                first_name=a.first_name.strip(),
                last_name=a.last_name.strip(),
                sex=a.sex,
                ethnicity=a.ethnicity,
                disability=a.disability,
            )
            adopter.full_clean()
            adopter.save()
        Auditor(user=user).created(family, child_id=None, summary="Adopter enquiry recorded")
    return family


def adopter_stage_record(
    *, user: User, family: AdopterFamily, stage: str, on: date | None
) -> AdopterFamily:
    """The next step of the approval journey. Steps come in order (STAGE_FIELDS), each on or
    after the step before it; a family that has left the process must be restarted first."""
    names = [name for name, _ in STAGE_FIELDS]
    labels = dict(STAGE_FIELDS)
    with transaction.atomic():
        family = AdopterFamily.objects.select_for_update().get(pk=family.pk)
        if stage not in names[1:]:
            _raise({"stage": ["Select the stage reached"]})
        label = labels[stage].lower()
        errors = _date_errors(on, what=label)
        _raise(errors)
        assert on is not None
        if family.left_on is not None:
            _raise({"stage": ["This family has left the adoption process: restart it first"]})
        if getattr(family, stage) is not None:
            _raise({"stage": [f"{labels[stage]} is already recorded"]})
        index = names.index(stage)
        previous = names[index - 1]
        previous_on = getattr(family, previous)
        if previous_on is None:
            _raise({"stage": [f"Record '{labels[previous]}' first"]})
        if on < previous_on:
            _raise(
                {
                    "date": [
                        f"The date {label} must be on or after {labels[previous].lower()} "
                        f"({_fmt(previous_on)})"
                    ]
                }
            )
        before = snapshot(family, [stage])
        setattr(family, stage, on)
        family.full_clean()
        family.save(update_fields=[stage, "updated_at"])
        Auditor(user=user).changed(
            family,
            child_id=None,
            changes=diff(before, snapshot(family, [stage])),
            summary=labels[stage],
        )
    return family


def adopter_leave_record(
    *, user: User, family: AdopterFamily, on: date | None, reason: str, notes: str = ""
) -> AdopterFamily:
    """The family leaves the process: withdrew, put on hold, or application refused."""
    with transaction.atomic():
        family = AdopterFamily.objects.select_for_update().get(pk=family.pk)
        errors = _date_errors(on, what="they left the process")
        if reason not in LeavingReason.values:
            _add(errors, "reason", "Select why they left the adoption process")
        _raise(errors)
        assert on is not None
        if family.left_on is not None:
            _raise({"date": ["This family has already left the adoption process"]})
        if on < family.enquiry_on:
            _raise({"date": ["The date must be on or after the enquiry"]})
        if family.journeys.filter(placed_on__isnull=False, adoption_order_on__isnull=True).exists():
            _raise(
                {
                    "date": [
                        "A child is placed with this family: record the adoption order or the "
                        "end of the placement first"
                    ]
                }
            )
        fields = ["left_on", "left_reason", "left_notes"]
        before = snapshot(family, fields)
        family.left_on = on
        family.left_reason = reason
        family.left_notes = notes.strip()
        family.full_clean()
        family.save(update_fields=[*fields, "updated_at"])
        Auditor(user=user).changed(
            family,
            child_id=None,
            changes=diff(before, snapshot(family, fields)),
            summary="Left the adoption process",
        )
    return family


def adopter_restart(*, user: User, family: AdopterFamily) -> AdopterFamily:
    """A family whose process was on hold comes back: the leaving date and reason clear (the
    audit log keeps them)."""
    with transaction.atomic():
        family = AdopterFamily.objects.select_for_update().get(pk=family.pk)
        if family.left_reason != LeavingReason.ON_HOLD:
            _raise({"stage": ["Only a process on hold can restart"]})
        fields = ["left_on", "left_reason", "left_notes"]
        before = snapshot(family, fields)
        family.left_on = None
        family.left_reason = ""
        family.left_notes = ""
        family.full_clean()
        family.save(update_fields=[*fields, "updated_at"])
        Auditor(user=user).changed(
            family,
            child_id=None,
            changes=diff(before, snapshot(family, fields)),
            summary="Adoption process restarted",
        )
    return family
