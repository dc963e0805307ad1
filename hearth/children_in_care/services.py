"""Business actions for children in care. Each is one transaction that checks the SSDA903
rules (validation.py), saves, audits and writes the chronology line itself.

A new episode starts whenever the legal status or the placement changes: the open episode is
closed with REC X1 on the day the new one starts, so episodes never overlap or leave gaps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hearth.accounts.models import Role, User
from hearth.casework.models import VISIT_TYPES, CaseNote
from hearth.casework.services import chronology_record
from hearth.children_in_care import validation
from hearth.children_in_care.models import (
    MATCH_NEEDS,
    RECRUITMENT_ORDER,
    SDQ,
    SHORT_BREAKS,
    STAGE_ORDER,
    TEMPORARY_PLACEMENTS,
    Attendance,
    CarePlan,
    CarerRecord,
    CarerRecordKind,
    ChallengeStage,
    ChallengeStep,
    Conviction,
    CouncilIssue,
    CouncilMeeting,
    EnquirySource,
    Episode,
    Exclusion,
    ExclusionKind,
    FosteringEnquiry,
    HealthAssessment,
    HealthAssessmentKind,
    HealthCheck,
    HealthCheckKind,
    HealthHistoryGiven,
    IROChallenge,
    IROContact,
    LeftReason,
    LifeStoryStatus,
    LifeStoryWork,
    LongTermMatch,
    MatchLevel,
    PeriodOfCare,
    PermanencePlan,
    PersonalEducationPlan,
    PlacementMatch,
    PlacementPlan,
    PlanAction,
    Provider,
    ProviderKind,
    RecruitmentStage,
    Review,
    ReviewDecision,
    SchoolPlacement,
    SiblingAssessment,
    SiblingDecision,
    SubstanceMisuse,
    ViewsSought,
    VirtualSchoolContact,
    VisitRecord,
    age_on,
)
from hearth.children_in_care.validation import Placement
from hearth.core.audit import Auditor, diff, snapshot
from hearth.people import identifiers
from hearth.people import services as people_services
from hearth.people.models import Person
from hearth.reference import lookups
from hearth.timescales.calendar import add_working_days
from hearth.timescales.rules import add_months

CHRONOLOGY = "Children in care"

if TYPE_CHECKING:
    from hearth.assessments.models import Assessment


def _hearth(key: str, default: int) -> int:
    return int(getattr(settings, "HEARTH", {}).get(key, default))


def _raise(errors: validation.Errors) -> None:
    if errors:
        raise ValidationError(errors)


def _describe(list_name: str, code: str, on: date) -> str:
    text = lookups.description(list_name, code, on=on)
    return f"{code} ({text})" if text else code


# --- Periods of care and episodes ------------------------------------------------------------


def latest_assessment(child: Person, on: date) -> tuple[Assessment | None, bool]:
    """The child's latest authorised assessment on or before `on`, and whether it is out of
    date (older than CLA_ASSESSMENT_MAX_AGE_MONTHS, default 3, or missing)."""
    found = (
        child.assessments.filter(authorised_on__isnull=False, authorised_on__lte=on)
        .order_by("-authorised_on", "-id")
        .first()
    )
    months = _hearth("CLA_ASSESSMENT_MAX_AGE_MONTHS", 3)
    stale = found is None or add_months(found.authorised_on, months) < on
    return found, stale


def _new_episode(
    *,
    period: PeriodOfCare,
    child: Person,
    on: date,
    rne: str,
    legal_status: str,
    checked: validation.CheckedPlacement,
    reason_place_change: str,
    placement_started_on: date,
    same_carer: bool,
) -> Episode:
    derived = checked.derived
    episode = Episode(
        period=period,
        child=child,
        decom=on,
        rne=rne,
        legal_status=legal_status,
        category_of_need=period.category_of_need,
        place=checked.placement.place,
        place_provider=checked.placement.place_provider,
        provider=checked.placement.provider,
        reason_place_change=reason_place_change,
        home_postcode=checked.home_postcode,
        placement_postcode=checked.placement_postcode,
        urn=checked.urn,
        placement_started_on=placement_started_on,
        placement_distance=derived.distance if derived else None,
        placement_la=derived.placement_la if derived else "",
        placement_location=derived.location if derived else "",
        same_carer=same_carer,
    )
    episode.full_clean()
    episode.save()
    return episode


@dataclass(frozen=True)
class PreviousPermanenceAnswer:
    """The answer to "before this care, was the child adopted or under a special guardianship
    or child arrangements order?" (903 PrevPerm)."""

    prev_perm: str
    la_perm: str = ""
    date_perm: date | None = None


@dataclass(frozen=True)
class UpnAnswer:
    """The child's UPN, or why it is not known (UN1-UN5)."""

    upn: str = ""
    unknown_reason: str = ""


def care_period_start(
    *,
    user: User,
    child: Person,
    start_date: date,
    decision_by: User,
    decision_date: date,
    decision_reason: str,
    legal_status: str,
    category_of_need: str,
    placement: Placement,
    home_postcode: str,
    iro: User | None = None,
    previous_permanence: PreviousPermanenceAnswer | None = None,
    upn: UpnAnswer | None = None,
) -> PeriodOfCare:
    """The child becomes looked after: the decision, on which assessment, and the first
    episode (RNE S).

    The "start to be looked after" page always gives `previous_permanence` and `upn`, so what
    SSDA903 rules 630 and 442 would catch months later is refused now: both are checked with
    everything else and saved in the same transaction (the previous permanence through the
    adoption app's service, the UPN on the person). Callers building a record from history
    (the demo, the legacy import) record those separately. An adoption placement or a
    placement order needs the adoption decision first (551, 553), which cannot exist before
    care starts: such a period starts with the status before the order."""
    today = timezone.localdate()
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=child.pk).first()
        errors = validation.merge(
            validation.date_errors(start_date, today, what="the child became looked after"),
            validation.date_errors(
                decision_date, today, field="decision_date", what="of the decision"
            ),
        )
        if not decision_reason.strip():
            errors = validation.merge(
                errors, {"decision_reason": ["Enter the reason for the decision"]}
            )
        if start_date and decision_date and decision_date > start_date:
            errors = validation.merge(
                errors,
                {
                    "decision_date": [
                        "The decision must be on or before the date the child became looked after"
                    ]
                },
            )
        if errors.get("date"):
            _raise(errors)
        if child.care_periods.filter(end_date__isnull=True).exists():
            errors = validation.merge(
                errors,
                {
                    "date": [
                        f"{child.full_name} is already looked after: change the legal status or placement instead"  # noqa: E501
                    ]
                },
            )
        if child.care_periods.filter(end_date__gt=start_date).exists():
            errors = validation.merge(
                errors, {"date": ["A new period of care must start after the last one ended"]}
            )
        previous_end = child.care_episodes.filter(dec=start_date).exists()
        if previous_end:
            errors = validation.merge(
                errors,
                {
                    "date": [
                        "A new period of care cannot start the day the last one ended (rule 431)"
                    ]
                },
            )
        if child.date_of_death is not None:
            errors = validation.merge(errors, {"date": ["This child has died"]})
        age = age_on(child.date_of_birth, start_date)
        if age is not None and age >= 18:
            errors = validation.merge(
                errors, {"date": ["A young person aged 18 or over cannot start to be looked after"]}
            )
        if child.care_episodes.filter(rec__in=["E2", "E15"]).exists():
            errors = validation.merge(
                errors,
                {
                    "date": [
                        "Care ended because the child died or was assessed as 18 or over: no further episodes (rule 437)"  # noqa: E501
                    ]
                },
            )
        errors = validation.merge(
            errors,
            validation.code_errors(
                "category_of_need",
                "category_of_need_903",
                category_of_need,
                start_date,
                "category of need",
            ),
            validation.legal_status_errors(child, legal_status, start_date),
        )
        other_break = {"V3": "V4", "V4": "V3"}.get(legal_status)
        if other_break:
            year = lookups.collection_year(start_date)
            used = child.care_episodes.filter(
                legal_status=other_break, decom__gte=date(year, 4, 1)
            ).exists()
            if used:
                errors = validation.merge(
                    errors,
                    {
                        "legal_status": [
                            f"{other_break} short breaks are already recorded this year: use {other_break} (rule 426)"  # noqa: E501
                        ]
                    },  # noqa: E501
                )
        if placement.place in TEMPORARY_PLACEMENTS:
            errors = validation.merge(
                errors,
                {"place": ["A period of care cannot start with a temporary placement (rule 380)"]},
            )
        if iro is not None and iro.role != Role.IRO:
            errors = validation.merge(errors, {"iro": ["Select an independent reviewing officer"]})
        placement_problems, checked = validation.placement_errors(
            child, placement, home_postcode=home_postcode, legal_status=legal_status, on=start_date
        )
        errors = validation.merge(
            errors,
            placement_problems,
            {
                field: [validation.ADOPTION_AT_START]
                for field in validation.adoption_decision_errors(
                    child, start_date, legal_status=legal_status, place="", field="legal_status"
                )
                | validation.adoption_decision_errors(
                    child, start_date, legal_status="", place=placement.place, field="place"
                )
            },
        )
        if previous_permanence is not None:
            errors = validation.merge(
                errors,
                validation.previous_permanence_errors(
                    previous_permanence.prev_perm,
                    previous_permanence.la_perm,
                    previous_permanence.date_perm,
                    start_date=start_date,
                    today=today,
                ),
            )
        if upn is not None:
            answer = validation.upn_errors(upn.upn, upn.unknown_reason, legal_status=legal_status)
            errors = validation.merge(errors, answer)
        _raise(errors)
        assert checked is not None
        if upn is not None:
            _upn_record(user=user, child=child, answer=upn)
        if previous_permanence is not None:
            from hearth.adoption import services as adoption  # adoption builds on this app

            adoption.previous_permanence_record(
                user=user,
                child=child,
                prev_perm=previous_permanence.prev_perm,
                la_perm=previous_permanence.la_perm,
                date_perm=previous_permanence.date_perm,
            )
        assessment, stale = latest_assessment(child, decision_date)
        period = PeriodOfCare(
            child=child,
            start_date=start_date,
            category_of_need=category_of_need,
            decision_by=decision_by,
            decision_date=decision_date,
            decision_reason=decision_reason.strip(),
            assessment=assessment,
            assessment_out_of_date=stale,
            iro=iro,
        )
        period.full_clean()
        period.save()
        episode = _new_episode(
            period=period,
            child=child,
            on=start_date,
            rne="S",
            legal_status=legal_status,
            checked=checked,
            reason_place_change="",
            placement_started_on=start_date,
            same_carer=False,
        )
        auditor = Auditor(user=user)
        auditor.created(period, child_id=child.pk, summary="Child became looked after")
        auditor.created(episode, child_id=child.pk, summary="First episode of care")
        chronology_record(
            child=child,
            occurred_on=start_date,
            category=CHRONOLOGY,
            summary=(
                f"Became looked after: {_describe('legal_status', legal_status, start_date)}, "
                f"placed {_describe('placement_type', checked.placement.place, start_date)}"
                + (" (the latest assessment was out of date)" if stale else "")
            ),
            significant=True,
            source=period,
            user=user,
        )
    return period


