from datetime import date
from typing import Any

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "hearth.portal"
    label = "portal"
    verbose_name = "Young people's portal"

    def ready(self) -> None:
        from hearth.core.worktray import register_panel

        # Staff see young people's new and overdue messages and help requests on My work.
        register_panel("portal.messages", "portal/staff/_worktray_panel.html", _worktray)


def _worktray(user: Any, today: date) -> dict[str, Any]:
    from hearth.portal import selectors

    return selectors.worktray_items(user)
