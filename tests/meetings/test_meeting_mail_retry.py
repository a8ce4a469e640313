"""Meeting mails are written when their task runs (ids only in the queue). A mail the mail server
refuses is tried again later with back-off, written afresh, to someone still admitted; after
the last try the task fails loudly and the mail counts as failed on the staff dashboard."""

from __future__ import annotations

import smtplib
from collections.abc import Iterator
from datetime import timedelta
from io import StringIO
from typing import Any
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from pytest_django.fixtures import Settings

from tests.meetings.helpers import JOIN_LINK, make_meeting, make_member, publish_conduct
from upstander.accounts.models import MembershipStatus, User
from upstander.accounts.services import member_status_set
from upstander.core.mail import mail_failed_count
from upstander.core.models import QueuedMail
from upstander.meetings.models import Audience, Registration
from upstander.meetings.services import registration_create, registration_sign
from upstander.meetings.tasks import send_joining_details, send_registration_link

pytestmark = pytest.mark.django_db
capture_on_commit = TestCase.captureOnCommitCallbacks

REFUSED = smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def _mail_server_refuses() -> mock._patch[mock.MagicMock]:
    return mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=REFUSED
    )


def _use_the_database_queue(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    # The real queue (rows, run later by the worker), which can run a task after a delay.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # The worker drops connections it finds inside a transaction; the test's must stay open.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )


def _waiting() -> DBTaskResult[..., Any]:
    """The one task row that waits to run (later: not yet picked up by the worker)."""
    waiting = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert not DBTaskResult.objects.ready().exists()  # not due yet
    assert waiting.run_after is not None
    assert timezone.now() < waiting.run_after <= timezone.now() + timedelta(seconds=30)
    return waiting


def _run_worker() -> None:
    call_command("db_worker", "--batch", "--interval=0", stdout=StringIO(), stderr=StringIO())


@pytest.fixture
def signed_registration(settings: Settings) -> Iterator[Registration]:
    """Rowan, registered and signed (both mails accepted), with an empty outbox."""
    settings.MAIL_MAX_ATTEMPTS = 2
    conduct = publish_conduct()
    issued = registration_create(
        None, meeting=make_meeting(audience=Audience.PUBLIC), name="Rowan", email="r@example.org"
    )
    registration_sign(None, registration=issued.registration, document=conduct, signed_name="R")
    mail.outbox.clear()
    yield issued.registration


def test_joining_details_the_mail_server_refuses_are_tried_again_later(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, signed_registration: Registration
) -> None:
    _use_the_database_queue(settings, monkeypatch)
    send_joining_details.enqueue(
        registration_id=signed_registration.pk, with_link=False, rotated=False
    )
    with _mail_server_refuses():
        _run_worker()
    assert _waiting().args_kwargs["kwargs"] == {
        "registration_id": signed_registration.pk,
        "with_link": False,
        "rotated": False,
        "attempt": 2,
    }
    assert mail.outbox == [] and mail_failed_count() == 0

    with time_machine.travel(timezone.now() + timedelta(hours=2), tick=False):
        _run_worker()  # the mail server takes it now
    assert [m.to for m in mail.outbox] == [["r@example.org"]]
    assert JOIN_LINK in mail.outbox[0].body
    assert not DBTaskResult.objects.failed().exists() and mail_failed_count() == 0


def test_joining_details_refused_on_every_try_fail_loudly_and_count_as_failed_mail(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, signed_registration: Registration
) -> None:
    _use_the_database_queue(settings, monkeypatch)
    send_joining_details.enqueue(
        registration_id=signed_registration.pk, with_link=False, rotated=False
    )
    with _mail_server_refuses():
        _run_worker()
        with time_machine.travel(timezone.now() + timedelta(hours=2), tick=False):
            _run_worker()  # the second (last) try
    failed = DBTaskResult.objects.failed().get()
    assert failed.args_kwargs["kwargs"]["attempt"] == 2
    assert failed.exception_class_path == "smtplib.SMTPServerDisconnected"
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()
    assert mail.outbox == []
    # Counted for the leads' dashboard; the record names the task, never the address or text.
    record = QueuedMail.objects.get()
    assert mail_failed_count() == 1 and record.attempts == 2
    assert record.to == "" and record.body == ""
    assert f"send_joining_details(registration_id={signed_registration.pk}" in record.last_error


def test_a_refused_mail_fails_at_once_where_the_task_backend_cannot_try_later(
    signed_registration: Registration,
) -> None:
    # The suite's immediate backend runs tasks at once and cannot defer one.
    with _mail_server_refuses():
        result = send_joining_details.enqueue(
            registration_id=signed_registration.pk, with_link=False, rotated=False
        )
    assert result.status == TaskResultStatus.FAILED
    assert result.errors[0].exception_class_path == "smtplib.SMTPServerDisconnected"
    assert mail_failed_count() == 1


def test_registration_link_the_mail_server_refuses_is_tried_again_later(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, signed_registration: Registration
) -> None:
    _use_the_database_queue(settings, monkeypatch)
    send_registration_link.enqueue(registration_id=signed_registration.pk)
    with _mail_server_refuses():
        _run_worker()
    retry = _waiting()
    assert retry.args_kwargs["kwargs"] == {"registration_id": signed_registration.pk, "attempt": 2}
    with time_machine.travel(timezone.now() + timedelta(hours=2), tick=False):
        _run_worker()
    assert [m.to for m in mail.outbox] == [["r@example.org"]]


def test_a_retry_sends_no_joining_details_to_a_member_suspended_meanwhile(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, administrator: User
) -> None:
    conduct = publish_conduct()
    user, member = make_member("sam@example.org", "M-2")
    issued = registration_create(user, meeting=make_meeting(audience=Audience.MEMBERS))
    _use_the_database_queue(settings, monkeypatch)
    with capture_on_commit(execute=True):
        registration_sign(user, registration=issued.registration, document=conduct, signed_name="S")
    mail.outbox.clear()
    with _mail_server_refuses():
        _run_worker()
    assert _waiting().args_kwargs["kwargs"]["attempt"] == 2

    member_status_set(
        administrator, member=member, status=MembershipStatus.SUSPENDED, reason="Abuse"
    )
    with time_machine.travel(timezone.now() + timedelta(hours=2), tick=False):
        _run_worker()
    assert mail.outbox == [] and not DBTaskResult.objects.failed().exists()
