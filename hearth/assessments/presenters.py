"""Display of CIN episodes and assessments: labels, timescales and what the user may do."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from hearth.assessments.models import Assessment, AssessmentStatus, CINEpisode
from hearth.assessments.rules import ASSESSMENT_DUE, assessment_clock
from hearth.core.presenters import format_date
from hearth.reference import lookups
from hearth.timescales.calendar import working_days_between
from hearth.timescales.catalogue import rule

if TYPE_CHECKING:
    from hearth.accounts.models import User


def code_label(list_name: str, code: str) -> str:
    """'N1: Abuse or neglect', or '' for no code."""
    if not code:
        return ""
    try:
        text = lookups.description(list_name, code)
    except lookups.UnknownList:
        text = ""
    return f"{code}: {text}" if text else code


def yes_no(value: bool | None) -> str:
    return {True: "Yes", False: "No", None: "Not recorded"}[value]


@dataclass
class AssessmentRow:
    assessment: Assessment
    due: date
    clock_explanation: str
    today: date

    @property
    def status_label(self) -> str:
        return self.assessment.get_status_display()

    @property
    def is_overdue(self) -> bool:
        """Not authorised by the due date (or authorised after it)."""
        finished = self.assessment.authorised_on
        return (finished or self.today) > self.due

    @property
    def working_days_from_referral(self) -> int:
        end = self.assessment.authorised_on or self.today
        return working_days_between(self.assessment.episode.referral_date, end)

    @property
    def working_days_start_to_authorisation(self) -> int | None:
        """What the DfE measures: start to authorisation; None while open."""
        if self.assessment.authorised_on is None:
            return None
        return working_days_between(self.assessment.start_date, self.assessment.authorised_on)

    @property
    def timescale_text(self) -> str:
        a = self.assessment
        if a.authorised_on is not None:
            late = " (late)" if self.is_overdue else " (in time)"
            return (
                f"Authorised {format_date(a.authorised_on)}{late}: "
                f"{self.working_days_from_referral} working days from the referral, "
                f"{self.working_days_start_to_authorisation} from start to authorisation"
            )
        if self.is_overdue:
            return (
                f"Overdue: due {format_date(self.due)}, {self.working_days_from_referral} "
                "working days since the referral"
            )
        return f"Due {format_date(self.due)}"


def assessment_row(
    assessment: Assessment, episode: CINEpisode, first: bool, today: date
) -> AssessmentRow:
    start, event = assessment_clock(assessment, episode, first)
    timescale = rule(ASSESSMENT_DUE)
    due = timescale.due_from(start)
    explanation = (
        f"{timescale.current_offset().describe()} after {event} on {format_date(start)} "
        f"({timescale.title}: {timescale.describe_basis()})"
    )
    return AssessmentRow(assessment=assessment, due=due, clock_explanation=explanation, today=today)


@dataclass
class EpisodeRow:
    episode: CINEpisode
    assessments: list[AssessmentRow] = field(default_factory=list)

    @property
    def referral_source(self) -> str:
        return code_label("referral_source", self.episode.referral_source)

    @property
    def primary_need(self) -> str:
        return code_label("primary_need", self.episode.primary_need) or "Not recorded"

    @property
    def closure_reason(self) -> str:
        return code_label("closure_reason", self.episode.closure_reason)

    @property
    def status(self) -> str:
        if self.episode.closure_date:
            return f"Closed {format_date(self.episode.closure_date)}"
        return "Open (no further action)" if self.episode.referral_nfa else "Open"

    @property
    def open_assessment(self) -> Assessment | None:
        return next(
            (r.assessment for r in self.assessments if r.assessment.authorised_on is None), None
        )

    @property
    def can_start_assessment(self) -> bool:
        e = self.episode
        return e.closure_date is None and not e.referral_nfa and self.open_assessment is None

    @property
    def can_close(self) -> bool:
        return self.episode.closure_date is None


def episode_row(episode: CINEpisode, today: date) -> EpisodeRow:
    """Needs the episode's assessments prefetched (CINEpisodeQuerySet.with_assessments)."""
    assessments = sorted(episode.assessments.all(), key=lambda a: (a.start_date, a.pk))
    for a in assessments:
        a.episode = episode  # already loaded; avoids a query per row
    return EpisodeRow(
        episode=episode,
        assessments=[assessment_row(a, episode, i == 0, today) for i, a in enumerate(assessments)],
    )


@dataclass
class ChildSection:
    episodes: list[EpisodeRow]
    user: Any

    @property
    def current(self) -> EpisodeRow | None:
        return next((e for e in self.episodes if e.episode.closure_date is None), None)

    @property
    def can_open(self) -> bool:
        return not any(
            e.episode.closure_date is None and not e.episode.referral_nfa for e in self.episodes
        )


def child_section(
    episodes: list[CINEpisode], user: User | None, today: date | None
) -> ChildSection:
    today = today or timezone.localdate()
    return ChildSection(episodes=[episode_row(e, today) for e in episodes], user=user)


STATUS_TAGS: dict[str, str] = {
    AssessmentStatus.DRAFT: "govuk-tag--grey",
    AssessmentStatus.SUBMITTED: "govuk-tag--blue",
    AssessmentStatus.RETURNED: "govuk-tag--orange",
    AssessmentStatus.AUTHORISED: "govuk-tag--green",
}


def status_tag(assessment: Assessment) -> dict[str, str]:
    return {
        "text": assessment.get_status_display(),
        "classes": STATUS_TAGS.get(assessment.status, ""),
    }
