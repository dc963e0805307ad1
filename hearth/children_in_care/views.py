"""Children in care pages. Every child page reaches the child through `child_for` (404 and an
audited refusal for outsiders) and reads records through that child. Views are thin:
scope -> form -> service -> message -> redirect."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from hearth.accounts.models import Role, User
from hearth.adoption.models import PreviousPermanence
from hearth.casework.models import VISIT_TYPES
from hearth.children_in_care import forms, presenters, selectors, services, validation
from hearth.children_in_care.models import PeriodOfCare
from hearth.core.form_pages import form_saved
from hearth.people.access import child_for
from hearth.people.models import Person

WORKING_ROLES = frozenset({Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER, Role.IRO})
IRO_ROLES = frozenset({Role.IRO})
REPORT_ROLES = frozenset(
    {Role.TEAM_MANAGER, Role.SERVICE_MANAGER, Role.SENIOR_LEADER, Role.QA_OFFICER, Role.IRO}
)


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _child(request: HttpRequest, child_id: int, roles: frozenset[str] = WORKING_ROLES) -> Person:
    if request.method == "POST" and _user(request).role not in roles:
        child_for(_user(request), child_id, audit_view=False)
        raise Http404("Not found")
    return child_for(_user(request), child_id, audit_view=request.method == "GET")


def _period(person: Person, pk: int, *, open_only: bool = True) -> PeriodOfCare:
    found = person.care_periods.filter(pk=pk).first()
    if found is None or (open_only and found.end_date is not None):
        raise Http404("No open period of care")
    return found


def _fixes(person: Person) -> dict[str, tuple[str, str]]:
    """Refusals whose fix is recorded on another page: the message, and where to go."""
    return {
        validation.ADOPTION_DECISION_FIRST: (
            "Record the decision that the child should be placed for adoption",
            reverse("adoption:decision_new", args=[person.pk]),
        ),
    }


def _fix_links(form: Any, person: Person) -> list[tuple[str, str]]:
    shown = [str(m) for messages_ in form.errors.values() for m in messages_]
    return [link for message, link in _fixes(person).items() if message in shown]


def _form_page(
    request: HttpRequest,
    person: Person,
    form: Any,
    *,
    title: str,
    button: str,
    save: Callable[[dict[str, Any]], Any],
    done: str,
    intro: str = "",
    back: str = "children_in_care:child",
    saved: Callable[[], dict[str, Any]] | None = None,
    lock: Any = None,
    links: tuple[tuple[str, str], ...] = (),
) -> HttpResponse:
    """A page about the child with one form (see `form_saved`), back to the page `back` once
    saved."""
    if form_saved(request, form, save=save, done=done, saved=saved, lock=lock):
        return redirect(back, person.pk)
    return render(
        request,
        "children_in_care/form.html",
        {
            "child": person,
            "form": form,
            "title": title,
            "button": button,
            "intro": intro,
            "back": back,
            "fix_links": [*links, *(_fix_links(form, person) if form.is_bound else [])],
        },
    )


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def child(request: HttpRequest, child_id: int) -> HttpResponse:
    person = _child(request, child_id)
    today = timezone.localdate()
    periods = list(person.care_periods.for_page())
    open_period = next((p for p in periods if p.end_date is None), None)
    return render(
        request,
        "children_in_care/child.html",
        {
            "child": person,
            "periods": [presenters.PeriodView(p, person, today) for p in periods],
            "open_period": open_period,
            "unassessed_siblings": selectors.siblings_without_assessment(person, open_period, today)
            if open_period
            else [],
            "visits": selectors.visits_for_bedroom(person),
            "can_work": _user(request).role in WORKING_ROLES,
            "is_iro": _user(request).role in IRO_ROLES,
            "today": today,
            "code": presenters.code,
            "distance": presenters.distance,
            "placement_area": presenters.placement_area,
        },
    )


def _start_initial(person: Person) -> dict[str, Any]:
    """What is already known of the questions the start of care asks again."""
    initial: dict[str, Any] = {
        "upn": person.upn,
        "upn_unknown_reason": person.upn_unknown_reason,
    }
    known = PreviousPermanence.objects.filter(child=person).first()  # scoped: child checked
    if known is not None:
        initial.update(prev_perm=known.prev_perm, la_perm=known.la_perm, date_perm=known.date_perm)
    return initial


def period_start(request: HttpRequest, child_id: int) -> HttpResponse:
    person = _child(request, child_id)
    form = forms.PeriodStartForm(_posted(request), initial=_start_initial(person))

    def save(data: dict[str, Any]) -> Any:
        iro = User.objects.filter(pk=data.get("iro") or 0, role=Role.IRO).first()
        return services.care_period_start(
            user=_user(request),
            child=person,
            start_date=data["date"],
            decision_by=User.objects.get(pk=data["decision_by"]),
            decision_date=data["decision_date"],
            decision_reason=data["decision_reason"],
            legal_status=data["legal_status"],
            category_of_need=data["category_of_need"],
            placement=form.placement(),
            home_postcode=data["home_postcode"],
            iro=iro,
            previous_permanence=form.previous_permanence(),
            upn=form.upn_answer(),
        )

    return _form_page(
        request,
        person,
        form,
        title="Start a period of care",
        button="Save",
        save=save,
        done="Period of care started",
        # The UPN and previous permanence are saved values the page shows again: a change
        # someone saves meanwhile is not overwritten unseen.
        saved=lambda: _start_initial(person),
        lock=person,
    )


def legal_status(request: HttpRequest, child_id: int, pk: int) -> HttpResponse:
    person = _child(request, child_id)
    period = _period(person, pk)
    form = forms.LegalStatusForm(_posted(request))
    return _form_page(
        request,
        person,
        form,
        title="Change of legal status",
        button="Save",
        save=lambda d: services.legal_status_change(
            user=_user(request), period=period, on=d["date"], legal_status=d["legal_status"]
        ),
        done="Legal status changed: a new episode has started",
    )


def placement(request: HttpRequest, child_id: int, pk: int) -> HttpResponse:
    person = _child(request, child_id)
    period = _period(person, pk)
    form = forms.PlacementChangeForm(_posted(request))
    return _form_page(
        request,
        person,
        form,
        title="Change of placement",
        button="Save",
        save=lambda d: services.placement_change(
            user=_user(request),
            period=period,
            on=d["date"],
            placement=form.placement(),
            reason_place_change=d.get("reason_place_change", ""),
            same_carer=d.get("same_carer", False),
            legal_status=d.get("legal_status") or None,
            notice_given_on=d.get("notice_given_on"),
        ),
        done="Placement changed: a new episode has started",
    )


def period_end(request: HttpRequest, child_id: int, pk: int) -> HttpResponse:
    person = _child(request, child_id)
    period = _period(person, pk)
    form = forms.CareEndForm(_posted(request))
    return _form_page(
        request,
        person,
        form,
        title="End the period of care",
        button="End care",
        save=lambda d: services.care_period_end(
            user=_user(request),
            period=period,
            on=d["date"],
            reason_episode_ceased=d["reason_episode_ceased"],
        ),
        done="Period of care ended",
    )


def care_plan_new(request: HttpRequest, child_id: int, pk: int) -> HttpResponse:
    person = _child(request, child_id)
    period = _period(person, pk, open_only=False)
    form = forms.CarePlanForm(_posted(request))
    return _form_page(
        request,
        person,
        form,
        title="Record the care plan",
        button="Save care plan",
        save=lambda d: services.care_plan_record(
            user=_user(request),
            period=period,
            agreed_on=d["date"],
            summary=d["summary"],
            child_wishes=d["child_wishes"],
            actions=form.actions(),
        ),
        done="Care plan recorded",
    )


def placement_plan_new(request: HttpRequest, child_id: int, pk: int) -> HttpResponse:
    person = _child(request, child_id)
    episode = person.care_episodes.filter(pk=pk).first()
    if episode is None:
        raise Http404("No episode")
    form = forms.PlacementPlanForm(_posted(request))
    return _form_page(
        request,
        person,
        form,
        title="Record the placement plan",
        button="Save placement plan",
        save=lambda d: services.placement_plan_record(
            user=_user(request),
            episode=episode,
            agreed_on=d["date"],
            agreed_with_carer=d.get("agreed_with_carer", False),
            summary=d["summary"],
            actions=form.actions(),
        ),
        done="Placement plan recorded",
    )


def review_new(request: HttpRequest, child_id: int, pk: int) -> HttpResponse:
    person = _child(request, child_id)
    period = _period(person, pk, open_only=False)
    form = forms.ReviewForm(_posted(request))
    return _form_page(
        request,
        person,
        form,
        title="Record a looked after review",
        button="Complete review",
        save=lambda d: services.review_record(
            user=_user(request),
            period=period,
            held_on=d["date"],
            iro=form.iro_user(),
            attendance=d["attendance"],
            participation=d["participation"],
            views_sought=d["views_sought"],
            child_views=d["child_views"],
            recommendations=d.get("recommendations", ""),
            decisions=form.decisions(),
            permanence=form.permanence(),
            life_story_status=d.get("life_story_status", ""),
        ),
        done="Review recorded",
        intro="Decisions: what, who is responsible and by when.",
    )


def permanence_new(request: HttpRequest, child_id: int, pk: int) -> HttpResponse:
    person = _child(request, child_id)
    period = _period(person, pk)
    form = forms.PermanenceForm(_posted(request))
    return _form_page(
        request,
        person,
        form,
        title="Record the permanence plan",
        button="Save",
        save=lambda d: services.permanence_plan_record(
            user=_user(request),
            period=period,
            agreed_on=d["date"],
            plan=d["plan"],
            contingency=d["contingency"],
            rationale=d["rationale"],
        ),
        done="Permanence plan recorded",
    )


def challenge_new(request: HttpRequest, child_id: int, pk: int) -> HttpResponse:
    person = _child(request, child_id, IRO_ROLES)
    period = _period(person, pk, open_only=False)
    form = forms.ChallengeForm(_posted(request))
    return _form_page(
        request,
        person,
        form,
        title="Raise an IRO challenge",
        button="Raise challenge",
        save=lambda d: services.iro_challenge_raise(
            user=_user(request),
            period=period,
            raised_on=d["date"],
            issue=d["issue"],
            addressed_to=d["addressed_to"],
        ),
        done="Challenge raised",
    )


def challenge(request: HttpRequest, child_id: int, pk: int) -> HttpResponse:
    person = _child(request, child_id, IRO_ROLES)
    found = (
        person.iro_challenges.select_related("iro").prefetch_related("steps").filter(pk=pk).first()
    )
    if found is None:
        raise Http404("No challenge")
    action = request.POST.get("action") if request.method == "POST" else None
    escalate = forms.EscalateForm(request.POST if action == "escalate" else None, prefix="escalate")
    resolve = forms.ResolveForm(request.POST if action == "resolve" else None, prefix="resolve")
    # Only the form of the action posted is bound, so at most one of them saves.
    if form_saved(
        request,
        escalate,
        save=lambda d: services.iro_challenge_escalate(
            user=_user(request),
            challenge=found,
            on=d["date"],
            outcome=d["outcome"],
            addressed_to=d["addressed_to"],
        ),
        done="Challenge escalated",
    ) or form_saved(
        request,
        resolve,
        save=lambda d: services.iro_challenge_resolve(
            user=_user(request), challenge=found, on=d["date"], resolution=d["resolution"]
        ),
        done="Challenge resolved",
    ):
        return redirect("children_in_care:challenge", person.pk, pk)
    return render(
        request,
        "children_in_care/challenge.html",
        {
            "child": person,
            "challenge": found,
            "escalate": escalate,
            "resolve": resolve,
            "is_iro": _user(request).role in IRO_ROLES,
            "today": timezone.localdate(),
            "presenters": presenters,
        },
    )


def iro_contact_new(request: HttpRequest, child_id: int, pk: int) -> HttpResponse:
    person = _child(request, child_id, IRO_ROLES)
    period = _period(person, pk)
    form = forms.IROContactForm(_posted(request))
    return _form_page(
        request,
        person,
        form,
        title="Record IRO contact with the child",
        button="Save",
        save=lambda d: services.iro_contact_record(
            user=_user(request), period=period, contact_on=d["date"], how=d["how"], notes=d["notes"]
        ),
        done="IRO contact recorded",
    )


def visit_bedroom(request: HttpRequest, child_id: int, pk: int) -> HttpResponse:
    person = _child(request, child_id)
    note = person.case_notes.filter(pk=pk, note_type__in=list(VISIT_TYPES), child_seen=True).first()
    if note is None:
        raise Http404("No visit")
    form = forms.BedroomForm(_posted(request))
    return _form_page(
        request,
        person,
        form,
        title=f"Visit on {note.contact_date:%d/%m/%Y}: the child's bedroom",
        button="Save",
        save=lambda d: services.cla_visit_record(
            user=_user(request),
            case_note=note,
            bedroom_seen=d["bedroom_seen"] == "yes",
            bedroom_notes=d.get("bedroom_notes", ""),
        ),
        done="Visit recorded",
    )


def _require_report(request: HttpRequest) -> None:
    if _user(request).role not in REPORT_ROLES:
        raise Http404("Not found")


def reviews_due(request: HttpRequest) -> HttpResponse:
    _require_report(request)
    today = timezone.localdate()
    rows = selectors.reviews_due(_user(request), today)
    return render(request, "children_in_care/reviews_due.html", {"rows": rows, "today": today})


def challenges(request: HttpRequest) -> HttpResponse:
    _require_report(request)
    today = timezone.localdate()
    rows = selectors.open_challenges(_user(request), today)
    return render(request, "children_in_care/challenges.html", {"rows": rows, "today": today})


def permanence(request: HttpRequest) -> HttpResponse:
    _require_report(request)
    today = timezone.localdate()
    flagged = request.GET.get("show") == "drift"
    rows = selectors.permanence_tracker(_user(request), today, flagged_only=flagged)
    return render(
        request,
        "children_in_care/permanence.html",
        {
            "rows": rows,
            "rows_html": presenters.tracker_rows_html(rows),
            "today": today,
            "flagged": flagged,
        },
    )


# --- Health ----------------------------------------------------------------------------------


def _topic_page(
    request: HttpRequest, child_id: int, topic: str, read: Callable[[Person, date], Any]
) -> HttpResponse:
    """The child's health or education page: `read` gives what the page shows as `topic`."""
    person = _child(request, child_id)
    today = timezone.localdate()
    return render(
        request,
        f"children_in_care/{topic}.html",
        {
            "child": person,
            topic: read(person, today),
            "open_period": person.care_periods.open().first(),
            "can_work": _user(request).role in WORKING_ROLES,
            "today": today,
        },
    )


