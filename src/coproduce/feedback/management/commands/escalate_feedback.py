"""`coproduce manage escalate_feedback`: queue the overdue-feedback emails. Run it from cron
every working morning."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from coproduce.feedback.tasks import escalate_overdue_feedback


class Command(BaseCommand):
    help = (
        "Email the managers about feedback past its deadline to be acknowledged or answered. "
        "Safe to run as often as you like: each item is escalated once at each stage."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = escalate_overdue_feedback.enqueue()
        self.stdout.write(f"Queued the overdue feedback check (task {result.id}).")
