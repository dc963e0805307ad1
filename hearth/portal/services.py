"""Every change the portal makes, one function each, in a transaction, audited.

Young people act as their own `User` (role young_person); staff act as themselves. The caller
has scoped the child (staff through `child_for`, young people through their own account)."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import date, timedelta
from typing import IO, Any

from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from hearth.accounts.models import Role, User
from hearth.casework.services import chronology_record
from hearth.core.audit import Auditor, diff, snapshot
from hearth.people.models import Person
from hearth.portal import settings as portal_settings
from hearth.portal.models import (
    AccountStatus,
    Channel,
    CouncilIdea,
    HelpRequest,
    IdeaKind,
    Invitation,
    MeetingKind,
    MeetingViews,
    Message,
    OneTimeCode,
    PasswordReset,
    PortalAccount,
    Share,
    ShareKind,
)
from hearth.portal.senders import sender

CHRONOLOGY = "Young people's portal"
Errors = dict[str, list[str]]


def _raise(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def age_on(born: date | None, on: date) -> int | None:
    if born is None:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _link_works(link: Invitation | PasswordReset) -> bool:
    """A single-use link still works: not used, not withdrawn, not expired."""
    return not (link.used_at or link.withdrawn_at or link.expires_at <= timezone.now())


def _link_for_token(links: QuerySet[Any], token: str) -> Any:
    """The link among `links` with this token, if it still works; otherwise None."""
    found = links.filter(token_hash=_hash(token)).first()
    return found if found is not None and _link_works(found) else None


def _link_create(
    model: type[Invitation] | type[PasswordReset],
    *,
    owner: dict[str, Any],
    lasts: timedelta,
    **fields: Any,
) -> tuple[Any, str]:
    """A new single-use link for `owner` (a person or an account), of which only the hash is
    kept, and its token; the owner's earlier unused links stop working. In a transaction."""
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    model.objects.filter(**owner, used_at=None, withdrawn_at=None).update(withdrawn_at=now)
    link = model(**owner, **fields, token_hash=_hash(token), expires_at=now + lasts)
    link.full_clean()
    link.save()
    return link, token


def _valid_send_to(channel: str, send_to: str) -> Errors:
    send_to = send_to.strip()
    if channel not in Channel.values:
        return {"channel": ["Select how the young person will get their codes"]}
    if channel == Channel.EMAIL and ("@" not in send_to or " " in send_to):
        return {"send_to": ["Enter an email address in the correct format, like name@example.com"]}
    digits = send_to.replace(" ", "").removeprefix("+44")
    if channel == Channel.TEXT and not (digits.isdigit() and 10 <= len(digits) <= 11):
        return {"send_to": ["Enter a UK mobile number, like 07700 900 982"]}
    return {}


# --- Invitations and accounts ----------------------------------------------------------------