def _record_page(
    request: HttpRequest,
    child_id: int,
    kind: str,
    *,
    records: dict[str, tuple[type[Any], str, str]],
    save: Callable[[str, User, Person, dict[str, Any]], Any],
    back: str,
) -> HttpResponse:
    """The form for one `kind` of record (its form, title and message in `records`)."""
    if kind not in records:
        raise Http404("Not found")
    person = _child(request, child_id)
    form_class, title, done = records[kind]
    return _form_page(
        request,
        person,
        form_class(_posted(request)),
        title=title,
        button="Save",
        save=lambda d: save(kind, _user(request), person, d),
        done=done,
        back=back,
    )


def health(request: HttpRequest, child_id: int) -> HttpResponse:
    return _topic_page(request, child_id, "health", selectors.health_for)


def health_assessment_new(request: HttpRequest, child_id: int, pk: int) -> HttpResponse:
    person = _child(request, child_id)
    period = _period(person, pk, open_only=False)
    form = forms.HealthAssessmentForm(_posted(request))
    return _form_page(
        request,
        person,
        form,
        title="Record a health assessment",
        button="Save",
        save=lambda d: services.health_assessment_record(
            user=_user(request),
            period=period,
            kind=d["kind"],
            completed_on=d["date"],
            practitioner=d["practitioner"],
            outcome=d["outcome"],
        ),
        done="Health assessment recorded",
        back="children_in_care:health",
    )


