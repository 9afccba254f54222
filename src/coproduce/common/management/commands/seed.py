"""`manage.py seed`: the fictional borough of Riverside, for the demo and for benchmarks."""

from __future__ import annotations

import argparse
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from coproduce.seeding import (
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET,
    SIZES,
    demo_logins,
    is_seeded,
    resident_count,
    seed,
)


def positive(value: str) -> int:
    number = int(value)
    if number < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return number


class Command(BaseCommand):
    help = (
        "Create the fictional borough of Riverside: wards, organisations, residents and one "
        "demo login per role. Running it again adds nothing."
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--size",
            choices=list(SIZES),
            default="demo",
            help="demo: about 300 residents (the default); city: 100,000, for benchmarks",
        )
        parser.add_argument(
            "--residents", type=positive, help="make this many residents instead of --size"
        )

    def handle(self, *args: Any, size: str, residents: int | None, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError(
                "The demo borough has passwords everyone knows, so it is never made when "
                "COPRODUCE_ENV=production."
            )
        target = SIZES[size] if residents is None else residents
        if is_seeded() and resident_count() >= target:
            self.stdout.write(
                f"Riverside already exists with {resident_count():,} residents: nothing to do."
            )
            return
        report = seed(residents=target, log=self.stdout.write)
        done = "Made" if report.created_borough else "Added to"
        self.stdout.write(
            self.style.SUCCESS(
                f"{done} Riverside: {report.residents_added:,} residents in "
                f"{report.seconds:.1f} seconds."
            )
        )
        if report.created_borough and options["verbosity"] >= 1:
            self._print_logins()

    def _print_logins(self) -> None:
        self.stdout.write(f"\nDemo logins (password {DEMO_PASSWORD}):")
        for role, email in demo_logins():
            self.stdout.write(f"  {role:<14} {email}")
        self.stdout.write(
            f"Staff sign in with an authenticator app set up with the secret {DEMO_TOTP_SECRET},"
            " or with the code `coproduce totp <email>` prints."
        )