def invitation_create(
    *, user: User, person: Person, channel: str, send_to: str, base_url: str
) -> tuple[Invitation, str]:
    """Invite a child in care or care leaver. Earlier unused invitations are withdrawn; the
    link is sent by the configured sender and returned once (only its hash is kept)."""
    today = timezone.localdate()
    errors = _valid_send_to(channel, send_to)
    age = age_on(person.date_of_birth, today)
    minimum = portal_settings.get("PORTAL_MIN_AGE")
    if age is None or age < minimum:
        errors["person"] = [f"Young people can be invited from the age of {minimum}"]
    elif age >= portal_settings.get("PORTAL_CLOSE_AGE"):
        errors["person"] = ["Portal accounts close at 25: this young person is too old"]
    if not person.care_periods.exists():
        errors.setdefault("person", ["Only children in care and care leavers can be invited"])
    if PortalAccount.objects.filter(person=person).exists():
        errors.setdefault(
            "person",
            ["This young person already has an account: send a password reset link instead"],
        )
    _raise(errors)
    with transaction.atomic():
        invitation, token = _link_create(
            Invitation,
            owner={"person": person},
            lasts=timedelta(days=portal_settings.get("PORTAL_INVITATION_DAYS")),
            channel=channel,
            send_to=send_to.strip(),
            invited_by=user,
        )
        Auditor(user=user).created(
            invitation, child_id=person.pk, summary="Invited to the young people's portal"
        )
        chronology_record(
            child=person,
            occurred_on=today,
            category=CHRONOLOGY,
            summary=f"Invited to the young people's portal by {user}",
            source=invitation,
            user=user,
        )
    link = f"{base_url.rstrip('/')}/portal/welcome/start/{token}/"
    sender().send(
        channel=channel,
        to=invitation.send_to,
        subject="Your invitation to Hearth",
        body=f"{user} has invited you to set up your account. Open this link: {link}",
    )
    return invitation, token


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation if the link is still good: not used, not withdrawn, not expired."""
    return _link_for_token(Invitation.objects.select_related("person"), token)


def account_set_up(*, invitation: Invitation, username: str, password: str) -> PortalAccount:
    """The young person sets up their account from the invitation, which can't be used again.
    They sign in with the password and a one-time code sent to them."""
    username = username.strip().lower()
    errors: Errors = {}
    if len(username) < 3 or not username.replace(".", "").replace("-", "").isalnum():
        errors["username"] = ["Choose a username of 3 or more letters or numbers"]
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = ["That username is taken: choose another"]
    person = invitation.person
    candidate = User(username=username, first_name=person.first_name, last_name=person.last_name)
    try:
        validate_password(password, candidate)
    except ValidationError as error:
        errors["password"] = list(error.messages)
    _raise(errors)
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not _link_works(locked):
            raise ValidationError({"__all__": ["This link has already been used or has run out"]})
        user = User(
            username=username,
            first_name=person.known_as or person.first_name,
            last_name=person.last_name,
            role=Role.YOUNG_PERSON,
            is_staff=False,
            email=locked.send_to if locked.channel == Channel.EMAIL else "",
        )
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save()
        account = PortalAccount(
            person=person, user=user, channel=locked.channel, send_to=locked.send_to
        )
        account.full_clean()
        account.save()
        locked.used_at = timezone.now()
        locked.save(update_fields=["used_at", "updated_at"])
        Auditor(user=user).created(
            account, child_id=person.pk, summary="Set up their portal account"
        )
        chronology_record(
            child=person,
            occurred_on=timezone.localdate(),
            category=CHRONOLOGY,
            summary="Set up their account on the young people's portal",
            source=account,
            user=user,
        )
    return account


# --- Password reset ----------------------------------------------------------------------------


def password_reset_send(*, user: User, account: PortalAccount, base_url: str) -> str:
    """A single-use link to choose a new password, sent to the account's own email or phone
    (never to an address typed in by whoever asks). `user` is the worker who asked, or the
    young person themselves. Earlier links stop working; the token is returned once."""
    if account.status != AccountStatus.ACTIVE:
        _raise({"__all__": ["Only an active account can have its password reset"]})
    with transaction.atomic():
        reset, token = _link_create(
            PasswordReset,
            owner={"account": account},
            lasts=timedelta(hours=portal_settings.get("PORTAL_RESET_HOURS")),
            requested_by=user,
        )
        by_themselves = user.pk == account.user_id
        Auditor(user=user).created(
            reset,
            child_id=account.person_id,
            summary="Asked for a portal password reset link"
            if by_themselves
            else "Sent the young person a portal password reset link",
        )
    link = f"{base_url.rstrip('/')}/portal/welcome/new-password/{token}/"
    sender().send(
        channel=account.channel,
        to=account.send_to,
        subject="Choose a new Hearth password",
        body=f"Open this link to choose a new password: {link} It works once, for "
        f"{portal_settings.get('PORTAL_RESET_HOURS')} hours. If you did not ask for this, "
        "tell your worker or personal adviser.",
    )
    return token


def password_reset_request(*, username: str, base_url: str) -> None:
    """The young person forgot their password: a link goes to their own email or phone if the
    username is an active portal account. Says nothing either way (no guessing usernames)."""
    account = (
        PortalAccount.objects.select_related("user", "person")
        .filter(user__username__iexact=username.strip(), status=AccountStatus.ACTIVE)
        .first()
    )
    if account is None or account_problem(account):
        return
    password_reset_send(user=account.user, account=account, base_url=base_url)


def password_reset_for_token(token: str) -> PasswordReset | None:
    """The reset if the link is still good: not used, not withdrawn, not expired."""
    return _link_for_token(
        PasswordReset.objects.select_related("account__user", "account__person"), token
    )


def password_reset_complete(*, reset: PasswordReset, password: str) -> PortalAccount:
    """The young person chooses a new password; the link can't be used again. They still
    sign in with a one-time code."""
    account = reset.account
    try:
        validate_password(password, account.user)
    except ValidationError as error:
        _raise({"password": list(error.messages)})
    with transaction.atomic():
        locked = PasswordReset.objects.select_for_update().get(pk=reset.pk)
        if not _link_works(locked):
            raise ValidationError({"__all__": ["This link has already been used or has run out"]})
        if account_problem(account):
            raise ValidationError({"__all__": ["Your account is not active"]})
        account.user.set_password(password)
        account.user.save(update_fields=["password"])
        locked.used_at = timezone.now()
        locked.save(update_fields=["used_at", "updated_at"])
        Auditor(user=account.user).changed(
            account.user,
            child_id=account.person_id,
            changes={"password": ["(hidden)", "(changed)"]},
            summary="Chose a new portal password from a reset link",
        )
    return account


def code_send(*, account: PortalAccount) -> None:
    """A fresh one-time code (earlier ones stop working), sent by the configured sender."""
    code = f"{secrets.randbelow(1_000_000):06d}"
    with transaction.atomic():
        OneTimeCode.objects.filter(user=account.user, used_at=None).update(
            expires_at=timezone.now()
        )
        OneTimeCode.objects.create(
            user=account.user,
            code_hash=make_password(code),
            expires_at=timezone.now()
            + timedelta(minutes=portal_settings.get("PORTAL_CODE_MINUTES")),
        )
    sender().send(
        channel=account.channel,
        to=account.send_to,
        subject="Your Hearth code",
        body=f"Your code is {code}. It works for "
        f"{portal_settings.get('PORTAL_CODE_MINUTES')} minutes. Do not share it.",
    )


def code_check(*, account: PortalAccount, code: str) -> bool:
    """True once for a right code in time; too many wrong tries use the code up."""
    code = code.strip().replace(" ", "")
    with transaction.atomic():
        current = (
            OneTimeCode.objects.select_for_update()
            .filter(user=account.user, used_at=None, expires_at__gt=timezone.now())
            .first()
        )
        if current is None:
            return False
        if current.attempts >= portal_settings.get("PORTAL_CODE_ATTEMPTS"):
            return False
        if not check_password(code, current.code_hash):
            current.attempts += 1
            current.save(update_fields=["attempts", "updated_at"])
            return False
        current.used_at = timezone.now()
        current.save(update_fields=["used_at", "updated_at"])
    return True


def account_problem(account: PortalAccount | None, today: date | None = None) -> str:
    """Why the account cannot be used now, or "" if it can. Accounts close at 25."""
    if account is None:
        return "There is no account for you."
    today = today or timezone.localdate()
    if account.status == AccountStatus.SUSPENDED:
        return "Your account is paused. Talk to your worker or personal adviser."
    if account.status == AccountStatus.CLOSED:
        return "Your account is closed."
    age = age_on(account.person.date_of_birth, today)
    if age is not None and age >= portal_settings.get("PORTAL_CLOSE_AGE"):
        return "Your account closed when you turned 25."
    if _service_ended(account.person, today):
        return "Your account closed when your support from the leaving care service ended."
    return ""


def _service_ended(person: Person, today: date) -> bool:
    from hearth.care_leavers.models import ServiceEnd

    return ServiceEnd.objects.filter(young_person=person, ended_on__lte=today).exists()


def _set_status(*, user: User | None, account: PortalAccount, status: str, reason: str) -> None:
    before = snapshot(account)
    account.status = status
    account.status_reason = reason.strip()
    account.status_changed_at = timezone.now()
    account.status_changed_by = user
    account.full_clean()
    account.save()
    changes = diff(before, snapshot(account))
    if user is not None:
        Auditor(user=user).changed(account, child_id=account.person_id, changes=changes)
    else:
        Auditor(system_job="portal close accounts").changed(
            account, child_id=account.person_id, changes=changes
        )


def account_suspend(*, user: User, account: PortalAccount, reason: str) -> PortalAccount:
    """Suspend at once: the young person's next request signs them out."""
    _raise({} if reason.strip() else {"reason": ["Enter why the account is being suspended"]})
    if account.status != AccountStatus.ACTIVE:
        _raise({"reason": ["Only an active account can be suspended"]})
    with transaction.atomic():
        _set_status(user=user, account=account, status=AccountStatus.SUSPENDED, reason=reason)
        chronology_record(
            child=account.person,
            occurred_on=timezone.localdate(),
            category=CHRONOLOGY,
            summary="Portal account suspended",
            source=account,
            user=user,
        )
    return account


