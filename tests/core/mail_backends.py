"""A mail server that refuses the next few mails (connection dropped), then takes them."""

from __future__ import annotations

import smtplib
from collections.abc import Sequence

from django.core.mail import EmailMessage
from django.core.mail.backends.locmem import EmailBackend

REFUSING = "tests.core.mail_backends.RefusingThenAcceptingBackend"


class RefusingThenAcceptingBackend(EmailBackend):
    refusals_left = 0

    def send_messages(self, messages: Sequence[EmailMessage]) -> int:
        if RefusingThenAcceptingBackend.refusals_left > 0:
            RefusingThenAcceptingBackend.refusals_left -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


def refuse_next(count: int) -> None:
    RefusingThenAcceptingBackend.refusals_left = count
