"""`coproduce manage send_reminders`: queue the shift reminders. Run it from cron every hour."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from coproduce.delivery.tasks import send_shift_reminders


class Command(BaseCommand):
    help = (
        "Queue the reminder emails for shifts starting in 24 to 48 hours. "
        "Safe to run as often as you like: nobody is reminded twice."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = send_shift_reminders.enqueue()
        self.stdout.write(f"Queued the shift reminders (task {result.id}).")