def account_reinstate(*, user: User, account: PortalAccount) -> PortalAccount:
    if account.status != AccountStatus.SUSPENDED:
        _raise({"__all__": ["Only a suspended account can be reinstated"]})
    with transaction.atomic():
        _set_status(user=user, account=account, status=AccountStatus.ACTIVE, reason="")
    return account


def accounts_close_due(*, today: date | None = None) -> int:
    """Close every account whose young person is 25 or whose leaving care support ended.
    Run daily (`hearth portal_close_accounts`); sign-in refuses them meanwhile anyway."""
    today = today or timezone.localdate()
    closed = 0
    active = PortalAccount.objects.select_related("person").filter(status=AccountStatus.ACTIVE)
    for account in active:
        problem = account_problem(account, today)
        if problem:
            with transaction.atomic():
                _set_status(user=None, account=account, status=AccountStatus.CLOSED, reason=problem)
            closed += 1
    return closed


def signed_in(*, account: PortalAccount) -> None:
    from hearth.core.models import AuditAction

    Auditor(user=account.user).record(
        AuditAction.LOGIN,
        obj=account.user,
        child_id=account.person_id,
        summary="Signed in to the young people's portal (password and code)",
    )


def viewed(*, account: PortalAccount, page: str, obj: Any = None) -> None:
    """Every page a young person opens is audited like staff access."""
    Auditor(user=account.user).viewed(
        obj or account, child_id=account.person_id, summary=f"Portal: {page}"
    )


