"""`manage.py totp`: the current sign-in code of a demo staff account, for trying the demo."""

from __future__ import annotations

import argparse
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from coproduce.seeding import DEMO_LOGINS, STAFF_DEMO_EMAILS


def current_code(email: str, now: float | None = None) -> str:
    """The code an authenticator app would show now for this demo account."""
    from allauth.mfa import app_settings
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
    from allauth.mfa.utils import decrypt

    authenticator = Authenticator.objects.filter(
        user__email=email, type=Authenticator.Type.TOTP
    ).first()
    if authenticator is None:
        raise CommandError(f"{email} has no authenticator app yet: run `coproduce seed` first.")
    secret = decrypt(authenticator.data["secret"])
    counter = int(time.time() if now is None else now) // app_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


class Command(BaseCommand):
    help = "Print the current sign-in code of a demo staff account. Works only in the demo."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "email", nargs="?", help="a demo staff account; leave out to list them all"
        )

    def handle(self, *args: Any, email: str | None, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Sign-in codes are only printed in the demo, never in production.")
        if email is None:
            for login in DEMO_LOGINS:
                if login.email in STAFF_DEMO_EMAILS:
                    self.stdout.write(f"{login.email:<34} {current_code(login.email)}")
            return
        email = email.strip().lower()
        if email not in STAFF_DEMO_EMAILS:
            choices = ", ".join(sorted(STAFF_DEMO_EMAILS))
            raise CommandError(f"Codes are only printed for the demo staff accounts: {choices}.")
        self.stdout.write(current_code(email))
