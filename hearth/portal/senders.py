"""Pluggable senders for one-time codes and invitation links. The setting
HEARTH["PORTAL_SENDER"] names the class; development prints to the console, production uses
email (Django's mail settings) or a text-message gateway class of the council's own."""

from __future__ import annotations

import logging
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

logger = logging.getLogger("hearth.portal")


class Sender(Protocol):
    def send(self, *, channel: str, to: str, subject: str, body: str) -> None: ...


class ConsoleSender:
    """Development: print what would be sent."""

    def send(self, *, channel: str, to: str, subject: str, body: str) -> None:
        print(f"[portal {channel} to {to}] {subject}: {body}", flush=True)


class EmailSender:
    """Email through Django's mail settings. Text messages need a gateway class instead."""

    def send(self, *, channel: str, to: str, subject: str, body: str) -> None:
        send_mail(subject, body, None, [to])


class MemorySender:
    """Tests and browser journeys: keeps what was sent in `outbox`."""

    outbox: list[dict[str, str]] = []

    def send(self, *, channel: str, to: str, subject: str, body: str) -> None:
        MemorySender.outbox.append({"channel": channel, "to": to, "subject": subject, "body": body})


def sender() -> Sender:
    path = str(settings.HEARTH.get("PORTAL_SENDER", "hearth.portal.senders.ConsoleSender"))
    cls = import_string(path)
    return cls()
