"""The demo users, as JSON for tooling or as a short table of one login per role."""

from __future__ import annotations

from typing import Any

from hearth.accounts.models import Role, User
from hearth.demo.generator.workforce import NAMED_LOGINS


def demo_users() -> list[dict[str, Any]]:
    """Every active demo account: the named logins first, then everyone else by username."""
    users = (
        User.objects.filter(is_active=True, is_superuser=False)
        .select_related("team", "team__service")
        .prefetch_related("managed_services")
        .order_by("username")
    )
    order = {name: index for index, (name, _role) in enumerate(NAMED_LOGINS)}

    def rank(row: dict[str, Any]) -> tuple[int, str]:
        return (order.get(_named_as(row["username"]), len(order)), row["username"])

    rows = [
        {
            "username": user.username,
            "name": user.get_full_name(),
            "role": user.role,
            "role_label": Role(user.role).label,
            "team": user.team.name if user.team else None,
            "service": _service(user),
            "job_title": user.job_title,
            "organisation": user.organisation or None,
        }
        for user in users
    ]
    return sorted(rows, key=rank)


def _named_as(username: str) -> str:
    """The named login an account is ("admin.demo" when a superuser already had "admin")."""
    for name, _role in NAMED_LOGINS:
        if username == name or username.startswith(f"{name}.demo"):
            return name
    return ""


def _service(user: User) -> str | None:
    if user.team is not None:
        return user.team.service.name
    managed = list(user.managed_services.all())
    return managed[0].name if managed else None


def summary_table(rows: list[dict[str, Any]]) -> str:
    named = [row for row in rows if _named_as(row["username"])]
    header = ("Username", "Role", "Team or organisation")
    lines = [
        (
            row["username"],
            row["role_label"],
            row["team"] or row["organisation"] or row["service"] or "",
        )
        for row in named
    ]
    widths = [max(len(str(x)) for x in column) for column in zip(header, *lines, strict=False)]
    out = []
    for line in (header, *lines):
        out.append(
            "  ".join(
                str(cell).ljust(width) for cell, width in zip(line, widths, strict=True)
            ).rstrip()
        )
    return "\n".join(out)
