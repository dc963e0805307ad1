from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver
from django.http import HttpRequest

from hearth.accounts.forms import SignInForm
from hearth.core.audit import Auditor
from hearth.core.models import AuditAction


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    pass


@receiver(user_logged_in)
def _audit_sign_in(sender: object, request: HttpRequest, user: object, **kwargs: object) -> None:
    # Django's auth signals are the only hook for sign-in; the audit write itself is explicit.
    Auditor(user=user).record(AuditAction.LOGIN, object_type="accounts.user", object_id=user.pk)  # type: ignore[attr-defined]


@receiver(user_logged_out)
def _audit_sign_out(sender: object, request: HttpRequest, user: object, **kwargs: object) -> None:
    if user is not None:
        Auditor(user=user).record(AuditAction.LOGOUT, object_type="accounts.user", object_id=user.pk)  # type: ignore[attr-defined]