HEALTH_RECORDS: dict[str, tuple[type[Any], str, str]] = {
    "check": (
        forms.HealthCheckForm,
        "Record a dental, immunisation or development check",
        "Check recorded",
    ),
    "sdq": (forms.SDQForm, "Record a Strengths and Difficulties Questionnaire", "SDQ recorded"),
    "substance-misuse": (
        forms.SubstanceMisuseForm,
        "Record a substance misuse problem",
        "Substance misuse recorded",
    ),
    "conviction": (forms.ConvictionForm, "Record a conviction or caution", "Conviction recorded"),
    "health-history": (
        forms.HealthHistoryForm,
        "Record that the health history was given",
        "Health history recorded",
    ),
}


def _health_save(kind: str, user: User, person: Person, d: dict[str, Any]) -> Any:
    if kind == "check":
        return services.health_check_record(
            user=user,
            child=person,
            kind=d["kind"],
            checked_on=d["date"],
            up_to_date=forms.yes(d.get("up_to_date")),
            notes=d.get("notes", ""),
        )
    if kind == "sdq":
        return services.sdq_record(
            user=user,
            child=person,
            completed_on=d["date"],
            score=d.get("score"),
            reason=d.get("reason", ""),
        )
    if kind == "substance-misuse":
        return services.substance_misuse_record(
            user=user,
            child=person,
            identified_on=d["date"],
            intervention_received=bool(forms.yes(d.get("intervention_received"))),
            intervention_refused=bool(forms.yes(d.get("intervention_refused"))),
            notes=d.get("notes", ""),
        )
    if kind == "conviction":
        return services.conviction_record(
            user=user, child=person, on=d["date"], offence=d["offence"]
        )
    return services.health_history_given_record(
        user=user, child=person, given_on=d["date"], notes=d.get("notes", "")
    )


