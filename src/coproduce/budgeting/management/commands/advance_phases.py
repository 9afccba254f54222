"""`coproduce manage advance_phases`: move budgets on to their next phase when its date has
passed. Run it from cron every few minutes."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from coproduce.budgeting.tasks import advance_phases


class Command(BaseCommand):
    help = (
        "Queue the task that moves each published budget to the phase its dates say is on. "
        "Safe to run as often as you like: a phase is never moved back or moved twice."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = advance_phases.enqueue()
        self.stdout.write(f"Queued the phase check (task {result.id}).")
