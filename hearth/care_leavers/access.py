"""Who may see a care leaver's record (need-to-know, ARCHITECTURE principle 6).

Everyone who may see the child under `Person.objects.visible_to` (their social worker, team,
managers, borough-wide roles), plus:
- the young person's current personal adviser (the adviser is often allocated while the young
  person is still in care and the social worker still holds the case);
- staff of the leaving care service (members and managers of its teams, and its service
  manager), for young people aged 15 to 25 who have been looked after: the service owes them
  duties (transition list, eligibility, keeping in touch) before any adviser is allocated.
Restricted records stay visible only to their named users. Everything else is "not found",
and the attempt is audited.
"""

from __future__ import annotations

from datetime import date

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from hearth.accounts.models import ServiceKind, User
from hearth.core.audit import Auditor
from hearth.people.models import Person
from hearth.people.querysets import PersonQuerySet


def _years_before(on: date, years: int) -> date:
    try:
        return on.replace(year=on.year - years)
    except ValueError:  # 29 February
        return on.replace(year=on.year - years, day=28)


def is_leaving_care_staff(user: User) -> bool:
    """A member or manager of a leaving care team, or the leaving care service's manager."""
    if not user.is_authenticated:
        return False
    team = user.team
    if team is not None and team.service.kind == ServiceKind.LEAVING_CARE:
        return True
    if user.managed_teams.filter(service__kind=ServiceKind.LEAVING_CARE).exists():
        return True
    return user.managed_services.filter(kind=ServiceKind.LEAVING_CARE).exists()


def _routes(user: User, circle: QuerySet, today: date) -> Q:
    """The three routes to a young person: the user's circle (`circle`, the ids `visible_to`
    or `listed_for` gives), their advisees, and for leaving care staff anyone looked after
    aged 15 to 25. The two leaving care routes apply the exclusion registry themselves, so a
    sealed pre-adoption record stays sealed here too."""
    from hearth.care_leavers.models import AdviserAllocation
    from hearth.children_in_care.models import Episode

    allowed = Q(pk__in=circle)
    advised = AdviserAllocation.objects.current().filter(adviser=user)
    allowed |= Q(
        pk__in=advised.filter(PersonQuerySet.not_excluded_q(user, "young_person")).values(
            "young_person_id"
        )
    )
    if is_leaving_care_staff(user):
        looked_after = Episode.objects.filter(PersonQuerySet.not_excluded_q(user, "child"))
        allowed |= Q(
            pk__in=looked_after.values("child_id"),
            date_of_birth__gt=_years_before(today, 26),
            date_of_birth__lte=_years_before(today, 15),
        )
    return allowed


def young_people_visible_to(user: User, *, today: date | None = None) -> QuerySet[Person]:
    """Children and young people the user may see for leaving care work."""
    if not user.is_authenticated or not user.is_active:
        return Person.objects.none()
    today = today or timezone.localdate()
    people = Person.objects.children()
    if user.is_borough_wide:
        return people.visible_to(user)
    circle = people.visible_to(user).values("pk")
    return people.filter(_routes(user, circle, today)).filter(PersonQuerySet.unrestricted_q(user))


def young_people_listed_for(user: User, *, today: date | None = None) -> QuerySet[Person]:
    """For the service lists: the people `young_people_visible_to` gives, plus restricted
    records in the user's circle they are not named on, each annotated `masked` (True for
    those). A masked row keeps the service's counts true without showing who it is; opening
    it is still "not found" (`young_person_for`). Sealed records stay off entirely."""
    masked = Case(
        When(PersonQuerySet.unrestricted_q(user), then=Value(False)),
        default=Value(True),
        output_field=BooleanField(),
    )
    if not user.is_authenticated or not user.is_active:
        return Person.objects.none().annotate(masked=masked)
    today = today or timezone.localdate()
    people = Person.objects.children()
    if user.is_borough_wide:
        return people.listed_for(user)
    circle = people.listed_for(user).values("pk")
    return people.filter(_routes(user, circle, today)).annotate(masked=masked)


def young_person_for(
    user: User, person_id: int, *, audit_view: bool = True, summary: str = ""
) -> Person:
    """The young person if the user has reason to see them; 404 (audited) otherwise."""
    person = young_people_visible_to(user).filter(pk=person_id).first()
    auditor = Auditor(user=user)
    if person is None:
        auditor.denied(object_type="people.person", object_id=person_id, summary=summary)
        raise Http404("No young person found")
    if audit_view:
        auditor.viewed(
            person, child_id=person.pk, summary=summary or "Viewed the leaving care record"
        )
    return person
