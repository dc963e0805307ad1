"""Leaving care pages. A young person is reached through `access.young_person_for` (404 and an
audited refusal for outsiders); lists through `access.young_people_listed_for` (restricted
records the user is not named on come back masked). Views are thin: scope -> form -> service
-> message -> redirect."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from hearth.accounts.models import User
from hearth.care_leavers import forms, presenters, rules, selectors, services
from hearth.care_leavers.access import (
    young_people_listed_for,
    young_person_for,
)
from hearth.casework.presenters import url_builder
from hearth.core.audit import Auditor
from hearth.front_door.forms import apply_service_errors
from hearth.people.models import Person
from hearth.timescales.engine import due_items


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _person(request: HttpRequest, child_id: int) -> Person:
    return young_person_for(_user(request), child_id, audit_view=request.method == "GET")


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _back(person: Person) -> str:
    return reverse("care_leavers:young_person", args=[person.pk])


def _form_page(
    request: HttpRequest,
    person: Person,
    form: Any,
    *,
    title: str,
    save: Callable[[dict[str, Any]], Any],
    done: str,
    template: str = "care_leavers/form.html",
    button: str = "Save",
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            save(dict(form.cleaned_data))
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(_back(person))
    return render(
        request,
        template,
        {
            "form": form,
            "title": title,
            "caption": person.full_name,
            "back": _back(person),
            "button": button,
        },
    )


# --- Lists ---------------------------------------------------------------------------------


def _list_rows(request: HttpRequest) -> tuple[list[selectors.CareLeaverRow], Any]:
    user = _user(request)
    today = timezone.localdate()
    rows = selectors.cohort_rows(today, scope=young_people_listed_for(user, today=today))
    Auditor(user=user).record(
        action="view", object_type="care_leavers.list", summary="Viewed a leaving care list"
    )
    return rows, today


def service(request: HttpRequest) -> HttpResponse:
    """The leaving care service's list: every care leaver the service owes a duty to, with no
    adviser first, then the longest out of touch; counts for each gap."""
    rows, today = _list_rows(request)
    owed = sorted((r for r in rows if r.owed_duty), key=presenters.urgency)
    show = request.GET.get("show", "all")
    if show not in presenters.FILTERS:
        show = "all"
    label, keep = presenters.FILTERS[show]
    shown = [r for r in owed if keep(r)]
    page = Paginator(shown, presenters.SERVICE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "care_leavers/service.html",
        {
            "today": today,
            "counts": presenters.counts(owed),
            "filters": [(key, text) for key, (text, _) in presenters.FILTERS.items()],
            "show": show,
            "show_label": label,
            "page": page,
            "rows": presenters.display_rows(
                list(page), today, url_builder("care_leavers:young_person")
            ),
        },
    )


def transition(request: HttpRequest) -> HttpResponse:
    """Children in care from 15 and a half (configurable) and eligible children: who needs an
    adviser by 16, and who has one."""
    rows, today = _list_rows(request)
    in_care = [
        r
        for r in rows
        if r.eligibility.category in (rules.TRANSITION, rules.ELIGIBLE)
        and r.history.looked_after_on(today)
    ]
    in_care.sort(key=lambda r: (r.allocation is not None, r.history.born))
    return render(
        request,
        "care_leavers/transition.html",
        {
            "today": today,
            "months": rules.transition_age_months(),
            "rows": [
                {
                    "row": r,
                    "url": "" if r.masked else reverse("care_leavers:young_person", args=[r.pk]),
                    "sixteen": rules.birthday(r.history.born, 16),
                    "adviser": presenters.adviser_text(r),
                }
                for r in in_care
            ],
        },
    )


def caseload(request: HttpRequest) -> HttpResponse:
    """The personal adviser's caseload: their young people, gaps first, and what is due. A
    restricted young person the adviser is not named on counts on the caseload as a masked
    row but shows no work (like My work)."""
    user = _user(request)
    today = timezone.localdate()
    people = list(
        young_people_listed_for(user, today=today)
        .filter(adviser_allocations__adviser=user, adviser_allocations__end_date__isnull=True)
        .only(*selectors.PERSON_FIELDS)
    )
    rows = sorted(selectors.cohort_rows(today, people=people), key=presenters.urgency)
    url = url_builder("care_leavers:young_person")
    names = {r.pk: r.person.display_name for r in rows if not r.masked}
    wanted = {
        "care_leaver_contact",
        "pathway_plan_review_6m",
        "pathway_plan_review_change",
        "needs_assessment_3m_after_16",
    }
    items = [
        item
        for item in due_items(list(names), today=today)
        if item.assignee_id in (None, user.pk) and item.rule.id in wanted
    ]
    items.sort(key=lambda item: (not item.is_overdue(today), item.due))
    due = [
        {
            "item": item,
            "name": names[item.child_id],
            "url": url(item.child_id),
            "status": item.status_label(today),
            "overdue": item.is_overdue(today),
        }
        for item in items
    ]
    Auditor(user=user).record(
        action="view", object_type="care_leavers.caseload", summary="Viewed the adviser caseload"
    )
    return render(
        request,
        "care_leavers/caseload.html",
        {
            "today": today,
            "counts": presenters.counts(rows),
            "rows": presenters.display_rows(rows, today, url),
            "due": due,
        },
    )


# --- The young person's leaving care record ------------------------------------------------


def young_person(request: HttpRequest, child_id: int) -> HttpResponse:
    person = _person(request, child_id)
    today = timezone.localdate()
    row = selectors.row_for(person, today)
    eligibility = (
        row.eligibility
        if row
        else rules.eligibility(
            selectors.histories([person]).get(person.pk)
            or rules.CareHistory.of(person.date_of_birth or today, []),
            today,
        )
    )
    plans = list(
        person.pathway_plans.prefetch_related("sections__actions").select_related("recorded_by")
    )
    return render(
        request,
        "care_leavers/young_person.html",
        {
            "person": person,
            "today": today,
            "row": row,
            "eligibility": eligibility,
            "contact_tag": presenters.contact_tag(row) if row else None,
            "plan_text": presenters.plan_text(row, today) if row else "",
            "entitlement_text": presenters.entitlement_text(row) if row else "",
            "plan": plans[0] if plans else None,
            "earlier_plans": plans[1:],
            "allocations": list(person.adviser_allocations.select_related("adviser", "created_by")),
            "contacts": list(person.leaving_care_contacts.select_related("recorded_by")[:20]),
            "assessments": list(person.leaving_care_assessments.all()),
            "accommodation": list(person.leaving_care_accommodation.all()),
            "activities": list(person.leaving_care_activities.all()),
            "changes": list(person.leaving_care_changes.all()),
            "entitlements": list(person.leaving_care_entitlements.all()),
            "support_requests": list(person.support_requests.all()),
            "frequencies": list(person.leaving_care_frequencies.all()[:1]),
            "ends": list(person.leaving_care_ends.all()),
            "detentions": list(person.leaving_care_detentions.all()[:1]),
            "case_move": selectors.case_move_due(person, today, row) if row else None,
            "case": person.allocations.current(today).select_related("worker", "team").first(),
        },
    )


def adviser_new(request: HttpRequest, child_id: int) -> HttpResponse:
    person = _person(request, child_id)
    form = forms.AdviserForm(_posted(request))

    def save(d: dict[str, Any]) -> None:
        services.adviser_allocate(
            user=_user(request),
            young_person=person,
            adviser=d["adviser"],
            start_date=d["start_date"],
            joint_visit_on=d.get("joint_visit_on"),
            joint_visit_attended=d.get("joint_visit_attended", ""),
            no_joint_visit_reason=d.get("no_joint_visit_reason", ""),
        )

    return _form_page(
        request,
        person,
        form,
        title="Allocate a personal adviser",
        save=save,
        done="Personal adviser allocated",
    )


def needs_assessment_new(request: HttpRequest, child_id: int) -> HttpResponse:
    person = _person(request, child_id)
    form = forms.NeedsAssessmentForm(_posted(request))

    def save(d: dict[str, Any]) -> None:
        services.needs_assessment_record(user=_user(request), young_person=person, **d)

    return _form_page(
        request,
        person,
        form,
        title="Record the needs assessment",
        save=save,
        done="Needs assessment recorded",
    )


def pathway_plan_new(request: HttpRequest, child_id: int) -> HttpResponse:
    person = _person(request, child_id)
    initial = {"reason": "scheduled" if person.pathway_plans.exists() else "first"}
    form = forms.PathwayPlanForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.pathway_plan_record(
                user=_user(request),
                young_person=person,
                plan_date=form.cleaned_data["plan_date"],
                reason=form.cleaned_data["reason"],
                young_persons_views=form.cleaned_data["young_persons_views"],
                sections=form.sections(),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Pathway plan recorded")
            return redirect(_back(person))
    return render(
        request,
        "care_leavers/pathway_plan_form.html",
        {"form": form, "person": person, "back": _back(person)},
    )


def contact_new(request: HttpRequest, child_id: int) -> HttpResponse:
    person = _person(request, child_id)
    form = forms.ContactForm(_posted(request))

    def save(d: dict[str, Any]) -> None:
        services.contact_record(user=_user(request), young_person=person, **d)

    return _form_page(
        request, person, form, title="Record a contact", save=save, done="Contact recorded"
    )


def frequency_new(request: HttpRequest, child_id: int) -> HttpResponse:
    person = _person(request, child_id)
    form = forms.FrequencyForm(_posted(request))

    def save(d: dict[str, Any]) -> None:
        services.contact_frequency_set(
            user=_user(request),
            young_person=person,
            weeks=d["weeks"],
            reason=d["reason"],
            set_on=timezone.localdate(),
        )

    return _form_page(
        request,
        person,
        form,
        title="Set how often to keep in touch",
        save=save,
        done="Contact frequency set",
    )


def accommodation_new(request: HttpRequest, child_id: int) -> HttpResponse:
    person = _person(request, child_id)
    form = forms.AccommodationForm(_posted(request))

    def save(d: dict[str, Any]) -> None:
        services.accommodation_record(
            user=_user(request),
            young_person=person,
            start_date=d["start_date"],
            accommodation_type=d["accommodation_type"],
            suitable=d["suitable"] == "yes",
            suitability_reason=d["suitability_reason"],
            with_parent=d.get("with_parent", False),
            staying_close=d.get("staying_close", False),
        )

    return _form_page(
        request,
        person,
        form,
        title="Record a move of accommodation",
        save=save,
        done="Accommodation recorded",
    )


def activity_new(request: HttpRequest, child_id: int) -> HttpResponse:
    person = _person(request, child_id)
    form = forms.ActivityForm(_posted(request))

    def save(d: dict[str, Any]) -> None:
        services.activity_record(user=_user(request), young_person=person, **d)

    return _form_page(
        request,
        person,
        form,
        title="Record education, training or employment",
        save=save,
        done="Activity recorded",
    )


def change_new(request: HttpRequest, child_id: int) -> HttpResponse:
    person = _person(request, child_id)
    form = forms.ChangeForm(_posted(request))

    def save(d: dict[str, Any]) -> None:
        services.circumstance_change_record(user=_user(request), young_person=person, **d)

    return _form_page(
        request,
        person,
        form,
        title="Record a significant change",
        save=save,
        done="Change recorded: the pathway plan is due for review",
    )


def entitlement_new(request: HttpRequest, child_id: int) -> HttpResponse:
    person = _person(request, child_id)
    form = forms.EntitlementForm(_posted(request))

    def save(d: dict[str, Any]) -> None:
        services.entitlement_record(user=_user(request), young_person=person, **d)

    return _form_page(
        request,
        person,
        form,
        title="Record an entitlement given",
        save=save,
        done="Entitlement recorded",
    )


def support_request_new(request: HttpRequest, child_id: int) -> HttpResponse:
    person = _person(request, child_id)
    form = forms.SupportRequestForm(_posted(request))

    def save(d: dict[str, Any]) -> None:
        services.support_request_record(user=_user(request), young_person=person, **d)

    return _form_page(
        request,
        person,
        form,
        title="Record a request for support to 25",
        save=save,
        done="Request for support to 25 recorded",
    )


def health_history_new(request: HttpRequest, child_id: int) -> HttpResponse:
    person = _person(request, child_id)
    form = forms.HealthHistoryForm(_posted(request))

    def save(d: dict[str, Any]) -> None:
        services.health_history_given_record(user=_user(request), young_person=person, **d)

    return _form_page(
        request,
        person,
        form,
        title="Record that the health history was given",
        save=save,
        done="Health history recorded",
    )


def service_end_new(request: HttpRequest, child_id: int) -> HttpResponse:
    person = _person(request, child_id)
    form = forms.ServiceEndForm(_posted(request))

    def save(d: dict[str, Any]) -> None:
        services.service_end_record(user=_user(request), young_person=person, **d)

    return _form_page(
        request,
        person,
        form,
        title="End the leaving care service",
        save=save,
        done="Leaving care service ended",
    )


def detention_new(request: HttpRequest, child_id: int) -> HttpResponse:
    """Detained or in hospital on the 16th birthday (the reg 3 relevant category)."""
    person = _person(request, child_id)
    form = forms.DetentionForm(_posted(request))

    def save(d: dict[str, Any]) -> None:
        services.detention_at_16_record(user=_user(request), young_person=person, **d)

    return _form_page(
        request,
        person,
        form,
        title="Record detention or hospital on the 16th birthday",
        save=save,
        done="Detention or hospital on the 16th birthday recorded",
    )


def case_move(request: HttpRequest, child_id: int) -> HttpResponse:
    """Care has ended: move the case to the personal adviser (confirmation page, then POST)."""
    person = _person(request, child_id)
    move = selectors.case_move_due(person, timezone.localdate())
    if request.method == "POST":
        try:
            services.case_move_to_adviser(user=_user(request), young_person=person)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "The case has moved to the personal adviser")
        return redirect(_back(person))
    return render(
        request,
        "care_leavers/case_move.html",
        {"person": person, "move": move, "back": _back(person)},
    )
