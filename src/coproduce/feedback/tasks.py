"""Background work for feedback. Idempotent: a second run escalates nothing again."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from coproduce.feedback import services


@task()
def escalate_overdue_feedback() -> int:
    """Email the managers about feedback past its deadline; returns how many items."""
    return services.escalate_overdue(today=timezone.localdate())
