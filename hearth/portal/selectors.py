"""What the portal's pages read. A young person's reads start from their own account and go
through `Share` rows: nothing is read for them that staff have not shared."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Min, Q
from django.utils import timezone

from hearth.people.models import Person
from hearth.portal import settings as portal_settings
from hearth.portal.models import (
    CouncilIdea,
    HelpRequest,
    MeetingKind,
    Message,
    PortalAccount,
    Share,
    ShareKind,
)
from hearth.portal.services import age_on, shareable_object

ENTITLEMENT_HELP = {
    "setting_up_home": (
        "Setting-up-home allowance",
        "Money to buy things for your first home, like a bed, a cooker or pans.",
    ),
    "he_bursary": (
        "Higher education bursary",
        "Money to help you at university.",
    ),
    "council_tax": (
        "Council tax exemption",
        "You do not pay council tax on your home until you are 25.",
    ),
    "apprenticeship": (
        "Apprenticeship bursary",
        "A payment when you start an apprenticeship.",
    ),
}


@dataclass(frozen=True)
class Contact:
    role: str
    name: str
    email: str
    team: str


@dataclass
class PlanPage:
    actions: list[Any] = field(default_factory=list)
    next_meeting: date | None = None
    next_meeting_kind: str = ""
    contacts: list[Contact] = field(default_factory=list)
    addresses: list[Any] = field(default_factory=list)


def is_care_leaver(person: Person, today: date | None = None) -> bool:
    """A young person whose care has ended or who is 16 or over."""
    today = today or timezone.localdate()
    age = age_on(person.date_of_birth, today)
    open_period = person.care_periods.filter(end_date__isnull=True).exists()
    return (age is not None and age >= 16) or not open_period


def meeting_choices(person: Person) -> list[tuple[str, str]]:
    open_period = person.care_periods.filter(end_date__isnull=True).exists()
    choices = []
    if open_period:
        choices.append((MeetingKind.CLA_REVIEW.value, "My review (my children in care meeting)"))
    if person.pathway_plans.exists() or is_care_leaver(person):
        choices.append((MeetingKind.PATHWAY_REVIEW.value, "My pathway plan meeting"))
    if person.cp_plans.filter(end_date__isnull=True).exists():
        choices.append((MeetingKind.CONFERENCE.value, "My child protection conference"))
    return choices or [(MeetingKind.CLA_REVIEW.value, "My review (my children in care meeting)")]


def _shared(person: Person, *kinds: str) -> list[Any]:
    """The shared records of these kinds that still exist and are still the person's."""
    rows = []
    for share in (
        Share.objects.current().of_kind(*kinds).filter(person=person).order_by("created_at")
    ):
        obj = shareable_object(person, share.kind, share.object_id)
        if obj is not None:
            rows.append((share, obj))
    return rows


def next_review(person: Person) -> date | None:
    from hearth.children_in_care import rules
    from hearth.timescales.catalogue import rule

    period = person.care_periods.filter(end_date__isnull=True).order_by("-start_date").first()
    if period is None:
        return None
    held = list(period.reviews.order_by("held_on").values_list("held_on", flat=True))
    rule_id, start, _ = rules.review_due(period.start_date, held)
    return rule(rule_id).due_from(start)


def contacts_for(person: Person, today: date) -> list[Contact]:
    from hearth.care_leavers.models import AdviserAllocation

    found: list[Contact] = []
    allocation = (
        person.allocations.current(today)
        .select_related("worker", "team")
        .order_by("-start_date")
        .first()
    )
    if allocation and allocation.worker:
        found.append(
            Contact(
                "Your social worker",
                str(allocation.worker),
                allocation.worker.email,
                str(allocation.team),
            )
        )
    period = person.care_periods.filter(end_date__isnull=True).select_related("iro").first()
    if period and period.iro:
        found.append(
            Contact("Your IRO (runs your meetings)", str(period.iro), period.iro.email, "")
        )
    adviser = (
        AdviserAllocation.objects.current(today)
        .filter(young_person=person)
        .select_related("adviser", "adviser__team")
        .first()
    )
    if adviser:
        found.append(
            Contact(
                "Your personal adviser",
                str(adviser.adviser),
                adviser.adviser.email,
                str(adviser.adviser.team or ""),
            )
        )
    return found


