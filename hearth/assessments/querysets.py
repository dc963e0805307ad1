"""Named reads of CIN episodes and assessments."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Prefetch, Q

if TYPE_CHECKING:
    from hearth.accounts.models import User


class CINEpisodeQuerySet(models.QuerySet):
    def open(self) -> CINEpisodeQuerySet:
        return self.filter(closure_date__isnull=True)

    def in_collection_year(self, year: int) -> CINEpisodeQuerySet:
        """Episodes open at any point from 1 April `year` to 31 March `year`+1 (census 2.1)."""
        start, end = date(year, 4, 1), date(year + 1, 3, 31)
        return self.filter(referral_date__lte=end).filter(
            Q(closure_date__isnull=True) | Q(closure_date__gte=start)
        )

    def with_assessments(self) -> CINEpisodeQuerySet:
        """The one place episode pages gather their assessments (fixed query count)."""
        from hearth.assessments.models import Assessment

        return self.select_related("step_down_to").prefetch_related(
            Prefetch(
                "assessments",
                queryset=Assessment.objects.select_related("worker").order_by("start_date", "id"),
            )
        )

    def child_section(self, user: User | None = None, today: date | None = None) -> Any:
        """What the child page's CIN section shows (used by assessments/_child_section.html,
        called on `child.cin_episodes`). Two queries."""
        from hearth.assessments.presenters import child_section

        return child_section(
            list(self.with_assessments().order_by("-referral_date", "-id")), user, today
        )


class AssessmentQuerySet(models.QuerySet):
    def open(self) -> AssessmentQuerySet:
        return self.filter(authorised_on__isnull=True)

    def authorised(self) -> AssessmentQuerySet:
        return self.filter(authorised_on__isnull=False)

    def awaiting_authorisation(self) -> AssessmentQuerySet:
        return self.filter(status="submitted")

    def for_teams(self, team_ids: list[int]) -> AssessmentQuerySet:
        return self.filter(worker__team_id__in=team_ids)

    def for_list(self) -> AssessmentQuerySet:
        return self.select_related("child", "episode", "worker", "worker__team")
