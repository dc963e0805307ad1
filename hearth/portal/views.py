"""Portal pages. Young people's pages read their own account (set by the boundary
middleware) and never take a child's id from the URL; staff pages reach the child through
`child_for` (404 and an audited refusal for outsiders). Views are thin:
scope -> form -> service -> message -> redirect."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from hearth.accounts.models import Role, User
from hearth.front_door.forms import apply_service_errors
from hearth.people.access import child_for
from hearth.people.models import Person
from hearth.portal import forms, selectors, services
from hearth.portal.middleware import VERIFIED
from hearth.portal.models import CouncilIdea, MeetingKind, PortalAccount

PENDING = "portal_pending_user"
DRAFTS = "portal_drafts"
ACTING_ROLES = frozenset(
    {
        Role.SOCIAL_WORKER,
        Role.TEAM_MANAGER,
        Role.SERVICE_MANAGER,
        Role.PERSONAL_ADVISER,
        Role.IRO,
    }
)
COUNCIL_ROLES = frozenset({Role.TEAM_MANAGER, Role.SERVICE_MANAGER, Role.SENIOR_LEADER})


def _account(request: HttpRequest) -> PortalAccount:
    account = getattr(request, "portal_account", None)
    if account is None:
        raise Http404("Not found")
    return account


def _draft(request: HttpRequest) -> dict[str, Any] | None:
    """What a young person typed when their session ran out (kept by the middleware)."""
    drafts = request.session.get(DRAFTS) or {}
    found = drafts.pop(request.path, None)
    if found is not None:
        request.session[DRAFTS] = drafts
    return found


def _save(form: Any, save: Any) -> bool:
    if not form.is_valid():
        return False
    try:
        save(form.cleaned_data)
    except ValidationError as error:
        apply_service_errors(form, error)
        return False
    return True


# --- Signing in ------------------------------------------------------------------------------


def _start_code(request: HttpRequest, account: PortalAccount, next_url: str = "") -> HttpResponse:
    services.code_send(account=account)
    request.session[PENDING] = account.user_id
    query = f"?{urlencode({'next': next_url})}" if next_url else ""
    return redirect(reverse("portal:code") + query)


def start(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return render(request, "portal/link_expired.html")
    form = forms.SetUpForm(request.POST or None)
    if request.method == "POST":
        holder: dict[str, PortalAccount] = {}
        if _save(
            form,
            lambda d: holder.setdefault(
                "account",
                services.account_set_up(
                    invitation=invitation, username=d["username"], password=d["password"]
                ),
            ),
        ):
            return _start_code(request, holder["account"])
    return render(request, "portal/set_up.html", {"form": form, "person": invitation.person})


def sign_in(request: HttpRequest) -> HttpResponse:
    form = forms.SignInForm(request.POST or None)
    next_url = request.GET.get("next", "")
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request,
            username=form.cleaned_data["username"].strip().lower(),
            password=form.cleaned_data["password"],
        )
        account = (
            PortalAccount.objects.filter(user=user).first()  # scoped: their own, by password
            if user
            else None
        )
        if account is None or getattr(user, "role", "") != Role.YOUNG_PERSON:
            form.add_error(None, "The username or password is not right. Try again.")
        elif services.account_problem(account):
            return redirect(reverse("portal:signed_out") + "?why=closed")
        else:
            return _start_code(request, account, next_url)
    return render(request, "portal/sign_in.html", {"form": form})


def forgot_password(request: HttpRequest) -> HttpResponse:
    """A young person asks for a reset link, sent to their own email or phone. The answer is
    the same whether or not the username exists."""
    form = forms.ForgotPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.password_reset_request(
            username=form.cleaned_data["username"], base_url=request.build_absolute_uri("/")
        )
        return render(request, "portal/reset_sent.html")
    return render(request, "portal/forgot_password.html", {"form": form})


def new_password(request: HttpRequest, token: str) -> HttpResponse:
    reset = services.password_reset_for_token(token)
    if reset is None:
        return render(request, "portal/link_expired.html", {"reset": True})
    form = forms.NewPasswordForm(request.POST or None)
    if request.method == "POST" and _save(
        form, lambda d: services.password_reset_complete(reset=reset, password=d["password"])
    ):
        messages.success(request, "Your new password is set. Sign in with it now.")
        return redirect("portal:sign_in")
    return render(request, "portal/new_password.html", {"form": form})


def code(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(PENDING) or 0
    account = PortalAccount.objects.filter(user_id=pending).first()  # scoped: password given
    if account is None:
        return render(request, "portal/signed_out.html", {"why": "restart"})
    form = forms.CodeForm(request.POST or None)
    if request.method == "POST" and request.POST.get("resend"):
        services.code_send(account=account)
        messages.success(request, "We sent you a new code.")
        return redirect(request.get_full_path())
    if request.method == "POST" and form.is_valid():
        if services.code_check(account=account, code=form.cleaned_data["code"]):
            login(request, account.user, backend="django.contrib.auth.backends.ModelBackend")
            request.session[VERIFIED] = True
            request.session.pop(PENDING, None)
            services.signed_in(account=account)
            next_url = request.GET.get("next", "")
            if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
                return redirect(next_url)
            return redirect("portal:home")
        form.add_error(
            "code", "That code is not right or has run out. Try again or get a new code."
        )
    return render(request, "portal/code.html", {"form": form, "send_to": account.send_to})


def signed_out(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/signed_out.html", {"why": request.GET.get("why", "")})


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    account = _account(request)
    from hearth.core.audit import Auditor
    from hearth.core.models import AuditAction

    Auditor(user=account.user).record(
        AuditAction.LOGOUT,
        obj=account.user,
        child_id=account.person_id,
        summary="Signed out of the portal",
    )
    logout(request)
    return redirect("portal:signed_out")


# --- The young person's pages ----------------------------------------------------------------


def home(request: HttpRequest) -> HttpResponse:
    account = _account(request)
    services.viewed(account=account, page="home")
    person = account.person
    return render(
        request,
        "portal/home.html",
        {
            "account": account,
            "care_leaver": selectors.is_care_leaver(person),
            "unread": sum(1 for m in selectors.thread(person) if not m.from_young_person),
        },
    )


def meeting(request: HttpRequest) -> HttpResponse:
    account = _account(request)
    choices = selectors.meeting_choices(account.person)
    data = request.POST if request.method == "POST" else None
    form = forms.MeetingViewsForm(data, initial=_draft(request), meetings=choices)
    if request.method == "POST" and _save(
        form, lambda d: services.meeting_views_submit(account=account, **d)
    ):
        messages.success(request, "Thank you. We have sent your answers.")
        return redirect("portal:home")
    services.viewed(account=account, page="before my meeting")
    return render(request, "portal/meeting.html", {"form": form})


def plan(request: HttpRequest) -> HttpResponse:
    account = _account(request)
    services.viewed(account=account, page="my plan")
    page = selectors.plan_page(account, timezone.localdate())
    return render(request, "portal/plan.html", {"page": page})


def story(request: HttpRequest) -> HttpResponse:
    account = _account(request)
    services.viewed(account=account, page="my story")
    return render(request, "portal/story.html", selectors.story_page(account))


def shared_file(request: HttpRequest, share_id: int) -> FileResponse:
    account = _account(request)
    share = account.person.shares.current().filter(pk=share_id).first()
    if share is None:
        raise Http404("Not found")
    try:
        document, handle = services.shared_file_open(account=account, share=share)
    except ValidationError as error:
        raise Http404("Not found") from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_filename,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def pathway_plan(request: HttpRequest) -> HttpResponse:
    account = _account(request)
    services.viewed(account=account, page="my pathway plan")
    return render(request, "portal/pathway_plan.html", {"plans": selectors.pathway_plans(account)})


def health_history(request: HttpRequest) -> HttpResponse:
    account = _account(request)
    services.viewed(account=account, page="my health history")
    return render(request, "portal/health_history.html", selectors.health_history(account))


def entitlements(request: HttpRequest) -> HttpResponse:
    account = _account(request)
    services.viewed(account=account, page="money and help I can get")
    return render(request, "portal/entitlements.html", selectors.entitlements(account))


def need_help(request: HttpRequest) -> HttpResponse:
    account = _account(request)
    form = forms.HelpForm(request.POST or None, initial=_draft(request))
    if request.method == "POST" and _save(
        form, lambda d: services.help_request_raise(account=account, what=d["what"])
    ):
        messages.success(request, "We have told your personal adviser. They will get back to you.")
        return redirect("portal:help")
    services.viewed(account=account, page="I need help")
    return render(
        request,
        "portal/help.html",
        {"form": form, "requests": selectors.help_requests(account.person)},
    )


def conversation(request: HttpRequest) -> HttpResponse:
    account = _account(request)
    form = forms.MessageForm(request.POST or None, initial=_draft(request))
    if request.method == "POST" and _save(
        form, lambda d: services.message_send(account=account, body=d["body"])
    ):
        messages.success(request, "Message sent.")
        return redirect("portal:messages")
    services.viewed(account=account, page="messages")
    return render(
        request,
        "portal/messages.html",
        {"form": form, "thread": selectors.thread(account.person)},
    )


def council(request: HttpRequest) -> HttpResponse:
    account = _account(request)
    form = forms.IdeaForm(request.POST or None, initial=_draft(request))
    if request.method == "POST" and _save(
        form, lambda d: services.idea_raise(account=account, kind=d["kind"], text=d["text"])
    ):
        messages.success(request, "Thank you. The Children in Care Council will see it.")
        return redirect("portal:council")
    services.viewed(account=account, page="Children in Care Council")
    return render(request, "portal/council.html", {"form": form, **selectors.council(account)})


# --- Staff pages -----------------------------------------------------------------------------


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _child(request: HttpRequest, child_id: int) -> Person:
    """The child through need-to-know; changing anything needs a working role."""
    user = _user(request)
    if request.method == "POST" and user.role not in ACTING_ROLES:
        child_for(user, child_id, audit_view=False)
        raise Http404("Not found")
    return child_for(
        user, child_id, audit_view=request.method == "GET", summary="Portal: staff page"
    )


def _account_of(person: Person) -> PortalAccount | None:
    try:
        return person.portal_account  # type: ignore[no-any-return]
    except PortalAccount.DoesNotExist:
        return None


def _back(person: Person, anchor: str = "") -> HttpResponse:
    return redirect(reverse("portal:staff_child", args=[person.pk]) + anchor)


def staff_child(request: HttpRequest, child_id: int) -> HttpResponse:
    person = _child(request, child_id)
    page = selectors.staff_page(person, timezone.localdate())
    return render(
        request,
        "portal/staff/child.html",
        {
            "child": person,
            "page": page,
            "share_form": forms.ShareForm(items=page.shareable),
            "reply_form": forms.ReplyForm(),
            "is_iro": _user(request).role == Role.IRO,
            "overdue": selectors.is_overdue,
            "label": selectors.label,
        },
    )


def staff_invite(request: HttpRequest, child_id: int) -> HttpResponse:
    person = _child(request, child_id)
    form = forms.InviteForm(request.POST or None)
    if request.method == "POST" and _save(
        form,
        lambda d: services.invitation_create(
            user=_user(request),
            person=person,
            channel=d["channel"],
            send_to=d["send_to"],
            base_url=request.build_absolute_uri("/"),
        ),
    ):
        messages.success(request, f"Invitation sent to {form.cleaned_data['send_to']}")
        return _back(person)
    return render(
        request,
        "portal/staff/form.html",
        {
            "child": person,
            "form": form,
            "title": f"Invite {person.full_name} to the young people's portal",
            "button": "Send invitation",
            "intro": "They will get a link to set up their account. The link works once and "
            "runs out after a week.",
        },
    )


def staff_share(request: HttpRequest, child_id: int) -> HttpResponse:
    person = _child(request, child_id)
    page = selectors.staff_page(person, timezone.localdate())
    form = forms.ShareForm(request.POST or None, items=page.shareable)
    if request.method == "POST" and form.is_valid():
        kind, object_id = form.kind_and_id()
        try:
            services.share_add(
                user=_user(request),
                person=person,
                kind=kind,
                object_id=object_id,
                address_is_safe=form.cleaned_data.get("address_is_safe", False),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Shared with the young person")
            return _back(person, "#shared")
    return render(
        request,
        "portal/staff/form.html",
        {
            "child": person,
            "form": form,
            "title": "Share something with the young person",
            "button": "Share",
            "intro": "They will see it on the portal. Addresses are never shown unless you "
            "share one and confirm it is safe.",
        },
    )


@require_POST
def staff_share_withdraw(request: HttpRequest, child_id: int, share_id: int) -> HttpResponse:
    person = _child(request, child_id)
    share = person.shares.current().filter(pk=share_id).first()
    if share is None:
        raise Http404("Not found")
    services.share_withdraw(user=_user(request), share=share)
    messages.success(request, "No longer shared")
    return _back(person, "#shared")


def staff_suspend(request: HttpRequest, child_id: int) -> HttpResponse:
    person = _child(request, child_id)
    account = _account_of(person)
    if account is None:
        raise Http404("No account")
    form = forms.SuspendForm(request.POST or None)
    if request.method == "POST" and _save(
        form,
        lambda d: services.account_suspend(
            user=_user(request), account=account, reason=d["reason"]
        ),
    ):
        messages.success(request, "Account suspended. They have been signed out.")
        return _back(person)
    return render(
        request,
        "portal/staff/form.html",
        {
            "child": person,
            "form": form,
            "title": f"Suspend {person.full_name}'s portal account",
            "button": "Suspend account",
            "warning": True,
            "intro": "They will be signed out at once and cannot sign in until you reinstate "
            "the account.",
        },
    )


@require_POST
def staff_reinstate(request: HttpRequest, child_id: int) -> HttpResponse:
    person = _child(request, child_id)
    account = _account_of(person)
    if account is None:
        raise Http404("No account")
    try:
        services.account_reinstate(user=_user(request), account=account)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "Account reinstated")
    return _back(person)


@require_POST
def staff_password_reset(request: HttpRequest, child_id: int) -> HttpResponse:
    person = _child(request, child_id)
    account = _account_of(person)
    if account is None:
        raise Http404("No account")
    try:
        services.password_reset_send(
            user=_user(request), account=account, base_url=request.build_absolute_uri("/")
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"Password reset link sent to {account.send_to}")
    return _back(person)


def staff_views(request: HttpRequest, child_id: int, views_id: int) -> HttpResponse:
    person = _child(request, child_id)
    views = person.portal_meeting_views.filter(pk=views_id).first()
    if views is None:
        raise Http404("Not found")
    if views.meeting == MeetingKind.PATHWAY_REVIEW:
        records = [
            (f"plan:{p.pk}", f"Pathway plan of {p.plan_date:%d/%m/%Y}")
            for p in person.pathway_plans.all()
        ]
    elif views.meeting == MeetingKind.CONFERENCE:
        records = [
            (f"conference:{c.pk}", f"{c.get_kind_display()} held on {c.held_on:%d/%m/%Y}")
            for c in person.cp_conferences.order_by("-held_on")
        ]
    else:
        records = [
            (f"review:{r.pk}", f"Review held on {r.held_on:%d/%m/%Y}")
            for r in person.cla_reviews.order_by("-held_on")
        ]
    form = forms.AddViewsForm(request.POST or None, records=records)

    def save(d: dict[str, Any]) -> Any:
        kind, _, pk = d["record"].partition(":")
        if kind == "conference":
            return services.meeting_views_add_to_conference(
                user=_user(request), views=views, conference=person.cp_conferences.get(pk=pk)
            )
        if kind == "plan":
            return services.meeting_views_add_to_pathway_plan(
                user=_user(request), views=views, plan=person.pathway_plans.get(pk=pk)
            )
        return services.meeting_views_add_to_review(
            user=_user(request), views=views, review=person.cla_reviews.get(pk=pk)
        )

    if request.method == "POST" and _save(form, save):
        messages.success(request, "Their views are now on the meeting record, in their own words")
        return _back(person, "#views")
    return render(
        request,
        "portal/staff/views.html",
        {"child": person, "views": views, "form": form, "is_iro": _user(request).role == Role.IRO},
    )


@require_POST
def staff_reply(request: HttpRequest, child_id: int) -> HttpResponse:
    person = _child(request, child_id)
    form = forms.ReplyForm(request.POST)
    if _save(
        form, lambda d: services.message_reply(user=_user(request), person=person, body=d["body"])
    ):
        messages.success(request, "Reply sent")
    else:
        messages.error(request, "Enter your reply")
    return _back(person, "#messages")


def staff_help(request: HttpRequest, child_id: int, help_id: int) -> HttpResponse:
    person = _child(request, child_id)
    found = person.portal_help_requests.filter(pk=help_id).first()
    if found is None:
        raise Http404("Not found")
    form = forms.HelpResponseForm(request.POST or None)
    if request.method == "POST" and _save(
        form,
        lambda d: services.help_request_respond(
            user=_user(request), request=found, response=d["response"], method=d["method"]
        ),
    ):
        messages.success(request, "Response recorded as a contact")
        return _back(person, "#help")
    return render(
        request,
        "portal/staff/form.html",
        {
            "child": person,
            "form": form,
            "title": "Respond to 'I need help'",
            "button": "Record response",
            "quote": found.what,
            "intro": "Your response is recorded as a contact the young person started.",
        },
    )


def _council_user(request: HttpRequest) -> User:
    user = _user(request)
    if user.role not in COUNCIL_ROLES:
        raise Http404("Not found")
    return user


def staff_council(request: HttpRequest) -> HttpResponse:
    _council_user(request)
    ideas = selectors.ideas_for_staff()  # scoped: ideas show no child's name; managers only
    return render(request, "portal/staff/council.html", {"ideas": ideas})


def staff_idea(request: HttpRequest, pk: int) -> HttpResponse:
    user = _council_user(request)
    idea = CouncilIdea.objects.filter(pk=pk).first()  # scoped: no child's name; managers only
    if idea is None:
        raise Http404("Not found")
    form = forms.IdeaResponseForm(request.POST or None)
    if request.method == "POST" and _save(
        form, lambda d: services.idea_respond(user=user, idea=idea, response=d["response"])
    ):
        messages.success(request, "Published as 'you said, we did'")
        return redirect("portal:staff_council")
    return render(
        request,
        "portal/staff/idea.html",
        {"idea": idea, "form": form},
    )


def staff_idea_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    """Write the idea onto a Children in Care Council meeting's record."""
    from hearth.children_in_care.models import CouncilMeeting

    user = _council_user(request)
    idea = CouncilIdea.objects.filter(pk=pk).first()  # scoped: no child's name; managers only
    if idea is None:
        raise Http404("Not found")
    meetings = {
        str(m.pk): m
        for m in CouncilMeeting.objects.order_by("-held_on")[:24]  # scoped: no child's data
    }
    form = forms.CouncilMeetingForm(
        request.POST or None,
        meetings=[(k, f"Meeting on {m.held_on:%d/%m/%Y}") for k, m in meetings.items()],
    )
    if request.method == "POST" and _save(
        form,
        lambda d: services.idea_add_to_council_meeting(
            user=user, idea=idea, meeting=meetings[d["meeting"]]
        ),
    ):
        messages.success(request, "Written onto the council meeting's record")
        return redirect("portal:staff_council")
    return render(request, "portal/staff/idea_meeting.html", {"idea": idea, "form": form})
