"""Sign-in actions: two-factor set-up and verification, recovery codes, an administrator's
reset, signing out everywhere, and an administrator's change of a worker's FTE. Each writes its
own audit entry."""

import hashlib
import secrets
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from hearth.accounts.models import RecoveryCode, Role, User
from hearth.core.audit import Auditor, diff, snapshot
from hearth.core.models import AuditAction

RECOVERY_CODE_COUNT = 10
# Letters and digits that cannot be mistaken for each other when read off paper.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
DEVICE_NAME = "Authenticator app"


def two_factor_required(user: User) -> bool:
    """Whether the user's role must use two-factor authentication (TWO_FACTOR_ROLES; "*" is
    every staff and partner role; the young people's portal has its own sign-in rules)."""
    roles: Iterable[str] = settings.TWO_FACTOR_ROLES
    if "*" in roles:
        return bool(user.role != Role.YOUNG_PERSON)
    return user.role in roles


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def has_two_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def normalise_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def _recovery_hash(user: User, code: str) -> str:
    return hashlib.sha256(f"{user.pk}:{normalise_code(code)}".encode()).hexdigest()


def _new_recovery_code() -> str:
    raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def _make_recovery_codes(user: User) -> list[str]:
    user.recovery_codes.all().delete()
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, code_hash=_recovery_hash(user, code)) for code in codes
    )
    return codes


def two_factor_setup_device(*, user: User) -> TOTPDevice:
    """The unconfirmed device the set-up page shows as a QR code (one per user until
    confirmed, so reloading the page keeps the same secret)."""
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
        if device is None:
            device = TOTPDevice(user=user, name=DEVICE_NAME, confirmed=False)
            device.full_clean()
            device.save()
        return device


