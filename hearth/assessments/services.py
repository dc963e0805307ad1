"""CIN episode and assessment business actions. Each is one transaction that writes its own
audit entry and chronology line (STYLE.md rule 2).

Other apps extend episode closure through CLOSURE_CHECKS: child_protection appends a function
`check(episode, closure_date) -> list[str]` returning GOV.UK error messages (for example
"Conclude the section 47 enquiry started on 3 March 2026 before closing the episode"); the
episode closes only when every check returns no message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from hearth.accounts.models import Team, User
from hearth.assessments.models import (
    AFTER_ASSESSMENT_REASONS,
    EDITABLE_STATUSES,
    NO_FACTORS,
    STEP_DOWN_REASON,
    TRANSITIONS,
    Assessment,
    AssessmentFactor,
    AssessmentKind,
    AssessmentStatus,
    AssessmentStatusChange,
    CINEpisode,
    KeptAssessmentText,
    NetworkConsideration,
)
from hearth.casework.services import chronology_record
from hearth.core.audit import Auditor, diff, snapshot
from hearth.core.presenters import format_date
from hearth.people.models import Person, RelationshipKind
from hearth.reference import lookups

CHRONOLOGY_EPISODE = "CIN episode"
CHRONOLOGY_ASSESSMENT = "Assessment"

# Extended family: leaving them out of an assessment needs a reason (the inspection found
# assessments that overlooked the extended family).
EXTENDED_FAMILY_KINDS = frozenset(
    {
        RelationshipKind.GRANDPARENT,
        RelationshipKind.AUNT_UNCLE,
        RelationshipKind.OTHER_RELATIVE,
        RelationshipKind.CONNECTED_PERSON,
    }
)

ClosureCheck = Callable[[CINEpisode, date], Iterable[str]]


def _code_error(list_name: str, code: str, on: date) -> bool:
    try:
        return not lookups.is_valid(list_name, code, on=on)
    except lookups.UnknownList:
        return True


def _lock_child(child: Person) -> None:
    # Two people acting on the same child's episodes at once queue here.
    Person.objects.select_for_update().filter(pk=child.pk).first()


# --- CIN episodes ------------------------------------------------------------------------


def cin_episode_open(
    *,
    user: User,
    child: Person,
    referral_date: date,
    referral_source: str,
    primary_need: str = "",
    referral_nfa: bool = False,
) -> CINEpisode:
    """Open a CIN episode from a referral. The front door calls this when a referral is made.

    Episodes never overlap and only the latest may be open (DfE 8820, 8815, 8816); open NFA
    referrals are the exception the census allows."""
    errors: dict[str, str] = {}
    if referral_date > timezone.localdate():
        errors["referral_date"] = "The referral date must be today or in the past"
    if not referral_source:
        errors["referral_source"] = "Select the source of the referral"
    elif _code_error("referral_source", referral_source, referral_date):
        errors["referral_source"] = "Select a valid referral source"
    if primary_need and _code_error("primary_need", primary_need, referral_date):
        errors["primary_need"] = "Select a valid primary need"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _lock_child(child)
        for other in child.cin_episodes.order_by("-referral_date"):
            if other.closure_date is None and not other.referral_nfa:
                raise ValidationError(
                    {
                        "referral_date": f"{child.full_name} already has an open CIN episode, "
                        f"referred on {format_date(other.referral_date)}. Close it before "
                        "opening another"
                    }
                )
            latest_day = other.closure_date or other.referral_date
            # A child may be referred again on the day an episode closed (as census 8820
            # reads it), never before.
            if referral_date < other.referral_date or (
                other.closure_date is not None and referral_date < other.closure_date
            ):
                raise ValidationError(
                    {
                        "referral_date": "The referral date must be on or after "
                        f"{format_date(latest_day)}, when {child.full_name}'s previous CIN "
                        "episode ended, so that episodes do not overlap"
                    }
                )
        episode = CINEpisode(
            child=child,
            referral_date=referral_date,
            referral_source=referral_source,
            primary_need=primary_need,
            referral_nfa=referral_nfa,
            created_by=user,
        )
        episode.full_clean()
        episode.save()
        Auditor(user=user).created(episode, child_id=child.pk, summary="Opened a CIN episode")
        chronology_record(
            child=child,
            occurred_on=referral_date,
            category=CHRONOLOGY_EPISODE,
            summary="Referral: CIN episode opened"
            + (" (no further action)" if referral_nfa else ""),
            significant=True,
            source=episode,
            user=user,
        )
    return episode


def cin_episode_set_primary_need(
    *, user: User, episode: CINEpisode, primary_need: str
) -> CINEpisode:
    """Record or change the episode's primary need (N0 to N9; required unless NFA, 8610)."""
    if not primary_need or _code_error("primary_need", primary_need, episode.referral_date):
        raise ValidationError({"primary_need": "Select the primary need"})
    with transaction.atomic():
        current = CINEpisode.objects.select_for_update().get(pk=episode.pk)
        before = snapshot(current, ["primary_need"])
        current.primary_need = primary_need
        current.full_clean()
        current.save(update_fields=["primary_need", "updated_at"])
        Auditor(user=user).changed(
            current,
            child_id=current.child_id,
            changes=diff(before, snapshot(current, ["primary_need"])),
            summary="Recorded the primary need",
        )
        chronology_record(
            child=current.child,
            occurred_on=timezone.localdate(),
            category=CHRONOLOGY_EPISODE,
            summary="Primary need recorded: "
            + (lookups.description("primary_need", primary_need) or primary_need),
            source=current,
            user=user,
        )
    return current