# --- Sharing ---------------------------------------------------------------------------------


def shareable_object(person: Person, kind: str, object_id: int) -> Any:
    """The record a share points at, read through the person so nothing of anyone else's
    can ever be shared; None if it is not theirs."""
    if kind == ShareKind.PLAN_ACTION:
        from hearth.children_in_care.models import PlanAction

        return (
            PlanAction.objects.filter(pk=object_id, care_plan__child=person)
            .select_related("care_plan")
            .first()
        )
    if kind == ShareKind.PATHWAY_PLAN:
        return person.pathway_plans.filter(pk=object_id).first()
    if kind in (ShareKind.DOCUMENT, ShareKind.HEALTH_HISTORY):
        return person.documents.filter(pk=object_id).first()
    if kind == ShareKind.LIFE_STORY:
        return person.life_story_work.filter(pk=object_id).first()
    if kind == ShareKind.ADDRESS:
        return person.addresses.filter(pk=object_id).first()
    return None


def share_add(
    *, user: User, person: Person, kind: str, object_id: int, address_is_safe: bool = False
) -> Share:
    """Show one record to the young person. An address is shared only when staff confirm it
    is safe for the young person to see (a carer's or placement address never by default)."""
    errors: Errors = {}
    if kind not in ShareKind.values:
        errors["kind"] = ["Select what to share"]
    elif shareable_object(person, kind, object_id) is None:
        errors["object_id"] = ["Select something from this young person's record"]
    if kind == ShareKind.ADDRESS and not address_is_safe:
        errors["address_is_safe"] = [
            "Confirm the address is safe for the young person to see before sharing it"
        ]
    if (
        not errors
        and Share.objects.current().filter(person=person, kind=kind, object_id=object_id).exists()
    ):
        errors["object_id"] = ["That is already shared"]
    _raise(errors)
    with transaction.atomic():
        share = Share(person=person, kind=kind, object_id=object_id, shared_by=user)
        share.full_clean()
        share.save()
        Auditor(user=user).created(
            share,
            child_id=person.pk,
            summary=f"Shared with the young person: {share.get_kind_display()}",
        )
    return share