def _upn_record(*, user: User, child: Person, answer: UpnAnswer) -> None:
    """The UPN (or why it is not known) given when care starts, on the person; a UPN clears
    the reason. Audited by the people service when it changes anything."""
    upn = identifiers.normalise_upn(answer.upn)
    changes = {"upn": upn, "upn_unknown_reason": "" if upn else answer.unknown_reason}
    if any(getattr(child, name) != value for name, value in changes.items()):
        people_services.person_update(user=user, person=child, changes=changes, child=child)


def _locked_episodes(period: PeriodOfCare) -> list[Episode]:
    PeriodOfCare.objects.select_for_update().filter(pk=period.pk).first()
    return list(period.episodes.order_by("decom", "id"))


def episode_change(
    *,
    user: User,
    period: PeriodOfCare,
    on: date,
    legal_status: str | None = None,
    placement: Placement | None = None,
    home_postcode: str | None = None,
    reason_place_change: str = "",
    same_carer: bool = False,
) -> Episode:
    """Close the open episode (REC X1) and open the next, with the RNE that says what changed."""
    today = timezone.localdate()
    child = period.child
    with transaction.atomic():
        episodes = _locked_episodes(period)
        errors = validation.date_errors(on, today, what="of the change")
        _raise(errors)
        if period.end_date is not None or not episodes or episodes[-1].dec is not None:
            _raise({"date": ["This period of care has ended"]})
        current = episodes[-1]
        new_ls = legal_status or current.legal_status
        legal_changed = new_ls != current.legal_status
        placement_changed = placement is not None
        if not legal_changed and not placement_changed:
            _raise({"legal_status": ["Select a different legal status or record a new placement"]})
        if on == current.decom:
            errors = validation.merge(
                errors,
                {
                    "date": [
                        f"The current episode started on {on:%d/%m/%Y}: correct it instead of starting another the same day"  # noqa: E501
                    ]
                },
            )
        errors = validation.merge(
            errors,
            validation.ending_errors(
                episodes, on, ends_legal_status=legal_changed, ends_placement=placement_changed
            ),
        )
        if legal_changed:
            errors = validation.merge(errors, validation.legal_status_errors(child, new_ls, on))
        if (new_ls in SHORT_BREAKS) != (current.legal_status in SHORT_BREAKS) and legal_changed:
            errors = validation.merge(
                errors,
                {
                    "legal_status": [
                        "Short breaks (V3 or V4) are a separate period of care: end this one first"
                    ]
                },
            )
        home = home_postcode or current.home_postcode
        if placement is None:
            placement = Placement(
                place=current.place,
                place_provider=current.place_provider,
                provider=current.provider,
                postcode=current.placement_postcode,
                urn=current.urn,
            )
        else:
            child_episodes = list(child.care_episodes.all())
            errors = validation.merge(
                errors,
                validation.temporary_errors(episodes, placement, on, child_episodes=child_episodes),
            )
            needs_reason = placement.place not in TEMPORARY_PLACEMENTS and not current.is_temporary
            if needs_reason:
                errors = validation.merge(
                    errors,
                    validation.code_errors(
                        "reason_place_change",
                        "reason_place_change",
                        reason_place_change,
                        on,
                        "reason for the placement change",
                    ),
                )
            else:
                reason_place_change = ""
            if reason_place_change == "CUSTOD" and (age_on(child.date_of_birth, on) or 99) < 10:
                errors = validation.merge(
                    errors,
                    {"reason_place_change": ["A child under 10 cannot move into custody (CUSTOD)"]},
                )
        problems, checked = validation.placement_errors(
            child, placement, home_postcode=home, legal_status=new_ls, on=on
        )
        errors = validation.merge(
            errors,
            problems,
            validation.adoption_decision_errors(
                child, on, legal_status=new_ls, place="", field="legal_status"
            ),
            validation.adoption_decision_errors(
                child, on, legal_status="", place=placement.place, field="place"
            ),
        )
        _raise(errors)
        assert checked is not None
        before = snapshot(current, ["dec", "rec"])
        current.dec = on
        current.rec = "X1"
        current.full_clean()
        current.save(update_fields=["dec", "rec", "updated_at"])
        rne = validation.reason_new_episode(
            legal_changed=legal_changed, placement_changed=placement_changed, same_carer=same_carer
        )
        episode = _new_episode(
            period=period,
            child=child,
            on=on,
            rne=rne,
            legal_status=new_ls,
            checked=checked,
            reason_place_change=reason_place_change if placement_changed else "",
            placement_started_on=on if placement_changed else current.placement_started_on,
            same_carer=same_carer,
        )
        # 903 puts REASON_PLACE_CHANGE on the episode that ends with the move.
        if placement_changed and reason_place_change:
            current.reason_place_change = reason_place_change
            current.save(update_fields=["reason_place_change", "updated_at"])
        auditor = Auditor(user=user)
        auditor.changed(
            current,
            child_id=child.pk,
            changes=diff(before, snapshot(current, ["dec", "rec"])),
            summary="Episode ended for a new one",
        )
        auditor.created(episode, child_id=child.pk, summary=f"New episode (reason {rne})")
        parts = []
        if legal_changed:
            parts.append(f"legal status now {_describe('legal_status', new_ls, on)}")
        if placement_changed:
            parts.append(
                f"moved to {_describe('placement_type', checked.placement.place, on)}"
                + (
                    f", reason {_describe('reason_place_change', reason_place_change, on)}"
                    if reason_place_change
                    else ""
                )
            )
        chronology_record(
            child=child,
            occurred_on=on,
            category=CHRONOLOGY,
            summary="; ".join(parts).capitalize(),
            significant=placement_changed,
            source=episode,
            user=user,
        )
    return episode


def legal_status_change(
    *, user: User, period: PeriodOfCare, on: date, legal_status: str
) -> Episode:
    return episode_change(user=user, period=period, on=on, legal_status=legal_status)


def placement_change(
    *,
    user: User,
    period: PeriodOfCare,
    on: date,
    placement: Placement,
    reason_place_change: str,
    same_carer: bool = False,
    legal_status: str | None = None,
    home_postcode: str | None = None,
    notice_given_on: date | None = None,
) -> Episode:
    """A move: a new episode. `notice_given_on` is when the child and carers were told; a
    move with less than PLACEMENT_SHORT_NOTICE_DAYS (default 7) days' notice, or none
    recorded, counts as a short-notice move on the sufficiency page."""
    with transaction.atomic():
        if notice_given_on is not None and on is not None and notice_given_on > on:
            _raise(
                {"notice_given_on": ["The date the child was told must be on or before the move"]}
            )
        episode = episode_change(
            user=user,
            period=period,
            on=on,
            legal_status=legal_status,
            placement=placement,
            home_postcode=home_postcode,
            reason_place_change=reason_place_change,
            same_carer=same_carer,
        )
        if notice_given_on is not None:
            episode.notice_given_on = notice_given_on
            episode.full_clean()
            episode.save(update_fields=["notice_given_on", "updated_at"])
    return episode


def care_period_end(
    *, user: User, period: PeriodOfCare, on: date, reason_episode_ceased: str
) -> PeriodOfCare:
    today = timezone.localdate()
    child = period.child
    with transaction.atomic():
        episodes = _locked_episodes(period)
        errors = validation.date_errors(on, today, what="care ended")
        _raise(errors)
        if period.end_date is not None:
            _raise({"date": ["This period of care has already ended"]})
        errors = validation.merge(
            errors,
            validation.ending_errors(episodes, on, ends_legal_status=True, ends_placement=True),
            validation.reason_ceased_errors(child, reason_episode_ceased, on, episodes),
        )
        current = episodes[-1]
        if current.legal_status == "V3":
            errors = validation.merge(
                errors,
                validation.short_break_year_errors(
                    list(child.care_episodes.exclude(pk=current.pk)),
                    on,
                    new_days=(on - current.decom).days,
                ),
            )
        _raise(errors)
        before = snapshot(current, ["dec", "rec"])
        current.dec = on
        current.rec = reason_episode_ceased
        current.full_clean()
        current.save(update_fields=["dec", "rec", "updated_at"])
        period.end_date = on
        period.full_clean()
        period.save(update_fields=["end_date", "updated_at"])
        auditor = Auditor(user=user)
        auditor.changed(
            current,
            child_id=child.pk,
            changes=diff(before, snapshot(current, ["dec", "rec"])),
            summary="Last episode ended",
        )
        auditor.changed(
            period,
            child_id=child.pk,
            changes={"end_date": [None, on.isoformat()]},
            summary="Period of care ended",
        )
        chronology_record(
            child=child,
            occurred_on=on,
            category=CHRONOLOGY,
            summary=f"Stopped being looked after: {_describe('reason_episode_ceased', reason_episode_ceased, on)}",  # noqa: E501
            significant=True,
            source=period,
            user=user,
        )
    return period


