"""Front door pages: the MASH queue, a contact and the work on it, the threshold decision,
and the partner portal. Views are thin: scope -> form -> service -> message -> redirect."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from hearth.accounts.models import Role, User
from hearth.core.audit import Auditor
from hearth.core.concurrency import edit_conflicts, guard_form, lock_for_edit
from hearth.core.presenters import format_datetime
from hearth.early_help.models import EarlyHelpService
from hearth.early_help.services import service_gap_warning
from hearth.front_door import forms, presenters, rules, selectors, services
from hearth.front_door.models import Contact, ThresholdDecision
from hearth.front_door.querysets import may_authorise, may_decide, sees_queue
from hearth.front_door.rules import ContactRoute, ContactStatus, Rag
from hearth.people.models import Person

QUEUE_PAGE_SIZE = 100


# ---- scoping --------------------------------------------------------------------------------


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _not_found(user: User, pk: int, what: str = "front_door.contact") -> Http404:
    Auditor(user=user).denied(object_type=what, object_id=pk, summary="Contact not found")
    return Http404("No contact found")


def _contact_for(
    request: HttpRequest, pk: int, *, work: bool = False, audit: bool = True
) -> Contact:
    """The contact if the user may see it (and, for `work`, act on it); 404 and an audited
    refusal otherwise. Each view is audited once per child on the contact."""
    user = _user(request)
    contact = (
        Contact.objects.visible_to(user).for_detail().filter(pk=pk).first()
        if user.role != Role.PARTNER_REFERRER
        else None
    )
    if contact is None or (work and not may_decide(user)):
        raise _not_found(user, pk)
    if audit:
        auditor = Auditor(user=user)
        children = [link.person for link in contact.people.all() if link.is_subject_child]
        for child in children or [None]:
            auditor.viewed(
                contact,
                child_id=child.pk if child else None,
                summary=f"Viewed contact {contact.reference}",
            )
    return contact


def _posted(request: HttpRequest) -> Any:
    """The submitted data for a POST (even an empty one), None for a GET."""
    return request.POST if request.method == "POST" else None


def _contact_urls() -> Any:
    """A fast url_for for list pages: reverse once, then substitute each id."""
    pattern = reverse("front_door:contact_detail", args=[999999999])
    return lambda contact: pattern.replace("999999999", str(contact.pk))


def _service_error(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# ---- the queue ------------------------------------------------------------------------------


def queue(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user.role == Role.PARTNER_REFERRER:
        return redirect("front_door:portal_home")
    sort = request.GET.get("sort", "received")
    if sort not in {"received", "rag", "newest"}:
        sort = "received"
    scoped = Contact.objects.visible_to(user)
    page = Paginator(scoped.for_queue().sorted_by(sort), QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    contacts = list(page.object_list)
    context = {
        "rows": presenters.queue_rows(contacts, url_for=_contact_urls()),
        "page": page,
        "sort": sort,
        "routes": [(ContactRoute(route).label, n) for route, n in scoped.route_summary()],
        "can_add": may_decide(user),
    }
    return render(request, "front_door/queue.html", context)


# ---- receiving a contact --------------------------------------------------------------------


def contact_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not may_decide(user):
        raise Http404("Not found")
    form = forms.ContactForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.contact_create(user=user, **form.service_values())
        except ValidationError as error:
            forms.apply_service_errors(form, error)
        else:
            messages.success(request, f"Contact {contact.reference} recorded")
            return redirect("front_door:person_add", contact.pk)
    return render(request, "front_door/contact_form.html", {"form": form})


def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    contact = _contact_for(request, pk)
    decisions = list(contact.decisions.all())
    pending = next((d for d in decisions if not d.is_applied and not d.superseded), None)
    status = contact.status
    context = {
        "contact": contact,
        "status": ContactStatus(status).label if status else "",
        "is_open": status in rules.OPEN_STATUSES,
        "links": list(contact.people.all()),
        "checks": list(contact.checks.all()),
        "decisions": decisions,
        "pending": pending,
        "duplicates": services.contact_duplicates(contact) if status in rules.OPEN_STATUSES else [],
        "can_work": may_decide(user),
        "can_authorise": may_authorise(user),
        "consent": presenters.consent_summary(contact),
        "rag_form": guard_form(
            forms.RagForm(initial={"rag": contact.rag}), saved={"rag": contact.rag}
        ),
        "now": timezone.now(),
        "due": rules.decision_due_on(contact.received_at),
        "decision_summary": presenters.decision_summary,
        "descriptor_texts": presenters.descriptor_texts,
        "referral_source": rules.referral_source_label(contact.referral_source),
    }
    return render(request, "front_door/contact_detail.html", context)


@require_POST
def contact_pick_up(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    contact = _contact_for(request, pk, work=True, audit=False)
    try:
        services.contact_assign(user=user, contact=contact, worker=user)
    except ValidationError as error:
        _service_error(request, error)
    else:
        messages.success(request, f"You are working on {contact.reference}")
    return redirect("front_door:contact_detail", pk)


def contact_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """A MASH manager gives the contact to a practitioner."""
    user = _user(request)
    contact = _contact_for(request, pk, work=True, audit=request.method == "GET")
    if not may_authorise(user):
        raise _not_found(user, pk)
    workers = User.objects.filter(is_active=True, role=Role.MASH_PRACTITIONER).order_by(
        "last_name", "first_name"
    )
    form = forms.AssignForm(_posted(request), workers=list(workers))
    if request.method == "POST" and form.is_valid():
        worker = form.workers[form.cleaned_data["worker"]]
        try:
            services.contact_assign(user=user, contact=contact, worker=worker)
        except ValidationError as error:
            forms.apply_service_errors(form, error)
        else:
            messages.success(request, f"{contact.reference} given to {worker}")
            return redirect("front_door:contact_detail", pk)
    return render(request, "front_door/assign_form.html", {"contact": contact, "form": form})


@require_POST
def contact_rag(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    contact = _contact_for(request, pk, work=True, audit=False)
    form = guard_form(forms.RagForm(request.POST), saved={"rag": contact.rag})
    if not form.is_valid():
        messages.error(request, "Select a RAG rating")
        return redirect("front_door:contact_detail", pk)
    with transaction.atomic():
        lock_for_edit(contact)
        conflicts = edit_conflicts(form, saved={"rag": contact.rag}, record=contact)
        if not conflicts:
            services.contact_set_rag(user=user, contact=contact, rag=form.cleaned_data["rag"])
            messages.success(request, f"RAG rating set to {Rag(form.cleaned_data['rag']).label}")
    if conflicts:  # the message names both answers; the page shows the saved one
        messages.error(
            request,
            f"Someone changed the RAG rating to {conflicts[0].saved} after you opened this "
            f"page, so {conflicts[0].yours} was not saved. Change it again if you still need to",
        )
    return redirect("front_door:contact_detail", pk)


def person_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Link a child or adult: search the matcher first, then link a match or create anew."""
    user = _user(request)
    contact = _contact_for(request, pk, work=True, audit=request.method == "GET")
    initial: dict[str, Any] = {"is_child": "child"}
    if contact.named_child:
        first, _, last = contact.named_child.partition(" ")
        initial |= {"first_name": first, "last_name": last}
        if contact.named_child_date_of_birth:
            initial["date_of_birth"] = contact.named_child_date_of_birth
    form = forms.PersonSearchForm(_posted(request), initial=initial)
    matches: list[Any] = []
    searched = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        is_child = data["is_child"] == "child"
        action = request.POST.get("action", "search")
        try:
            if action == "link":
                person = (
                    Person.objects.visible_to(user).filter(pk=request.POST.get("person")).first()
                )
                if person is None:
                    raise ValidationError("Select the person to link")
                services.contact_link_person(
                    user=user,
                    contact=contact,
                    person=person,
                    is_subject_child=is_child,
                    relationship=data["relationship"],
                )
                messages.success(request, f"{person.full_name} linked to {contact.reference}")
                return redirect("front_door:contact_detail", pk)
            if action == "create":
                link = services.contact_add_new_person(
                    user=user,
                    contact=contact,
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    date_of_birth=data["date_of_birth"],
                    sex=data["sex"] or "U",
                    is_child=is_child,
                    nhs_number=data["nhs_number"],
                    relationship=data["relationship"],
                )
                messages.success(request, f"New record made for {link.person.full_name}")
                return redirect("front_door:contact_detail", pk)
        except ValidationError as error:
            forms.apply_service_errors(form, error)
        searched = True
        visible = Person.objects.visible_to(user)
        found = services.person_matches(
            first_name=data["first_name"],
            last_name=data["last_name"],
            date_of_birth=data["date_of_birth"],
            nhs_number=data["nhs_number"],
            is_child=is_child,
        )
        allowed = set(
            visible.filter(pk__in=[m.person.pk for m in found]).values_list("pk", flat=True)
        )
        matches = [m for m in found if m.person.pk in allowed]
    return render(
        request,
        "front_door/person_add.html",
        {"contact": contact, "form": form, "matches": matches, "searched": searched},
    )