def share_withdraw(*, user: User, share: Share) -> Share:
    if share.withdrawn_at is not None:
        _raise({"__all__": ["That is no longer shared"]})
    with transaction.atomic():
        before = snapshot(share)
        share.withdrawn_at = timezone.now()
        share.withdrawn_by = user
        share.save()
        Auditor(user=user).changed(
            share,
            child_id=share.person_id,
            changes=diff(before, snapshot(share)),
            summary="Stopped sharing with the young person",
        )
    return share


def shared_file_open(*, account: PortalAccount, share: Share) -> tuple[Any, IO[bytes]]:
    """Open a shared document for the young person (audited as a download). Opening their
    health history records the date they received it, through the children in care service,
    once."""
    from hearth.casework.services import document_open

    document = shareable_object(account.person, share.kind, share.object_id)
    if document is None or share.kind not in (ShareKind.DOCUMENT, ShareKind.HEALTH_HISTORY):
        raise ValidationError({"__all__": ["That file is not shared with you"]})
    with transaction.atomic():
        handle = document_open(user=account.user, document=document)
        if share.kind == ShareKind.HEALTH_HISTORY:
            health_history_received(account=account)
    return document, handle


def health_history_received(*, account: PortalAccount) -> Any:
    from hearth.children_in_care.services import health_history_given_record

    person = account.person
    if person.health_histories_given.exists():
        return None
    return health_history_given_record(
        user=account.user,
        child=person,
        given_on=timezone.localdate(),
        notes="Downloaded by the young person from the young people's portal",
    )


# --- What young people send ------------------------------------------------------------------


def meeting_views_submit(
    *,
    account: PortalAccount,
    meeting: str,
    going_well: str = "",
    worries: str = "",
    would_like: str = "",
    who_to_invite: str = "",
    private_to_iro: str = "",
) -> MeetingViews:
    errors: Errors = {}
    if meeting not in MeetingKind.values:
        errors["meeting"] = ["Choose which meeting this is for"]
    answers = (going_well, worries, would_like, who_to_invite, private_to_iro)
    if not any(a.strip() for a in answers):
        errors["going_well"] = ["Write something in at least one box"]
    _raise(errors)
    with transaction.atomic():
        views = MeetingViews(
            person=account.person,
            meeting=meeting,
            going_well=going_well.strip(),
            worries=worries.strip(),
            would_like=would_like.strip(),
            who_to_invite=who_to_invite.strip(),
            private_to_iro=private_to_iro.strip(),
            submitted_by=account.user,
        )
        views.full_clean()
        views.save()
        Auditor(user=account.user).created(
            views, child_id=account.person_id, summary="Sent their views before a meeting"
        )
        chronology_record(
            child=account.person,
            occurred_on=timezone.localdate(),
            category=CHRONOLOGY,
            summary=f"Sent their own views before {views.get_meeting_display().lower()}",
            source=views,
            user=account.user,
        )
    return views


def _check_addable(views: MeetingViews, owner_id: int, field: str, message: str) -> None:
    if views.on_a_record:
        _raise({"__all__": ["These views are already on a meeting record"]})
    if owner_id != views.person_id:
        _raise({field: [message]})


def _mark_added(*, user: User, views: MeetingViews, **record: Any) -> MeetingViews:
    """Link the views to the record they now stand on (review, pathway plan or conference)."""
    before = snapshot(views)
    for name, value in record.items():
        setattr(views, name, value)
    views.added_at = timezone.now()
    views.added_by = user
    views.save()
    Auditor(user=user).changed(
        views, child_id=views.person_id, changes=diff(before, snapshot(views))
    )
    return views