# --- Corrections: an episode's dates and codes ------------------------------------------------

MOVES = frozenset({"S", "P", "T", "B", "U"})  # RNE codes that start a placement
EPISODE_FIELDS = ["decom", "dec", "rec", "legal_status", "place", "place_provider", "urn", "rne"]


def episode_correct(
    *,
    user: User,
    episode: Episode,
    decom: date,
    legal_status: str,
    place: str,
    place_provider: str = "",
    urn: str = "",
    dec: date | None = None,
    rec: str = "",
) -> Episode:
    """Correct an episode keyed wrongly, ended or not. Episodes stay end to end: the episode
    before ends the day this one starts, the one after starts the day this one ends, and the
    period of care starts with the first and ends with the last (so its reason care ended is
    corrected here too). The same rules as at entry apply (dates in order, codes valid for the
    year, placement and legal status rules, the adoption decision first), and the reasons for
    new episodes (RNE) are worked out again from what changed."""
    today = timezone.localdate()
    period = episode.period
    child = period.child
    with transaction.atomic():
        episodes = _locked_episodes(period)
        episode = next(e for e in episodes if e.pk == episode.pk)
        at = episodes.index(episode)
        prev = episodes[at - 1] if at > 0 else None
        nxt = episodes[at + 1] if at + 1 < len(episodes) else None
        ended = episode.dec is not None
        last_of_ended = ended and nxt is None
        errors = validation.date_errors(decom, today, field="decom", what="the episode started")
        if ended:
            errors = validation.merge(
                errors,
                validation.date_errors(dec, today, field="dec", what="the episode ended"),
            )
        else:
            dec, rec = None, ""
        _raise(errors)
        if dec is not None and (dec < decom or (nxt is not None and dec == decom)):
            errors = validation.merge(
                errors, {"dec": ["The episode must end after the date it started"]}
            )
        if prev is not None and decom <= prev.decom:
            errors = validation.merge(
                errors,
                {
                    "decom": [
                        f"The episode must start after the one before it started ({prev.decom:%d/%m/%Y})"  # noqa: E501
                    ]
                },
            )
        if nxt is not None and dec is not None and nxt.dec is not None and dec >= nxt.dec:
            errors = validation.merge(
                errors,
                {
                    "dec": [
                        f"The episode must end before the one after it ended ({nxt.dec:%d/%m/%Y})"
                    ]
                },
            )
        if prev is None:  # the first episode: its start is the start of care
            if decom < period.decision_date:
                errors = validation.merge(
                    errors,
                    {
                        "decom": [
                            f"Care cannot start before the decision ({period.decision_date:%d/%m/%Y})"  # noqa: E501
                        ]
                    },
                )
            if (
                child.care_periods.exclude(pk=period.pk)
                .filter(start_date__lt=period.start_date, end_date__gte=decom)
                .exists()
            ):
                errors = validation.merge(
                    errors, {"decom": ["Care must start after the last period of care ended"]}
                )
        if (
            last_of_ended
            and dec is not None
            and child.care_periods.exclude(pk=period.pk)
            .filter(start_date__gt=period.start_date, start_date__lte=dec)
            .exists()
        ):
            errors = validation.merge(
                errors, {"dec": ["Care must end before the next period of care started"]}
            )
        checked = None
        if decom and not errors.get("decom"):
            status = validation.legal_status_errors(child, legal_status, decom)
            errors = validation.merge(errors, status)
            problems, checked = validation.placement_errors(
                child,
                Placement(place, place_provider, episode.provider, episode.placement_postcode, urn),
                home_postcode=episode.home_postcode,
                legal_status=legal_status,
                on=decom,
            )
            errors = validation.merge(
                errors,
                problems,
                validation.adoption_decision_errors(
                    child, decom, legal_status=legal_status, place="", field="legal_status"
                ),
                validation.adoption_decision_errors(
                    child, decom, legal_status="", place=place, field="place"
                ),
            )
        _raise(errors)
        assert checked is not None
        old_decom, old_dec = episode.decom, episode.dec
        moved_here = episode.placement_started_on == old_decom
        before = snapshot(episode, EPISODE_FIELDS)
        episode.decom = decom
        episode.legal_status = legal_status
        episode.place = place
        episode.place_provider = checked.placement.place_provider
        episode.urn = checked.urn
        if ended:
            episode.dec = dec
            episode.rec = rec if last_of_ended else "X1"
        if last_of_ended:
            with_correction = [*episodes[:at], episode]
            errors = validation.merge(
                errors, validation.reason_ceased_errors(child, rec, dec or decom, with_correction)
            )
        if prev is not None:
            episode.rne = _rne(prev, episode, moved_here)
            if episode.rne == "":
                _add_error(errors, "legal_status", "the one before it")
        if nxt is not None:
            nxt_rne = _rne(episode, nxt, nxt.placement_started_on == nxt.decom)
            if nxt_rne == "":
                _add_error(errors, "place", "the one after it")
        _raise(errors)
        auditor = Auditor(user=user)
        if moved_here and decom != old_decom:
            _move_placement_start(period, old_decom, decom)
            episode.placement_started_on = decom
        episode.full_clean()
        episode.save()
        auditor.changed(
            episode,
            child_id=child.pk,
            changes=diff(before, snapshot(episode, EPISODE_FIELDS)),
            summary="Episode corrected",
        )
        if prev is not None and prev.dec != decom:
            _neighbour_save(auditor, prev, child, dec=decom)
        if nxt is not None:
            changes: dict[str, Any] = {"rne": nxt_rne}
            if dec is not None and nxt.decom != dec:
                changes["decom"] = dec
                if old_dec is not None and nxt.placement_started_on == old_dec:
                    _move_placement_start(period, old_dec, dec)
                    nxt.placement_started_on = dec
            _neighbour_save(auditor, nxt, child, **changes)
        period_changes: dict[str, Any] = {}
        if prev is None and period.start_date != decom:
            period_changes["start_date"] = decom
        if last_of_ended and period.end_date != dec:
            period_changes["end_date"] = dec
        if period_changes:
            _fields_save(
                auditor,
                period,
                child=child,
                changes=period_changes,
                summary="Period of care dates corrected with its episode",
            )
        chronology_record(
            child=child,
            occurred_on=decom,
            category=CHRONOLOGY,
            summary=(
                f"Episode corrected: {_describe('legal_status', legal_status, decom)}, "
                f"{_describe('placement_type', place, decom)}, from {decom:%d/%m/%Y}"
                + (f" to {dec:%d/%m/%Y}" if dec else "")
            ),
            source=episode,
            user=user,
        )
    return episode


def _rne(before: Episode, after: Episode, moved: bool) -> str:
    """The reason for `after` as a new episode following `before`; "" when nothing changed."""
    legal_changed = after.legal_status != before.legal_status
    type_changed = after.place != before.place
    if not (legal_changed or moved or type_changed):
        return ""
    return validation.reason_new_episode(
        legal_changed=legal_changed,
        placement_changed=moved or type_changed,
        same_carer=after.same_carer or not moved,
    )


def _add_error(errors: validation.Errors, field: str, which: str) -> None:
    errors.setdefault(field, []).append(
        f"The episode would have the same legal status and placement as {which}: a new episode "
        "starts only when one of them changes"
    )


def _move_placement_start(period: PeriodOfCare, old: date, new: date) -> None:
    """The placement that started on `old` started on `new`: every episode in it says so."""
    period.episodes.filter(placement_started_on=old).update(placement_started_on=new)


def _fields_save(
    auditor: Auditor, row: Any, *, child: Person, changes: dict[str, Any], summary: str
) -> None:
    """Sets `changes` on `row`, checks it and saves just those fields, auditing the change."""
    fields = list(changes)
    before = snapshot(row, fields)
    for name, value in changes.items():
        setattr(row, name, value)
    row.full_clean()
    row.save(update_fields=[*fields, "updated_at"])
    auditor.changed(
        row, child_id=child.pk, changes=diff(before, snapshot(row, fields)), summary=summary
    )


def _neighbour_save(auditor: Auditor, episode: Episode, child: Person, **changes: Any) -> None:
    if all(getattr(episode, name) == value for name, value in changes.items()):
        return
    _fields_save(
        auditor,
        episode,
        child=child,
        changes=changes,
        summary="Episode next to a corrected one moved with it",
    )


