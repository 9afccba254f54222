"""`manage.py monitoring_verify [--rebuild]`: prove every scheme's daily totals agree with its
observations, and say where they do not. Exits 1 when any disagree (after rebuilding them, with
--rebuild)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from coproduce.feedback.monitoring import selectors, services
from coproduce.feedback.monitoring.models import Scheme


class Command(BaseCommand):
    help = "Check that each monitoring scheme's daily totals agree with its observations."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--rebuild", action="store_true", help="Make the totals again where they disagree."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        wrong = 0
        for scheme in Scheme.objects.order_by("pk"):
            problems = selectors.totals_disagreeing(scheme)
            if problems and options["rebuild"]:
                services.rebuild_totals(scheme)
                self.stdout.write(f"{scheme.title}: totals made again from the observations.")
                problems = selectors.totals_disagreeing(scheme)
            for problem in problems:
                self.stdout.write(f"{scheme.title}: {problem}")
            wrong += bool(problems)
        if wrong:
            raise CommandError(
                f"{wrong} scheme(s) have totals that disagree with their observations."
            )
        self.stdout.write("Every scheme's totals agree with its observations.")