def health_record_new(request: HttpRequest, child_id: int, kind: str) -> HttpResponse:
    return _record_page(
        request,
        child_id,
        kind,
        records=HEALTH_RECORDS,
        save=_health_save,
        back="children_in_care:health",
    )


# --- Education -------------------------------------------------------------------------------


def education(request: HttpRequest, child_id: int) -> HttpResponse:
    return _topic_page(request, child_id, "education", selectors.education_for)


def pep_new(request: HttpRequest, child_id: int, pk: int) -> HttpResponse:
    person = _child(request, child_id)
    period = _period(person, pk, open_only=False)
    form = forms.PEPForm(_posted(request))
    return _form_page(
        request,
        person,
        form,
        title="Record a personal education plan meeting",
        button="Save",
        save=lambda d: services.pep_record(
            user=_user(request),
            period=period,
            held_on=d["date"],
            virtual_school_attended=forms.yes(d.get("virtual_school_attended")),
            child_views=d["child_views"],
            targets=d["targets"],
        ),
        done="Personal education plan recorded",
        back="children_in_care:education",
    )


EDUCATION_RECORDS: dict[str, tuple[type[Any], str, str]] = {
    "school": (forms.SchoolForm, "Record a new school", "School recorded"),
    "virtual-school": (
        forms.VirtualSchoolForm,
        "Record the virtual school's involvement",
        "Virtual school involvement recorded",
    ),
    "exclusion": (forms.ExclusionForm, "Record an exclusion", "Exclusion recorded"),
    "attendance": (forms.AttendanceForm, "Record attendance", "Attendance recorded"),
}


