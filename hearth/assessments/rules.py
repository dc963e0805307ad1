"""Assessment due items: the providers the timescale engine calls (registered in apps.py).

- `assessment_45wd` (catalogue): an open, non-NFA CIN episode needs its child and family
  assessment completed and authorised within 45 working days of the referral (Working
  Together). Before an assessment is started the item is "start" and falls to whoever holds
  the case; once started it is the worker's. A later assessment in the same episode, or a
  continuous assessment of a child already open, is timed from its own start date.
- `assessment_authorisation` (local, declared here until the timescales catalogue adopts it):
  a submitted assessment is authorised or returned by the worker's manager within 5 working
  days (settings.HEARTH["ASSESSMENT_AUTHORISATION_WORKING_DAYS"]).

Each provider makes a fixed number of queries whatever the number of children.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.db.models import Q
from django.urls import reverse

from hearth.assessments.models import Assessment, AssessmentKind, AssessmentStatus, CINEpisode
from hearth.timescales.catalogue import LOCAL_PRACTICE
from hearth.timescales.engine import DueItem
from hearth.timescales.rules import Offset, Rule

ASSESSMENT_DUE = "assessment_45wd"

AUTHORISATION_RULE = Rule(
    id="assessment_authorisation",
    title="Authorise a submitted assessment",
    description=(
        "The worker's team or service manager authorises the assessment, or returns it with "
        "reasons, promptly after it is submitted."
    ),
    source=LOCAL_PRACTICE,
    basis="local policy",
    clock_starts="Assessment submitted for authorisation",
    offset=Offset(5, "working_days"),
    satisfied_by="Assessment authorised or returned to the worker",
    setting="ASSESSMENT_AUTHORISATION_WORKING_DAYS",
)


def assessment_clock(assessment: Assessment, episode: CINEpisode, first: bool) -> tuple[date, str]:
    """When an assessment's 45 working days start, and what started them."""
    if assessment.kind == AssessmentKind.CONTINUOUS:
        return assessment.start_date, "the start of the continuous assessment"
    if first:
        return episode.referral_date, "the referral"
    return assessment.start_date, "the start of the assessment"


def assessments_due(child_ids: Sequence[int], today: date) -> Iterable[DueItem]:
    """Assessments to start or to complete and authorise. Two queries."""
    episodes = list(
        CINEpisode.objects.open()
        .filter(child_id__in=child_ids, referral_nfa=False)
        .only("id", "child_id", "referral_date")
    )
    if not episodes:
        return []
    by_episode: dict[int, list[Assessment]] = defaultdict(list)
    for assessment in (
        Assessment.objects.filter(episode__in=[e.pk for e in episodes])
        .only("id", "episode_id", "child_id", "kind", "worker_id", "start_date", "authorised_on")
        .order_by("start_date", "id")
    ):
        by_episode[assessment.episode_id].append(assessment)
    items: list[DueItem] = []
    for episode in episodes:
        found = by_episode.get(episode.pk, [])
        if not found:
            items.append(
                DueItem.create(
                    ASSESSMENT_DUE,
                    child_id=episode.child_id,
                    subject="Start the child and family assessment",
                    clock_start=episode.referral_date,
                    clock_event="the referral",
                    url=reverse("assessments:child", args=[episode.child_id]),
                )
            )
            continue
        for index, assessment in enumerate(found):
            if assessment.authorised_on is not None:
                continue
            start, event = assessment_clock(assessment, episode, index == 0)
            items.append(
                DueItem.create(
                    ASSESSMENT_DUE,
                    child_id=episode.child_id,
                    subject=f"Complete the {assessment.get_kind_display().lower()}",
                    clock_start=start,
                    clock_event=event,
                    url=reverse("assessments:edit", args=[episode.child_id, assessment.pk]),
                    assignee_id=assessment.worker_id,
                )
            )
    return items


def authorisations_due(child_ids: Sequence[int], today: date) -> Iterable[DueItem]:
    """Submitted assessments waiting for the worker's manager. One query."""
    waiting = Assessment.objects.filter(
        child_id__in=child_ids, status=AssessmentStatus.SUBMITTED
    ).select_related("worker__team")
    items = []
    for assessment in waiting:
        team = assessment.worker.team
        items.append(
            DueItem(
                rule=AUTHORISATION_RULE,
                child_id=assessment.child_id,
                subject=f"Authorise the {assessment.get_kind_display().lower()}",
                clock_start=assessment.submitted_on or today,
                clock_event="submission for authorisation",
                due=AUTHORISATION_RULE.due_from(assessment.submitted_on or today),
                url=reverse("assessments:decide", args=[assessment.child_id, assessment.pk]),
                assignee_id=team.manager_id if team is not None else None,
            )
        )
    return items


def assigned_children(user: Any, today: date) -> Iterable[int]:
    """Children with an assessment assigned to this user on My work even when the child is
    not on their caseload: their own assessments in progress, and submitted assessments
    waiting for them as the worker's team manager. One query."""
    return (
        Assessment.objects.filter(
            Q(worker_id=user.pk, authorised_on__isnull=True)
            | Q(status=AssessmentStatus.SUBMITTED, worker__team__manager_id=user.pk)
        )
        .values_list("child_id", flat=True)
        .distinct()
    )


def register() -> None:
    from hearth.core.worktray import register_assigned_children
    from hearth.timescales.engine import register_provider

    register_provider("assessments.assessments", assessments_due)
    register_provider("assessments.authorisations", authorisations_due)
    register_assigned_children("assessments.assessments", assigned_children)