def plan_page(account: PortalAccount, today: date) -> PlanPage:
    person = account.person
    page = PlanPage()
    page.actions = [obj for _, obj in _shared(person, ShareKind.PLAN_ACTION)]
    page.actions.sort(key=lambda a: (a.due_on, a.pk))
    page.next_meeting = next_review(person)
    page.next_meeting_kind = "Your next review" if page.next_meeting else ""
    if page.next_meeting is None:
        plan = person.pathway_plans.order_by("-plan_date").first()
        if plan is not None:
            from hearth.timescales.rules import add_months

            page.next_meeting = add_months(plan.plan_date, 6)
            page.next_meeting_kind = "Your next pathway plan review"
    page.contacts = contacts_for(person, today)
    page.addresses = [obj for _, obj in _shared(person, ShareKind.ADDRESS)]
    return page


def story_page(account: PortalAccount) -> dict[str, Any]:
    person = account.person
    return {
        "documents": _shared(person, ShareKind.DOCUMENT),
        "life_story": [obj for _, obj in _shared(person, ShareKind.LIFE_STORY)],
    }


def pathway_plans(account: PortalAccount) -> list[Any]:
    plans = [obj for _, obj in _shared(account.person, ShareKind.PATHWAY_PLAN)]
    from django.db.models import prefetch_related_objects

    prefetch_related_objects(plans, "sections__actions")
    return sorted(plans, key=lambda p: p.plan_date, reverse=True)


def health_history(account: PortalAccount) -> dict[str, Any]:
    person = account.person
    given = person.health_histories_given.order_by("given_on").first()
    return {"files": _shared(person, ShareKind.HEALTH_HISTORY), "given": given}


def entitlements(account: PortalAccount) -> dict[str, Any]:
    received = {
        row.kind: row for row in account.person.leaving_care_entitlements.order_by("given_on")
    }
    rows = [
        {"title": title, "text": text, "received": received.get(kind)}
        for kind, (title, text) in ENTITLEMENT_HELP.items()
    ]
    return {"rows": rows}


def thread(person: Person) -> list[Message]:
    return list(Message.objects.filter(person=person).select_related("author"))


def overdue_after() -> timedelta:
    return timedelta(hours=portal_settings.get("PORTAL_MESSAGE_OVERDUE_HOURS"))


def is_overdue(message: Message, now: Any | None = None) -> bool:
    """A young person's message no one has answered within the local limit."""
    now = now or timezone.now()
    return (
        message.from_young_person
        and message.answered_at is None
        and message.created_at + overdue_after() <= now
    )


def help_requests(person: Person) -> list[HelpRequest]:
    return list(HelpRequest.objects.filter(person=person).select_related("responded_by"))


def council(account: PortalAccount) -> dict[str, Any]:
    """Their own ideas, and every published response ('you said, we did') without names."""
    mine = list(CouncilIdea.objects.filter(person=account.person))
    published = list(
        CouncilIdea.objects.filter(responded_at__isnull=False)
        .only("kind", "text", "response", "responded_at")
        .order_by("-responded_at")[:20]
    )
    return {"mine": mine, "published": published}


# --- Staff -----------------------------------------------------------------------------------


def _my_young_people(user: Any, today: date) -> Any:
    """Children allocated to the user as social worker or personal adviser."""
    from hearth.care_leavers.models import AdviserAllocation
    from hearth.casework.models import Allocation

    worker = Allocation.objects.current(today).filter(worker=user).values("child_id")
    adviser = (
        AdviserAllocation.objects.current(today).filter(adviser=user).values("young_person_id")
    )
    return Q(person_id__in=worker) | Q(person_id__in=adviser)