def _assessments_concluded(episode: CINEpisode, closure_date: date) -> list[str]:
    """Every assessment authorised (8867) and none dated after the closure (8565); RC8 and
    RC9 mean the case closed after an assessment (8825Q)."""
    messages = []
    for assessment in episode.assessments.all():
        if assessment.authorised_on is None:
            messages.append(
                "The assessment started on "
                f"{format_date(assessment.start_date)} must be authorised before the episode "
                "is closed"
            )
        elif assessment.authorised_on > closure_date:
            messages.append(
                "The closure date must be on or after "
                f"{format_date(assessment.authorised_on)}, when the last assessment was "
                "authorised"
            )
    return messages


# child_protection appends its own check (section 47 enquiries concluded, 8868).
CLOSURE_CHECKS: list[ClosureCheck] = [_assessments_concluded]


def cin_episode_close(
    *,
    user: User,
    episode: CINEpisode,
    closure_date: date,
    closure_reason: str,
    note: str = "",
    step_down_reason: str = "",
    step_down_lead: str = "",
) -> CINEpisode:
    """Close the episode with a date and a reason (RC1 to RC9), only once every check in
    CLOSURE_CHECKS passes. RC9 links the early help episode the child was stepped down to:
    the child's open one, or one started on the closure date with `step_down_reason` and
    `step_down_lead` (the lead practitioner or organisation)."""
    from hearth.early_help.models import EarlyHelpEpisode

    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not closure_reason:
        add("closure_reason", "Select the reason for closure")
    elif _code_error("closure_reason", closure_reason, closure_date):
        add("closure_reason", "Select a valid reason for closure")
    if closure_date > timezone.localdate():
        add("closure_date", "The closure date must be today or in the past")
    with transaction.atomic():
        current = (
            CINEpisode.objects.select_for_update(of=("self",))
            .select_related("child")
            .get(pk=episode.pk)
        )
        child = current.child
        if current.closure_date is not None:
            raise ValidationError("This CIN episode is already closed")
        if closure_date < current.referral_date:
            add(
                "closure_date",
                "The closure date must be the same as or after the referral date, "
                f"{format_date(current.referral_date)}",
            )
        if not current.referral_nfa and not current.primary_need:
            add("closure_reason", "Record the primary need before closing the episode")
        for check in CLOSURE_CHECKS:
            for message in check(current, closure_date):
                add("__all__", message)
        if (
            closure_reason in AFTER_ASSESSMENT_REASONS
            and not current.assessments.filter(authorised_on__isnull=False).exists()
        ):
            add(
                "closure_reason",
                f"{closure_reason} means the case closed after an assessment, and this episode "
                "has no authorised assessment. Select another reason",
            )
        early_help = None
        if closure_reason == STEP_DOWN_REASON and not errors:
            early_help = EarlyHelpEpisode.objects.filter(child=child, end_date__isnull=True).first()
            if early_help is None and not step_down_reason.strip():
                add("step_down_reason", "Enter why the child is being referred to early help")
            if early_help is None and not step_down_lead.strip():
                add("step_down_lead", "Enter who will lead the early help")
        if errors:
            raise ValidationError(errors)
        if closure_reason == STEP_DOWN_REASON and early_help is None:
            from hearth.early_help.services import episode_start

            try:
                early_help = episode_start(
                    user=user,
                    child=child,
                    start_date=closure_date,
                    reason=step_down_reason.strip(),
                    lead_practitioner_name=step_down_lead.strip()[:200],
                )
            except ValidationError as exc:
                raise ValidationError({"step_down_lead": exc.messages}) from exc
        before = snapshot(current, ["closure_date", "closure_reason", "step_down_to"])
        current.closure_date = closure_date
        current.closure_reason = closure_reason
        current.closure_note = note
        current.step_down_to = early_help
        current.closed_by = user
        current.full_clean()
        current.save()
        Auditor(user=user).changed(
            current,
            child_id=child.pk,
            changes=diff(
                before, snapshot(current, ["closure_date", "closure_reason", "step_down_to"])
            ),
            summary="Closed the CIN episode",
            reason=note,
        )
        label = lookups.description("closure_reason", closure_reason) or closure_reason
        chronology_record(
            child=child,
            occurred_on=closure_date,
            category=CHRONOLOGY_EPISODE,
            summary=f"CIN episode closed: {closure_reason} {label}",
            significant=True,
            source=current,
            user=user,
        )
    return current


