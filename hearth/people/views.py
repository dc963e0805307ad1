"""People pages. Views are thin: scope -> form -> service -> message -> redirect."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from hearth.accounts.models import Role, User
from hearth.core.audit import Auditor
from hearth.core.concurrency import edit_conflicts, guard_form, lock_for_edit
from hearth.people import services
from hearth.people.access import child_for, person_for
from hearth.people.forms import (
    AddressForm,
    EndDateForm,
    MatchDecisionForm,
    NewRelativeForm,
    PersonForm,
    ReasonForm,
    RelationshipForm,
)
from hearth.people.matching import Match, likely_matches
from hearth.people.models import Person
from hearth.people.presenters import format_address, match_radio_items
from hearth.people.selectors import family_network

# Fields a form may not post through the duplicate check page as hidden inputs.
_NOT_CARRIED = {"csrfmiddlewaretoken", "decision"}


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _posted(request: HttpRequest) -> Any:
    """The submitted data on a POST (even an empty one), so that the form is bound."""
    return request.POST if request.method == "POST" else None


def _apply_errors(form: Form, exc: ValidationError) -> None:
    """Show a service's validation errors on the form, against the field where it has one."""
    for name, errors in exc.message_dict.items():
        target = name if name in form.fields else None
        for error in errors:
            form.add_error(target, error)


def _person_url(person: Person) -> str:
    if person.is_child:
        return reverse("casework:child_detail", args=[person.pk])
    return reverse("people:person_detail", args=[person.pk])


def _require_recorder(request: HttpRequest, summary: str) -> None:
    """Partner agencies refer through the front door; they do not create records."""
    user = _user(request)
    if user.role == Role.PARTNER_REFERRER:
        Auditor(user=user).denied(object_type="people.person", object_id="", summary=summary)
        raise Http404("Not found")


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    results = []
    if query:
        # Restricted records the user is not named on come back masked ("Restricted record").
        listed = Person.objects.children().listed_for(_user(request))  # scoped: masks restricted
        results = list(listed.search(query)[:50])
    return render(request, "people/search.html", {"query": query, "results": results})


# The duplicate check ---------------------------------------------------------------------


def _split_matches(user: User, matches: list[Match]) -> tuple[list[Match], int]:
    """The matches the user may see, and how many others exist (never who they are)."""
    ids = [m.person.pk for m in matches]
    visible_ids = set(
        Person.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True)
    )
    visible = [m for m in matches if m.person.pk in visible_ids]
    return visible, len(matches) - len(visible)


def _matches_for(form: PersonForm, *, is_child: bool) -> list[Match]:
    data = form.cleaned_data
    return likely_matches(
        first_name=data["first_name"],
        last_name=data["last_name"],
        date_of_birth=data.get("date_of_birth") or data.get("expected_date_of_birth"),
        nhs_number=data.get("nhs_number", ""),
        upn=data.get("upn", ""),
        is_child=is_child,
    )


def _match_choices(visible: list[Match]) -> list[tuple[str, str]]:
    return [(str(m.person.pk), m.person.full_name) for m in visible]


def _render_matches(
    request: HttpRequest,
    *,
    visible: list[Match],
    hidden_count: int,
    decision_form: MatchDecisionForm,
    title: str,
    back_href: str,
    child: Person | None = None,
) -> HttpResponse:
    carried = [
        (key, value)
        for key, values in request.POST.lists()
        if key not in _NOT_CARRIED
        for value in values
    ]
    return render(
        request,
        "people/matches.html",
        {
            "form": decision_form,
            "radio_items": match_radio_items(visible, request.POST.get("decision")),
            "matches": visible,
            "hidden_count": hidden_count,
            "carried": carried,
            "title": title,
            "back_href": back_href,
            "child": child,
        },
    )


def _duplicate_step(
    request: HttpRequest,
    form: PersonForm,
    *,
    is_child: bool,
    title: str,
    back_href: str,
    child: Person | None = None,
) -> tuple[HttpResponse | None, Person | None, bool]:
    """Offer likely matches before a new record is made. Returns (a page to show, or None),
    the existing person chosen (if any) and whether a new record may be created."""
    user = _user(request)
    visible, hidden_count = _split_matches(user, _matches_for(form, is_child=is_child))
    if not visible and not hidden_count:
        return None, None, True
    if "decision" not in request.POST:
        decision_form = MatchDecisionForm(choices=_match_choices(visible))
        page = _render_matches(
            request,
            visible=visible,
            hidden_count=hidden_count,
            decision_form=decision_form,
            title=title,
            back_href=back_href,
            child=child,
        )
        return page, None, False
    decision_form = MatchDecisionForm(request.POST, choices=_match_choices(visible))
    if not decision_form.is_valid():
        page = _render_matches(
            request,
            visible=visible,
            hidden_count=hidden_count,
            decision_form=decision_form,
            title=title,
            back_href=back_href,
            child=child,
        )
        return page, None, False
    decision = decision_form.cleaned_data["decision"]
    if decision == "new":
        return None, None, True
    chosen = next(m.person for m in visible if str(m.person.pk) == decision)
    return None, chosen, False


