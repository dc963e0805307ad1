from typing import Any

from django.apps import AppConfig
from django.conf import settings


class PrivacyConfig(AppConfig):
    name = "hearth.privacy"
    label = "privacy"
    verbose_name = "Privacy: sealed records, subject access, retention and erasure"

    def ready(self) -> None:
        from hearth.people.circles import register_exclusion

        # Sealed adoption records drop out of every user's view outside the named roles.
        register_exclusion("privacy.sealed", _sealed_from)


def sealed_record_roles() -> frozenset[str]:
    return frozenset(getattr(settings, "HEARTH", {}).get("SEALED_RECORD_ROLES", ()))


def _sealed_from(user: Any) -> Any:
    from hearth.privacy.models import SealedRecord

    if user.role in sealed_record_roles():
        return None
    return SealedRecord.objects.values("child_id")
