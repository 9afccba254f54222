"""`manage.py monitoring_verify [--rebuild]`: prove every scheme's daily totals agree with its
observations, and say where they do not. Exits 1 when any disagree (after rebuilding them, with
--rebuild)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from coproduce.common.verifying import verify_totals
from coproduce.feedback.monitoring import selectors, services
from coproduce.feedback.monitoring.models import Scheme


class Command(BaseCommand):
    help = "Check that each monitoring scheme's daily totals agree with its observations."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--rebuild", action="store_true", help="Make the totals again where they disagree."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        verify_totals(
            Scheme.objects.order_by("pk"),
            name=lambda scheme: scheme.title,
            disagreements=selectors.totals_disagreeing,
            rebuild=services.rebuild_totals if options["rebuild"] else None,
            out=self.stdout,
            kind="schemes",
            source="observations",
        )
