"""Named reads of contacts, checks and referrals, each scoped by `visible_to`."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Case, Count, Exists, OuterRef, Prefetch, Q, When
from django.utils import timezone

from hearth.accounts.models import Role, ServiceKind

if TYPE_CHECKING:
    from hearth.accounts.models import User

# Roles that work the MASH queue whatever their team (need-to-know: the front door screens
# children not yet known to anyone).
QUEUE_ROLES = frozenset(
    {Role.MASH_PRACTITIONER, Role.SENIOR_LEADER, Role.QA_OFFICER, Role.PERFORMANCE_ANALYST}
)


def sees_queue(user: User) -> bool:
    """MASH practitioners, managers of the MASH service, senior leaders, QA and performance."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.role in QUEUE_ROLES:
        return True
    if user.role in (Role.TEAM_MANAGER, Role.SERVICE_MANAGER):
        from hearth.accounts.models import Team

        in_mash = user.team is not None and user.team.service.kind == ServiceKind.MASH
        return (
            in_mash
            or Team.objects.filter(
                Q(manager=user) | Q(service__manager=user), service__kind=ServiceKind.MASH
            ).exists()
        )
    return False


def may_decide(user: User) -> bool:
    """Who may record consent, checks and decisions: queue workers other than read-only roles."""
    return sees_queue(user) and user.role not in (Role.QA_OFFICER, Role.PERFORMANCE_ANALYST)


def may_authorise(user: User) -> bool:
    return sees_queue(user) and user.role in (Role.TEAM_MANAGER, Role.SERVICE_MANAGER)


class ContactQuerySet(models.QuerySet):
    def open(self) -> ContactQuerySet:
        from hearth.front_door.rules import OPEN_STATUSES

        return self.filter(status__in=sorted(OPEN_STATUSES))

    def about(self, person_id: int) -> ContactQuerySet:
        return self.filter(people__person_id=person_id)

    def received_between(self, start: date, end: date) -> ContactQuerySet:
        return self.filter(received_at__date__gte=start, received_at__date__lte=end)

    def visible_to(self, user: User) -> ContactQuerySet:
        """Queue roles see every contact; partner referrers only what they submitted; anyone
        else only contacts about children they may see. For everyone, a contact naming a
        child hidden from the user (a sealed pre-adoption record outside the sealed-record
        roles, through the people exclusion registry, or a restricted record they are not
        named on) is left out whole: listing it would show who the contact was about."""
        from hearth.front_door.models import ContactPerson
        from hearth.people.models import Person

        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.role == Role.PARTNER_REFERRER:
            # They wrote it, so a restricted child's name tells them nothing new; a seal
            # still applies to them as to everyone outside the sealed-record roles.
            return self.filter(submitted_by=user)._without_hidden(user, restricted=False)
        if sees_queue(user):
            rows = self.all()
        else:
            visible = Person.objects.children().visible_to(user).values("pk")
            about_visible = ContactPerson.objects.filter(contact=OuterRef("pk"), person__in=visible)
            rows = self.filter(Exists(about_visible))
        return rows._without_hidden(user)

    def _without_hidden(self, user: User, *, restricted: bool = True) -> ContactQuerySet:
        """Leave out contacts linked to a person hidden from the user: one a registered
        exclusion hides (a sealed record) or, with `restricted`, a restricted record the user
        is not named on. One NOT EXISTS subquery."""
        from hearth.front_door.models import ContactPerson
        from hearth.people.querysets import PersonQuerySet

        hidden = Q()
        if restricted:
            hidden |= ~PersonQuerySet.unrestricted_q(user, "person")
        allowed = PersonQuerySet.not_excluded_q(user, "person")
        if allowed:
            hidden |= ~allowed
        if not hidden:
            return self
        return self.exclude(Exists(ContactPerson.objects.filter(hidden, contact=OuterRef("pk"))))

    def for_queue(self) -> ContactQuerySet:
        """Everything the MASH queue shows, in a fixed number of queries."""
        from hearth.front_door.models import ContactPerson, MashCheck

        return (
            self.open()
            .select_related("worker")
            .prefetch_related(
                Prefetch(
                    "people",
                    queryset=ContactPerson.objects.filter(is_subject_child=True).select_related(
                        "person"
                    ),
                    to_attr="subject_children",
                ),
                Prefetch(
                    "merged_contacts",
                    queryset=self.model.objects.only("id", "route", "merged_into_id"),
                    to_attr="merged_list",
                ),
                Prefetch(
                    "checks",
                    queryset=MashCheck.objects.filter(responded_at__isnull=True).only(
                        "id", "contact_id", "due_at"
                    ),
                    to_attr="open_checks",
                ),
            )
        )

    def route_summary(self) -> list[tuple[str, int]]:
        """(route, count) over the open contacts and every contact merged into one, in two
        queries that each use the status index (one OR across the merged-into join made
        SQLite scan every contact ever received). Call it on a visible_to() queryset."""
        from collections import Counter

        from hearth.front_door.rules import OPEN_STATUSES, ContactStatus

        open_statuses = sorted(OPEN_STATUSES)
        counts: Counter[str] = Counter()
        for counted in (
            self.filter(status__in=open_statuses),
            self.filter(status=ContactStatus.MERGED, merged_into__status__in=open_statuses),
        ):
            counts.update(dict(counted.values_list("route").annotate(n=Count("id")).order_by()))
        return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))

    def sorted_by(self, key: str) -> ContactQuerySet:
        if key == "rag":
            rank = Case(When(rag="red", then=0), When(rag="amber", then=1), default=2)
            return self.annotate(rag_rank=rank).order_by("rag_rank", "received_at", "id")
        if key == "newest":
            return self.order_by("-received_at", "-id")
        return self.order_by("received_at", "id")

    def for_detail(self) -> ContactQuerySet:
        from hearth.front_door.models import ContactPerson, ThresholdDecision

        return self.select_related(
            "worker",
            "created_by",
            "submitted_by",
            "consent_recorded_by",
            "merged_into",
            "possible_duplicate_of",
        ).prefetch_related(
            Prefetch("people", queryset=ContactPerson.objects.select_related("person")),
            "checks__requested_by",
            Prefetch(
                "decisions",
                queryset=ThresholdDecision.objects.select_related("decided_by", "authorised_by"),
            ),
            "merged_contacts",
            "status_history__created_by",
        )