def review_correct(
    *, user: User, review: Review, held_on: date, participation: str, views_sought: str
) -> Review:
    """Correct a looked after review's date, participation code (PN0-PN7) and how the child's
    views were sought, with the checks made when it was recorded."""
    today = timezone.localdate()
    period = review.period
    child = period.child
    with transaction.atomic():
        PeriodOfCare.objects.select_for_update().filter(pk=period.pk).first()
        errors = validation.date_errors(held_on, today, what="of the review")
        _raise(errors)
        if held_on < period.start_date or (period.end_date and held_on > period.end_date):
            errors = validation.merge(
                errors, {"date": ["The review must be held while the child is looked after"]}
            )
        if child.cla_reviews.filter(held_on=held_on).exclude(pk=review.pk).exists():
            errors = validation.merge(
                errors, {"date": ["A review is already recorded on that date"]}
            )
        errors = validation.merge(
            errors, validation.participation_errors(child, participation, held_on)
        )
        if views_sought not in ViewsSought.values:
            errors = validation.merge(
                errors, {"views_sought": ["Select how the child's views were sought"]}
            )
        _raise(errors)
        _fields_save(
            Auditor(user=user),
            review,
            child=child,
            changes={
                "held_on": held_on,
                "participation": participation,
                "views_sought": views_sought,
            },
            summary="Looked after review corrected",
        )
        chronology_record(
            child=child,
            occurred_on=held_on,
            category=CHRONOLOGY,
            summary=f"Looked after review of {held_on:%d/%m/%Y} corrected: participation "
            f"{participation}",
            source=review,
            user=user,
        )
    return review


# --- Care plans and placement plans -----------------------------------------------------------


@dataclass(frozen=True)
class ActionInput:
    what: str
    who: str
    due_on: date


def _action_errors(actions: Sequence[ActionInput]) -> validation.Errors:
    if not actions:
        return {"actions": ["Add at least one action: what, who and by when"]}
    for action in actions:
        if not action.what.strip() or not action.who.strip() or action.due_on is None:
            return {"actions": ["Each action needs what, who and by when"]}
    return {}


def care_plan_record(
    *,
    user: User,
    period: PeriodOfCare,
    agreed_on: date,
    summary: str,
    child_wishes: str,
    actions: Sequence[ActionInput],
) -> CarePlan:
    today = timezone.localdate()
    child = period.child
    with transaction.atomic():
        errors = validation.merge(
            validation.date_errors(agreed_on, today, what="the plan was agreed"),
            _action_errors(actions),
        )
        if not child_wishes.strip():
            errors = validation.merge(
                errors, {"child_wishes": ["Enter the child's wishes and feelings"]}
            )
        _raise(errors)
        plan = CarePlan(
            period=period,
            child=child,
            agreed_on=agreed_on,
            summary=summary,
            child_wishes=child_wishes,
            recorded_by=user,
        )
        _save_plan_with_actions(plan, actions, link="care_plan", user=user, what="Care plan")
    return plan


def placement_plan_record(
    *,
    user: User,
    episode: Episode,
    agreed_on: date,
    agreed_with_carer: bool,
    summary: str,
    actions: Sequence[ActionInput],
) -> PlacementPlan:
    today = timezone.localdate()
    child = episode.child
    with transaction.atomic():
        errors = validation.merge(
            validation.date_errors(agreed_on, today, what="the plan was agreed"),
            _action_errors(actions),
        )
        if not summary.strip():
            errors = validation.merge(
                errors, {"summary": ["Enter how the placement will meet the child's needs"]}
            )
        _raise(errors)
        plan = PlacementPlan(
            episode=episode,
            child=child,
            agreed_on=agreed_on,
            agreed_with_carer=agreed_with_carer,
            summary=summary,
            recorded_by=user,
        )
        _save_plan_with_actions(
            plan, actions, link="placement_plan", user=user, what="Placement plan"
        )
    return plan


def _save_plan_with_actions(
    plan: CarePlan | PlacementPlan,
    actions: Sequence[ActionInput],
    *,
    link: str,
    user: User,
    what: str,
) -> None:
    """Save a validated plan with its actions (linked through `link`), audit it and put it on
    the child's chronology; the caller holds the transaction."""
    plan.full_clean()
    plan.save()
    for action in actions:
        row = PlanAction(
            what=action.what.strip(), who=action.who.strip(), due_on=action.due_on, **{link: plan}
        )
        row.full_clean()
        row.save()
    Auditor(user=user).created(plan, child_id=plan.child_id, summary=f"{what} recorded")
    chronology_record(
        child=plan.child,
        occurred_on=plan.agreed_on,
        category=CHRONOLOGY,
        summary=f"{what} agreed",
        source=plan,
        user=user,
    )


# --- Permanence and reviews ------------------------------------------------------------------


def permanence_plan_record(
    *,
    user: User,
    period: PeriodOfCare,
    agreed_on: date,
    plan: str,
    contingency: str,
    rationale: str,
) -> PermanencePlan:
    today = timezone.localdate()
    child = period.child
    with transaction.atomic():
        errors = validation.date_errors(
            agreed_on, today, field="permanence_agreed_on", what="the permanence plan was agreed"
        )
        if not plan:
            errors = validation.merge(errors, {"plan": ["Select the permanence plan"]})
        if not contingency:
            errors = validation.merge(
                errors, {"contingency": ["Select the parallel (contingency) plan"]}
            )
        elif contingency == plan:
            errors = validation.merge(
                errors,
                {
                    "contingency": [
                        "The parallel plan must be different from the permanence plan (twin tracking)"  # noqa: E501
                    ]
                },
            )
        if not rationale.strip():
            errors = validation.merge(
                errors, {"rationale": ["Enter why this is the plan for permanence"]}
            )
        _raise(errors)
        row = PermanencePlan(
            period=period,
            child=child,
            agreed_on=agreed_on,
            plan=plan,
            contingency=contingency,
            rationale=rationale.strip(),
            recorded_by=user,
        )
        _record_saved(
            user=user,
            row=row,
            child=child,
            occurred_on=agreed_on,
            summary="Permanence plan recorded",
            chronology=f"Permanence plan: {row.get_plan_display()}, "
            f"parallel plan {row.get_contingency_display().lower()}",
            significant=True,
        )
    return row


@dataclass(frozen=True)
class DecisionInput:
    decision: str
    owner: str
    due_on: date


def review_record(
    *,
    user: User,
    period: PeriodOfCare,
    held_on: date,
    iro: User | None,
    attendance: str,
    participation: str,
    views_sought: str,
    child_views: str,
    recommendations: str = "",
    decisions: Sequence[DecisionInput] = (),
    permanence: dict[str, Any] | None = None,
    life_story_status: str = "",
) -> Review:
    """A looked after review. The child's views and how they were sought are required; from the
    second review of the period on, a permanence plan must exist (or be given now); once there
    is a permanence plan, the review records where the life-story work has got to (a change of
    status is also recorded as life-story work)."""
    today = timezone.localdate()
    child = period.child
    with transaction.atomic():
        PeriodOfCare.objects.select_for_update().filter(pk=period.pk).first()
        errors = validation.date_errors(held_on, today, what="of the review")
        _raise(errors)
        if held_on < period.start_date or (period.end_date and held_on > period.end_date):
            errors = validation.merge(
                errors, {"date": ["The review must be held while the child is looked after"]}
            )
        if period.reviews.filter(held_on=held_on).exists():
            errors = validation.merge(
                errors, {"date": ["A review is already recorded on that date"]}
            )
        if iro is None or iro.role != Role.IRO:
            errors = validation.merge(
                errors, {"iro": ["Select the independent reviewing officer who chaired the review"]}
            )
        if not attendance.strip():
            errors = validation.merge(errors, {"attendance": ["Enter who attended the review"]})
        errors = validation.merge(
            errors, validation.participation_errors(child, participation, held_on)
        )
        if not views_sought:
            errors = validation.merge(
                errors, {"views_sought": ["Select how the child's views were sought"]}
            )
        if not child_views.strip():
            errors = validation.merge(
                errors,
                {
                    "child_views": [
                        "Enter the child's views in their own words, or why they could not be given"
                    ]
                },
            )
        for decision in decisions:
            if (
                not decision.decision.strip()
                or not decision.owner.strip()
                or decision.due_on is None
            ):
                errors = validation.merge(
                    errors,
                    {"decisions": ["Each decision needs what, who is responsible and by when"]},
                )
                break
        earlier = period.reviews.filter(held_on__lt=held_on).count()
        plan = (
            period.permanence_plans.filter(agreed_on__lte=held_on)
            .order_by("-agreed_on", "-id")
            .first()
        )
        if earlier >= 1 and plan is None and not permanence:
            errors = validation.merge(
                errors,
                {
                    "plan": [
                        "Record the permanence plan: from the second review on, a review cannot be completed without one"  # noqa: E501
                    ]
                },
            )
        if (plan is not None or permanence) and not life_story_status:
            errors = validation.merge(
                errors,
                {
                    "life_story_status": [
                        "Select where the life-story work has got to: it is reviewed at each "
                        "review once there is a permanence plan"
                    ]
                },
            )
        if life_story_status and life_story_status not in LifeStoryStatus.values:
            errors = validation.merge(
                errors, {"life_story_status": ["Select a life-story work status"]}
            )
        _raise(errors)
        if permanence:
            plan = permanence_plan_record(user=user, period=period, agreed_on=held_on, **permanence)
        review = Review(
            period=period,
            child=child,
            held_on=held_on,
            iro=iro,
            attendance=attendance.strip(),
            participation=participation,
            views_sought=views_sought,
            child_views=child_views.strip(),
            recommendations=recommendations.strip(),
            permanence_plan=plan,
            life_story_status=life_story_status,
            recorded_by=user,
        )
        review.full_clean()
        review.save()
        current_story = period.life_story.order_by("-updated_on", "-id").first()
        if life_story_status and (
            current_story is None or current_story.status != life_story_status
        ):
            life_story_record(
                user=user,
                period=period,
                updated_on=held_on,
                status=life_story_status,
                worker=current_story.worker if current_story else "",
                materials=current_story.materials if current_story else "",
            )
        for decision in decisions:
            row = ReviewDecision(
                review=review,
                decision=decision.decision.strip(),
                owner=decision.owner.strip(),
                due_on=decision.due_on,
            )
            row.full_clean()
            row.save()
        if period.iro_id is None:
            period.iro = iro
            period.save(update_fields=["iro", "updated_at"])
        Auditor(user=user).created(
            review, child_id=child.pk, summary="Looked after review recorded"
        )
        chronology_record(
            child=child,
            occurred_on=held_on,
            category=CHRONOLOGY,
            summary=f"Looked after review chaired by {iro}; participation {participation}",
            source=review,
            user=user,
        )
    return review