# --- Assessments ---------------------------------------------------------------------------

ASSESSMENT_TEXT_FIELDS = (
    "child_views",
    "network_notes",
    "history",
    "analysis",
    "recommendation",
    "outcome",
)
ASSESSMENT_FIELDS = (
    "child_seen_on",
    "child_seen_alone_on",
    *ASSESSMENT_TEXT_FIELDS,
    "support_required",
)


class StaleAssessment(Exception):
    """The assessment changed since the user opened it; nothing was written."""

    def __init__(self, current: Assessment) -> None:
        super().__init__("The assessment was changed since it was opened")
        self.current = current


class AssessmentReadOnly(Exception):
    """Only draft or returned assessments can be edited."""


@dataclass(frozen=True)
class NetworkAnswer:
    """What the worker said about one family network member."""

    person_id: int
    relationship_kind: str
    considered: bool | None
    reason: str = ""


def managers_of(team: Team | None) -> set[int]:
    """The users who may authorise assessments written in `team`."""
    if team is None:
        return set()
    ids = {team.manager_id}
    service = team.service
    ids.add(service.manager_id if service is not None else None)
    return {i for i in ids if i is not None}


def can_authorise(user: User, assessment: Assessment) -> bool:
    """The team or service manager of the worker's team; never the assessment's own worker."""
    if not user.is_manager or user.pk == assessment.worker_id:
        return False
    return user.pk in managers_of(assessment.worker.team)


def _move(
    *, user: User, assessment: Assessment, previous: str, status: str, reason: str = ""
) -> AssessmentStatusChange:
    """Append a status row, refusing moves the TRANSITIONS table does not allow."""
    if status not in TRANSITIONS[previous]:
        raise ValidationError(
            f"An assessment that is {AssessmentStatus(previous).label.lower()} cannot be "
            f"moved to {AssessmentStatus(status).label.lower()}"
        )
    row = AssessmentStatusChange(
        assessment=assessment, status=status, reason=reason, created_by=user
    )
    row.full_clean()
    row.save()
    return row


