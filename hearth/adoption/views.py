"""Adoption and permanence pages. Every child page reaches the child through `child_for` (404
and an audited refusal for outsiders) and reads the child's records through that child;
adopter pages read families through `AdopterFamily.objects.visible_to(user)`. Views are thin:
scope -> form -> service -> message -> redirect."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from hearth.accounts.models import Role, User
from hearth.adoption import forms, presenters, selectors, services
from hearth.adoption.models import (
    AdopterFamily,
    AdoptionJourney,
    LaterLifeLetter,
    PreviousPermanence,
)
from hearth.adoption.querysets import ADOPTER_READ_ROLES, ADOPTER_WORK_ROLES
from hearth.core.audit import Auditor
from hearth.core.form_pages import form_saved
from hearth.people.access import child_for
from hearth.people.models import Person

WORKING_ROLES = frozenset({Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER})


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _child(request: HttpRequest, child_id: int) -> Person:
    if request.method == "POST" and _user(request).role not in WORKING_ROLES:
        child_for(_user(request), child_id, audit_view=False)
        raise Http404("Not found")
    return child_for(_user(request), child_id, audit_view=request.method == "GET")


def _journey(person: Person, pk: int) -> AdoptionJourney:
    found = person.adoption_journeys.select_related("period", "family").filter(pk=pk).first()
    if found is None:
        raise Http404("No such adoption journey")
    return found


def _form_page(
    request: HttpRequest,
    form: Any,
    *,
    title: str,
    button: str,
    save: Callable[[dict[str, Any]], Any],
    done: str,
    back: str,
    caption: str,
    intro: str = "",
    saved: Callable[[], dict[str, Any]] | None = None,
    lock: Person | None = None,
) -> HttpResponse:
    """A page with one form (see `form_saved`), back to `back` once saved. `saved` (with the
    child to `lock`) makes it an edit page."""
    if form_saved(request, form, save=save, done=done, saved=saved, lock=lock):
        return redirect(back)
    return render(
        request,
        "adoption/form.html",
        {
            "form": form,
            "title": title,
            "button": button,
            "intro": intro,
            "back": back,
            "caption": caption,
        },
    )


def _child_page(request: HttpRequest, person: Person, form: Any, **kwargs: Any) -> HttpResponse:
    return _form_page(
        request,
        form,
        back=reverse("adoption:child", args=[person.pk]),
        caption=person.full_name,
        **kwargs,
    )


# --- The child's adoption and permanence page -------------------------------------------------


def child(request: HttpRequest, child_id: int) -> HttpResponse:
    person = _child(request, child_id)
    today = timezone.localdate()
    page = presenters.ChildPage.for_child(person, today)
    return render(
        request,
        "adoption/child.html",
        {"child": person, "page": page, "can_work": _user(request).role in WORKING_ROLES},
    )


def decision_new(request: HttpRequest, child_id: int) -> HttpResponse:
    person = _child(request, child_id)
    form = forms.DecisionForm(_posted(request))
    return _child_page(
        request,
        person,
        form,
        title="Decision that the child should be placed for adoption",
        button="Save decision",
        save=lambda d: services.adoption_decision_record(
            user=_user(request),
            child=person,
            decision_on=d["date"],
            decision_maker=d["decision_maker"],
        ),
        done="Decision recorded",
    )


def placement_order(request: HttpRequest, child_id: int, pk: int) -> HttpResponse:
    person = _child(request, child_id)
    journey = _journey(person, pk)
    form = forms.DateForm(_posted(request))
    return _child_page(
        request,
        person,
        form,
        title="Placement order",
        button="Save placement order",
        intro="If the child is looked after, their legal status becomes E1 (placement order "
        "granted) from this date, with a new episode.",
        save=lambda d: services.placement_order_record(
            user=_user(request), journey=journey, on=d["date"]
        ),
        done="Placement order recorded",
    )


def ffa(request: HttpRequest, child_id: int, pk: int) -> HttpResponse:
    person = _child(request, child_id)
    journey = _journey(person, pk)
    families = selectors.ffa_families()
    form = forms.FFAForm(_posted(request), families=families)

    def save(d: dict[str, Any]) -> Any:
        family = next((f for f in families if str(f.pk) == d.get("family")), None)
        return services.ffa_placement_record(
            user=_user(request),
            journey=journey,
            on=d["date"],
            placement=form.placement(),
            reason_place_change=d["reason_place_change"],
            family=family,
        )

    return _child_page(
        request,
        person,
        form,
        title="Fostering for adoption or concurrent planning placement",
        button="Save placement",
        intro="A foster placement (U2 with relatives or friends, U5 with other carers) with "
        "carers who are approved to adopt. It starts a new episode.",
        save=save,
        done="Placement recorded: a new episode has started",
    )


def match(request: HttpRequest, child_id: int, pk: int) -> HttpResponse:
    person = _child(request, child_id)
    journey = _journey(person, pk)
    families = selectors.families_to_match()
    form = forms.MatchForm(_posted(request), families=families)
    return _child_page(
        request,
        person,
        form,
        title="Match with prospective adopters",
        button="Save match",
        save=lambda d: services.match_record(
            user=_user(request),
            journey=journey,
            on=d["date"],
            family=next((f for f in families if str(f.pk) == d["family"]), None),
        ),
        done="Match recorded",
    )


def placed(request: HttpRequest, child_id: int, pk: int) -> HttpResponse:
    person = _child(request, child_id)
    journey = _journey(person, pk)
    form = forms.PlacedForm(_posted(request))
    return _child_page(
        request,
        person,
        form,
        title="Placed for adoption",
        button="Save placement",
        intro="A3 and A5 are placements with the child's current foster carers; A3 and A4 are "
        "with parental consent, A5 and A6 under the placement order. It starts a new episode.",
        save=lambda d: services.placed_for_adoption_record(
            user=_user(request),
            journey=journey,
            on=d["date"],
            placement=form.placement(),
            reason_place_change=d["reason_place_change"],
        ),
        done="Placement for adoption recorded: a new episode has started",
    )


def adoption_order(request: HttpRequest, child_id: int, pk: int) -> HttpResponse:
    person = _child(request, child_id)
    journey = _journey(person, pk)
    form = forms.AdoptionOrderForm(_posted(request))
    return _child_page(
        request,
        person,
        form,
        title="Adoption order",
        button="Save adoption order",
        intro="The order ends the period of care. The child's pre-adoption record is then sealed.",
        save=lambda d: services.adoption_order_record(
            user=_user(request), journey=journey, on=d["date"], reason_ceased=d["reason_ceased"]
        ),
        done="Adoption order recorded: the period of care has ended",
    )


def reverse_decision(request: HttpRequest, child_id: int, pk: int) -> HttpResponse:
    person = _child(request, child_id)
    journey = _journey(person, pk)
    form = forms.ReverseForm(_posted(request))
    return _child_page(
        request,
        person,
        form,
        title="The child should no longer be placed for adoption",
        button="Save decision",
        save=lambda d: services.decision_reverse(
            user=_user(request),
            journey=journey,
            on=d["date"],
            reason=d["reason"],
            notes=d.get("notes", ""),
        ),
        done="Decision recorded",
    )


def permanence_order(request: HttpRequest, child_id: int) -> HttpResponse:
    person = _child(request, child_id)
    form = forms.PermanenceOrderForm(_posted(request))
    return _child_page(
        request,
        person,
        form,
        title="Special guardianship or child arrangements order",
        button="Save order",
        intro="If the child is looked after, the order ends the period of care.",
        save=lambda d: services.permanence_order_record(
            user=_user(request),
            child=person,
            kind=d["kind"],
            made_on=d["made_on"],
            carers=d["carers"],
            former_foster_carers=d["former_foster_carers"],
            relatives_or_friends=d["relatives_or_friends"],
        ),
        done="Order recorded",
    )


def _saved_permanence(person: Person) -> dict[str, Any]:
    found = PreviousPermanence.objects.filter(child=person).first()  # scoped: child checked
    return {
        "prev_perm": found.prev_perm if found else None,
        "la_perm": found.la_perm if found else None,
        "date_perm": found.date_perm if found else None,
    }


def previous_permanence(request: HttpRequest, child_id: int) -> HttpResponse:
    person = _child(request, child_id)
    saved = _saved_permanence(person)
    initial = saved if saved["prev_perm"] is not None else None
    form = forms.PreviousPermanenceForm(_posted(request), initial=initial)
    return _child_page(
        request,
        person,
        form,
        title="Previous permanence",
        button="Save",
        intro="Before this period of care, was the child adopted, or under a special "
        "guardianship or child arrangements order?",
        save=lambda d: services.previous_permanence_record(
            user=_user(request),
            child=person,
            prev_perm=d["prev_perm"],
            la_perm=d.get("la_perm", ""),
            date_perm=d.get("date_perm"),
        ),
        done="Previous permanence recorded",
        saved=lambda: _saved_permanence(person),
        lock=person,
    )


def _saved_letter(person: Person) -> dict[str, Any]:
    found = LaterLifeLetter.objects.filter(child=person).first()  # scoped: child checked
    names = ("written_on", "written_by", "given_on", "notes")
    return {name: getattr(found, name) if found else None for name in names}


def later_life_letter(request: HttpRequest, child_id: int) -> HttpResponse:
    person = _child(request, child_id)
    saved = _saved_letter(person)
    initial = saved if saved["written_on"] is not None else None
    form = forms.LaterLifeLetterForm(_posted(request), initial=initial)
    return _child_page(
        request,
        person,
        form,
        title="Later-life letter",
        button="Save",
        save=lambda d: services.later_life_letter_record(
            user=_user(request),
            child=person,
            written_on=d["written_on"],
            written_by=d["written_by"],
            given_on=d.get("given_on"),
            notes=d.get("notes", ""),
        ),
        done="Later-life letter saved",
        saved=lambda: _saved_letter(person),
        lock=person,
    )


# --- Lists for the adoption team --------------------------------------------------------------


def _require_adoption_team(request: HttpRequest) -> None:
    if _user(request).role not in ADOPTER_WORK_ROLES | ADOPTER_READ_ROLES:
        raise Http404("Not found")


def children(request: HttpRequest) -> HttpResponse:
    _require_adoption_team(request)
    today = timezone.localdate()
    rows = selectors.adoption_children(_user(request), today)
    return render(request, "adoption/children.html", {"rows": rows, "today": today})


SHOW = {"in_process": "In the process", "left": "Left the process", "all": "Everyone"}


def adopters(request: HttpRequest) -> HttpResponse:
    _require_adoption_team(request)
    today = timezone.localdate()
    show = request.GET.get("show", "in_process")
    if show not in SHOW:
        show = "in_process"
    rows = selectors.adopter_rows(_user(request), today, show=show)
    return render(
        request,
        "adoption/adopters.html",
        {
            "rows": rows,
            "show": show,
            "shows": SHOW,
            "today": today,
            "can_work": _user(request).role in ADOPTER_WORK_ROLES,
        },
    )


def _family(request: HttpRequest, pk: int, *, work: bool = False) -> AdopterFamily:
    user = _user(request)
    found = (
        AdopterFamily.objects.visible_to(user)
        .select_related("team", "worker")
        .filter(pk=pk)
        .first()
    )
    if found is None or (work and user.role not in ADOPTER_WORK_ROLES):
        Auditor(user=user).denied(
            object_type="adoption.adopterfamily", object_id=pk, summary="Not the adoption team"
        )
        raise Http404("Not found")
    return found


def adopter_new(request: HttpRequest) -> HttpResponse:
    _require_adoption_team(request)
    if _user(request).role not in ADOPTER_WORK_ROLES:
        raise Http404("Not found")
    form = forms.EnquiryForm(_posted(request))
    created: list[AdopterFamily] = []

    def save(d: dict[str, Any]) -> Any:
        family = services.adopter_enquiry_record(
            user=_user(request),
            name=d["name"],
            source=d["source"],
            enquiry_on=d["enquiry_on"],
            sex_code=d["sex_code"],
            legal_status=d["legal_status"],
            adopters=form.adopters(),
            fostering_for_adoption=d["fostering_for_adoption"],
        )
        created.append(family)
        return family

    response = _form_page(
        request,
        form,
        title="New adopter enquiry",
        button="Save enquiry",
        save=save,
        done="Enquiry recorded",
        back=reverse("adoption:adopters"),
        caption="Adopters",
    )
    if created:
        return redirect("adoption:adopter", created[0].pk)
    return response


def adopter(request: HttpRequest, pk: int) -> HttpResponse:
    family = _family(request, pk)
    Auditor(user=_user(request)).viewed(family, child_id=None, summary="Adopter family viewed")
    today = timezone.localdate()
    return render(
        request,
        "adoption/adopter.html",
        {
            "family": family,
            "adopters": list(family.adopters.all()),
            "journeys": list(family.journeys.select_related("child")),
            "steps": presenters.family_steps(family),
            "clock": selectors.family_clock(family, today) if not family.approved_on else None,
            "today": today,
            "can_work": _user(request).role in ADOPTER_WORK_ROLES,
        },
    )


def _family_page(request: HttpRequest, family: AdopterFamily, form: Any, **kw: Any) -> Any:
    return _form_page(
        request,
        form,
        back=reverse("adoption:adopter", args=[family.pk]),
        caption=str(family),
        **kw,
    )


def adopter_stage(request: HttpRequest, pk: int) -> HttpResponse:
    family = _family(request, pk, work=True)
    form = forms.StageForm(_posted(request), family=family)
    return _family_page(
        request,
        family,
        form,
        title="Record the next stage",
        button="Save stage",
        save=lambda d: services.adopter_stage_record(
            user=_user(request), family=family, stage=d["stage"], on=d["date"]
        ),
        done="Stage recorded",
    )


def adopter_leave(request: HttpRequest, pk: int) -> HttpResponse:
    family = _family(request, pk, work=True)
    form = forms.LeaveForm(_posted(request))
    return _family_page(
        request,
        family,
        form,
        title="Left the adoption process",
        button="Save",
        save=lambda d: services.adopter_leave_record(
            user=_user(request),
            family=family,
            on=d["date"],
            reason=d["reason"],
            notes=d.get("notes", ""),
        ),
        done="Recorded that they left the adoption process",
    )


@require_POST
def adopter_restart(request: HttpRequest, pk: int) -> HttpResponse:
    family = _family(request, pk, work=True)
    try:
        services.adopter_restart(user=_user(request), family=family)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, "The adoption process has restarted")
    return redirect("adoption:adopter", family.pk)