def review_young_persons_words_add(
    *, user: User, review: Review, words: str, submitted_on: date
) -> Review:
    """Hook for the young people's portal: the views a young person sent before the review
    land on it in their own words, marked as submitted by them. A child who did not attend and
    whose views were not conveyed (PN7) has now conveyed them through a facilitative medium
    (PN6); views recorded as not sought were sought through the consultation app."""
    if not words.strip():
        raise ValidationError({"words": ["There are no views to add"]})
    with transaction.atomic():
        before = snapshot(review)
        marker = (
            f"In their own words, submitted by the young person through the portal on "
            f"{submitted_on.day} {submitted_on:%B %Y}:"
        )
        review.child_views = f"{review.child_views.strip()}\n\n{marker}\n{words.strip()}".strip()
        if review.participation == "PN7":
            review.participation = "PN6"
        if review.views_sought == ViewsSought.NOT_SOUGHT:
            review.views_sought = ViewsSought.CONSULTATION
        review.full_clean()
        review.save()
        Auditor(user=user).changed(
            review,
            child_id=review.child_id,
            changes=diff(before, snapshot(review)),
            summary="The young person's views from the portal added to the review",
        )
        chronology_record(
            child=review.child,
            occurred_on=submitted_on,
            category=CHRONOLOGY,
            summary="The young person's own views for their review, sent through the portal",
            source=review,
            user=user,
        )
    return review


# --- IRO oversight --------------------------------------------------------------------------


def iro_contact_record(
    *, user: User, period: PeriodOfCare, contact_on: date, how: str, notes: str
) -> IROContact:
    today = timezone.localdate()
    with transaction.atomic():
        errors = validation.date_errors(contact_on, today, what="of the contact")
        if user.role != Role.IRO:
            errors = validation.merge(
                errors,
                {"__all__": ["Only an independent reviewing officer can record IRO contact"]},
            )
        if not how.strip():
            errors = validation.merge(errors, {"how": ["Enter how the IRO was in contact"]})
        if not notes.strip():
            errors = validation.merge(errors, {"notes": ["Enter what was discussed"]})
        _raise(errors)
        row = IROContact(
            child=period.child,
            period=period,
            iro=user,
            contact_on=contact_on,
            how=how.strip(),
            notes=notes.strip(),
        )
        _record_saved(
            user=user,
            row=row,
            child=period.child,
            occurred_on=contact_on,
            summary="IRO contact recorded",
            chronology=f"IRO contact ({row.how})",
        )
    return row


def _respond_by(on: date) -> date:
    return add_working_days(on, _hearth("IRO_CHALLENGE_RESPONSE_WORKING_DAYS", 5))


def iro_challenge_raise(
    *, user: User, period: PeriodOfCare, raised_on: date, issue: str, addressed_to: str
) -> IROChallenge:
    """The IRO raises an issue informally (the first stage of dispute resolution)."""
    today = timezone.localdate()
    with transaction.atomic():
        errors = validation.date_errors(raised_on, today, what="the challenge was raised")
        if user.role != Role.IRO:
            errors = validation.merge(
                errors, {"__all__": ["Only an independent reviewing officer can raise a challenge"]}
            )
        if not issue.strip():
            errors = validation.merge(errors, {"issue": ["Enter what the IRO is challenging"]})
        if not addressed_to.strip():
            errors = validation.merge(
                errors, {"addressed_to": ["Enter who the challenge is addressed to"]}
            )
        _raise(errors)
        challenge = IROChallenge(
            child=period.child, period=period, iro=user, raised_on=raised_on, issue=issue.strip()
        )
        challenge.full_clean()
        challenge.save()
        step = ChallengeStep(
            challenge=challenge,
            stage=ChallengeStage.INFORMAL,
            started_on=raised_on,
            respond_by=_respond_by(raised_on),
            addressed_to=addressed_to.strip(),
            recorded_by=user,
        )
        step.full_clean()
        step.save()
        Auditor(user=user).created(
            challenge, child_id=period.child_id, summary="IRO challenge raised"
        )
        chronology_record(
            child=period.child,
            occurred_on=raised_on,
            category=CHRONOLOGY,
            summary="IRO raised an informal challenge",
            significant=True,
            source=challenge,
            user=user,
        )
    return challenge


def iro_challenge_escalate(
    *, user: User, challenge: IROChallenge, on: date, outcome: str, addressed_to: str
) -> ChallengeStep:
    """Close the current stage with its outcome and open the next formal stage."""
    today = timezone.localdate()
    with transaction.atomic():
        IROChallenge.objects.select_for_update().filter(pk=challenge.pk).first()
        steps = list(challenge.steps.order_by("started_on", "id"))
        current = steps[-1]
        errors = validation.date_errors(on, today, what="of the escalation")
        if challenge.resolved_on is not None:
            errors = validation.merge(errors, {"__all__": ["This challenge has been resolved"]})
        if user.role != Role.IRO:
            errors = validation.merge(
                errors,
                {"__all__": ["Only an independent reviewing officer can escalate a challenge"]},
            )
        if on and on < current.started_on:
            errors = validation.merge(
                errors,
                {
                    "date": [
                        f"The escalation must be on or after {current.started_on:%d/%m/%Y}, when the current stage started"  # noqa: E501
                    ]
                },
            )
        index = STAGE_ORDER.index(current.stage)
        if index + 1 >= len(STAGE_ORDER):
            errors = validation.merge(
                errors,
                {"__all__": ["This challenge is at the last stage: record how it was resolved"]},
            )
        if not outcome.strip():
            errors = validation.merge(
                errors, {"outcome": ["Enter the outcome of the current stage"]}
            )
        if not addressed_to.strip():
            errors = validation.merge(
                errors, {"addressed_to": ["Enter who the next stage is addressed to"]}
            )
        _raise(errors)
        current.outcome = outcome.strip()
        current.outcome_on = on
        current.full_clean()
        current.save(update_fields=["outcome", "outcome_on", "updated_at"])
        step = ChallengeStep(
            challenge=challenge,
            stage=STAGE_ORDER[index + 1],
            started_on=on,
            respond_by=_respond_by(on),
            addressed_to=addressed_to.strip(),
            recorded_by=user,
        )
        step.full_clean()
        step.save()
        Auditor(user=user).created(
            step,
            child_id=challenge.child_id,
            summary=f"IRO challenge escalated to {step.get_stage_display()}",
        )
        chronology_record(
            child=challenge.child,
            occurred_on=on,
            category=CHRONOLOGY,
            summary=f"IRO challenge escalated: {step.get_stage_display()}",
            significant=True,
            source=challenge,
            user=user,
        )
    return step


def iro_challenge_resolve(
    *, user: User, challenge: IROChallenge, on: date, resolution: str
) -> IROChallenge:
    today = timezone.localdate()
    with transaction.atomic():
        IROChallenge.objects.select_for_update().filter(pk=challenge.pk).first()
        current = challenge.steps.order_by("-started_on", "-id").first()
        errors = validation.date_errors(on, today, what="the challenge was resolved")
        if challenge.resolved_on is not None:
            errors = validation.merge(
                errors, {"__all__": ["This challenge has already been resolved"]}
            )
        if user.role != Role.IRO:
            errors = validation.merge(
                errors,
                {"__all__": ["Only an independent reviewing officer can resolve a challenge"]},
            )
        if on and current and on < current.started_on:
            errors = validation.merge(
                errors, {"date": [f"The date must be on or after {current.started_on:%d/%m/%Y}"]}
            )
        if not resolution.strip():
            errors = validation.merge(
                errors, {"resolution": ["Enter how the challenge was resolved"]}
            )
        _raise(errors)
        before = snapshot(challenge, ["resolved_on", "resolution"])
        challenge.resolved_on = on
        challenge.resolution = resolution.strip()
        challenge.full_clean()
        challenge.save(update_fields=["resolved_on", "resolution", "updated_at"])
        if current is not None and not current.outcome:
            current.outcome, current.outcome_on = resolution.strip(), on
            current.save(update_fields=["outcome", "outcome_on", "updated_at"])
        Auditor(user=user).changed(
            challenge,
            child_id=challenge.child_id,
            changes=diff(before, snapshot(challenge, ["resolved_on", "resolution"])),
            summary="IRO challenge resolved",
        )
        chronology_record(
            child=challenge.child,
            occurred_on=on,
            category=CHRONOLOGY,
            summary="IRO challenge resolved",
            source=challenge,
            user=user,
        )
    return challenge


# --- Visits -----------------------------------------------------------------------------------


def cla_visit_record(
    *, user: User, case_note: CaseNote, bedroom_seen: bool | None, bedroom_notes: str = ""
) -> VisitRecord:
    """Add 'bedroom seen' to a visit case note at which the child was seen (reg 28)."""
    with transaction.atomic():
        errors: validation.Errors = {}
        if case_note.note_type not in VISIT_TYPES or not case_note.child_seen:
            errors = {"__all__": ["Choose a visit at which the child was seen"]}
        if bedroom_seen is None:
            errors = validation.merge(
                errors, {"bedroom_seen": ["Select whether the child's bedroom was seen"]}
            )
        if hasattr(case_note, "cla_visit"):
            errors = validation.merge(
                errors, {"__all__": ["This visit already has its bedroom recorded"]}
            )
        _raise(errors)
        row = VisitRecord(
            case_note=case_note,
            child_id=case_note.child_id,
            bedroom_seen=bool(bedroom_seen),
            bedroom_notes=bedroom_notes.strip(),
        )
        row.full_clean()
        row.save()
        Auditor(user=user).created(
            row, child_id=case_note.child_id, summary="Looked after child visit: bedroom recorded"
        )
    return row