def assessment_start(
    *,
    user: User,
    episode: CINEpisode,
    start_date: date,
    kind: str = AssessmentKind.CHILD_AND_FAMILY,
    worker: User | None = None,
) -> Assessment:
    """Start an assessment on an open episode. One open assessment per episode (8896), no
    overlap with earlier ones (8863Q), none on an NFA referral (8831), start on or after the
    referral date (1103)."""
    worker = worker or user
    with transaction.atomic():
        current = (
            CINEpisode.objects.select_for_update(of=("self",))
            .select_related("child")
            .get(pk=episode.pk)
        )
        child = current.child
        errors: dict[str, str] = {}
        if start_date > timezone.localdate():
            errors["start_date"] = "The start date must be today or in the past"
        if start_date < current.referral_date:
            errors["start_date"] = (
                "The start date must be the same as or after the referral date, "
                f"{format_date(current.referral_date)}"
            )
        if current.closure_date is not None:
            errors["__all__"] = "The CIN episode is closed: an assessment cannot be started on it"
        if current.referral_nfa:
            errors["__all__"] = (
                "The referral was marked no further action, so it cannot have an assessment"
            )
        if kind not in AssessmentKind.values:
            errors["kind"] = "Select the kind of assessment"
        others = list(current.assessments.all())
        open_ones = [a for a in others if a.authorised_on is None]
        if open_ones:
            errors["__all__"] = (
                "An assessment started on "
                f"{format_date(open_ones[0].start_date)} is still open on this episode. "
                "It must be authorised before another is started"
            )
        latest = max((a.authorised_on for a in others if a.authorised_on), default=None)
        if latest is not None and start_date < latest and "start_date" not in errors:
            errors["start_date"] = (
                f"The start date must be on or after {format_date(latest)}, when the previous "
                "assessment was authorised, so that assessments do not overlap"
            )
        if errors:
            raise ValidationError(errors)
        assessment = Assessment(
            episode=current,
            child=child,
            kind=kind,
            worker=worker,
            start_date=start_date,
            status=AssessmentStatus.DRAFT,
        )
        assessment.full_clean()
        assessment.save()
        _move(user=user, assessment=assessment, previous="", status=AssessmentStatus.DRAFT)
        Auditor(user=user).created(assessment, child_id=child.pk, summary="Started an assessment")
        chronology_record(
            child=child,
            occurred_on=start_date,
            category=CHRONOLOGY_ASSESSMENT,
            summary=f"{assessment.get_kind_display()} started by {worker}",
            source=assessment,
            user=user,
        )
    return assessment


