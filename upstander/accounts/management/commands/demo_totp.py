"""The current TOTP code of a demo staff account, for trying the demo without an app."""

from __future__ import annotations

import time
from typing import Any

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.core.management.base import BaseCommand, CommandError, CommandParser

# Only the demo's own people: this command must never become a way round a real second factor.
DEMO_DOMAIN = "@demo.upstander.test"


def current_code(secret: str, now: float | None = None) -> str:
    counter = int(time.time() if now is None else now) // mfa_settings.TOTP_PERIOD
    return str(format_hotp_value(hotp_value(secret, counter)))


class Command(BaseCommand):
    help = "Print the current two-factor code of a demo staff account (seed_demo's)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, email: str, **options: Any) -> None:
        if not email.lower().endswith(DEMO_DOMAIN):
            raise CommandError(f"Only the demo's accounts (…{DEMO_DOMAIN}) have codes shown.")
        authenticator = Authenticator.objects.filter(
            user__email__iexact=email, type=Authenticator.Type.TOTP
        ).first()
        if authenticator is None:
            raise CommandError(f"{email} has no TOTP authenticator (is the demo data loaded?).")
        self.stdout.write(current_code(decrypt(authenticator.data["secret"])))
