"""The welcome pack: each new active member is sent one (web page + PDF) holding the current
equality statement, behaviour policy with examples, how to report, and the code of conduct;
the versions sent are recorded, and the member accepts the behaviour policy from it."""

from __future__ import annotations

import smtplib
from datetime import date, timedelta
from io import StringIO
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from pytest_django.fixtures import Settings

from tests.browser.helpers import seed_published_policies
from tests.conftest import signed_in
from tests.meetings.helpers import make_member
from upstander.accounts.models import Member, MembershipStatus, User
from upstander.accounts.services import member_create, members_import_csv
from upstander.audit.models import AuditEntry
from upstander.core.mail import mail_failed_count
from upstander.core.models import QueuedMail
from upstander.policies.errors import WelcomePackAlreadySent, WelcomePackPoliciesMissing
from upstander.policies.models import Acknowledgement, PolicyKind, WelcomePack
from upstander.policies.selectors import members_awaiting_welcome_pack, policy_current
from upstander.policies.services import (
    policy_draft_create,
    policy_publish,
    welcome_pack_send,
    welcome_packs_send_pending,
)
from upstander.policies.tasks import send_welcome_pack

pytestmark = pytest.mark.django_db
capture_on_commit = TestCase.captureOnCommitCallbacks

CSV = (
    "membership_number,given_name,family_name,email,status,joined_on\n"
    "M-10,Ada,Okoro,ada@example.org,active,2026-11-01\n"
    "M-11,Ben,Suspended,ben@example.org,suspended,2026-11-01\n"
    "M-12,Cy,Noaddress,,active,2026-11-01\n"
)


def test_new_members_from_the_register_and_csv_get_one_pack_each(administrator: User) -> None:
    seed_published_policies()
    member_create(
        administrator,
        membership_number="M-9",
        given_name="Dee",
        family_name="Single",
        joined_on=date(2026, 11, 1),
        email="dee@example.org",
    )
    members_import_csv(administrator, text=CSV)

    with capture_on_commit(execute=True):
        assert welcome_packs_send_pending(None) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["ada@example.org", "dee@example.org"]
    message = mail.outbox[0]
    assert reverse("policies:welcome") in message.body
    (name, pdf, kind) = message.attachments[0]
    assert (name, kind) == ("welcome-pack.pdf", "application/pdf")
    assert pdf.startswith(b"%PDF")
    pack = WelcomePack.objects.get(member__membership_number="M-10")
    assert pack.equality == policy_current(PolicyKind.EQUALITY)
    assert pack.behaviour == policy_current(PolicyKind.BEHAVIOUR)
    assert pack.code_of_conduct == policy_current(PolicyKind.CODE_OF_CONDUCT)

    # Run again (as cron does): nobody is sent a second pack.
    mail.outbox.clear()
    with capture_on_commit(execute=True):
        call_command("send_welcome_packs", stdout=StringIO())
    assert mail.outbox == []
    with pytest.raises(WelcomePackAlreadySent):
        welcome_pack_send(None, member=pack.member)


def test_the_pdf_holds_every_part_of_the_pack(client: Client) -> None:
    seed_published_policies()
    response = client.get(reverse("policies:welcome_pdf"))
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content.decode("latin-1")
    assert "Our equality statement" in pdf
    assert "Our online behaviour policy" in pdf
    assert "brick" in pdf  # one of the examples of behaviour not tolerated
    assert "How to report abuse" in pdf
    assert "Code of conduct for party meetings" in pdf


def test_no_pack_before_the_policies_are_published() -> None:
    _, member = make_member("new@example.org", "M-20")
    with pytest.raises(WelcomePackPoliciesMissing):
        welcome_pack_send(None, member=member)
    assert not WelcomePack.objects.exists()


def test_a_member_accepts_the_behaviour_policy_from_the_pack(client: Client) -> None:
    seed_published_policies()
    user, member = make_member("new@example.org", "M-21")
    welcome_pack_send(None, member=member)
    signed_in(client, user)
    page = client.get(reverse("policies:welcome")).content.decode()
    assert "behaviour policy version 1" in page
    assert "How to report abuse" in page
    response = client.post(reverse("policies:welcome_accept"))
    assert response.status_code == 302
    behaviour = policy_current(PolicyKind.BEHAVIOUR)
    assert Acknowledgement.objects.filter(user=user, document=behaviour).exists()
    assert "You have accepted version 1" in client.get(reverse("policies:welcome")).content.decode()


def test_suspended_members_are_not_sent_a_pack() -> None:
    seed_published_policies()
    make_member("s@example.org", "M-22", status=MembershipStatus.SUSPENDED)
    assert welcome_packs_send_pending(None) == 0


def test_an_administrator_sends_waiting_packs_from_the_staff_page(
    client: Client, administrator: User, caseworker: User
) -> None:
    seed_published_policies()
    make_member("waiting@example.org", "M-40")
    url = reverse("policies:staff_welcome_packs")
    assert signed_in(client, caseworker).get(url).status_code == 403
    signed_in(client, administrator)
    assert "Sam M-40" in client.get(url).content.decode()
    with capture_on_commit(execute=True):
        assert client.post(url).status_code == 302
    assert WelcomePack.objects.filter(member__membership_number="M-40").exists()
    assert [m.to for m in mail.outbox] == [["waiting@example.org"]]
    assert "Nobody is waiting" in client.get(url).content.decode()


