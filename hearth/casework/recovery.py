"""Keeping a case note the user was typing when their session expired.

How it works (no new middleware; one small hook in hearth.core.middleware):

1. Every case note page the signed-in user opens sets a signed, httponly cookie naming them
   (`remember_note_author`). It holds only the user id, signed with the secret key.
2. The case note views are marked `handles_expired_session = True`, so the login middleware
   lets a POST through to them even when the session has expired (GETs still go to sign-in).
3. Such a POST without a session is handled by `keep_draft_after_expiry` in views.py: when the
   cookie is valid and names an active user who may still see the child, what they typed is
   saved as *their* draft (services.case_note_keep_after_expiry, audited under their name),
   then they are sent to sign in, coming back to the draft with "We kept your draft case note".
4. Only that user can open the draft after signing in: drafts are visible to their author only.
   Without a valid cookie nothing is saved (the browser still holds a copy in localStorage,
   see static/casework/case-note-autosave.js).
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

from hearth.accounts.models import User

COOKIE_NAME = "hearth_note_author"
COOKIE_SALT = "hearth.casework.draft-recovery"
# Long enough to cover a long visit write-up after the session has lapsed; short enough not
# to outlive a working day.
COOKIE_MAX_AGE = 12 * 60 * 60


def remember_note_author(response: HttpResponse, user: User) -> HttpResponse:
    response.set_signed_cookie(
        COOKIE_NAME,
        str(user.pk),
        salt=COOKIE_SALT,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )
    return response


def remembered_note_author(request: HttpRequest) -> User | None:
    """The user named by a valid cookie, if they still exist and are active."""
    try:
        value = request.get_signed_cookie(COOKIE_NAME, salt=COOKIE_SALT, max_age=COOKIE_MAX_AGE)
    except (KeyError, signing.BadSignature):
        return None
    if value is None or not value.isdigit():
        return None
    return User.objects.filter(pk=int(value), is_active=True).first()