# --- Health ------------------------------------------------------------------------------------


def _record_saved(
    *,
    user: User,
    row: Any,
    child: Person,
    occurred_on: date,
    summary: str,
    chronology: str = "",
    significant: bool = False,
) -> None:
    """Validate and save a new record about the child, audit it (`summary`) and write the
    child's chronology line (`chronology`, or the same summary); the caller holds the
    transaction."""
    row.full_clean()
    row.save()
    Auditor(user=user).created(row, child_id=child.pk, summary=summary)
    chronology_record(
        child=child,
        occurred_on=occurred_on,
        category=CHRONOLOGY,
        summary=chronology or summary,
        significant=significant,
        source=row,
        user=user,
    )


def _required_text(value: str, field: str, message: str) -> validation.Errors:
    return {} if value.strip() else {field: [message]}


def health_assessment_record(
    *,
    user: User,
    period: PeriodOfCare,
    kind: str,
    completed_on: date,
    practitioner: str,
    outcome: str,
) -> HealthAssessment:
    """An initial (one per period of care, first) or review health assessment."""
    today = timezone.localdate()
    child = period.child
    with transaction.atomic():
        errors = validation.merge(
            validation.date_errors(completed_on, today, what="of the assessment"),
            _required_text(practitioner, "practitioner", "Enter who carried out the assessment"),
            _required_text(outcome, "outcome", "Enter the health needs found and the plan"),
        )
        if kind not in HealthAssessmentKind.values:
            errors = validation.merge(errors, {"kind": ["Select the kind of assessment"]})
        if completed_on and completed_on < period.start_date:
            errors = validation.merge(
                errors,
                {
                    "date": [
                        "The date of the assessment must be on or after the child became "
                        "looked after"
                    ]
                },
            )
        earlier = period.health_assessments.all()
        if kind == HealthAssessmentKind.INITIAL and earlier.filter(kind=kind).exists():
            errors = validation.merge(
                errors, {"kind": ["This period of care already has an initial assessment"]}
            )
        if kind == HealthAssessmentKind.REVIEW and not earlier.exists():
            errors = validation.merge(
                errors, {"kind": ["Record the initial health assessment first"]}
            )
        _raise(errors)
        row = HealthAssessment(
            child=child,
            period=period,
            kind=kind,
            completed_on=completed_on,
            practitioner=practitioner.strip(),
            outcome=outcome.strip(),
            recorded_by=user,
        )
        _record_saved(
            user=user,
            row=row,
            child=child,
            occurred_on=completed_on,
            summary=f"{row.get_kind_display()} completed",
        )
    return row


def health_check_record(
    *,
    user: User,
    child: Person,
    kind: str,
    checked_on: date,
    up_to_date: bool | None,
    notes: str = "",
) -> HealthCheck:
    """A dental check, immunisation status or under-5 development check."""
    today = timezone.localdate()
    with transaction.atomic():
        errors = validation.date_errors(checked_on, today, what="of the check")
        if kind not in HealthCheckKind.values:
            errors = validation.merge(errors, {"kind": ["Select what was checked"]})
        if up_to_date is None:
            errors = validation.merge(
                errors, {"up_to_date": ["Select whether the child is up to date"]}
            )
        age = age_on(child.date_of_birth, checked_on) if checked_on else None
        if kind == HealthCheckKind.SURVEILLANCE and age is not None and age >= 5:
            errors = validation.merge(
                errors, {"kind": ["Development checks are for children under 5"]}
            )
        _raise(errors)
        row = HealthCheck(
            child=child,
            kind=kind,
            checked_on=checked_on,
            up_to_date=bool(up_to_date),
            notes=notes.strip(),
            recorded_by=user,
        )
        state = "up to date" if up_to_date else "not up to date"
        _record_saved(
            user=user,
            row=row,
            child=child,
            occurred_on=checked_on,
            summary=f"{row.get_kind_display().split(' (')[0]}: {state}",
        )
    return row


def sdq_record(
    *, user: User, child: Person, completed_on: date, score: int | None, reason: str = ""
) -> SDQ:
    """An SDQ total score (0 to 40) for a child aged 4 to 16, or the reason there is none."""
    today = timezone.localdate()
    with transaction.atomic():
        errors = validation.date_errors(completed_on, today, what="of the questionnaire")
        if score is None and not reason:
            errors = validation.merge(
                errors, {"score": ["Enter the SDQ score, or select why there is none"]}
            )
        if score is not None and reason:
            errors = validation.merge(
                errors, {"reason": ["Enter a score or a reason for no score, not both"]}
            )
        if score is not None and not 0 <= score <= 40:
            errors = validation.merge(errors, {"score": ["The SDQ score must be 0 to 40"]})
        age = age_on(child.date_of_birth, completed_on) if completed_on else None
        if age is not None and score is not None and not 4 <= age <= 16:
            errors = validation.merge(
                errors,
                {"score": ["SDQ scores are for children aged 4 to 16; select reason SDQ1"]},
            )
        if age is not None and reason == "SDQ1" and 4 <= age <= 16:
            errors = validation.merge(
                errors, {"reason": ["SDQ1 is only for children under 4 or over 16"]}
            )
        _raise(errors)
        row = SDQ(
            child=child, completed_on=completed_on, score=score, reason=reason, recorded_by=user
        )
        summary = f"SDQ score {score}" if score is not None else f"No SDQ score ({reason})"
        _record_saved(user=user, row=row, child=child, occurred_on=completed_on, summary=summary)
    return row


def substance_misuse_record(
    *,
    user: User,
    child: Person,
    identified_on: date,
    intervention_received: bool,
    intervention_refused: bool,
    notes: str = "",
) -> SubstanceMisuse:
    today = timezone.localdate()
    with transaction.atomic():
        errors = validation.date_errors(identified_on, today, what="the problem was identified")
        if intervention_received and intervention_refused:
            errors = validation.merge(
                errors,
                {"intervention_refused": ["An intervention cannot be both received and refused"]},
            )
        _raise(errors)
        row = SubstanceMisuse(
            child=child,
            identified_on=identified_on,
            intervention_received=intervention_received,
            intervention_refused=intervention_refused,
            notes=notes.strip(),
            recorded_by=user,
        )
        _record_saved(
            user=user,
            row=row,
            child=child,
            occurred_on=identified_on,
            summary="Substance misuse problem identified",
        )
    return row


def conviction_record(*, user: User, child: Person, on: date, offence: str) -> Conviction:
    """A conviction or youth caution (the age of criminal responsibility is 10)."""
    today = timezone.localdate()
    with transaction.atomic():
        errors = validation.merge(
            validation.date_errors(on, today, what="of the conviction or caution"),
            _required_text(offence, "offence", "Enter the offence"),
        )
        age = age_on(child.date_of_birth, on) if on else None
        if age is not None and age < 10:
            errors = validation.merge(
                errors, {"date": ["A child under 10 cannot be convicted or cautioned"]}
            )
        _raise(errors)
        row = Conviction(child=child, on=on, offence=offence.strip(), recorded_by=user)
        _record_saved(
            user=user, row=row, child=child, occurred_on=on, summary="Conviction or caution"
        )
    return row


def health_history_given_record(
    *, user: User, child: Person, given_on: date, notes: str = ""
) -> HealthHistoryGiven:
    today = timezone.localdate()
    with transaction.atomic():
        errors = validation.date_errors(given_on, today, what="the health history was given")
        _raise(errors)
        row = HealthHistoryGiven(
            child=child, given_on=given_on, notes=notes.strip(), recorded_by=user
        )
        _record_saved(
            user=user,
            row=row,
            child=child,
            occurred_on=given_on,
            summary="Health history given to the young person",
        )
    return row


# --- Education ---------------------------------------------------------------------------------


def school_placement_record(
    *, user: User, child: Person, school_name: str, school_urn: str, started_on: date
) -> SchoolPlacement:
    """The child starts at a school; the previous school placement ends the day before."""
    today = timezone.localdate()
    with transaction.atomic():
        errors = validation.merge(
            validation.date_errors(started_on, today, what="the child started"),
            _required_text(school_name, "school_name", "Enter the name of the school"),
        )
        urn = school_urn.strip()
        if urn and not (urn.isdigit() and len(urn) == 6):
            errors = validation.merge(
                errors, {"school_urn": ["The school URN must be 6 digits, like 100001"]}
            )
        current = child.school_placements.filter(ended_on__isnull=True).first()
        if current is not None and started_on and started_on <= current.started_on:
            errors = validation.merge(
                errors,
                {
                    "date": [
                        "The date the child started must be after they started their last school"
                    ]
                },
            )
        _raise(errors)
        if current is not None:
            before = snapshot(current)
            current.ended_on = started_on
            current.full_clean()
            current.save(update_fields=["ended_on", "updated_at"])
            Auditor(user=user).changed(
                current, child_id=child.pk, changes=diff(before, snapshot(current))
            )
        row = SchoolPlacement(
            child=child,
            school_name=school_name.strip(),
            school_urn=urn,
            started_on=started_on,
            recorded_by=user,
        )
        _record_saved(
            user=user,
            row=row,
            child=child,
            occurred_on=started_on,
            summary=f"Started at {row.school_name}",
        )
    return row


