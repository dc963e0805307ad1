"""The data protection officer's pages: subject access bundles, the retention review list and
erasure. Only the roles in PRIVACY_ROLES reach them; everyone else gets an audited 404.

The officer reads any person's record here whatever its circle, restriction or seal: that is
the job (answering a subject access request, applying the retention schedule), and every read
is audited as an export or a view."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from hearth.accounts.models import Role, User
from hearth.core.audit import Auditor
from hearth.people.models import Person
from hearth.privacy import retention
from hearth.privacy.forms import ErasureForm, SubjectSearchForm
from hearth.privacy.models import ErasureRecord
from hearth.privacy.subject_access import bundle_html, subject_access_export

PRIVACY_ROLES = frozenset({Role.DATA_PROTECTION_OFFICER})


def _officer(request: HttpRequest, summary: str) -> User:
    user: User = request.user  # type: ignore[assignment]
    if user.role not in PRIVACY_ROLES:
        Auditor(user=user).denied(object_type="privacy", object_id="", summary=summary)
        raise Http404("Not found")
    return user


def _subject(user: User, person_id: int) -> Person:
    person = Person.objects.filter(pk=person_id).first()  # scoped: the DPO's role check above
    if person is None:
        Auditor(user=user).denied(object_type="people.person", object_id=person_id)
        raise Http404("No person found")
    return person


def subject_access(request: HttpRequest) -> HttpResponse:
    """Find the person a request is about (POST, so names never land in a URL or a log)."""
    user = _officer(request, "Subject access")
    form = SubjectSearchForm(request.POST or None)
    results: list[Person] | None = None
    if request.method == "POST" and form.is_valid():
        query = form.cleaned_data["q"]
        results = list(Person.objects.search(query)[:50])  # scoped: the DPO's role check
        Auditor(user=user).record(
            "view",
            object_type="people.person",
            summary=f"Subject access search: {len(results)} found",
        )
    return render(request, "privacy/subject_access.html", {"form": form, "results": results})


def subject_access_person(request: HttpRequest, person_id: int) -> HttpResponse:
    user = _officer(request, "Subject access bundle")
    person = _subject(user, person_id)
    bundle = subject_access_export(person=person, auditor=Auditor(user=user))
    return render(
        request, "privacy/subject_access_person.html", {"person": person, "bundle": bundle}
    )


def subject_access_download(request: HttpRequest, person_id: int, fmt: str) -> HttpResponse:
    user = _officer(request, "Subject access download")
    if fmt not in ("json", "html"):
        raise Http404("No such format")
    person = _subject(user, person_id)
    bundle = subject_access_export(person=person, auditor=Auditor(user=user))
    stamp = timezone.localdate().strftime("%Y%m%d")
    if fmt == "json":
        body = json.dumps(bundle.as_json(), indent=2, ensure_ascii=False)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    else:
        response = HttpResponse(bundle_html(bundle), content_type="text/html; charset=utf-8")
    name = f"subject-access-{person.pk}-{stamp}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def retention_review(request: HttpRequest) -> HttpResponse:
    user = _officer(request, "Retention review")
    rows = retention.review_list()
    erasures = list(ErasureRecord.objects.select_related("erased_by")[:20])
    Auditor(user=user).record(
        "view", object_type="privacy.retention", summary=f"Retention review: {len(rows)} due"
    )
    return render(
        request,
        "privacy/retention_review.html",
        {
            "rows": rows,
            "erasures": erasures,
            "schedule": retention.schedule(),
            "record_types": retention.RECORD_TYPES,
        },
    )


def erase(request: HttpRequest, person_id: int) -> HttpResponse:
    user = _officer(request, "Erasure")
    person = _subject(user, person_id)
    row = retention.retention_for(person)
    form = ErasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            retention.person_erase(person=person, user=user, reason=form.cleaned_data["reason"])
        except retention.ErasureRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Record {person_id} erased. The erasure is logged below.")
            return redirect("privacy:retention_review")
    today = timezone.localdate()
    context = {
        "person": person,
        "row": row,
        "form": form,
        "today": today,
        "refusal": retention.refusal(row, today) if row.until >= today else "",
    }
    return render(request, "privacy/erase.html", context)