def _words_add_through(
    add: Callable[..., Any],
    *,
    user: User,
    views: MeetingViews,
    record: str,
    to: Any,
    field: str,
    message: str,
) -> MeetingViews:
    """The young person's words land on the child's meeting record `to` (held as `record` on
    the views) through its own app's service `add`, which takes it by that name."""
    _check_addable(views, to.child_id, field, message)
    with transaction.atomic():
        add(
            user=user,
            words=views.own_words() or "(Sent a note for the IRO only)",
            submitted_on=timezone.localtime(views.created_at).date(),
            **{record: to},
        )
        return _mark_added(user=user, views=views, **{record: to})


def meeting_views_add_to_review(*, user: User, views: MeetingViews, review: Any) -> MeetingViews:
    """The young person's words land on the review record (children in care's hook)."""
    from hearth.children_in_care.services import review_young_persons_words_add

    return _words_add_through(
        review_young_persons_words_add,
        user=user,
        views=views,
        record="review",
        to=review,
        field="review",
        message="Select one of this young person's reviews",
    )


def meeting_views_add_to_pathway_plan(
    *, user: User, views: MeetingViews, plan: Any
) -> MeetingViews:
    """The young person's words land on the pathway plan review, marked as theirs."""
    _check_addable(
        views, plan.young_person_id, "plan", "Select one of this young person's pathway plans"
    )
    submitted = timezone.localtime(views.created_at).date()
    with transaction.atomic():
        plan_before = snapshot(plan)
        marker = (
            "In their own words, submitted by the young person through the portal on "
            f"{submitted.day} {submitted:%B %Y}:"
        )
        plan.young_persons_views = (
            f"{plan.young_persons_views.strip()}\n\n{marker}\n{views.own_words()}".strip()
        )
        plan.full_clean()
        plan.save()
        Auditor(user=user).changed(
            plan,
            child_id=views.person_id,
            changes=diff(plan_before, snapshot(plan)),
            summary="The young person's views from the portal added to the pathway plan",
        )
        return _mark_added(user=user, views=views, pathway_plan=plan)


def meeting_views_add_to_conference(
    *, user: User, views: MeetingViews, conference: Any
) -> MeetingViews:
    """The young person's words land on the child protection conference record, in their own
    words (child protection's hook, which also records that they gave their views)."""
    from hearth.child_protection.services import conference_young_persons_words_add

    return _words_add_through(
        conference_young_persons_words_add,
        user=user,
        views=views,
        record="conference",
        to=conference,
        field="record",
        message="Select one of this young person's conferences",
    )


def _message_save(
    *, author: User, person: Person, from_young_person: bool, body: str, summary: str
) -> Message:
    message = Message(
        person=person, from_young_person=from_young_person, author=author, body=body.strip()
    )
    message.full_clean()
    message.save()
    Auditor(user=author).created(message, child_id=person.pk, summary=summary)
    return message


def message_send(*, account: PortalAccount, body: str) -> Message:
    _raise({} if body.strip() else {"body": ["Write your message"]})
    with transaction.atomic():
        return _message_save(
            author=account.user,
            person=account.person,
            from_young_person=True,
            body=body,
            summary="Sent a message from the portal",
        )


def message_reply(*, user: User, person: Person, body: str) -> Message:
    """Staff reply; every unanswered message from the young person is now answered."""
    _raise({} if body.strip() else {"body": ["Enter your reply"]})
    with transaction.atomic():
        now = timezone.now()
        Message.objects.filter(
            person=person, from_young_person=True, answered_at__isnull=True
        ).update(answered_at=now)
        return _message_save(
            author=user,
            person=person,
            from_young_person=False,
            body=body,
            summary="Replied to the young person on the portal",
        )


def help_request_raise(*, account: PortalAccount, what: str) -> HelpRequest:
    _raise({} if what.strip() else {"what": ["Tell us what you need help with"]})
    with transaction.atomic():
        request = HelpRequest(person=account.person, what=what.strip(), raised_by=account.user)
        request.full_clean()
        request.save()
        Auditor(user=account.user).created(
            request, child_id=account.person_id, summary="Asked for help through the portal"
        )
        chronology_record(
            child=account.person,
            occurred_on=timezone.localdate(),
            category=CHRONOLOGY,
            summary="Asked their personal adviser for help through the portal",
            source=request,
            user=account.user,
        )
    return request


