"""Named reads of early help services and episodes."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from hearth.accounts.models import User


class EarlyHelpServiceQuerySet(models.QuerySet):
    def for_age(self, age: int, *, disabled: bool = False) -> EarlyHelpServiceQuerySet:
        ceiling = Q(max_age__gte=age)
        if disabled:
            ceiling |= Q(max_age_disabled__gte=age)
        return self.filter(active=True, min_age__lte=age).filter(ceiling)


class EarlyHelpEpisodeQuerySet(models.QuerySet):
    def open_on(self, on: date) -> EarlyHelpEpisodeQuerySet:
        return self.filter(start_date__lte=on).filter(Q(end_date__isnull=True) | Q(end_date__gt=on))

    def current(self) -> EarlyHelpEpisodeQuerySet:
        return self.filter(end_date__isnull=True)

    def visible_to(self, user: User) -> EarlyHelpEpisodeQuerySet:
        """Episodes of children the user may see, plus those they lead (early help staff and
        borough-wide roles see every episode). Whatever the route, a restricted child's
        episode only for the users named on the record, and a child hidden by a registered
        exclusion (a sealed pre-adoption record) only for the roles allowed."""
        from hearth.accounts.models import Role, ServiceKind
        from hearth.people.models import Person
        from hearth.people.querysets import PersonQuerySet

        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.role == Role.PARTNER_REFERRER:
            return self.none()
        in_early_help = (
            user.team_id is not None and user.team.service.kind == ServiceKind.EARLY_HELP
        )
        hidden_ok = PersonQuerySet.not_excluded_q(user, "child") & PersonQuerySet.unrestricted_q(
            user, "child"
        )
        if user.is_borough_wide or in_early_help:
            return self.filter(hidden_ok)
        visible = Person.objects.children().visible_to(user).values("pk")
        return self.filter(Q(child__in=visible) | (Q(lead_practitioner=user) & hidden_ok))

    def for_list(self) -> EarlyHelpEpisodeQuerySet:
        return self.select_related("child", "service", "lead_practitioner")
