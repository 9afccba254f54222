"""Background work shared by every part. Tasks are idempotent: running one twice is harmless."""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def send_email(
    *,
    subject: str,
    body: str,
    to: list[str],
    html_body: str = "",
    from_email: str | None = None,
    headers: dict[str, str] | None = None,
) -> int:
    """Send one email. The message is rendered before it is queued, so retries send the same."""
    message = EmailMultiAlternatives(
        subject=subject, body=body, to=to, from_email=from_email, headers=headers or {}
    )
    if html_body:
        message.attach_alternative(html_body, "text/html")
    return message.send()
