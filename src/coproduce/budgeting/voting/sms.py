"""Sending text messages, through a backend chosen in settings, like Django's email backends.

`SMS_BACKEND` names a class with a `send(phone, message)` method. The default,
`FileBackend`, writes each message to a file under `SMS_FILE_PATH` (by default `VAR_DIR/sms`),
so that the demo and the tests need no phone company. A council plugs in its provider by
writing a small class and naming it in the `SMS_BACKEND` environment variable.
"""

from __future__ import annotations

import datetime
import secrets
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_BACKEND = "coproduce.budgeting.voting.sms.FileBackend"


class SmsBackend(Protocol):
    def send(self, phone: str, message: str) -> None: ...


class FileBackend:
    """One file per message: who it was for, when, and what it said."""

    def __init__(self) -> None:
        default = Path(settings.VAR_DIR) / "sms"
        self.directory = Path(getattr(settings, "SMS_FILE_PATH", "") or default)

    def send(self, phone: str, message: str) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        now = datetime.datetime.now(datetime.UTC)
        name = f"{now:%Y%m%d-%H%M%S}-{secrets.token_hex(4)}.txt"
        (self.directory / name).write_text(f"To: {phone}\nDate: {now.isoformat()}\n\n{message}\n")


class MemoryBackend:
    """Keeps messages in `MemoryBackend.outbox`, for tests."""

    outbox: list[tuple[str, str]] = []

    def send(self, phone: str, message: str) -> None:
        MemoryBackend.outbox.append((phone, message))


def send_sms(phone: str, message: str) -> None:
    backend_class = import_string(getattr(settings, "SMS_BACKEND", "") or DEFAULT_BACKEND)
    backend: SmsBackend = backend_class()
    backend.send(phone, message)