def _consent_values(contact: Contact) -> dict[str, Any]:
    """What the consent form shows, as saved (also what its edit token fingerprints)."""
    return {
        "consent_status": contact.consent_status,
        "consent_reason": contact.consent_reason,
        "consent_rationale": contact.consent_rationale,
    }


def contact_consent(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    contact = _contact_for(request, pk, work=True, audit=request.method == "GET")
    form = forms.ConsentForm(_posted(request), initial=_consent_values(contact))
    guard_form(form, saved=_consent_values(contact))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                lock_for_edit(contact)
                if not edit_conflicts(form, saved=_consent_values(contact), record=contact):
                    services.contact_record_consent(
                        user=user,
                        contact=contact,
                        status=data["consent_status"],
                        reason=data["consent_reason"],
                        rationale=data["consent_rationale"],
                    )
                    messages.success(request, "Consent recorded")
                    return redirect("front_door:contact_detail", pk)
        except ValidationError as error:
            forms.apply_service_errors(form, error)
    return render(request, "front_door/consent_form.html", {"contact": contact, "form": form})


def check_request(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    contact = _contact_for(request, pk, work=True, audit=request.method == "GET")
    form = forms.MashCheckForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        check = services.mash_check_request(user=user, contact=contact, **form.cleaned_data)
        messages.success(
            request,
            f"{check.get_agency_display()} check requested: response due "
            f"{format_datetime(check.due_at)}",
        )
        return redirect("front_door:contact_detail", pk)
    return render(request, "front_door/check_form.html", {"contact": contact, "form": form})


def check_respond(request: HttpRequest, pk: int, check_id: int) -> HttpResponse:
    user = _user(request)
    contact = _contact_for(request, pk, work=True, audit=request.method == "GET")
    check = next((c for c in contact.checks.all() if c.pk == check_id), None)
    if check is None:
        raise _not_found(user, check_id, "front_door.mashcheck")
    form = forms.MashCheckResponseForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.mash_check_respond(user=user, check=check, **form.cleaned_data)
        except ValidationError as error:
            forms.apply_service_errors(form, error)
        else:
            messages.success(request, f"{check.get_agency_display()} response recorded")
            return redirect("front_door:contact_detail", pk)
    return render(
        request,
        "front_door/check_response.html",
        {"contact": contact, "check": check, "form": form},
    )


def contact_merge(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    contact = _contact_for(request, pk, work=True, audit=request.method == "GET")
    targets = services.contact_duplicates(contact)
    form = forms.MergeForm(_posted(request), targets=targets)
    if request.method == "POST" and form.is_valid():
        into = next(c for c in targets if str(c.pk) == form.cleaned_data["into"])
        try:
            services.contact_merge(
                user=user, duplicate=contact, into=into, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            forms.apply_service_errors(form, error)
        else:
            messages.success(request, f"{contact.reference} merged into {into.reference}")
            return redirect("front_door:contact_detail", into.pk)
    return render(
        request,
        "front_door/merge_form.html",
        {"contact": contact, "form": form, "targets": targets},
    )


def contact_decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    contact = _contact_for(request, pk, work=True, audit=request.method == "GET")
    # The service directory holds no case data.
    directory = EarlyHelpService.objects.filter(active=True)  # scoped: directory
    form = forms.DecisionForm(_posted(request), early_help_services=list(directory))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.decision_record(
                user=user,
                contact=contact,
                level_of_need=data["level_of_need"],
                outcome=data["outcome"],
                rationale=data["rationale"],
                descriptors=data["descriptors"],
                early_help_service=data["early_help_service_obj"],
            )
        except ValidationError as error:
            forms.apply_service_errors(form, error)
        else:
            if decision.is_applied:
                messages.success(request, f"Decision recorded: {decision.get_outcome_display()}")
            else:
                messages.success(request, "Decision sent to a manager to authorise")
            return redirect("front_door:contact_detail", pk)
    today = timezone.localdate()
    received_on = timezone.localdate(contact.received_at)
    children = [link.person for link in contact.people.all() if link.is_subject_child]
    history = [
        {
            "child": child,
            "previous": services.previous_referrals(child, received_on),
            "open_case": services.child_has_open_case(child, today),
            "gap": service_gap_warning(child, today, directory),
        }
        for child in children
    ]
    return render(
        request,
        "front_door/decision_form.html",
        {
            "contact": contact,
            "form": form,
            "history": history,
            "levels": rules.threshold_levels(),
            "checks": list(contact.checks.all()),
            "due": rules.decision_due_on(contact.received_at),
        },
    )


def decision_authorise(request: HttpRequest, pk: int, decision_id: int) -> HttpResponse:
    user = _user(request)
    contact = _contact_for(request, pk, work=True, audit=request.method == "GET")
    decision: ThresholdDecision | None = next(
        (d for d in contact.decisions.all() if d.pk == decision_id), None
    )
    if decision is None or not may_authorise(user):
        raise _not_found(user, decision_id, "front_door.thresholddecision")
    form = forms.ReturnDecisionForm(
        request.POST if request.POST.get("action") == "return" else None
    )
    if request.method == "POST":
        try:
            if request.POST.get("action") == "return":
                if form.is_valid():
                    services.decision_return(
                        user=user, decision=decision, reason=form.cleaned_data["reason"]
                    )
                    messages.success(request, "Decision returned for more screening")
                    return redirect("front_door:contact_detail", pk)
            else:
                services.decision_authorise(user=user, decision=decision)
                messages.success(request, f"Decision authorised: {decision.get_outcome_display()}")
                return redirect("front_door:contact_detail", pk)
        except ValidationError as error:
            forms.apply_service_errors(form, error)
    return render(
        request,
        "front_door/authorise.html",
        {
            "contact": contact,
            "decision": decision,
            "form": form,
            "descriptors": presenters.descriptor_texts(decision),
        },
    )


def contact_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    contact = _contact_for(request, pk, work=True, audit=request.method == "GET")
    form = forms.FeedbackForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        services.contact_record_feedback(
            user=user, contact=contact, given_at=timezone.now(), method=form.cleaned_data["method"]
        )
        messages.success(request, "Feedback to the referrer recorded")
        return redirect("front_door:contact_detail", pk)
    return render(request, "front_door/feedback_form.html", {"contact": contact, "form": form})


def thresholds(request: HttpRequest) -> HttpResponse:
    return render(request, "front_door/thresholds.html", {"levels": rules.threshold_levels()})


# ---- the partner portal ---------------------------------------------------------------------


def _partner(request: HttpRequest, pk: int | None = None) -> User:
    """The portal is for partner referrers only; anyone else gets 404 (audited when they
    asked for a particular referral)."""
    user = _user(request)
    if user.role != Role.PARTNER_REFERRER:
        if pk is not None:
            raise _not_found(user, pk)
        raise Http404("Not found")
    return user


def portal_home(request: HttpRequest) -> HttpResponse:
    user = _partner(request)
    mine = list(
        Contact.objects.visible_to(user)
        .select_related("merged_into")
        .prefetch_related("decisions", "merged_into__decisions")
        .order_by("-received_at")
    )
    rows = [
        {
            "contact": c,
            "outcome": presenters.plain_outcome(list((c.merged_into or c).decisions.all())),
        }
        for c in mine
    ]
    return render(request, "front_door/portal_home.html", {"rows": rows})


def portal_submit(request: HttpRequest) -> HttpResponse:
    user = _partner(request)
    form = forms.PartnerReferralForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contact = services.partner_referral_submit(user=user, data=data)
        except ValidationError as error:
            forms.apply_service_errors(form, error)
        else:
            return redirect("front_door:portal_detail", contact.pk)
    return render(request, "front_door/portal_form.html", {"form": form})


def portal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _partner(request, pk)
    contact = (
        Contact.objects.visible_to(user)
        .select_related("merged_into")
        .prefetch_related("decisions", "merged_into__decisions")
        .filter(pk=pk)
        .first()
    )
    if contact is None:
        raise _not_found(user, pk)
    Auditor(user=user).viewed(contact, child_id=None, summary="Partner viewed their referral")
    outcome = presenters.plain_outcome(list((contact.merged_into or contact).decisions.all()))
    return render(
        request, "front_door/portal_detail.html", {"contact": contact, "outcome": outcome}
    )


def contact_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    contact = _contact_for(request, pk, work=True, audit=request.method == "GET")
    if not may_authorise(user) or contact.status != ContactStatus.DECIDED:
        raise _not_found(user, pk)
    form = forms.ReopenForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_reopen(user=user, contact=contact, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            forms.apply_service_errors(form, error)
        else:
            messages.success(request, f"Contact {contact.reference} reopened")
            return redirect("front_door:contact_detail", pk)
    return render(request, "front_door/reopen_form.html", {"contact": contact, "form": form})


def reports(request: HttpRequest) -> HttpResponse:
    """Consent outcomes by team and month, and threshold consistency, for the last 6 months."""
    user = _user(request)
    if not sees_queue(user):
        raise Http404("Not found")
    end = timezone.localdate()
    start = services.months_before(end, 6)
    return render(
        request,
        "front_door/reports.html",
        {
            "start": start,
            "end": end,
            "consent": selectors.consent_report(start, end),
            "consistency": selectors.threshold_consistency(start, end),
        },
    )
