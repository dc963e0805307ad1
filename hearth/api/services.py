"""Creating and revoking API tokens, audited. The token itself is returned once and never
stored (see tokens.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from hearth.accounts.models import Role, User
from hearth.api.models import ApiToken, TokenKind
from hearth.api.tokens import hash_token, new_token
from hearth.core.audit import Auditor, diff, snapshot
from hearth.core.models import AuditAction

INTEGRATION_PREFIX = "integration-"

# Roles an integration account may take: a partner system refers (partner referrer), an
# analytics feed reads the borough (performance analyst). Staff roles belong to people.
INTEGRATION_ROLES = (Role.PARTNER_REFERRER, Role.PERFORMANCE_ANALYST)


def _auditor(user: User | None) -> Auditor:
    """The signed-in administrator, or the management command when run from a shell."""
    if user is None:
        return Auditor(user=None, system_job="api_token command")
    return Auditor(user=user)


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # shown once


def integration_account(*, user: User | None, name: str, role: str, organisation: str = "") -> User:
    """The account an integration's tokens act as (no password: it cannot sign in)."""
    if role not in INTEGRATION_ROLES:
        raise ValidationError({"role": "Select a role an integration may have"})
    slug = slugify(name)[:100]
    if not slug:
        raise ValidationError({"name": "Enter the integration's name"})
    with transaction.atomic():
        account, made = User.objects.get_or_create(
            username=f"{INTEGRATION_PREFIX}{slug}",
            defaults={"role": role, "first_name": name[:150], "organisation": organisation},
        )
        if made:
            account.set_unusable_password()
            account.full_clean(exclude=["password"])
            account.save()
            _auditor(user).created(account, child_id=None, summary=f"Integration {name}")
        elif account.role != role:
            raise ValidationError({"role": f"The integration {name} already has another role"})
    return account


def token_create(
    *,
    user: User | None,
    owner: User,
    name: str,
    kind: str = TokenKind.USER,
    can_write: bool = False,
    expires_in_days: int | None = None,
) -> IssuedToken:
    """A new token acting as `owner`. Only partner referrers may hold write tokens (the only
    write is a partner referral)."""
    if owner.role == Role.YOUNG_PERSON or not owner.is_active:
        raise ValidationError(
            {"owner": "Tokens are for active staff, partner or integration accounts"}
        )
    if can_write and owner.role != Role.PARTNER_REFERRER:
        raise ValidationError({"can_write": "Only a partner referrer's token may send referrals"})
    if expires_in_days is not None and expires_in_days < 1:
        raise ValidationError({"expires_in_days": "Expiry must be at least 1 day"})
    secret, prefix = new_token()
    with transaction.atomic():
        token = ApiToken(
            name=name.strip(),
            kind=kind,
            user=owner,
            prefix=prefix,
            hashed=hash_token(secret),
            can_write=can_write,
            created_by=user,
            expires_at=(
                timezone.now() + timedelta(days=expires_in_days) if expires_in_days else None
            ),
        )
        token.full_clean()
        token.save()
        # The hash stays out of the audit log: only the token's description is recorded.
        recorded = snapshot(token, ["name", "kind", "user_id", "prefix", "can_write", "expires_at"])
        _auditor(user).record(
            AuditAction.CREATE,
            obj=token,
            summary=f"API token {token.name} for {owner.username}",
            changes={k: [None, v] for k, v in recorded.items() if v not in (None, "")},
        )
    return IssuedToken(token=token, secret=secret)


def token_revoke(*, user: User | None, token: ApiToken) -> ApiToken:
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is not None:
            return token
        before = snapshot(token, ["revoked_at"])
        token.revoked_at = timezone.now()
        token.full_clean()
        token.save(update_fields=["revoked_at"])
        _auditor(user).changed(
            token,
            child_id=None,
            changes=diff(before, snapshot(token, ["revoked_at"])),
            summary=f"API token {token.name} revoked",
        )
    return token
