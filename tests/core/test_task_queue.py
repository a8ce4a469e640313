"""The task queue holds ids, never secrets: no meeting password or link, no personal token, no
letter or mail text, no address. Secrets are read (or derived) when the task runs, and finished
task rows are pruned after TASKS_RESULT_RETENTION_DAYS."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pytest_django.fixtures import Settings

from tests.meetings.helpers import JOIN_LINK, make_meeting, publish_conduct
from upstander.accounts.models import User
from upstander.accounts.services import (
    email_update_send,
    member_create,
    subscription_confirm,
    subscription_request,
)
from upstander.accounts.services.subscriptions import confirm_token as confirm_token_for
from upstander.core.models import QueuedMail
from upstander.discipline import services as discipline
from upstander.discipline.models import Conduct, Letter
from upstander.meetings.models import Audience, Registration
from upstander.meetings.services import registration_create, registration_sign

pytestmark = pytest.mark.django_db
capture_on_commit = TestCase.captureOnCommitCallbacks

LETTER_NEWS = "The panel found the messages to Cllr Okafor were sent from his own phone."
NEWSLETTER = "Canvassing on Saturday: meet at the Riverside branch office, 10am."


@pytest.fixture
def database_tasks(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    # The real queue (rows in the database), not the test suite's run-at-once backend.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # The worker drops connections it finds inside a transaction; the test's must stay open.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )


def _run_worker() -> None:
    call_command("db_worker", "--batch", "--interval=0", stdout=StringIO(), stderr=StringIO())


def _task_arguments() -> str:
    return json.dumps([row.args_kwargs for row in DBTaskResult.objects.all()])


def test_task_arguments_hold_no_secret_or_letter_text(
    database_tasks: None, safeguarding_lead: User, administrator: User, member: User
) -> None:
    # Meeting: register (personal link mailed), sign (joining details mailed).
    conduct = publish_conduct()
    meeting = make_meeting(audience=Audience.PUBLIC)
    with capture_on_commit(execute=True):
        issued = registration_create(
            None, meeting=meeting, name="Rowan Visitor", email="rowan@example.org"
        )
    with capture_on_commit(execute=True):
        registration_sign(
            None,
            registration=issued.registration,
            document=conduct,
            signed_name="Rowan Visitor",
        )
    # Discipline: a letter to the complainant.
    respondent = member_create(
        None,
        membership_number="M-9001",
        given_name="Robin",
        family_name="Respondent",
        joined_on=date(2024, 1, 1),
        email="robin.respondent@example.org",
        branch="Riverside",
    )
    with capture_on_commit(execute=True):
        proceeding = discipline.complaint_open(
            safeguarding_lead,
            respondent=respondent,
            allegations=[(Conduct.HARASSMENT, "Abusive replies to a councillor.")],
            complainant_user=member,
            complainant_anonymous_to_respondent=False,
            source_case_id=None,
            evidence_ids=[],
            sexual_harassment=False,
        )
    with capture_on_commit(execute=True):
        discipline.complainant_update_send(
            safeguarding_lead, proceeding=proceeding, news=LETTER_NEWS
        )
    # Mail: a subscription confirmation link and a newsletter with its unsubscribe link.
    with capture_on_commit(execute=True):
        subscription_request(email="reader@example.org")
    confirm_token = confirm_token_for("reader@example.org")
    subscription_confirm(token=confirm_token)
    with capture_on_commit(execute=True):
        email_update_send(administrator, subject="Saturday", body=NEWSLETTER)

    letters = list(Letter.objects.filter(proceeding=proceeding))
    assert letters and DBTaskResult.objects.count() >= 4
    arguments = _task_arguments()
    secrets = [
        meeting.password,
        JOIN_LINK,
        "8675309",
        issued.token,
        LETTER_NEWS,
        NEWSLETTER,
        "rowan@example.org",
        member.email,
        "reader@example.org",
    ]
    secrets += [line for letter in letters for line in letter.body.splitlines() if line.strip()]
    for secret in secrets:
        assert secret not in arguments, secret
    # The registration stores no working token either: only its hash and a nonce.
    stored = Registration.objects.values_list("token_hash", "token_nonce").get()
    assert issued.token not in stored

    # The worker, given ids alone, still sends everything, with the secrets in the mail.
    _run_worker()
    sent = "\n".join(f"{m.to} {m.subject}\n{m.body}" for m in mail.outbox)
    assert issued.token in sent and meeting.password in sent and JOIN_LINK in sent
    assert NEWSLETTER in sent and all(letter.body in sent for letter in letters)
    # Every personal link that went out (meeting page, confirmation, unsubscribe) was made
    # when the task ran, never written into the queue.
    links = re.findall(r"https?://\S+/(?:meetings/place|subscribe/confirm|unsubscribe)/\S+", sent)
    assert len(links) >= 3
    for link in links:
        assert link.rstrip("/").rsplit("/", 1)[-1] not in arguments
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()
    # Sent mail leaves no copy behind: an email update keeps only the record that each left.
    assert all(not (m.to or m.subject or m.body) for m in QueuedMail.objects.all())


def test_finished_task_rows_are_pruned_after_the_retention_period(
    database_tasks: None, settings: Settings
) -> None:
    settings.TASKS_RESULT_RETENTION_DAYS = 7
    with capture_on_commit(execute=True):
        subscription_request(email="reader@example.org")
        subscription_request(email="another@example.org")
    _run_worker()
    old, recent = DBTaskResult.objects.order_by("enqueued_at")[:2]
    DBTaskResult.objects.filter(pk=old.pk).update(finished_at=timezone.now() - timedelta(days=8))
    with capture_on_commit(execute=True):
        subscription_request(email="third@example.org")  # waiting: never pruned
    out = StringIO()
    call_command("prune_task_results", stdout=out)
    assert "Pruned 1 finished task rows" in out.getvalue()
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {
        recent.pk,
        *DBTaskResult.objects.filter(status="READY").values_list("pk", flat=True),
    }
    assert DBTaskResult.objects.filter(status="READY").count() == 1
