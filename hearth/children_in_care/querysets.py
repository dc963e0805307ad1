"""Named reads for children in care. Pages read these through a child already scoped with
`child_for`, or through `visible_to(user)`, which keeps the need-to-know rule of people."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Prefetch

if TYPE_CHECKING:
    from hearth.accounts.models import User


def _visible_children(user: User) -> Any:
    from hearth.people.models import Person

    return Person.objects.children().visible_to(user).values("pk")


def _listed(rows: Any, user: User) -> Any:
    """For the service lists: rows whose child is in the user's circle, restricted records
    they are not named on included and annotated `child_masked` (shown as "Restricted
    record", so counts stay true; opening one is still "not found")."""
    from django.db.models import BooleanField, Case, Value, When

    from hearth.people.models import Person
    from hearth.people.querysets import PersonQuerySet

    return rows.filter(child__in=Person.objects.children().listed_for(user).values("pk")).annotate(
        child_masked=Case(
            When(PersonQuerySet.unrestricted_q(user, "child"), then=Value(False)),
            default=Value(True),
            output_field=BooleanField(),
        )
    )


class PeriodQuerySet(models.QuerySet):
    def open(self) -> PeriodQuerySet:
        return self.filter(end_date__isnull=True)

    def visible_to(self, user: User) -> PeriodQuerySet:
        return self.filter(child__in=_visible_children(user))

    def listed_for(self, user: User) -> PeriodQuerySet:
        """Periods for the service lists, restricted children masked (`_listed`)."""
        return _listed(self, user)

    def for_page(self) -> PeriodQuerySet:
        """Everything a child's care section shows, in a fixed number of queries."""
        from hearth.children_in_care.models import (
            CarePlan,
            Episode,
            IROChallenge,
            LongTermMatch,
            PermanencePlan,
            PlacementPlan,
            Review,
            SiblingAssessment,
        )

        return self.select_related("decision_by", "assessment", "iro").prefetch_related(
            Prefetch("episodes", queryset=Episode.objects.select_related("provider", "match")),
            Prefetch("care_plans", queryset=CarePlan.objects.prefetch_related("actions")),
            Prefetch(
                "episodes__placement_plans",
                queryset=PlacementPlan.objects.prefetch_related("actions"),
            ),
            Prefetch(
                "reviews",
                queryset=Review.objects.select_related("iro", "permanence_plan").prefetch_related(
                    "decisions"
                ),
            ),
            Prefetch("permanence_plans", queryset=PermanencePlan.objects.all()),
            Prefetch(
                "challenges",
                queryset=IROChallenge.objects.select_related("iro").prefetch_related("steps"),
            ),
            "iro_contacts",
            Prefetch(
                "sibling_assessments",
                queryset=SiblingAssessment.objects.select_related("sibling"),
            ),
            "life_story",
            Prefetch(
                "long_term_matches", queryset=LongTermMatch.objects.select_related("provider")
            ),
        )


class EpisodeQuerySet(models.QuerySet):
    def open(self) -> EpisodeQuerySet:
        return self.filter(dec__isnull=True)

    def in_collection_year(self, start: Any, end: Any) -> EpisodeQuerySet:
        """Episodes open at any time between `start` and `end` (inclusive)."""
        return self.filter(decom__lte=end).filter(
            models.Q(dec__isnull=True) | models.Q(dec__gte=start)
        )


class ReviewQuerySet(models.QuerySet):
    def held_between(self, start: Any, end: Any) -> ReviewQuerySet:
        return self.filter(held_on__gte=start, held_on__lte=end)


class ChallengeQuerySet(models.QuerySet):
    def open(self) -> ChallengeQuerySet:
        return self.filter(resolved_on__isnull=True)

    def visible_to(self, user: User) -> ChallengeQuerySet:
        return self.filter(child__in=_visible_children(user))

    def listed_for(self, user: User) -> ChallengeQuerySet:
        """Challenges for the service lists, restricted children masked (`_listed`)."""
        return _listed(self, user)

    def for_report(self) -> ChallengeQuerySet:
        return self.select_related("child", "iro").prefetch_related("steps")