def test_the_pack_shows_the_policies_subheadings_as_headings_not_markdown(client: Client) -> None:
    seed_published_policies()
    page = client.get(reverse("policies:welcome")).content.decode()
    assert "<h2>We commit to</h2>" in page
    assert "<h2>When you join a meeting</h2>" in page
    assert "## " not in page
    pdf = client.get(reverse("policies:welcome_pdf")).content.decode("latin-1")
    assert "We commit to" in pdf
    assert "## " not in pdf


def test_the_pdf_renders_the_policies_markdown_as_the_page_does(
    client: Client, administrator: User
) -> None:
    seed_published_policies()
    draft = policy_draft_create(
        administrator,
        kind=PolicyKind.BEHAVIOUR,
        title="Our online behaviour policy",
        summary="How we treat each other online.",
        body="## Never acceptable\n\n- Threats of **violence**\n- Sharing a home address",
    )
    policy_publish(administrator, document=draft)
    page = client.get(reverse("policies:welcome")).content.decode()
    assert "<li>Threats of <strong>violence</strong></li>" in page
    pdf = client.get(reverse("policies:welcome_pdf")).content.decode("latin-1")
    assert "Never acceptable" in pdf and "Sharing a home address" in pdf
    assert "**" not in pdf and "## " not in pdf and "<li>" not in pdf


def test_the_pack_keeps_its_addresses_now_it_lives_with_the_policies() -> None:
    assert reverse("policies:welcome") == "/welcome/"
    assert reverse("policies:welcome_pdf") == "/welcome/welcome-pack.pdf"
    assert reverse("policies:welcome_accept") == "/welcome/accept-behaviour-policy/"
    assert reverse("policies:staff_welcome_packs") == "/staff/welcome-packs/"


def test_a_pack_queued_under_the_meetings_task_path_still_sends() -> None:
    assert import_string("upstander.meetings.tasks.send_welcome_pack") is send_welcome_pack


def _use_the_database_queue(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    # The real queue (rows, run later by the worker), which can run a task after a delay.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # The worker drops connections it finds inside a transaction; the test's must stay open.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )


def _run_worker() -> None:
    call_command("db_worker", "--batch", "--interval=0", stdout=StringIO(), stderr=StringIO())


def _mail_server_refuses() -> mock._patch[mock.MagicMock]:
    return mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
    )


def test_a_welcome_pack_the_mail_server_refuses_is_tried_again_later(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.MAIL_MAX_ATTEMPTS = 2
    seed_published_policies()
    _, member = make_member("new@example.org", "M-50")
    _use_the_database_queue(settings, monkeypatch)
    with capture_on_commit(execute=True):
        pack = welcome_pack_send(None, member=member)
    with _mail_server_refuses():
        _run_worker()
    retry = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert retry.args_kwargs["kwargs"] == {"pack_id": pack.pk, "attempt": 2}
    assert retry.run_after is not None
    assert timezone.now() < retry.run_after <= timezone.now() + timedelta(seconds=30)
    assert mail.outbox == [] and mail_failed_count() == 0

    with time_machine.travel(timezone.now() + timedelta(hours=2), tick=False):
        _run_worker()  # the mail server takes it now
    assert [m.to for m in mail.outbox] == [["new@example.org"]]
    assert mail.outbox[0].attachments[0][0] == "welcome-pack.pdf"
    assert not DBTaskResult.objects.failed().exists()


def _pack_is_waiting_again(member: Member, pack: WelcomePack) -> None:
    """A pack given up on does not look sent: the member waits for one again, audited."""
    assert not WelcomePack.objects.filter(pk=pack.pk).exists()
    assert member in members_awaiting_welcome_pack()
    assert AuditEntry.objects.filter(verb="welcome_pack.undelivered").count() == 1


def test_a_welcome_pack_refused_on_every_try_fails_loudly_and_counts_as_failed_mail(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.MAIL_MAX_ATTEMPTS = 2
    seed_published_policies()
    _, member = make_member("new@example.org", "M-51")
    _use_the_database_queue(settings, monkeypatch)
    with capture_on_commit(execute=True):
        pack = welcome_pack_send(None, member=member)
    with _mail_server_refuses():
        _run_worker()
        with time_machine.travel(timezone.now() + timedelta(hours=2), tick=False):
            _run_worker()  # the second (last) try
    failed = DBTaskResult.objects.failed().get()
    assert failed.args_kwargs["kwargs"] == {"pack_id": pack.pk, "attempt": 2}
    assert failed.exception_class_path == "smtplib.SMTPServerDisconnected"
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()
    record = QueuedMail.objects.get()
    assert mail_failed_count() == 1 and record.to == "" and record.body == ""
    assert f"send_welcome_pack(pack_id={pack.pk})" in record.last_error
    _pack_is_waiting_again(member, pack)


def test_a_refused_welcome_pack_fails_at_once_where_the_task_backend_cannot_try_later() -> None:
    seed_published_policies()
    _, member = make_member("new@example.org", "M-52")
    pack = welcome_pack_send(None, member=member)  # not committed: the task is not run yet
    with _mail_server_refuses():
        result = send_welcome_pack.enqueue(pack_id=pack.pk)
    assert result.status == TaskResultStatus.FAILED
    assert result.errors[0].exception_class_path == "smtplib.SMTPServerDisconnected"
    assert mail_failed_count() == 1
    _pack_is_waiting_again(member, pack)
