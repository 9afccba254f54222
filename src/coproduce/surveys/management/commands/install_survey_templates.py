"""Install the survey templates that come with the product as drafts for an organisation."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from coproduce.organisations.models import Organisation
from coproduce.surveys.services import install_templates


class Command(BaseCommand):
    help = "Add a draft of every shipped survey template for an organisation (once each)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("organisation", help="The organisation's slug.")

    def handle(self, *args: Any, **options: Any) -> None:
        owner = Organisation.objects.filter(slug=options["organisation"]).first()
        if owner is None:
            raise CommandError(f"There is no organisation called {options['organisation']}.")
        made = install_templates(owner=owner)
        for survey in made:
            self.stdout.write(f"Added {survey.title} ({survey.slug})")
        self.stdout.write(f"{len(made)} templates installed for {owner.name}.")
