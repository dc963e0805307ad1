"""The boundary between young people and staff pages.

- A young person's session reaches only the portal's own pages (and static files): any staff
  page answers 404. A session without the one-time code (e.g. signed in through the staff
  sign-in page) is ended and sent to the portal's sign-in. A suspended or closed account, or a
  young person who has turned 25, is signed out on their next request.
- Staff never reach the young person's pages (404): they use the staff pages under
  /portal/staff/.
- Anonymous visitors to the young person's pages go to the portal's sign-in, not the staff one.
  What a young person posts after their session ran out is kept in the new session and put
  back in the form once they have signed in again: a timeout never loses what they typed.

Runs before the login-required middleware, so the portal's own sign-in pages (/portal/welcome/)
must also be public there."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib.auth import logout
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from hearth.accounts.models import Role

PORTAL = "/portal/"
PORTAL_PUBLIC = "/portal/welcome/"
PORTAL_STAFF = "/portal/staff/"
ALWAYS_OPEN = ("/static/", "/healthz")
VERIFIED = "portal_verified"


def is_young_persons_page(path: str) -> bool:
    return path.startswith(PORTAL) and not path.startswith((PORTAL_PUBLIC, PORTAL_STAFF))


class PortalBoundaryMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from hearth.portal.models import PortalAccount
        from hearth.portal.services import account_problem

        user = request.user
        path = request.path
        if user.is_authenticated and getattr(user, "role", "") == Role.YOUNG_PERSON:
            account = (
                PortalAccount.objects.select_related("person", "user").filter(user=user).first()
            )
            problem = account_problem(account)
            if problem or not request.session.get(VERIFIED):
                logout(request)
                if problem:
                    return redirect(
                        reverse("portal:signed_out") + "?" + urlencode({"why": "closed"})
                    )
                return redirect(reverse("portal:sign_in"))
            if not (
                path.startswith(PORTAL_PUBLIC) or is_young_persons_page(path)
            ) and not path.startswith(ALWAYS_OPEN):
                raise Http404("Not found")
            request.portal_account = account  # type: ignore[attr-defined]
        elif is_young_persons_page(path):
            if not user.is_authenticated:
                if request.method == "POST":
                    # Their session ran out while they typed: keep it for after signing in.
                    drafts = request.session.get("portal_drafts") or {}
                    drafts[path] = {
                        k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"
                    }
                    request.session["portal_drafts"] = drafts
                return redirect(
                    reverse("portal:sign_in") + "?" + urlencode({"next": request.get_full_path()})
                )
            raise Http404("Not found")
        return self.get_response(request)