def two_factor_confirm(*, user: User, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the app with a code it shows; returns the new recovery codes (to show once),
    or None when the code is wrong."""
    with transaction.atomic():
        if device.user_id != user.pk or device.confirmed:
            return None
        if not device.verify_token(token.strip()):
            return None
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _make_recovery_codes(user)
        Auditor(user=user).record(
            AuditAction.UPDATE,
            obj=user,
            summary="Set up two-factor authentication and made recovery codes",
        )
        return codes


def two_factor_verify(*, user: User, token: str) -> str | None:
    """Check a code from the app or a recovery code. Returns how the user proved it
    ("authenticator app" or "recovery code"), or None; a wrong code is audited."""
    code = normalise_code(token)
    with transaction.atomic():
        device = confirmed_device(user)
        if code.isdigit() and len(code) == 6:
            if device is not None and device.verify_token(code):
                return "authenticator app"
        elif code:
            used = RecoveryCode.objects.filter(
                user=user, code_hash=_recovery_hash(user, code), used_at__isnull=True
            ).update(used_at=timezone.now())
            if used:
                left = user.recovery_codes.filter(used_at__isnull=True).count()
                Auditor(user=user).record(
                    AuditAction.UPDATE,
                    obj=user,
                    summary=f"Used a recovery code to sign in ({left} left)",
                )
                return "recovery code"
    Auditor(user=user).record(
        AuditAction.DENIED, obj=user, summary="A wrong two-factor code at sign-in"
    )
    return None


def recovery_codes_replace(*, user: User) -> list[str]:
    """New recovery codes (the old ones stop working); returned to show once."""
    with transaction.atomic():
        codes = _make_recovery_codes(user)
        Auditor(user=user).record(
            AuditAction.UPDATE, obj=user, summary="Made new recovery codes (old ones cancelled)"
        )
        return codes


def two_factor_reset(*, user: User, target: User) -> None:
    """An administrator clears a user's authenticator app and recovery codes (a lost phone):
    the user sets up again at their next sign-in, and their sessions end."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=target).delete()
        target.recovery_codes.all().delete()
        User.objects.filter(pk=target.pk).update(session_epoch=F("session_epoch") + 1)
        target.refresh_from_db(fields=["session_epoch"])
        Auditor(user=user).record(
            AuditAction.UPDATE,
            obj=target,
            summary=f"Reset two-factor authentication for {target.username}",
        )


def sessions_end_everywhere(*, user: User) -> None:
    """End every session the user has, on every device (the current one included)."""
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
        user.refresh_from_db(fields=["session_epoch"])
        Auditor(user=user).record(AuditAction.LOGOUT, obj=user, summary="Signed out everywhere")


def sso_role_for_groups(groups: Iterable[str]) -> str | None:
    """The Hearth role for the provider's groups: the first mapping (in the setting's order)
    whose group the person is in, or None when no group maps to a role."""
    held = set(groups)
    for group, role in settings.OIDC_GROUP_ROLES.items():
        if group in held and role in Role.values:
            return str(role)
    return None


def sso_refused(*, reason: str, subject: str = "") -> None:
    Auditor(system_job="single sign-on").record(
        AuditAction.DENIED,
        object_type="accounts.user",
        summary=f"Single sign-on refused{' for ' + subject if subject else ''}: {reason}",
    )


def _free_username(wanted: str) -> str:
    base = (wanted or "sso.user")[:140]
    username, n = base, 1
    while User.objects.filter(username=username).exists():
        n += 1
        username = f"{base}.{n}"
    return username


def sso_user_for_claims(*, claims: dict[str, object]) -> User | None:
    """The Hearth user for a verified ID token: found by the provider's subject, made on the
    first sign-in, with the role from the provider's groups refreshed every time. None (and
    audited) when the person's groups give them no role in Hearth or the account is suspended."""
    subject = str(claims.get("sub") or "")
    raw_groups = claims.get(settings.OIDC_GROUPS_CLAIM) or []
    groups = [str(g) for g in raw_groups] if isinstance(raw_groups, list) else [str(raw_groups)]
    if not subject:
        sso_refused(reason="the ID token had no subject")
        return None
    role = sso_role_for_groups(groups)
    if role is None:
        sso_refused(reason="no group maps to a Hearth role", subject=subject)
        return None
    with transaction.atomic():
        user = User.objects.filter(sso_subject=subject).first()
        if user is None:
            user = User(
                username=_free_username(
                    str(claims.get("preferred_username") or claims.get("email") or subject)
                ),
                first_name=str(claims.get("given_name") or "")[:150],
                last_name=str(claims.get("family_name") or "")[:150],
                email=str(claims.get("email") or ""),
                role=role,
                sso_subject=subject,
            )
            user.set_unusable_password()
            user.full_clean()
            user.save()
            Auditor(user=user).record(
                AuditAction.CREATE,
                obj=user,
                summary=f"Account made at first single sign-on, role {user.get_role_display()}",
            )
        elif not user.is_active:
            sso_refused(reason="the Hearth account is suspended", subject=subject)
            return None
        elif user.role != role:
            before = user.role
            user.role = role
            user.full_clean()
            user.save(update_fields=["role"])
            Auditor(user=user).record(
                AuditAction.UPDATE,
                obj=user,
                summary="Role changed by the provider's groups at single sign-on",
                changes={"role": [before, role]},
            )
        return user


def user_fte_change(*, user: User, target: User, fte: Decimal) -> User:
    """An administrator sets a worker's full-time equivalent; audited with the change."""
    with transaction.atomic():
        target = User.objects.select_for_update().get(pk=target.pk)
        before = snapshot(target, ["fte"])
        target.fte = fte
        # Only the FTE changed here: other fields are checked where they are set.
        target.full_clean(exclude=[f.name for f in User._meta.fields if f.name != "fte"])
        target.save(update_fields=["fte"])
        Auditor(user=user).changed(
            target,
            child_id=None,
            changes=diff(before, snapshot(target, ["fte"])),
            summary=f"Changed the FTE of {target.username} to {fte}",
        )
    return target
