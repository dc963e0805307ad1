"""Named reads of child protection records. Each aggregate's select/prefetch lives in one
method (`for_page`, `for_list`) so pages make a fixed number of queries."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Max, OuterRef, Prefetch, Q, Subquery

if TYPE_CHECKING:
    from hearth.accounts.models import User


def _visible(qs: Any, user: User) -> Any:
    from hearth.people.models import Person

    return qs.filter(child__in=Person.objects.children().visible_to(user).values("pk"))


class StrategyDiscussionQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> StrategyDiscussionQuerySet:
        return _visible(self, user)

    def only_police_and_social_care(self) -> StrategyDiscussionQuerySet:
        """Discussions no one from health, education or another agency took part in."""
        return self.exclude(participants__agency__in=["health", "education", "other"])

    def for_page(self) -> StrategyDiscussionQuerySet:
        return self.select_related(
            "child", "episode", "recorded_by", "follow_up_of"
        ).prefetch_related("participants")


class Section47QuerySet(models.QuerySet):
    def visible_to(self, user: User) -> Section47QuerySet:
        return _visible(self, user)

    def open(self) -> Section47QuerySet:
        return self.filter(status="open")

    def awaiting_icpc(self) -> Section47QuerySet:
        """Enquiries with no conference yet and no decision that none is needed."""
        return self.filter(initial_conference__isnull=True).exclude(icpc_required=False)

    def without_icpc_decision(self) -> Section47QuerySet:
        """Open enquiries with no decision yet on whether a conference is needed."""
        return self.open().filter(icpc_required__isnull=True)

    def in_period(self, start: date, end: date) -> Section47QuerySet:
        """Enquiries that started in the period or were still running at its start."""
        return self.filter(start_date__lte=end).filter(
            Q(start_date__gte=start)
            | Q(status="open")
            | Q(outcome_date__gte=start)
            | Q(initial_conference__held_on__gte=start)
        )

    def for_page(self) -> Section47QuerySet:
        return self.select_related(
            "child", "episode", "strategy_discussion", "initial_conference"
        ).prefetch_related("police_actions", "history", "follow_up_discussions")


class ConferenceQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> ConferenceQuerySet:
        return _visible(self, user)

    def initial(self) -> ConferenceQuerySet:
        return self.filter(kind__in=["initial", "transfer_in"])

    def reviews(self) -> ConferenceQuerySet:
        return self.filter(kind="review")

    def for_page(self) -> ConferenceQuerySet:
        return self.select_related("child", "chair", "enquiry", "plan").prefetch_related(
            "attendees"
        )


def _latest(model: str, field: str, **filters: Any) -> Subquery:
    from django.apps import apps

    related = apps.get_model("child_protection", model)
    return Subquery(
        related.objects.filter(plan=OuterRef("pk"), **filters)
        .order_by()
        .values("plan")
        .annotate(last=Max(field))
        .values("last")[:1]
    )


class CPPlanQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> CPPlanQuerySet:
        return _visible(self, user)

    def open(self) -> CPPlanQuerySet:
        return self.filter(end_date__isnull=True)

    def open_on(self, on: date) -> CPPlanQuerySet:
        return self.filter(start_date__lte=on).filter(Q(end_date__isnull=True) | Q(end_date__gt=on))

    def with_last_meetings(self) -> CPPlanQuerySet:
        """Annotate the last core group and the last review conference (one query)."""
        return self.annotate(
            last_core_group=_latest("CoreGroupMeeting", "held_on"),
            last_review=_latest("Conference", "held_on", kind="review"),
        )

    def for_page(self) -> CPPlanQuerySet:
        from hearth.child_protection.models import CoreGroupMeeting, PlanAction

        return self.select_related(
            "child", "episode", "initial_conference", "initial_conference__chair"
        ).prefetch_related(
            Prefetch("actions", queryset=PlanAction.objects.order_by("due_date", "id")),
            "core_group",
            Prefetch(
                "core_groups",
                queryset=CoreGroupMeeting.objects.prefetch_related("attended").order_by(
                    "-held_on", "-id"
                ),
            ),
            Prefetch("reviews", queryset=_conference_model().objects.select_related("chair")),
            "history",
        )

    def child_section(self, today: date | None = None, *, empty: Collection[str] = ()) -> Any:
        """What the child page's child protection section shows (used by
        child_protection/_child_section.html, called on `child.cp_plans`). `empty` names the
        tables ("child_protection.CPPlan.child") the caller knows hold no row for the child."""
        from hearth.child_protection.presenters import child_section

        return child_section(self, today, empty=empty)


def _conference_model() -> Any:
    from django.apps import apps

    return apps.get_model("child_protection", "Conference")


class CINPlanQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> CINPlanQuerySet:
        return _visible(self, user)

    def open(self) -> CINPlanQuerySet:
        return self.filter(end_date__isnull=True)

    def with_last_review(self) -> CINPlanQuerySet:
        return self.annotate(last_review=_latest("CINReview", "held_on"))

    def for_page(self) -> CINPlanQuerySet:
        from hearth.child_protection.models import PlanAction

        return self.select_related("child", "episode").prefetch_related(
            Prefetch("actions", queryset=PlanAction.objects.order_by("due_date", "id")),
            "reviews",
            "history",
        )


class PlanActionQuerySet(models.QuerySet):
    def outstanding(self) -> PlanActionQuerySet:
        return self.exclude(status__in=["done", "dropped"])

    def on_open_plans(self) -> PlanActionQuerySet:
        return self.filter(
            Q(cp_plan__isnull=False, cp_plan__end_date__isnull=True)
            | Q(cin_plan__isnull=False, cin_plan__end_date__isnull=True)
        )


class PreProceedingsQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> PreProceedingsQuerySet:
        return _visible(self, user)

    def open(self) -> PreProceedingsQuerySet:
        return self.filter(status="open")

    def for_page(self) -> PreProceedingsQuerySet:
        return self.select_related("child", "episode").prefetch_related("meetings", "history")