def _education_save(kind: str, user: User, person: Person, d: dict[str, Any]) -> Any:
    if kind == "school":
        return services.school_placement_record(
            user=user,
            child=person,
            school_name=d["school_name"],
            school_urn=d.get("school_urn", ""),
            started_on=d["date"],
        )
    if kind == "virtual-school":
        return services.virtual_school_contact_record(
            user=user, child=person, contact_on=d["date"], officer=d["officer"], notes=d["notes"]
        )
    if kind == "exclusion":
        return services.exclusion_record(
            user=user,
            child=person,
            kind=d["kind"],
            started_on=d["date"],
            school_days=d.get("school_days"),
            reason=d["reason"],
        )
    return services.attendance_record(
        user=user,
        child=person,
        period_from=d["period_from"],
        period_to=d["period_to"],
        sessions_possible=d["sessions_possible"],
        sessions_attended=d["sessions_attended"],
    )


def education_record_new(request: HttpRequest, child_id: int, kind: str) -> HttpResponse:
    return _record_page(
        request,
        child_id,
        kind,
        records=EDUCATION_RECORDS,
        save=_education_save,
        back="children_in_care:education",
    )


# --- Placements: siblings, matching, life story --------------------------------------------


def sibling_assessment_new(request: HttpRequest, child_id: int, pk: int) -> HttpResponse:
    person = _child(request, child_id)
    period = _period(person, pk)
    siblings = services.siblings_looked_after(person, timezone.localdate())
    form = forms.SiblingAssessmentForm(_posted(request), siblings=siblings)
    return _form_page(
        request,
        person,
        form,
        title="Brothers and sisters: together or apart",
        button="Save",
        save=lambda d: services.sibling_assessment_record(
            user=_user(request),
            period=period,
            sibling=next((s for s in siblings if str(s.pk) == d["sibling"]), None),
            assessed_on=d["date"],
            decision=d["decision"],
            reasons=d["reasons"],
            contact_plan=d.get("contact_plan", ""),
        ),
        done="Together-or-apart assessment recorded",
    )