# Adding a child --------------------------------------------------------------------------


def add_child(request: HttpRequest) -> HttpResponse:
    _require_recorder(request, "Tried to add a child")
    form = PersonForm(_posted(request), is_child=True)
    back = reverse("people:add_child")
    if request.method == "POST" and form.is_valid():
        page, chosen, create = _duplicate_step(
            request,
            form,
            is_child=True,
            title="Check this child is not already recorded",
            back_href=back,
        )
        if page is not None:
            return page
        if chosen is not None:
            messages.success(request, f"{chosen.full_name} is already recorded: no new record made")
            return redirect(_person_url(chosen))
        if create:
            try:
                child = services.person_create(
                    user=_user(request), is_child=True, **form.person_data()
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                if (
                    Person.objects.children()
                    .visible_to(_user(request))
                    .filter(pk=child.pk)
                    .exists()
                ):
                    messages.success(request, f"Record created for {child.full_name}")
                    return redirect(_person_url(child))
                return render(request, "people/created.html", {"person": child})
    return render(
        request,
        "people/person_form.html",
        {
            "form": form,
            "title": "Add a child",
            "submit": "Continue",
            "back_href": reverse("people:search"),
        },
    )


# A person's details ----------------------------------------------------------------------


def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_for(_user(request), person_id, audit_view=False)
    if person.is_child:
        return redirect("casework:child_detail", person.pk)
    Auditor(user=_user(request)).viewed(
        person, child_id=None, summary=f"Viewed the record of {person.full_name}"
    )
    visible_children = Person.objects.children().visible_to(_user(request)).values("pk")
    links = list(
        person.relatives_of.filter(child__in=visible_children)
        .select_related("child")
        .order_by("end_date", "child__last_name")
    )
    addresses = list(person.addresses.all())
    return render(
        request,
        "people/person_detail.html",
        {"person": person, "links": links, "addresses": addresses},
    )


def _person_values(person: Person) -> dict[str, Any]:
    """The details the edit page shows, as saved (also what its edit token fingerprints)."""
    values: dict[str, Any] = {
        name: getattr(person, name) for name in services.PERSON_FIELDS if hasattr(person, name)
    }
    values["disabilities"] = list(person.disabilities.values_list("code", flat=True))
    return values


def edit(request: HttpRequest, person_id: int) -> HttpResponse:
    user = _user(request)
    person = person_for(user, person_id, audit_view=False)
    initial = _person_values(person)
    form = PersonForm(_posted(request), is_child=person.is_child, editing=True, initial=initial)
    guard_form(form, saved=initial)
    reason_form = ReasonForm(_posted(request))
    if request.method == "POST" and form.is_valid() and reason_form.is_valid():
        changes = {
            name: value
            for name, value in form.person_data().items()
            if name == "disabilities" or hasattr(person, name)
        }
        try:
            with transaction.atomic():
                lock_for_edit(person)
                if not edit_conflicts(form, saved=_person_values(person), record=person):
                    services.person_update(
                        user=user,
                        person=person,
                        changes=changes,
                        reason=reason_form.cleaned_data["reason"],
                    )
                    messages.success(request, f"Details of {person.full_name} saved")
                    return redirect(_person_url(person))
        except ValidationError as exc:
            _apply_errors(form, exc)
    return render(
        request,
        "people/person_form.html",
        {
            "form": form,
            "reason_form": reason_form,
            "person": person,
            "title": f"Change the details of {person.full_name}",
            "submit": "Save changes",
            "back_href": _person_url(person),
        },
    )


# Addresses -------------------------------------------------------------------------------


def addresses(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_for(_user(request), person_id, summary="Viewed address history")
    history = [(a, format_address(a)) for a in person.addresses.all()]
    return render(
        request,
        "people/addresses.html",
        {"person": person, "history": history, "back_href": _person_url(person)},
    )


def address_add(request: HttpRequest, person_id: int) -> HttpResponse:
    user = _user(request)
    person = person_for(user, person_id, audit_view=False)
    form = AddressForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.address_add(user=user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, f"New address saved for {person.full_name}")
            return redirect("people:addresses", person.pk)
    return render(
        request,
        "people/address_form.html",
        {
            "form": form,
            "person": person,
            "back_href": reverse("people:addresses", args=[person.pk]),
        },
    )


def address_end(request: HttpRequest, person_id: int, address_id: int) -> HttpResponse:
    user = _user(request)
    person = person_for(user, person_id, audit_view=False)
    address = person.addresses.filter(pk=address_id, end_date__isnull=True).first()
    if address is None:
        raise Http404("No current address found")
    form = EndDateForm(
        _posted(request),
        label="When did they move out?",
        label_for_errors="The date they moved out",
    )
    del form.fields["reason"]
    if request.method == "POST" and form.is_valid():
        try:
            services.address_end(user=user, address=address, end_date=form.cleaned_data["end_date"])
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, f"Recorded that {person.full_name} moved out of {address}")
            return redirect("people:addresses", person.pk)
    return render(
        request,
        "people/address_end.html",
        {
            "form": form,
            "person": person,
            "address_lines": format_address(address),
            "back_href": reverse("people:addresses", args=[person.pk]),
        },
    )


# The family network ----------------------------------------------------------------------


def family(request: HttpRequest, child_id: int) -> HttpResponse:
    child = child_for(_user(request), child_id, summary="Viewed the family network")
    network = family_network(child)
    return render(
        request,
        "people/family.html",
        {"child": child, "network": network},
    )


def family_add(request: HttpRequest, child_id: int) -> HttpResponse:
    """Find someone already recorded to add to the child's network, or create a new adult."""
    user = _user(request)
    child = child_for(user, child_id, audit_view=False)
    query = request.GET.get("q", "").strip()
    results: list[Person] = []
    if query:
        already = child.relationships.current().values("relative_id")
        results = list(
            Person.objects.visible_to(user)
            .search(query)
            .exclude(pk=child.pk)
            .exclude(pk__in=already)[:25]
        )
    return render(
        request,
        "people/family_add.html",
        {"child": child, "query": query, "results": results},
    )


def family_link(request: HttpRequest, child_id: int, person_id: int) -> HttpResponse:
    user = _user(request)
    child = child_for(user, child_id, audit_view=False)
    relative = person_for(user, person_id, audit_view=False)
    form = RelationshipForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.relationship_add(
                user=user, child=child, relative=relative, **form.relationship_data()
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, f"{relative.full_name} added to the family network")
            return redirect("people:family", child.pk)
    return render(
        request,
        "people/relationship_form.html",
        {
            "form": form,
            "child": child,
            "relative": relative,
            "back_href": reverse("people:family_add", args=[child.pk]),
        },
    )


def family_new(request: HttpRequest, child_id: int) -> HttpResponse:
    """Record a new adult and how they are related to the child, after the duplicate check."""
    user = _user(request)
    child = child_for(user, child_id, audit_view=False)
    form = NewRelativeForm(_posted(request))
    back = reverse("people:family_add", args=[child.pk])
    if request.method == "POST" and form.is_valid():
        page, chosen, create = _duplicate_step(
            request,
            form,
            is_child=False,
            title="Check this person is not already recorded",
            back_href=back,
            child=child,
        )
        if page is not None:
            return page
        relative = chosen
        try:
            if relative is None and create:
                relative = services.person_create(
                    user=user, is_child=False, child=child, **form.person_data()
                )
            if relative is not None:
                services.relationship_add(
                    user=user, child=child, relative=relative, **form.relationship_data()
                )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            if relative is not None:
                messages.success(request, f"{relative.full_name} added to the family network")
                return redirect("people:family", child.pk)
    return render(
        request,
        "people/person_form.html",
        {
            "form": form,
            "child": child,
            "title": f"Add a new family member for {child.full_name}",
            "submit": "Continue",
            "back_href": back,
            "relationship": True,
        },
    )


def relationship_end(request: HttpRequest, child_id: int, relationship_id: int) -> HttpResponse:
    user = _user(request)
    child = child_for(user, child_id, audit_view=False)
    relationship = (
        child.relationships.current().select_related("relative").filter(pk=relationship_id).first()
    )
    if relationship is None:
        raise Http404("No current relationship found")
    form = EndDateForm(
        _posted(request),
        label="When did the relationship end?",
        label_for_errors="The date the relationship ended",
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.relationship_end(
                user=user,
                relationship=relationship,
                end_date=form.cleaned_data["end_date"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request, f"{relationship.relative.full_name} is no longer in the family network"
            )
            return redirect("people:family", child.pk)
    return render(
        request,
        "people/relationship_end.html",
        {
            "form": form,
            "child": child,
            "relationship": relationship,
            "back_href": reverse("people:family", args=[child.pk]),
        },
    )