def worktray_items(user: Any) -> dict[str, Any]:
    """New and overdue messages and help requests from the user's young people (two queries)."""
    if not user.is_authenticated or user.role == "young_person":
        return {"rows": []}
    today = timezone.localdate()
    mine = _my_young_people(user, today)
    waiting = (
        Message.objects.filter(mine, from_young_person=True, answered_at__isnull=True)
        .values("person_id", "person__first_name", "person__last_name")
        .annotate(count=Count("id"), oldest=Min("created_at"))
        .order_by("oldest")
    )
    help_waiting = (
        HelpRequest.objects.filter(mine, responded_at__isnull=True)
        .values("person_id", "person__first_name", "person__last_name")
        .annotate(count=Count("id"), oldest=Min("created_at"))
        .order_by("oldest")
    )
    now = timezone.now()
    help_limit = timedelta(hours=portal_settings.get("PORTAL_HELP_OVERDUE_HOURS"))
    rows = [
        {
            "person_id": r["person_id"],
            "name": f"{r['person__first_name']} {r['person__last_name']}",
            "what": f"{r['count']} new message{'s' if r['count'] > 1 else ''}",
            "since": r["oldest"],
            "overdue": r["oldest"] + overdue_after() <= now,
        }
        for r in waiting
    ] + [
        {
            "person_id": r["person_id"],
            "name": f"{r['person__first_name']} {r['person__last_name']}",
            "what": f"{r['count']} 'I need help' request{'s' if r['count'] > 1 else ''}",
            "since": r["oldest"],
            "overdue": r["oldest"] + help_limit <= now,
        }
        for r in help_waiting
    ]
    rows.sort(key=lambda r: r["since"])
    return {"rows": rows}


@dataclass
class StaffPage:
    account: PortalAccount | None
    invitation: Any
    shares: list[tuple[Share, Any]]
    shareable: list[tuple[str, str]]
    views: list[Any]
    messages: list[Message]
    help_requests: list[HelpRequest]
    can_invite: bool
    age: int | None


def _label(kind: str, obj: Any) -> str:
    if kind == ShareKind.PLAN_ACTION:
        return f"Care plan action: {obj.what} (by {obj.due_on:%d/%m/%Y})"
    if kind == ShareKind.PATHWAY_PLAN:
        return f"Pathway plan of {obj.plan_date:%d/%m/%Y}"
    if kind == ShareKind.DOCUMENT:
        return f"Document: {obj.title}"
    if kind == ShareKind.HEALTH_HISTORY:
        return f"Health history: {obj.title}"
    if kind == ShareKind.LIFE_STORY:
        return f"Life-story work ({obj.get_status_display().lower()}, {obj.updated_on:%d/%m/%Y})"
    if kind == ShareKind.ADDRESS:
        return f"Address: {obj.line_1}, {obj.postcode}"
    return str(obj)


def label(share: Share, obj: Any) -> str:
    return _label(share.kind, obj)


def staff_page(person: Person, today: date) -> StaffPage:
    from hearth.children_in_care.models import PlanAction
    from hearth.portal.models import Invitation, MeetingViews

    account = PortalAccount.objects.filter(person=person).select_related("user").first()
    invitation = Invitation.objects.filter(person=person, used_at=None, withdrawn_at=None).first()
    shares = _shared(person, *ShareKind.values)
    current = {(s.kind, s.object_id) for s, _ in shares}
    candidates: list[tuple[str, Any]] = []
    candidates += [
        (ShareKind.PLAN_ACTION, a)
        for a in PlanAction.objects.filter(care_plan__child=person).order_by("due_on")
    ]
    candidates += [(ShareKind.PATHWAY_PLAN, p) for p in person.pathway_plans.all()]
    for document in person.documents.all():
        candidates.append((ShareKind.DOCUMENT, document))
        candidates.append((ShareKind.HEALTH_HISTORY, document))
    candidates += [(ShareKind.LIFE_STORY, w) for w in person.life_story_work.all()]
    candidates += [(ShareKind.ADDRESS, a) for a in person.addresses.all()]
    shareable = [
        (f"{kind}:{obj.pk}", _label(kind, obj))
        for kind, obj in candidates
        if (kind, obj.pk) not in current
    ]
    age = age_on(person.date_of_birth, today)
    return StaffPage(
        account=account,
        invitation=invitation,
        shares=shares,
        shareable=shareable,
        views=list(
            MeetingViews.objects.filter(person=person).select_related("review", "pathway_plan")
        ),
        messages=thread(person),
        help_requests=help_requests(person),
        can_invite=account is None and person.care_periods.exists(),
        age=age,
    )


def ideas_for_staff() -> list[CouncilIdea]:
    return list(CouncilIdea.objects.order_by("responded_at", "-created_at")[:200])