def placement_match_new(request: HttpRequest, child_id: int, pk: int) -> HttpResponse:
    person = _child(request, child_id)
    episode = person.care_episodes.filter(pk=pk).first()
    if episode is None:
        raise Http404("No episode")
    form = forms.PlacementMatchForm(_posted(request))
    return _form_page(
        request,
        person,
        form,
        title="How the placement meets the child's needs",
        button="Save",
        save=lambda d: services.placement_match_record(
            user=_user(request), episode=episode, levels=form.levels(), notes=d.get("notes", "")
        ),
        done="Placement match recorded",
    )


def life_story_new(request: HttpRequest, child_id: int, pk: int) -> HttpResponse:
    person = _child(request, child_id)
    period = _period(person, pk, open_only=False)
    form = forms.LifeStoryForm(_posted(request))
    return _form_page(
        request,
        person,
        form,
        title="Life-story work",
        button="Save",
        save=lambda d: services.life_story_record(
            user=_user(request),
            period=period,
            updated_on=d["date"],
            status=d["status"],
            worker=d.get("worker", ""),
            materials=d.get("materials", ""),
        ),
        done="Life-story work recorded",
    )


# --- Service pages: carers, recruitment, sufficiency, Children in Care Council ---------------

MANAGER_ROLES = frozenset({Role.TEAM_MANAGER, Role.SERVICE_MANAGER, Role.SENIOR_LEADER})


def _require_manager(request: HttpRequest) -> None:
    _require_report(request)
    if request.method == "POST" and _user(request).role not in MANAGER_ROLES:
        raise Http404("Not found")


def _service_form(
    request: HttpRequest,
    form: Any,
    *,
    title: str,
    save: Callable[[dict[str, Any]], Any],
    done: str,
    back: str,
    back_args: tuple[Any, ...] = (),
    intro: str = "",
) -> HttpResponse:
    if form_saved(request, form, save=save, done=done):
        return redirect(back, *back_args)
    return render(
        request,
        "children_in_care/service_form.html",
        {
            "form": form,
            "title": title,
            "back_url": reverse(back, args=back_args),
            "intro": intro,
        },
    )


def carers(request: HttpRequest) -> HttpResponse:
    _require_report(request)
    return render(
        request,
        "children_in_care/carers.html",
        {
            "providers": selectors.providers_with_occupancy(),
            "can_manage": _user(request).role in MANAGER_ROLES,
        },
    )