def _clean_values(data: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in ASSESSMENT_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name in ASSESSMENT_TEXT_FIELDS:
            value = (value or "").strip() if name == "outcome" else (value or "")
        values[name] = value
    return values


def factor_errors(codes: list[str], on: date) -> list[str]:
    """The rules of the factors list: valid codes, no duplicates (8898), 21 alone (8869)."""
    messages = []
    if len(set(codes)) != len(codes):
        messages.append("Select each factor only once")
    unknown = [c for c in codes if _code_error("assessment_factor", c, on)]
    if unknown:
        messages.append(f"Select valid assessment factors ({', '.join(unknown)} is not one)")
    if NO_FACTORS in codes and len(codes) > 1:
        messages.append("Factor 21 (no factors identified) cannot be selected with other factors")
    return messages


def network_errors(answers: Iterable[NetworkAnswer], names: dict[int, str]) -> dict[str, str]:
    """Every member answered; extended family left out only with a reason."""
    errors = {}
    for answer in answers:
        name = names.get(answer.person_id, "this person")
        key = f"network_{answer.person_id}"
        if answer.considered is None:
            errors[key] = f"Select whether {name} was considered in the assessment"
        elif (
            answer.considered is False
            and answer.relationship_kind in EXTENDED_FAMILY_KINDS
            and not answer.reason.strip()
        ):
            errors[key] = f"Enter why {name} was not considered in the assessment"
    return errors


def submission_errors(
    assessment: Assessment, factors: list[str], answers: list[NetworkAnswer], names: dict[int, str]
) -> dict[str, str]:
    """What must be recorded before the assessment goes to a manager."""
    errors: dict[str, str] = {}
    if not assessment.child_seen_on:
        errors["child_seen_on"] = "Enter the date the child was seen"
    if not assessment.child_views.strip():
        errors["child_views"] = "Enter the child's views, in their own words"
    if not assessment.history.strip():
        errors["history"] = "Enter the history and significant events"
    if not assessment.analysis.strip():
        errors["analysis"] = "Enter the analysis of risk and need"
    if not assessment.recommendation.strip():
        errors["recommendation"] = "Enter the recommendation"
    if not assessment.outcome:
        errors["outcome"] = "Select the outcome of the assessment"
    if assessment.support_required is None:
        errors["support_required"] = "Select whether the child needs children's social care support"
    if not factors:
        errors["factors"] = (
            "Select the factors identified at the end of the assessment, or 21 if there are none"
        )
    errors.update(network_errors(answers, names))
    return errors


def _write(
    *,
    user: User,
    assessment: Assessment,
    data: dict[str, Any],
    version: int | None,
    factors: list[str] | None,
    network: list[NetworkAnswer] | None,
    summary: str,
) -> Assessment:
    if assessment.worker_id != user.pk:
        raise PermissionDenied("Only the assessment's worker may change it")
    current = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("episode")
        .get(pk=assessment.pk)
    )
    if current.status not in EDITABLE_STATUSES:
        raise AssessmentReadOnly("This assessment is with a manager or authorised")
    if version is None or current.version != version:
        raise StaleAssessment(current)
    values = _clean_values(data)
    errors: dict[str, list[str]] = {}
    if values.get("outcome") and _code_error(
        "assessment_outcome", values["outcome"], current.start_date
    ):
        errors["outcome"] = ["Select a valid outcome"]
    if factors is not None:
        messages = factor_errors(factors, current.start_date)
        if messages:
            errors["factors"] = messages
    if errors:
        raise ValidationError(errors)
    before = snapshot(current, list(ASSESSMENT_FIELDS))
    for name, value in values.items():
        setattr(current, name, value)
    current.full_clean()
    current.updated_at = timezone.now()
    # The version is checked again in the UPDATE, so racing saves cannot both win.
    written = Assessment.objects.filter(pk=current.pk, version=version).update(
        version=version + 1, updated_at=current.updated_at, **values
    )
    if not written:
        raise StaleAssessment(Assessment.objects.get(pk=current.pk))
    current.version = version + 1
    if factors is not None:
        current.factors.exclude(code__in=factors).delete()
        have = set(current.factors.values_list("code", flat=True))
        AssessmentFactor.objects.bulk_create(
            [AssessmentFactor(assessment=current, code=c) for c in factors if c not in have]
        )
    if network is not None:
        for answer in network:
            NetworkConsideration.objects.update_or_create(
                assessment=current,
                person_id=answer.person_id,
                defaults={
                    "relationship_kind": answer.relationship_kind,
                    "considered": answer.considered,
                    "reason": answer.reason.strip()[:500],
                },
            )
    changes = diff(before, snapshot(current, list(ASSESSMENT_FIELDS)))
    if factors is not None:
        changes["factors"] = [None, sorted(factors)]
    Auditor(user=user).changed(current, child_id=current.child_id, changes=changes, summary=summary)
    return current


def assessment_save_draft(
    *,
    user: User,
    assessment: Assessment,
    data: dict[str, Any],
    version: int | None,
    factors: list[str] | None = None,
    network: list[NetworkAnswer] | None = None,
) -> Assessment:
    """Save the worker's draft. `version` must be the version they opened: a stale save raises
    StaleAssessment and writes nothing."""
    with transaction.atomic():
        return _write(
            user=user,
            assessment=assessment,
            data=data,
            version=version,
            factors=factors,
            network=network,
            summary="Saved a draft assessment",
        )


def assessment_submit(
    *,
    user: User,
    assessment: Assessment,
    data: dict[str, Any],
    version: int | None,
    factors: list[str],
    network: list[NetworkAnswer],
    names: dict[int, str] | None = None,
) -> Assessment:
    """Save and send the assessment to the worker's manager. Nothing is saved when anything
    required is missing (the error names each missing item)."""
    with transaction.atomic():
        current = _write(
            user=user,
            assessment=assessment,
            data=data,
            version=version,
            factors=factors,
            network=network,
            summary="Saved the assessment for submission",
        )
        errors = submission_errors(current, factors, network, names or {})
        if errors:
            raise ValidationError(errors)
        _move(
            user=user,
            assessment=current,
            previous=current.status,
            status=AssessmentStatus.SUBMITTED,
        )
        today = timezone.localdate()
        Assessment.objects.filter(pk=current.pk).update(
            status=AssessmentStatus.SUBMITTED, submitted_on=today
        )
        current.status = AssessmentStatus.SUBMITTED
        current.submitted_on = today
        Auditor(user=user).changed(
            current,
            child_id=current.child_id,
            changes={"status": ["draft", "submitted"]},
            summary="Submitted the assessment for authorisation",
        )
    return current


