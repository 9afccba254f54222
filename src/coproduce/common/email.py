"""Sending email from services: always through the task queue, and only once the change commits."""

from __future__ import annotations

from django.db import transaction

from coproduce.common.tasks import send_email


def send_email_later(
    *,
    subject: str,
    body: str,
    to: list[str],
    html_body: str = "",
    from_email: str | None = None,
    headers: dict[str, str] | None = None,
) -> None:
    recipients = [address for address in to if address]
    if not recipients:
        return
    transaction.on_commit(
        lambda: send_email.enqueue(
            subject=subject,
            body=body,
            to=recipients,
            html_body=html_body,
            from_email=from_email,
            headers=headers or {},
        )
    )