def carer_new(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = forms.ProviderForm(_posted(request))
    return _service_form(
        request,
        form,
        title="Add a carer household or provider",
        save=lambda d: services.provider_record(
            user=_user(request),
            name=d["name"],
            kind=d["kind"],
            provider_code=d["provider_code"],
            urn=d.get("urn", ""),
            postcode=d.get("postcode", ""),
            approved_on=d.get("approved_on"),
            age_from=d.get("age_from"),
            age_to=d.get("age_to"),
            capacity=d["capacity"],
            emergency_beds=d["emergency_beds"],
            skills=d.get("skills", ""),
            out_of_hours_support=d.get("out_of_hours_support", ""),
        ),
        done="Provider added",
        back="children_in_care:carers",
    )


def carer(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    from hearth.children_in_care.models import Provider

    provider = (
        Provider.objects.prefetch_related("records").filter(pk=pk).first()
    )  # scoped: carers are not case data about a child; managers only
    if provider is None:
        raise Http404("No provider")
    form = forms.CarerRecordForm(_posted(request))
    if form_saved(
        request,
        form,
        save=lambda d: services.carer_record_add(
            user=_user(request), provider=provider, kind=d["kind"], on=d["date"], notes=d["notes"]
        ),
        done="Record added",
    ):
        return redirect("children_in_care:carer", provider.pk)
    return render(
        request,
        "children_in_care/carer.html",
        {
            "provider": provider,
            "form": form,
            "placed": selectors.children_placed_with(_user(request), provider),
            "can_manage": _user(request).role in MANAGER_ROLES,
        },
    )


def recruitment(request: HttpRequest) -> HttpResponse:
    _require_report(request)
    from hearth.children_in_care.models import FosteringEnquiry

    by_source, left = selectors.recruitment_by_source()
    return render(
        request,
        "children_in_care/recruitment.html",
        {
            "by_source": by_source,
            "left": left,
            "open_enquiries": list(
                FosteringEnquiry.objects.exclude(
                    stage__in=["approved", "left"]
                ).order_by(  # scoped: prospective carers, not children; managers only
                    "enquired_on", "pk"
                )
            ),
            "can_manage": _user(request).role in MANAGER_ROLES,
        },
    )


def enquiry_new(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = forms.EnquiryForm(_posted(request))
    return _service_form(
        request,
        form,
        title="Record a fostering enquiry",
        save=lambda d: services.fostering_enquiry_record(
            user=_user(request),
            household=d["household"],
            source=d["source"],
            enquired_on=d["date"],
            postcode=d.get("postcode", ""),
            interested_in_ages=d.get("interested_in_ages", ""),
        ),
        done="Enquiry recorded",
        back="children_in_care:recruitment",
    )


def enquiry_progress(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    from hearth.children_in_care.models import FosteringEnquiry

    enquiry = FosteringEnquiry.objects.filter(
        pk=pk
    ).first()  # scoped: prospective carers, not children; managers only
    if enquiry is None:
        raise Http404("No enquiry")
    form = forms.EnquiryProgressForm(_posted(request))
    return _service_form(
        request,
        form,
        title=f"{enquiry.household}: {enquiry.get_stage_display().lower()} so far",
        save=lambda d: services.fostering_enquiry_progress(
            user=_user(request),
            enquiry=enquiry,
            stage=d["stage"],
            on=d["date"],
            left_reason=d.get("left_reason", ""),
        ),
        done="Recruitment stage recorded",
        back="children_in_care:recruitment",
    )


def sufficiency(request: HttpRequest) -> HttpResponse:
    _require_report(request)
    today = timezone.localdate()
    return render(
        request,
        "children_in_care/sufficiency.html",
        {"report": selectors.sufficiency(_user(request), today), "today": today},
    )


def council(request: HttpRequest) -> HttpResponse:
    _require_report(request)
    from hearth.children_in_care.models import CouncilMeeting

    return render(
        request,
        "children_in_care/council.html",
        {
            "meetings": list(
                CouncilMeeting.objects.prefetch_related("issues").order_by("-held_on", "-pk")[
                    :20
                ]  # scoped: the council's meetings name no child; managers only
            ),
            "can_manage": _user(request).role in MANAGER_ROLES,
            "today": timezone.localdate(),
        },
    )


def council_meeting_new(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = forms.CouncilMeetingForm(_posted(request))
    return _service_form(
        request,
        form,
        title="Record a Children in Care Council meeting",
        save=lambda d: services.council_meeting_record(
            user=_user(request),
            held_on=d["date"],
            attendance=d.get("attendance"),
            notes=d["notes"],
            issues=form.issues(),
        ),
        done="Meeting recorded",
        back="children_in_care:council",
    )


def council_issue_respond(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    from hearth.children_in_care.models import CouncilIssue

    issue = (
        CouncilIssue.objects.select_related("meeting").filter(pk=pk).first()
    )  # scoped: the council's issues name no child; managers only
    if issue is None:
        raise Http404("No issue")
    form = forms.CouncilResponseForm(_posted(request))
    return _service_form(
        request,
        form,
        title="Respond to the council",
        intro=f"The council raised: {issue.issue}",
        save=lambda d: services.council_issue_respond(
            user=_user(request), issue=issue, response=d["response"], responded_on=d["date"]
        ),
        done="Response recorded",
        back="children_in_care:council",
    )


def long_term_match_new(request: HttpRequest, child_id: int, pk: int) -> HttpResponse:
    person = _child(request, child_id)
    period = _period(person, pk)
    form = forms.LongTermMatchForm(_posted(request))
    from hearth.children_in_care.models import Provider

    return _form_page(
        request,
        person,
        form,
        title="Long-term fostering match",
        button="Save",
        save=lambda d: services.long_term_match_record(
            user=_user(request),
            period=period,
            provider=Provider.objects.filter(pk=d["provider"] or 0).first(),  # scoped: carers
            panel_on=d["panel_on"],
            agency_decision_on=d["agency_decision_on"],
        ),
        done="Long-term fostering match recorded",
    )


# --- Corrections ------------------------------------------------------------------------------


def _episode_saved(episode: Any) -> dict[str, Any]:
    saved = {
        "decom": episode.decom,
        "dec": episode.dec,
        "legal_status": episode.legal_status,
        "place": episode.place,
        "place_provider": episode.place_provider,
        "urn": episode.urn,
        "reason_episode_ceased": episode.rec,
    }
    return saved


def episode_correct(request: HttpRequest, child_id: int, pk: int) -> HttpResponse:
    """Correct an episode's dates and codes: the page a data quality failure on an episode
    links to once the episode has ended (the legal status and placement pages start new
    episodes of an open period)."""
    person = _child(request, child_id)
    episode = person.care_episodes.select_related("period").filter(pk=pk).first()
    if episode is None:
        raise Http404("No episode")
    last = not episode.period.episodes.filter(decom__gt=episode.decom).exists()
    saved = _episode_saved(episode)
    form = forms.EpisodeCorrectForm(
        _posted(request), initial=saved, ended=episode.dec is not None, last=last
    )
    return _form_page(
        request,
        person,
        form,
        title=f"Correct the episode from {episode.decom:%-d %B %Y}",
        button="Save correction",
        save=lambda d: services.episode_correct(
            user=_user(request),
            episode=episode,
            decom=d["decom"],
            dec=d.get("dec"),
            legal_status=d["legal_status"],
            place=d["place"],
            place_provider=d.get("place_provider", ""),
            urn=d.get("urn", ""),
            rec=d.get("reason_episode_ceased", ""),
        ),
        done="Episode corrected",
        saved=lambda: _episode_saved(episode),
        lock=episode,
        # The first episode of a period is where SSDA903 rule 630 reports a missing previous
        # permanence, which is recorded on its own page.
        links=(
            (
                "Previous permanence (before this care started)",
                reverse("adoption:previous_permanence", args=[person.pk]),
            ),
        )
        if episode.rne == "S"
        else (),
    )


def _review_saved(review: Any) -> dict[str, Any]:
    return {
        "date": review.held_on,
        "participation": review.participation,
        "views_sought": review.views_sought,
    }


def review_correct(request: HttpRequest, child_id: int, held_on: str) -> HttpResponse:
    """Correct a looked after review, found by its date (a child has one review a day)."""
    person = _child(request, child_id)
    try:
        on = date.fromisoformat(held_on)
    except ValueError:
        raise Http404("No review") from None
    review = person.cla_reviews.select_related("period").filter(held_on=on).first()
    if review is None:
        raise Http404("No review")
    form = forms.ReviewCorrectForm(_posted(request), initial=_review_saved(review))
    return _form_page(
        request,
        person,
        form,
        title=f"Correct the review of {review.held_on:%-d %B %Y}",
        button="Save correction",
        save=lambda d: services.review_correct(
            user=_user(request),
            review=review,
            held_on=d["date"],
            participation=d["participation"],
            views_sought=d["views_sought"],
        ),
        done="Review corrected",
        saved=lambda: _review_saved(review),
        lock=review,
    )
