"""Casework pages. Thin: scope -> form -> service -> message -> redirect."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from hearth.accounts.models import User
from hearth.casework import selectors, services
from hearth.casework.forms import AllocationForm, CaseNoteForm, ChronologyFilterForm, DocumentForm
from hearth.casework.models import CaseNote
from hearth.casework.presenters import allocation_holder, file_size
from hearth.casework.recovery import remember_note_author, remembered_note_author
from hearth.people.access import child_for
from hearth.people.models import Person

ViewFn = Callable[..., HttpResponseBase]


def handles_expired_session(view: ViewFn) -> ViewFn:
    """Let a POST reach this view after the session expired (see recovery.py)."""
    view.handles_expired_session = True  # type: ignore[attr-defined]
    return view


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


# --- Worktrays ---------------------------------------------------------------------------


def my_work(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    work = selectors.my_work(_user(request), today)
    return render(request, "casework/my_work.html", {"work": work, "today": today})


def team_work(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    teams = selectors.manageable_teams(user)
    if not teams:
        raise Http404("No team to show")
    today = timezone.localdate()
    rows = selectors.team_work(user, today, teams)
    return render(request, "casework/team_work.html", {"teams": rows, "today": today})


# --- The child's page --------------------------------------------------------------------


def child_detail(request: HttpRequest, child_id: int) -> HttpResponse:
    user = _user(request)
    child = child_for(user, child_id)
    today = timezone.localdate()
    page = selectors.child_page(
        child, user, today, significant_first=request.GET.get("chronology") == "significant"
    )
    context = {
        "page": page,
        "child": child,
        "holder": allocation_holder(page.allocation),
        "file_size": file_size,
        "document_form": DocumentForm(),
        "empty_tables": page.empty_tables,  # read by the other apps' sections
    }
    return render(request, "casework/child_detail.html", context)


def chronology(request: HttpRequest, child_id: int) -> HttpResponse:
    child = child_for(_user(request), child_id, summary="Viewed the child's chronology")
    form = ChronologyFilterForm(
        request.GET or None, categories=selectors.chronology_categories(child)
    )
    entries = child.chronology.select_related("recorded_by").order_by("occurred_on", "id")
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["significant"]:
            entries = entries.significant()
        if data["category"]:
            entries = entries.filter(category=data["category"])
        if data["date_from"]:
            entries = entries.filter(occurred_on__gte=data["date_from"])
        if data["date_to"]:
            entries = entries.filter(occurred_on__lte=data["date_to"])
    context = {"child": child, "form": form, "entries": list(entries)}
    return render(request, "casework/chronology.html", context)


# --- Allocation --------------------------------------------------------------------------


def allocate(request: HttpRequest, child_id: int) -> HttpResponse:
    user = _user(request)
    child = child_for(user, child_id, summary="Opened the allocation page")
    today = timezone.localdate()
    teams = selectors.manageable_teams(user)
    current = child.allocations.current(today).select_related("team", "worker").first()
    if not teams or (current is not None and current.team_id not in {t.pk for t in teams}):
        raise Http404("Not a child in a team you manage")
    initial = {"team": current.team_id if current else teams[0].pk, "start_date": today}
    form = AllocationForm(
        request.POST if request.method == "POST" else None, teams=teams, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            allocation = services.allocation_start(
                user=user,
                child=child,
                team=data["team"],
                worker=data["worker"],
                start_date=data["start_date"],
                reason=data["reason"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request, f"{child.full_name} is allocated to {allocation_holder(allocation)}"
            )
            return redirect("casework:child_detail", child.pk)
    context = {
        "child": child,
        "form": form,
        "current": current,
        "holder": allocation_holder(current),
    }
    return render(request, "casework/allocate.html", context)


# --- Case notes --------------------------------------------------------------------------

STALE_MESSAGE = (
    "This case note was changed in another window or tab after you opened it, so your "
    "changes have not been saved. Your text is shown below and the saved version underneath. "
    "Check both, then save again."
)


def _add_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _note_page(
    request: HttpRequest,
    child: Person,
    note: CaseNote | None,
    form: CaseNoteForm,
    *,
    saved_version: CaseNote | None = None,
    status: int = 200,
) -> HttpResponse:
    kept = bool(request.GET.get("kept")) and note is not None and not note.is_final
    context = {
        "child": child,
        "note": note,
        "form": form,
        "saved_version": saved_version,
        "kept": kept,
        "autosave_url": reverse("casework:case_note_autosave", args=[child.pk]),
    }
    response = render(request, "casework/case_note_form.html", context, status=status)
    return remember_note_author(response, _user(request))


def _own_draft_or_404(child: Person, user: User, note_id: int) -> CaseNote:
    note = get_object_or_404(selectors.visible_case_notes(child, user), pk=note_id)
    return note


def _save_note(request: HttpRequest, child: Person, note: CaseNote | None) -> HttpResponse:
    user = _user(request)
    finalise = "finalise" in request.POST
    form = CaseNoteForm(request.POST, finalise=finalise)
    if not form.is_valid():
        return _note_page(request, child, note, form)
    service = services.case_note_finalise if finalise else services.case_note_save_draft
    try:
        saved = service(
            user=user,
            child=child,
            data=form.note_data(),
            note=note,
            version=form.cleaned_data["version"],
        )
    except services.StaleCaseNote as exc:
        data = request.POST.copy()
        data["version"] = str(exc.current.version)
        form = CaseNoteForm(data, finalise=finalise)
        form.is_valid()
        form.add_error(None, STALE_MESSAGE)
        return _note_page(request, child, note, form, saved_version=exc.current, status=409)
    except services.CaseNoteReadOnly:
        messages.error(request, "This case note is final and cannot be changed")
        return redirect("casework:case_note", child.pk, note.pk if note else 0)
    except ValidationError as exc:
        _add_errors(form, exc)
        return _note_page(request, child, note, form)
    if finalise:
        messages.success(request, "Case note finalised")
        return redirect(reverse("casework:child_detail", args=[child.pk]) + "#case-notes")
    messages.success(request, "Draft case note saved")
    return redirect("casework:case_note", child.pk, saved.pk)


def _typed(data: dict[str, Any]) -> bool:
    return any(str(data.get(name) or "").strip() for name in ("body", "subject", "who_was_seen"))


def keep_draft_after_expiry(
    request: HttpRequest, child_id: int, note_id: int | None
) -> HttpResponse:
    """A case note POST arrived after the session expired: keep the text as the author's
    draft when the signed cookie names them, then send them to sign in (see recovery.py)."""
    user = remembered_note_author(request)
    child = (
        Person.objects.children().visible_to(user).filter(pk=child_id).first()
        if user is not None
        else None
    )
    form = CaseNoteForm(request.POST)
    form.is_valid()
    data = form.note_data()
    if user is None or child is None or not _typed(data):
        return redirect_to_login(request.get_full_path())
    note = child.case_notes.filter(pk=note_id).first() if note_id else None
    kept = services.case_note_keep_after_expiry(
        user=user, child=child, data=data, note=note, version=form.cleaned_data.get("version")
    )
    messages.info(
        request,
        "Your session ended before your case note was saved. We kept it as a draft: "
        "sign in to carry on.",
    )
    next_url = reverse("casework:case_note", args=[child.pk, kept.note.pk]) + "?kept=1"
    return redirect_to_login(next_url)


@handles_expired_session
@require_http_methods(["GET", "POST"])
def case_note_new(request: HttpRequest, child_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return keep_draft_after_expiry(request, child_id, None)
    child = child_for(_user(request), child_id, summary="Opened a new case note")
    if request.method == "POST":
        return _save_note(request, child, None)
    form = CaseNoteForm(initial={"contact_date": timezone.localdate()})
    return _note_page(request, child, None, form)


@handles_expired_session
@require_http_methods(["GET", "POST"])
def case_note(request: HttpRequest, child_id: int, note_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return keep_draft_after_expiry(request, child_id, note_id)
    user = _user(request)
    child = child_for(user, child_id, summary="Opened a case note")
    note = _own_draft_or_404(child, user, note_id)
    if note.is_final:
        if request.method == "POST":
            messages.error(request, "This case note is final and cannot be changed")
            return redirect("casework:case_note", child.pk, note.pk)
        return render(request, "casework/case_note_detail.html", {"child": child, "note": note})
    if request.method == "POST":
        return _save_note(request, child, note)
    form = CaseNoteForm(
        initial={
            **{name: getattr(note, name) for name in services.CASE_NOTE_FIELDS},
            "version": note.version,
        }
    )
    return _note_page(request, child, note, form)


@require_POST
def case_note_autosave(request: HttpRequest, child_id: int) -> JsonResponse:
    """The note page's script saves the draft here every 20 seconds while the session lives.
    (After the session expires the login middleware redirects; the script notices.)"""
    user = _user(request)
    child = child_for(user, child_id, audit_view=False)
    note_id = request.POST.get("note_id", "")
    note = _own_draft_or_404(child, user, int(note_id)) if note_id.isdigit() else None
    form = CaseNoteForm(request.POST)
    form.is_valid()  # keep whatever is valid; the page shows the errors on a real save
    if note is None and not _typed(form.note_data()):
        return JsonResponse({"saved": False})
    try:
        saved = services.case_note_save_draft(
            user=user,
            child=child,
            data=form.note_data(),
            note=note,
            version=form.cleaned_data.get("version"),
        )
    except services.StaleCaseNote:
        return JsonResponse({"error": "stale", "message": STALE_MESSAGE}, status=409)
    except services.CaseNoteReadOnly:
        return JsonResponse({"error": "final", "message": "This case note is final"}, status=409)
    except (ValidationError, PermissionDenied) as exc:
        return JsonResponse({"error": "invalid", "message": str(exc)}, status=400)
    return JsonResponse(
        {
            "saved": True,
            "noteId": saved.pk,
            "version": saved.version,
            "savedAt": timezone.localtime(saved.updated_at).strftime("%H:%M"),
            "url": reverse("casework:case_note", args=[child.pk, saved.pk]),
        }
    )


# --- Documents ---------------------------------------------------------------------------


def document_new(request: HttpRequest, child_id: int) -> HttpResponse:
    user = _user(request)
    child = child_for(user, child_id, summary="Opened the document upload page")
    form = DocumentForm(request.POST, request.FILES) if request.method == "POST" else DocumentForm()
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        assert form.kind is not None
        services.document_upload(
            user=user,
            child=child,
            document_type=form.cleaned_data["document_type"],
            title=form.cleaned_data["title"],
            upload=upload,
            original_filename=upload.name,
            content_type=form.kind.content_type,
        )
        messages.success(request, f"Document added: {form.cleaned_data['title']}")
        return redirect(reverse("casework:child_detail", args=[child.pk]) + "#documents")
    return render(request, "casework/document_new.html", {"child": child, "form": form})


def document_download(request: HttpRequest, child_id: int, document_id: int) -> FileResponse:
    user = _user(request)
    child = child_for(user, child_id, audit_view=False)
    document = get_object_or_404(child.documents.all(), pk=document_id)
    response = FileResponse(
        services.document_open(user=user, document=document),
        as_attachment=True,
        filename=document.original_filename,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