def assessment_keep_after_expiry(
    *, user: User, assessment: Assessment, data: dict[str, Any], version: int | None
) -> bool:
    """Keep what the worker typed when their session expired before they saved. Saved in
    place when nothing changed meanwhile (returns True); otherwise kept beside the assessment
    for them to copy back (returns False). Nothing is lost and nothing is overwritten."""
    with transaction.atomic():
        try:
            _write(
                user=user,
                assessment=assessment,
                data=data,
                version=version,
                factors=None,
                network=None,
                summary="Kept a draft assessment after the session expired",
            )
            return True
        except (StaleAssessment, AssessmentReadOnly, PermissionDenied, ValidationError):
            pass
        text = {k: str(v) for k, v in data.items() if k in ASSESSMENT_TEXT_FIELDS and v}
        kept = KeptAssessmentText.objects.create(assessment=assessment, author=user, data=text)
        Auditor(user=user).created(
            kept,
            child_id=assessment.child_id,
            summary="Kept assessment text typed before the session expired",
        )
        return False


def assessment_authorise(*, user: User, assessment: Assessment, authorised_on: date) -> Assessment:
    """A manager of the worker's team authorises the assessment; the date completes it."""
    with transaction.atomic():
        current = (
            Assessment.objects.select_for_update(of=("self",))
            .select_related("worker__team__service", "child", "episode")
            .get(pk=assessment.pk)
        )
        if not can_authorise(user, current):
            raise PermissionDenied("Only a manager of the worker's team may authorise it")
        if current.status != AssessmentStatus.SUBMITTED:
            raise ValidationError("Only an assessment awaiting authorisation can be authorised")
        errors: dict[str, str] = {}
        if authorised_on > timezone.localdate():
            errors["authorised_on"] = "The authorisation date must be today or in the past"
        elif authorised_on < current.start_date:
            errors["authorised_on"] = (
                "The authorisation date must be on or after the start date, "
                f"{format_date(current.start_date)}"
            )
        if not current.factors.exists():
            errors["__all__"] = "The assessment has no factors recorded, so it cannot be authorised"
        if errors:
            raise ValidationError(errors)
        _move(
            user=user,
            assessment=current,
            previous=AssessmentStatus.SUBMITTED,
            status=AssessmentStatus.AUTHORISED,
        )
        current.status = AssessmentStatus.AUTHORISED
        current.authorised_on = authorised_on
        current.authorised_by = user
        current.full_clean()
        current.save(update_fields=["status", "authorised_on", "authorised_by", "updated_at"])
        Auditor(user=user).changed(
            current,
            child_id=current.child_id,
            changes={
                "status": ["submitted", "authorised"],
                "authorised_on": [None, str(authorised_on)],
            },
            summary="Authorised the assessment",
        )
        outcome = lookups.description("assessment_outcome", current.outcome) or current.outcome
        chronology_record(
            child=current.child,
            occurred_on=authorised_on,
            category=CHRONOLOGY_ASSESSMENT,
            summary=f"{current.get_kind_display()} authorised by {user}: {outcome}",
            significant=True,
            source=current,
            user=user,
        )
    return current


def assessment_return(*, user: User, assessment: Assessment, reason: str) -> Assessment:
    """A manager sends the assessment back to the worker with a reason."""
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the assessment is being returned"})
    with transaction.atomic():
        current = (
            Assessment.objects.select_for_update(of=("self",))
            .select_related("worker__team__service")
            .get(pk=assessment.pk)
        )
        if not can_authorise(user, current):
            raise PermissionDenied("Only a manager of the worker's team may return it")
        if current.status != AssessmentStatus.SUBMITTED:
            raise ValidationError("Only an assessment awaiting authorisation can be returned")
        _move(
            user=user,
            assessment=current,
            previous=AssessmentStatus.SUBMITTED,
            status=AssessmentStatus.RETURNED,
            reason=reason.strip(),
        )
        current.status = AssessmentStatus.RETURNED
        current.submitted_on = None
        current.save(update_fields=["status", "submitted_on", "updated_at"])
        Auditor(user=user).changed(
            current,
            child_id=current.child_id,
            changes={"status": ["submitted", "returned"]},
            summary="Returned the assessment to the worker",
            reason=reason.strip(),
        )
    return current
