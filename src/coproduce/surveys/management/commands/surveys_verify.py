"""`manage.py surveys_verify [--survey SLUG] [--rebuild]`: prove every survey's running totals
agree with its submitted answers, and say where they do not. Exits 1 when any disagree
(after making them again, with --rebuild)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from coproduce.common.verifying import verify_totals
from coproduce.surveys import tallies
from coproduce.surveys.models import Survey


class Command(BaseCommand):
    help = "Check that each survey's running totals agree with its submitted answers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--rebuild", action="store_true", help="Make the totals again where they disagree."
        )
        parser.add_argument("--survey", metavar="SLUG", help="Check only this survey.")

    def handle(self, *args: Any, **options: Any) -> None:
        surveys = Survey.objects.order_by("pk")
        if options["survey"]:
            surveys = surveys.filter(slug=options["survey"])
            if not surveys.exists():
                raise CommandError(f"There is no survey {options['survey']!r}.")
        verify_totals(
            surveys,
            name=lambda survey: survey.slug,
            disagreements=tallies.disagreements,
            rebuild=tallies.rebuild if options["rebuild"] else None,
            out=self.stdout,
            kind="surveys",
            source="answers",
        )