def virtual_school_contact_record(
    *, user: User, child: Person, contact_on: date, officer: str, notes: str
) -> VirtualSchoolContact:
    today = timezone.localdate()
    with transaction.atomic():
        errors = validation.merge(
            validation.date_errors(contact_on, today, what="of the contact"),
            _required_text(officer, "officer", "Enter the virtual school officer's name"),
            _required_text(notes, "notes", "Enter what the virtual school did"),
        )
        _raise(errors)
        row = VirtualSchoolContact(
            child=child,
            contact_on=contact_on,
            officer=officer.strip(),
            notes=notes.strip(),
            recorded_by=user,
        )
        _record_saved(
            user=user,
            row=row,
            child=child,
            occurred_on=contact_on,
            summary="Virtual school involved",
        )
    return row


def pep_record(
    *,
    user: User,
    period: PeriodOfCare,
    held_on: date,
    virtual_school_attended: bool | None,
    child_views: str,
    targets: str,
) -> PersonalEducationPlan:
    """A personal education plan meeting during a period of care."""
    today = timezone.localdate()
    child = period.child
    with transaction.atomic():
        errors = validation.merge(
            validation.date_errors(held_on, today, what="of the meeting"),
            _required_text(child_views, "child_views", "Enter the child's views"),
            _required_text(targets, "targets", "Enter the targets and the support to meet them"),
        )
        if virtual_school_attended is None:
            errors = validation.merge(
                errors,
                {"virtual_school_attended": ["Select whether the virtual school attended"]},
            )
        if held_on and held_on < period.start_date:
            errors = validation.merge(
                errors,
                {
                    "date": [
                        "The date of the meeting must be on or after the child became looked after"
                    ]
                },
            )
        _raise(errors)
        row = PersonalEducationPlan(
            child=child,
            period=period,
            held_on=held_on,
            virtual_school_attended=bool(virtual_school_attended),
            child_views=child_views.strip(),
            targets=targets.strip(),
            recorded_by=user,
        )
        _record_saved(
            user=user,
            row=row,
            child=child,
            occurred_on=held_on,
            summary="Personal education plan meeting",
        )
    return row


def exclusion_record(
    *,
    user: User,
    child: Person,
    kind: str,
    started_on: date,
    school_days: int | None,
    reason: str,
) -> Exclusion:
    """A suspension (with its length in school days, at most 45 in a school year) or a
    permanent exclusion."""
    today = timezone.localdate()
    with transaction.atomic():
        errors = validation.merge(
            validation.date_errors(started_on, today, what="the exclusion started"),
            _required_text(reason, "reason", "Enter the reason for the exclusion"),
        )
        if kind not in ExclusionKind.values:
            errors = validation.merge(errors, {"kind": ["Select the kind of exclusion"]})
        if kind == ExclusionKind.SUSPENSION and not school_days:
            errors = validation.merge(
                errors, {"school_days": ["Enter how many school days the suspension lasts"]}
            )
        if school_days is not None and school_days > 45:
            errors = validation.merge(
                errors,
                {"school_days": ["A suspension cannot be more than 45 school days in a year"]},
            )
        _raise(errors)
        row = Exclusion(
            child=child,
            kind=kind,
            started_on=started_on,
            school_days=school_days if kind == ExclusionKind.SUSPENSION else None,
            reason=reason.strip(),
            recorded_by=user,
        )
        _record_saved(
            user=user,
            row=row,
            child=child,
            occurred_on=started_on,
            summary=row.get_kind_display().split(" (")[0],
        )
    return row


def attendance_record(
    *,
    user: User,
    child: Person,
    period_from: date,
    period_to: date,
    sessions_possible: int,
    sessions_attended: int,
) -> Attendance:
    today = timezone.localdate()
    with transaction.atomic():
        errors = validation.merge(
            validation.date_errors(period_from, today, field="period_from", what="from"),
            validation.date_errors(period_to, today, field="period_to", what="to"),
        )
        if period_from and period_to and period_to < period_from:
            errors = validation.merge(
                errors, {"period_to": ["The date to must be on or after the date from"]}
            )
        if sessions_attended > sessions_possible:
            errors = validation.merge(
                errors,
                {
                    "sessions_attended": [
                        "Sessions attended must be no more than the sessions possible"
                    ]
                },
            )
        _raise(errors)
        row = Attendance(
            child=child,
            period_from=period_from,
            period_to=period_to,
            sessions_possible=sessions_possible,
            sessions_attended=sessions_attended,
            recorded_by=user,
        )
        _record_saved(
            user=user,
            row=row,
            child=child,
            occurred_on=period_to,
            summary=f"School attendance {row.percentage}%",
        )
    return row


# --- Placements: carers, recruitment, matching, siblings, life story, council ---------------


def life_story_record(
    *,
    user: User,
    period: PeriodOfCare,
    updated_on: date,
    status: str,
    worker: str = "",
    materials: str = "",
) -> LifeStoryWork:
    """Where the life-story work has got to, who is doing it and with what."""
    today = timezone.localdate()
    child = period.child
    with transaction.atomic():
        errors = validation.date_errors(updated_on, today, what="of the update")
        if status not in LifeStoryStatus.values:
            errors = validation.merge(errors, {"status": ["Select where the work has got to"]})
        _raise(errors)
        row = LifeStoryWork(
            child=child,
            period=period,
            updated_on=updated_on,
            status=status,
            worker=worker.strip(),
            materials=materials.strip(),
            recorded_by=user,
        )
        _record_saved(
            user=user,
            row=row,
            child=child,
            occurred_on=updated_on,
            summary=f"Life-story work: {row.get_status_display().lower()}",
        )
    return row


def siblings_looked_after(child: Person, on: date) -> list[Person]:
    """The child's brothers and sisters (current relationships) who are looked after on `on`."""
    from hearth.people.models import SIBLING_KINDS

    sibling_ids = child.relationships.filter(
        kind__in=list(SIBLING_KINDS), end_date__isnull=True
    ).values("relative_id")
    return list(
        Person.objects.filter(
            pk__in=sibling_ids,
            care_periods__start_date__lte=on,
            care_periods__end_date__isnull=True,
        )
        .distinct()
        .order_by("date_of_birth", "pk")
    )


def sibling_assessment_record(
    *,
    user: User,
    period: PeriodOfCare,
    sibling: Person | None,
    assessed_on: date,
    decision: str,
    reasons: str,
    contact_plan: str = "",
) -> SiblingAssessment:
    """The together-or-apart assessment of the child and a looked after brother or sister."""
    today = timezone.localdate()
    child = period.child
    with transaction.atomic():
        errors = validation.merge(
            validation.date_errors(assessed_on, today, what="of the assessment"),
            _required_text(
                reasons, "reasons", "Enter why, including the children's wishes and feelings"
            ),
        )
        if sibling is None or sibling.pk not in {
            s.pk for s in siblings_looked_after(child, assessed_on or today)
        }:
            errors = validation.merge(
                errors, {"sibling": ["Select a brother or sister who is looked after"]}
            )
        if decision not in SiblingDecision.values:
            errors = validation.merge(
                errors, {"decision": ["Select whether they are placed together or apart"]}
            )
        if decision == SiblingDecision.APART and not contact_plan.strip():
            errors = validation.merge(
                errors, {"contact_plan": ["Enter how they will keep in touch"]}
            )
        _raise(errors)
        row = SiblingAssessment(
            child=child,
            sibling=sibling,
            period=period,
            assessed_on=assessed_on,
            decision=decision,
            reasons=reasons.strip(),
            contact_plan=contact_plan.strip(),
            recorded_by=user,
        )
        _record_saved(
            user=user,
            row=row,
            child=child,
            occurred_on=assessed_on,
            summary=f"Brothers and sisters assessment: {row.get_decision_display().lower()}",
        )
    return row


def placement_match_record(
    *, user: User, episode: Episode, levels: dict[str, str], notes: str = ""
) -> PlacementMatch:
    """How the placement meets each of the child's needs; a need not met needs a note."""
    child = episode.child
    with transaction.atomic():
        errors: validation.Errors = {}
        for key, label in MATCH_NEEDS:
            if levels.get(key) not in MatchLevel.values:
                errors = validation.merge(
                    errors, {key: [f"Select how the placement meets: {label.lower()}"]}
                )
        if hasattr(episode, "match"):
            errors = validation.merge(
                errors, {"__all__": ["This placement's match is already recorded"]}
            )
        if MatchLevel.NOT_MET in levels.values() and not notes.strip():
            errors = validation.merge(
                errors, {"notes": ["Enter how the needs not met will be supported"]}
            )
        _raise(errors)
        row = PlacementMatch(
            episode=episode,
            child=child,
            notes=notes.strip(),
            recorded_by=user,
            **{key: levels[key] for key, _ in MATCH_NEEDS},
        )
        unmet = row.unmet()
        _record_saved(
            user=user,
            row=row,
            child=child,
            occurred_on=episode.placement_started_on,
            summary="Placement match recorded"
            + (f": not met for {', '.join(u.lower() for u in unmet)}" if unmet else ""),
        )
    return row


def _plain_saved(*, user: User, row: Any, summary: str) -> None:
    """Save a record that is not about one child (carers, recruitment, the council)."""
    row.full_clean()
    row.save()
    Auditor(user=user).created(row, child_id=None, summary=summary)