class MashCheckQuerySet(models.QuerySet):
    def outstanding(self) -> MashCheckQuerySet:
        return self.filter(responded_at__isnull=True)

    def overdue(self, now: object = None) -> MashCheckQuerySet:
        return self.outstanding().filter(due_at__lt=now or timezone.now())


class ReferralQuerySet(models.QuerySet):
    def for_child(self, child_id: int) -> ReferralQuerySet:
        return self.filter(child_id=child_id)

    def within_months_before(self, on: date, months: int) -> ReferralQuerySet:
        from hearth.front_door.services import months_before

        return self.filter(referral_date__gte=months_before(on, months), referral_date__lt=on)


class ContactPersonQuerySet(models.QuerySet):
    def child_section(self, user: User) -> Any:
        """What the child's page front door section shows (front_door/_child_section.html,
        called on `child.front_door_contacts` of a child the page has scoped with `child_for`):
        the contacts about the child, newest first, with their decisions and referrals. Every
        one is about a child the user may see (this one), so of `Contact.visible_to` only the
        hidden-person rule is left to apply: a contact that also names a sealed or restricted
        child hidden from the user stays out. Three queries whatever the record's size."""
        from hearth.front_door.models import Contact, Referral, ThresholdDecision
        from hearth.front_door.presenters import child_section

        if not user.is_authenticated or not user.is_active:
            return child_section([])
        # Asked of each of this child's contacts (EXISTS on the contact's own id): as
        # `contact__in=shown`, SQLite checked every contact in the borough (180 ms at 50,000
        # children) before keeping this child's few.
        shown = Contact.objects.filter(pk=OuterRef("contact_id"))._without_hidden(user)
        links = list(
            self.filter(Exists(shown), is_subject_child=True)
            .select_related("contact", "contact__worker", "contact__merged_into")
            .prefetch_related(
                Prefetch(
                    "contact__decisions",
                    queryset=ThresholdDecision.objects.select_related(
                        "decided_by", "authorised_by"
                    ),
                ),
                Prefetch(
                    "contact__referrals",
                    queryset=Referral.objects.select_related("cin_episode"),
                ),
            )
            .order_by("-contact__received_at", "-contact_id")
        )
        return child_section(links)
