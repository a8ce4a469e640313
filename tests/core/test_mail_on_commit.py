"""Mail about a change leaves only once the change is committed, to each address given."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.core import mail
from django.db import transaction

from upstander.core.mail import mail_queue_on_commit
from upstander.core.models import QueuedMail

pytestmark = pytest.mark.django_db

CaptureCallbacks = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]


def test_the_mail_waits_for_the_commit_then_goes_to_each_address(
    django_capture_on_commit_callbacks: CaptureCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        mail_queue_on_commit(to=["a@example.org", "b@example.org"], subject="S", body="B")
        assert QueuedMail.objects.count() == 0 and mail.outbox == []
    for callback in callbacks:
        callback()
    assert sorted(message.to[0] for message in mail.outbox) == ["a@example.org", "b@example.org"]
    assert {message.subject for message in mail.outbox} == {"S"}


def test_a_change_that_rolls_back_mails_nobody(
    django_capture_on_commit_callbacks: CaptureCallbacks,
) -> None:
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        mail_queue_on_commit(to=["a@example.org"], subject="S", body="B")
        raise RuntimeError("the change failed")
    assert callbacks == [] and mail.outbox == [] and QueuedMail.objects.count() == 0