def provider_record(
    *,
    user: User,
    name: str,
    kind: str,
    provider_code: str,
    urn: str,
    postcode: str,
    approved_on: date | None,
    age_from: int | None,
    age_to: int | None,
    capacity: int,
    emergency_beds: int,
    skills: str = "",
    out_of_hours_support: str = "",
) -> Provider:
    """A foster carer household, agency or residential provider."""
    from hearth.children_in_care import postcodes

    with transaction.atomic():
        errors = _required_text(name, "name", "Enter the household or provider's name")
        if kind not in ProviderKind.values:
            errors = validation.merge(errors, {"kind": ["Select the kind of provider"]})
        errors = validation.merge(
            errors,
            validation.code_errors(
                "provider_code",
                "placement_provider",
                provider_code,
                timezone.localdate(),
                "placement provider code",
            ),
        )
        if postcode.strip():
            try:
                postcode = postcodes.lookup(postcode).postcode
            except postcodes.PostcodeError as error:
                errors = validation.merge(errors, {"postcode": [str(error)]})
        if age_from is not None and age_to is not None and age_to < age_from:
            errors = validation.merge(
                errors, {"age_to": ["The oldest age must be the same as or above the youngest"]}
            )
        if emergency_beds > capacity:
            errors = validation.merge(
                errors, {"emergency_beds": ["Emergency beds cannot be more than the capacity"]}
            )
        _raise(errors)
        row = Provider(
            name=name.strip(),
            kind=kind,
            provider_code=provider_code,
            urn=urn.strip().upper(),
            postcode=postcode.strip(),
            approved_on=approved_on,
            age_from=age_from,
            age_to=age_to,
            capacity=capacity,
            emergency_beds=emergency_beds,
            skills=skills.strip(),
            out_of_hours_support=out_of_hours_support.strip(),
        )
        _plain_saved(user=user, row=row, summary=f"Provider recorded: {row.name}")
    return row


def carer_record_add(
    *, user: User, provider: Provider, kind: str, on: date, notes: str
) -> CarerRecord:
    """Training, a supervision or support visit, or an approval review of a carer household."""
    today = timezone.localdate()
    with transaction.atomic():
        errors = validation.merge(
            validation.date_errors(on, today, what="of the record"),
            _required_text(notes, "notes", "Enter what happened"),
        )
        if kind not in CarerRecordKind.values:
            errors = validation.merge(errors, {"kind": ["Select the kind of record"]})
        _raise(errors)
        row = CarerRecord(
            provider=provider, kind=kind, on=on, notes=notes.strip(), recorded_by=user
        )
        _plain_saved(user=user, row=row, summary=f"Carer record: {row.get_kind_display()}")
    return row


def fostering_enquiry_record(
    *,
    user: User,
    household: str,
    source: str,
    enquired_on: date,
    postcode: str = "",
    interested_in_ages: str = "",
) -> FosteringEnquiry:
    today = timezone.localdate()
    with transaction.atomic():
        errors = validation.merge(
            validation.date_errors(enquired_on, today, what="of the enquiry"),
            _required_text(household, "household", "Enter the name of the household"),
        )
        if source not in EnquirySource.values:
            errors = validation.merge(errors, {"source": ["Select how they heard about us"]})
        _raise(errors)
        row = FosteringEnquiry(
            household=household.strip(),
            source=source,
            enquired_on=enquired_on,
            postcode=postcode.strip().upper(),
            interested_in_ages=interested_in_ages.strip(),
            recorded_by=user,
        )
        _plain_saved(user=user, row=row, summary="Fostering enquiry recorded")
    return row


STAGE_DATE_FIELD: dict[str, str] = {
    RecruitmentStage.INITIAL_VISIT: "initial_visit_on",
    RecruitmentStage.STAGE_1: "stage_1_on",
    RecruitmentStage.STAGE_2: "stage_2_on",
    RecruitmentStage.PANEL: "panel_on",
    RecruitmentStage.APPROVED: "approved_on",
    RecruitmentStage.LEFT: "left_on",
}


def fostering_enquiry_progress(
    *,
    user: User,
    enquiry: FosteringEnquiry,
    stage: str,
    on: date,
    left_reason: str = "",
) -> FosteringEnquiry:
    """Move an applicant on to a later stage (with its date), or record that they left and
    why. Stages only go forward; approval follows panel."""
    today = timezone.localdate()
    with transaction.atomic():
        errors = validation.date_errors(on, today, what="of this stage")
        current = RECRUITMENT_ORDER.index(enquiry.stage)
        if enquiry.stage in {RecruitmentStage.APPROVED, RecruitmentStage.LEFT}:
            errors = validation.merge(
                errors, {"stage": ["This applicant has finished the process"]}
            )
        elif stage not in STAGE_DATE_FIELD or (
            stage != RecruitmentStage.LEFT and RECRUITMENT_ORDER.index(stage) <= current
        ):
            errors = validation.merge(errors, {"stage": ["Select a later stage"]})
        if stage == RecruitmentStage.APPROVED and enquiry.panel_on is None:
            errors = validation.merge(
                errors, {"stage": ["Record the fostering panel before approval"]}
            )
        if stage == RecruitmentStage.LEFT and left_reason not in LeftReason.values:
            errors = validation.merge(errors, {"left_reason": ["Select why they left"]})
        latest = max(
            (
                d
                for d in (
                    enquiry.enquired_on,
                    *(getattr(enquiry, f) for f in STAGE_DATE_FIELD.values()),
                )
                if d
            ),
            default=enquiry.enquired_on,
        )
        if on and on < latest:
            errors = validation.merge(
                errors, {"date": ["The date must be on or after the last stage"]}
            )
        _raise(errors)
        before = snapshot(enquiry)
        enquiry.stage = stage
        setattr(enquiry, STAGE_DATE_FIELD[stage], on)
        if stage == RecruitmentStage.LEFT:
            enquiry.left_reason = left_reason
        enquiry.full_clean()
        enquiry.save()
        Auditor(user=user).changed(enquiry, child_id=None, changes=diff(before, snapshot(enquiry)))
    return enquiry


@dataclass(frozen=True)
class IssueInput:
    issue: str
    raised_with: str


def council_meeting_record(
    *,
    user: User,
    held_on: date,
    attendance: int | None,
    notes: str,
    issues: Sequence[IssueInput] = (),
) -> CouncilMeeting:
    """A Children in Care Council meeting and the issues it raised."""
    today = timezone.localdate()
    with transaction.atomic():
        errors = validation.merge(
            validation.date_errors(held_on, today, what="of the meeting"),
            _required_text(notes, "notes", "Enter what the council discussed"),
        )
        if attendance is None:
            errors = validation.merge(
                errors, {"attendance": ["Enter how many children and young people came"]}
            )
        for item in issues:
            if not item.issue.strip() or not item.raised_with.strip():
                errors = validation.merge(
                    errors, {"issues": ["Each issue needs what it is and who it was raised with"]}
                )
                break
        _raise(errors)
        meeting = CouncilMeeting(
            held_on=held_on, attendance=attendance or 0, notes=notes.strip(), recorded_by=user
        )
        _plain_saved(user=user, row=meeting, summary="Children in Care Council meeting")
        for item in issues:
            row = CouncilIssue(
                meeting=meeting, issue=item.issue.strip(), raised_with=item.raised_with.strip()
            )
            row.full_clean()
            row.save()
    return meeting


def council_issue_add(
    *, user: User, meeting: CouncilMeeting, issue: str, raised_with: str
) -> CouncilIssue:
    """An issue added to a council meeting's record after the meeting was recorded (the
    young people's portal writes young people's ideas and problems onto the meeting)."""
    with transaction.atomic():
        errors = validation.merge(
            _required_text(issue, "issue", "Enter the issue"),
            _required_text(raised_with, "raised_with", "Enter who it was raised with"),
        )
        _raise(errors)
        row = CouncilIssue(meeting=meeting, issue=issue.strip(), raised_with=raised_with.strip())
        _plain_saved(
            user=user, row=row, summary="Issue added to a Children in Care Council meeting"
        )
    return row


def council_issue_respond(
    *, user: User, issue: CouncilIssue, response: str, responded_on: date
) -> CouncilIssue:
    """The service's response to an issue the council raised."""
    today = timezone.localdate()
    with transaction.atomic():
        errors = validation.merge(
            validation.date_errors(responded_on, today, what="of the response"),
            _required_text(response, "response", "Enter the service's response"),
        )
        if issue.responded_on is not None:
            errors = validation.merge(errors, {"__all__": ["This issue already has a response"]})
        if responded_on and responded_on < issue.meeting.held_on:
            errors = validation.merge(
                errors, {"date": ["The response must be on or after the meeting"]}
            )
        _raise(errors)
        before = snapshot(issue)
        issue.response = response.strip()
        issue.responded_on = responded_on
        issue.responded_by = user
        issue.full_clean()
        issue.save()
        Auditor(user=user).changed(issue, child_id=None, changes=diff(before, snapshot(issue)))
    return issue


def long_term_match_record(
    *,
    user: User,
    period: PeriodOfCare,
    provider: Provider | None,
    panel_on: date,
    agency_decision_on: date,
) -> LongTermMatch:
    """A long-term fostering match: panel, then the agency decision."""
    today = timezone.localdate()
    child = period.child
    with transaction.atomic():
        errors = validation.merge(
            validation.date_errors(panel_on, today, field="panel_on", what="of the panel"),
            validation.date_errors(
                agency_decision_on, today, field="agency_decision_on", what="of the decision"
            ),
        )
        if panel_on and agency_decision_on and agency_decision_on < panel_on:
            errors = validation.merge(
                errors,
                {"agency_decision_on": ["The agency decision must be on or after the panel"]},
            )
        if panel_on and panel_on < period.start_date:
            errors = validation.merge(
                errors, {"panel_on": ["The panel must be after the child became looked after"]}
            )
        if provider is None:
            errors = validation.merge(errors, {"provider": ["Select the foster carers"]})
        _raise(errors)
        row = LongTermMatch(
            child=child,
            period=period,
            provider=provider,
            panel_on=panel_on,
            agency_decision_on=agency_decision_on,
            recorded_by=user,
        )
        _record_saved(
            user=user,
            row=row,
            child=child,
            occurred_on=agency_decision_on,
            summary=f"Long-term fostering match with {provider}",
        )
    return row
