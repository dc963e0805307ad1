"""The portal in the demo borough: some children in care and care leavers with accounts,
things shared with them, views sent before meetings, messages (one overdue), 'I need help'
requests and Children in Care Council ideas with 'you said, we did'. Written through the
services. Demo sign-ins: `yp.incare` (a child in care) and `yp.leaver` (a care leaver), with
the demo password; the one-time code is printed on the server's console."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from hearth.accounts.models import Role, User
from hearth.care_leavers.models import AdviserAllocation
from hearth.casework.models import Allocation
from hearth.children_in_care.models import CouncilMeeting, PeriodOfCare, PlanAction
from hearth.portal import services
from hearth.portal.models import HelpRequest, Message, PortalAccount

DEMO_PASSWORD = "hearth-demo-2026"

WORDS = {
    "going_well": [
        "I like my school and my foster carer makes nice dinners",
        "I joined the football team",
        "I am getting on better with my carers",
    ],
    "worries": [
        "I do not see my brother enough",
        "I am worried about moving school",
        "I do not like it when plans change without anyone telling me",
    ],
    "would_like": [
        "I would like to see my mum every week",
        "I want to stay where I am",
        "I would like a phone of my own",
    ],
}
IDEAS = [
    (
        "idea",
        "Free bus passes for everyone in care",
        "Bus passes for everyone in care from September",
    ),
    (
        "problem",
        "Reviews are at school time so I miss lessons",
        "Reviews are now after school unless you ask",
    ),
    ("idea", "A youth club just for us", ""),
]


def _days_ago(when: date, days: int) -> Any:
    return timezone.now() - timedelta(days=days)


def portal_demo(
    *,
    today: date | None = None,
    seed: int = 2026,
    limit: int = 12,
    log: Callable[[str], None] | None = None,
) -> dict[str, int]:
    when = today or timezone.localdate()
    rng = random.Random(seed)
    counts = {"accounts": 0, "views": 0, "messages": 0, "help": 0, "ideas": 0, "resets": 0}
    in_care = list(
        PeriodOfCare.objects.open()
        .filter(
            child__date_of_birth__lte=when - timedelta(days=9 * 365),
            child__date_of_birth__gt=when - timedelta(days=17 * 365),
        )
        .exclude(child__portal_account__isnull=False)
        .select_related("child")
        .order_by("child_id")[: max(1, limit // 2)]
    )
    leavers = list(
        AdviserAllocation.objects.current(when)
        .filter(young_person__date_of_birth__lte=when - timedelta(days=18 * 365))
        .exclude(young_person__portal_account__isnull=False)
        .select_related("young_person", "adviser")
        .order_by("young_person_id")[: max(1, limit - len(in_care))]
    )
    manager = User.objects.filter(role=Role.TEAM_MANAGER, is_active=True).order_by("pk").first()
    quiet = {**settings.HEARTH, "PORTAL_SENDER": "hearth.portal.senders.MemorySender"}
    with override_settings(HEARTH=quiet), transaction.atomic():
        for index, period in enumerate(in_care):
            child = period.child
            allocation = (
                Allocation.objects.current(when).filter(child=child, worker__isnull=False).first()
            )
            if allocation is None or allocation.worker is None:
                continue
            worker = allocation.worker
            account = _account(
                worker, child, _name("yp.incare", f"yp.{child.la_child_id or child.pk}".lower())
            )
            if account is None:
                continue
            counts["accounts"] += 1
            for action in PlanAction.objects.filter(care_plan__child=child).order_by("due_on")[:3]:
                services.share_add(
                    user=worker, person=child, kind="plan_action", object_id=action.pk
                )
            if index % 2 == 0:
                services.meeting_views_submit(
                    account=account,
                    meeting="cla_review",
                    **{key: rng.choice(options) for key, options in WORDS.items()},
                )
                counts["views"] += 1
            if index % 4 == 1:  # forgot their password: the worker sent a fresh link
                services.password_reset_send(
                    user=worker, account=account, base_url="http://127.0.0.1:8000/"
                )
                counts["resets"] += 1
            if index % 3 == 0:
                message = services.message_send(
                    account=account, body="Can I have a sleepover at my friend's house?"
                )
                counts["messages"] += 1
                if index == 0:  # one left unanswered for three days: overdue
                    Message.objects.filter(pk=message.pk).update(created_at=_days_ago(when, 3))
                else:
                    services.message_reply(
                        user=worker, person=child, body="Yes, I will talk to your carer."
                    )
        for index, allocation in enumerate(leavers):
            person = allocation.young_person
            adviser = allocation.adviser
            if PortalAccount.objects.filter(person=person).exists():
                continue
            if not person.care_periods.exists():
                continue
            account = _account(
                adviser, person, _name("yp.leaver", f"yp.{person.la_child_id or person.pk}".lower())
            )
            if account is None:
                continue
            counts["accounts"] += 1
            for plan in person.pathway_plans.order_by("-plan_date")[:1]:
                services.share_add(
                    user=adviser, person=person, kind="pathway_plan", object_id=plan.pk
                )
            request = services.help_request_raise(
                account=account, what="I need help filling in a form for my rent"
            )
            counts["help"] += 1
            if index % 2 == 1:
                services.help_request_respond(
                    user=adviser,
                    request=request,
                    response="Called and helped with the form",
                    method="phone",
                )
            else:
                HelpRequest.objects.filter(pk=request.pk).update(created_at=_days_ago(when, 2))
        accounts = list(PortalAccount.objects.order_by("pk")[: len(IDEAS)])
        meeting = (
            CouncilMeeting.objects.filter(held_on__lte=min(when, timezone.localdate()))
            .order_by("-held_on")
            .first()
        )
        for account, (kind, text, response) in zip(accounts, IDEAS, strict=False):
            idea = services.idea_raise(account=account, kind=kind, text=text)
            counts["ideas"] += 1
            if response and manager is not None:
                services.idea_respond(user=manager, idea=idea, response=response)
                if meeting is not None:  # onto the council's latest meeting record
                    services.idea_add_to_council_meeting(user=manager, idea=idea, meeting=meeting)
    return counts


def _name(wanted: str, otherwise: str) -> str:
    """The documented demo sign-in the first time, a numbered one after."""
    return otherwise if User.objects.filter(username=wanted).exists() else wanted


def _account(inviter: User, person: Any, username: str) -> PortalAccount | None:
    try:
        invitation, _ = services.invitation_create(
            user=inviter,
            person=person,
            channel="email",
            send_to=f"{username}@young-people.example",
            base_url="http://127.0.0.1:8000/",
        )
    except ValidationError:  # too young, too old or not in care: no account
        return None
    return services.account_set_up(invitation=invitation, username=username, password=DEMO_PASSWORD)