def help_request_respond(
    *, user: User, request: HelpRequest, response: str, method: str
) -> HelpRequest:
    """The adviser's response, timed from the request, recorded as a contact the young
    person started (it counts towards keeping in touch)."""
    from hearth.care_leavers.models import ContactOutcome, InitiatedBy
    from hearth.care_leavers.services import contact_record

    errors: Errors = {}
    if request.responded_at is not None:
        errors["__all__"] = ["This request already has a response"]
    if not response.strip():
        errors["response"] = ["Enter what you did or told the young person"]
    _raise(errors)
    with transaction.atomic():
        contact = contact_record(
            user=user,
            young_person=request.person,
            contact_on=timezone.localdate(),
            method=method,
            initiated_by=InitiatedBy.YOUNG_PERSON,
            outcome=ContactOutcome.IN_TOUCH,
            notes=f"'I need help' through the portal: {request.what}\nResponse: {response.strip()}",
        )
        before = snapshot(request)
        request.response = response.strip()
        request.responded_at = timezone.now()
        request.responded_by = user
        request.contact = contact
        request.save()
        Auditor(user=user).changed(
            request, child_id=request.person_id, changes=diff(before, snapshot(request))
        )
    return request


def idea_raise(*, account: PortalAccount, kind: str, text: str) -> CouncilIdea:
    errors: Errors = {}
    if kind not in IdeaKind.values:
        errors["kind"] = ["Choose an idea or a problem"]
    if not text.strip():
        errors["text"] = ["Tell us your idea or problem"]
    _raise(errors)
    with transaction.atomic():
        idea = CouncilIdea(
            person=account.person, kind=kind, text=text.strip(), raised_by=account.user
        )
        idea.full_clean()
        idea.save()
        Auditor(user=account.user).created(
            idea, child_id=account.person_id, summary="Raised with the Children in Care Council"
        )
    return idea


def idea_respond(*, user: User, idea: CouncilIdea, response: str) -> CouncilIdea:
    """Publish 'you said, we did' to every young person on the portal."""
    errors: Errors = {}
    if idea.responded_at is not None:
        errors["__all__"] = ["This already has a response"]
    if not response.strip():
        errors["response"] = ["Enter what the service did"]
    _raise(errors)
    with transaction.atomic():
        before = snapshot(idea)
        idea.response = response.strip()
        idea.responded_at = timezone.now()
        idea.responded_by = user
        idea.save()
        if idea.council_issue is not None and idea.council_issue.responded_on is None:
            from hearth.children_in_care.services import council_issue_respond

            council_issue_respond(
                user=user,
                issue=idea.council_issue,
                response=idea.response,
                responded_on=max(timezone.localdate(), idea.council_issue.meeting.held_on),
            )
        Auditor(user=user).changed(
            idea,
            child_id=idea.person_id,
            changes=diff(before, snapshot(idea)),
            summary="Published 'you said, we did'",
        )
    return idea


def idea_add_to_council_meeting(*, user: User, idea: CouncilIdea, meeting: Any) -> CouncilIdea:
    """Write the idea or problem onto a Children in Care Council meeting's record (without the
    young person's name), through the children in care service. A response already published
    goes on the council's record too."""
    from hearth.children_in_care.services import council_issue_add, council_issue_respond

    if idea.council_issue_id is not None:
        _raise({"__all__": ["This is already on a council meeting's record"]})
    with transaction.atomic():
        issue = council_issue_add(
            user=user,
            meeting=meeting,
            issue=f"{idea.get_kind_display()} from a young person through the portal: {idea.text}",
            raised_with="Raised through the young people's portal",
        )
        if idea.responded_at is not None:
            responded_on = max(timezone.localtime(idea.responded_at).date(), meeting.held_on)
            council_issue_respond(
                user=user,
                issue=issue,
                response=idea.response,
                responded_on=min(responded_on, timezone.localdate()),
            )
        before = snapshot(idea)
        idea.council_issue = issue
        idea.save()
        Auditor(user=user).changed(
            idea,
            child_id=idea.person_id,
            changes=diff(before, snapshot(idea)),
            summary="Written onto a Children in Care Council meeting's record",
        )
    return idea
