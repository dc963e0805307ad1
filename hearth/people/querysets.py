"""Named reads of people. Every read of a child's record goes through `visible_to`."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils import timezone

if TYPE_CHECKING:
    from hearth.accounts.models import User


class PersonQuerySet(models.QuerySet):
    def children(self) -> PersonQuerySet:
        return self.filter(is_child=True)

    def adults(self) -> PersonQuerySet:
        return self.filter(is_child=False)

    def search(self, query: str) -> PersonQuerySet:
        """Find by name, LA child ID, NHS number, UPN or date of birth (dd/mm/yyyy)."""
        from datetime import datetime

        query = query.strip()
        for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d %m %Y"):
            try:
                return self.filter(date_of_birth=datetime.strptime(query, fmt).date())
            except ValueError:
                pass
        compact = query.replace(" ", "")
        by_id = Q(la_child_id__iexact=query) | Q(nhs_number=compact) | Q(upn__iexact=compact)
        terms = query.split()
        by_name = Q()
        for term in terms:
            by_name &= (
                Q(first_name__istartswith=term)
                | Q(last_name__istartswith=term)
                | Q(known_as__istartswith=term)
            )
        return self.filter(by_id | by_name)

    @staticmethod
    def _allocated_child_ids(user: User) -> models.QuerySet:
        """Ids of the children currently allocated to the user or to a team they are in or
        manage (a subquery that the allocation indexes answer)."""
        from hearth.casework.models import Allocation

        team_ids = set(user.managed_team_ids())
        if user.team_id:
            team_ids.add(user.team_id)
        current = Allocation.objects.current(timezone.localdate())
        return current.filter(Q(worker=user) | Q(team_id__in=team_ids)).values("child_id")

    def visible_to(self, user: User) -> PersonQuerySet:
        """Need-to-know: children allocated to the user or to a team they are in or manage,
        or every child for a borough-wide role. Restricted records only for named users;
        sealed records (and any other registered exclusion) only for the roles allowed.
        Adults are visible when linked by a family relationship to a child the user may see.
        Every rule is a `pk IN (subquery)`, so the result needs no join and no DISTINCT."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self._reachable(user).filter(self._unrestricted_for(user))

    def listed_for(self, user: User) -> PersonQuerySet:
        """The children in the user's circle *including* restricted records they are not named
        on, each annotated `masked` (True for those): lists and search show a masked row
        ("Restricted record") so that nobody creates a duplicate or loses count, without the
        name. A masked child still answers "not found" when opened (`visible_to`)."""
        from django.db.models import BooleanField, Case, Value, When

        if not user.is_authenticated or not user.is_active:
            return self.none().annotate(masked=Value(False))
        return self._reachable(user).annotate(
            masked=Case(
                When(self._unrestricted_for(user), then=Value(False)),
                default=Value(True),
                output_field=BooleanField(),
            )
        )

    @staticmethod
    def _unrestricted_for(user: User) -> Q:
        return PersonQuerySet.unrestricted_q(user)

    @staticmethod
    def unrestricted_q(user: User, person_field: str = "") -> Q:
        """The restricted-record rule, written once: a Q that keeps people who are not
        restricted or on whose named-user list the user is. With `person_field` (e.g.
        "child", "person", "young_person") it applies to rows with that foreign key; without,
        to Person rows themselves. The named list is a `IN (subquery)`, so no join and no
        DISTINCT. Lists that must keep count use `listed_for` (a masked row) instead."""
        from hearth.people.models import Person

        named = Person.restricted_to.through.objects.filter(user_id=user.pk).values("person_id")
        if not person_field:
            return Q(restricted=False) | Q(pk__in=named)
        return Q(**{f"{person_field}__restricted": False}) | Q(**{f"{person_field}_id__in": named})

    def _reachable(self, user: User) -> PersonQuerySet:
        """The user's circle before the restricted-record rule (exclusions applied)."""
        from hearth.people.circles import circle_sources
        from hearth.people.models import EmergencyAccess, Person, Relationship

        rows = self._without_exclusions(user)
        if user.is_borough_wide:
            return rows
        allocated = self._allocated_child_ids(user)
        # Break-glass grants open a child for a limited time (never a restricted one).
        emergency = EmergencyAccess.objects.active().filter(user=user).values("child_id")
        in_circle = Q(pk__in=allocated) | Q(pk__in=emergency)
        for source in circle_sources():
            in_circle |= Q(pk__in=source(user, timezone.localdate()))
        visible_children = (
            Person.objects.filter(in_circle, is_child=True)
            .filter(self._unrestricted_for(user))
            ._without_exclusions(user)
        )
        linked_adults = Relationship.objects.filter(child__in=visible_children.values("pk")).values(
            "relative_id"
        )
        child_ok = Q(is_child=True) & in_circle
        adult_ok = Q(is_child=False) & Q(pk__in=linked_adults)
        return rows.filter(child_ok | adult_ok)

    @staticmethod
    def not_excluded_q(user: User, child_field: str = "child") -> Q:
        """For worktrays that scope by allocation instead of `visible_to`: a Q on rows with a
        `<child_field>` that leaves out the children an exclusion hides from this user."""
        from hearth.people.circles import exclusion_sources

        allowed = Q()
        for source in exclusion_sources():
            hidden = source(user)
            if hidden is not None:
                allowed &= ~Q(**{f"{child_field}_id__in": hidden})
        return allowed

    def _without_exclusions(self, user: User) -> PersonQuerySet:
        """Drop the records an exclusion source hides from this user (sealed adoption
        records for everyone outside the named roles): one `NOT IN` subquery each."""
        from hearth.people.circles import exclusion_sources

        rows = self
        for source in exclusion_sources():
            hidden = source(user)
            if hidden is not None:
                rows = rows.exclude(pk__in=hidden)
        return rows


class RelationshipQuerySet(models.QuerySet):
    def current(self, on: date | None = None) -> RelationshipQuerySet:
        on = on or timezone.localdate()
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gt=on))


class AddressQuerySet(models.QuerySet):
    def current(self, on: date | None = None) -> AddressQuerySet:
        on = on or timezone.localdate()
        return self.filter(start_date__lte=on).filter(Q(end_date__isnull=True) | Q(end_date__gt=on))


class EmergencyAccessQuerySet(models.QuerySet):
    def active(self, now: datetime | None = None) -> EmergencyAccessQuerySet:
        """Grants still open: not ended and not expired."""
        return self.filter(ended_at__isnull=True, expires_at__gt=now or timezone.now())

    def for_report(self, user: User) -> EmergencyAccessQuerySet:
        """Every grant for the data protection officer and senior leaders; for a team or
        service manager, the grants on children allocated to the teams they manage."""
        from hearth.accounts.models import Role
        from hearth.casework.models import Allocation

        rows = self.select_related("user", "child").prefetch_related("notified")
        if user.role in {Role.DATA_PROTECTION_OFFICER, Role.SENIOR_LEADER, Role.ADMINISTRATOR}:
            return rows
        team_ids = list(user.managed_team_ids())
        if not team_ids:
            return rows.none()
        current = Allocation.objects.current(timezone.localdate())
        children = current.filter(team_id__in=team_ids).values("child_id")
        return rows.filter(child_id__in=children)
