"""The party mailbox: representatives forward abusive mail to it, and each message becomes a
report with the original `.eml` as evidence, every header kept, its sender the offending
account. Read from a real IMAP server (pymap), never twice, never stopped by one bad message."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import format_datetime
from io import StringIO
from unittest import mock

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import OperationalError
from django.urls import reverse

from tests.conftest import signed_in
from tests.platforms.graph_server import PAGE_TOKEN, GraphServer
from tests.reports.imap_server import PROCESSED, ImapServer
from upstander.audit.models import AuditEntry
from upstander.cases.services.intake import case_open_from_report
from upstander.cases.services.retention import retention_run
from upstander.evidence.errors import EvidenceContentPurged
from upstander.evidence.models import EvidenceItem, EvidenceKind
from upstander.evidence.selectors import evidence_bytes_verified
from upstander.reports.errors import MailboxNotConfigured, MailboxUnavailable
from upstander.reports.mailbox import (
    FoundBy,
    MailboxConnection,
    forwarded_email_parse,
    mailbox_settings,
    post_links_in,
)
from upstander.reports.models import (
    CaptureStatus,
    LinkCapture,
    MailboxMessage,
    MailboxMessageStatus,
    Report,
    ReportMailbox,
    TargetKind,
)
from upstander.reports.selectors import mailbox_health
from upstander.reports.services import report_submit
from upstander.reports.services.mailbox import mailbox_read
from upstander.reports.tasks import read_report_mailbox

ABUSER = "angry.voter@troll.example"
SENT = datetime(2026, 11, 30, 21, 14, tzinfo=UTC)
ABUSE = "You will regret standing for election. We know where your surgery is."


def original(*, sender: str = f"Angry Voter <{ABUSER}>", body: str = ABUSE) -> EmailMessage:
    message = EmailMessage(policy=policy.SMTP)
    message["Received"] = "from mx.troll.example (203.0.113.9) by mx.example.org; Mon, 30 Nov 2026"
    message["X-Originating-IP"] = "[203.0.113.9]"
    message["From"] = sender
    message["To"] = "cllr.priya@example.org"
    message["Subject"] = "You will regret this"
    message["Date"] = format_datetime(SENT)
    message["Message-ID"] = "<abuse-1@troll.example>"
    message.set_content(body)
    return message


def forwarded_as_attachment(
    forwarder: str = "Cllr Priya Patel <cllr.priya@example.org>", message_id: str = "<fwd-1@x>"
) -> bytes:
    """What "Forward as attachment" sends: the original whole, as message/rfc822."""
    outer = EmailMessage(policy=policy.SMTP)
    outer["From"] = forwarder
    outer["To"] = "reports@party.example"
    outer["Subject"] = "Fwd: You will regret this"
    outer["Date"] = format_datetime(SENT)
    outer["Message-ID"] = message_id
    outer.set_content("Another one tonight. Please deal with this.")
    outer.add_attachment(original())
    return outer.as_bytes()


def forwarded_inline() -> bytes:
    """What Gmail's "Forward" sends: the original quoted in the body under a marker."""
    outer = EmailMessage(policy=policy.SMTP)
    outer["From"] = "Cllr Priya Patel <cllr.priya@example.org>"
    outer["To"] = "reports@party.example"
    outer["Subject"] = "Fwd: You will regret this"
    outer["Message-ID"] = "<fwd-inline@x>"
    outer.set_content(
        "Can someone look at this please?\n\n"
        "---------- Forwarded message ---------\n"
        f"From: Angry Voter <{ABUSER}>\n"
        "Date: Mon, 30 Nov 2026 at 21:14\n"
        "Subject: You will regret this\n"
        "To: <cllr.priya@example.org>\n\n"
        f"{ABUSE}\n"
    )
    return outer.as_bytes()


@pytest.fixture
def mailbox(settings, db: None, imap_server: ImapServer) -> ImapServer:
    settings.REPORT_MAILBOX_URL = imap_server.url()
    settings.REPORT_MAILBOX_PASSWORD = ""
    settings.REPORT_MAILBOX_PROCESSED_FOLDER = ""
    return imap_server


def eml_of(report: Report) -> EvidenceItem:
    return report.evidence.get(content_type="message/rfc822")


def test_forwarded_email_becomes_a_report_with_its_eml_as_evidence(mailbox, protected_person):
    raw = forwarded_as_attachment()
    uid = mailbox.deliver(raw)

    read = mailbox_read()

    report = Report.objects.get()
    assert read.reported == [report.pk]
    assert (report.platform, report.source) == ("email", "mailbox")
    assert report.reporter == protected_person
    assert report.target_kind == TargetKind.MYSELF
    assert report.happened_on == SENT.date()
    assert "You will regret this" in report.what_happened
    assert ABUSE in report.what_happened
    assert "Another one tonight" in report.what_happened  # what the representative wrote
    item = eml_of(report)
    assert item.kind == EvidenceKind.FILE
    assert (item.platform, item.author_handle, item.posted_at) == ("email", ABUSER, SENT)
    assert evidence_bytes_verified(item) == raw  # the message exactly as the server held it
    assert item.sha256 == hashlib.sha256(raw).hexdigest()
    readable = report.evidence.get(kind=EvidenceKind.TEXT)
    assert ABUSE in evidence_bytes_verified(readable).decode()
    row = MailboxMessage.objects.get()
    assert (row.uid, row.status, row.report, row.evidence) == (
        uid,
        MailboxMessageStatus.REPORTED,
        report,
        item,
    )
    assert row.message_id == "<fwd-1@x>"
    assert mailbox.uids(criterion="UNSEEN") == []  # marked \Seen once stored
    assert AuditEntry.objects.filter(verb="report.mailbox_message").count() == 1


def test_sender_of_the_original_is_the_offending_account_not_the_forwarder(
    mailbox, protected_person
):
    mailbox.deliver(forwarded_as_attachment())
    mailbox.deliver(forwarded_inline())

    mailbox_read()

    attached, inline = Report.objects.order_by("pk")
    for report in (attached, inline):
        assert report.offending_accounts == [{"platform": "email", "handle": ABUSER}]
        assert report.reporter == protected_person
    assert "angry" not in protected_person.email


def test_email_sent_straight_to_the_mailbox_names_its_own_sender(mailbox):
    mailbox.deliver(original().as_bytes())

    mailbox_read()

    report = Report.objects.get()
    assert report.offending_accounts == [{"platform": "email", "handle": ABUSER}]
    assert report.reporter is None and report.receipt_hash  # anonymous: nobody to name
    assert report.target_kind == TargetKind.SOMEONE_ELSE


def test_a_forwarder_who_is_not_a_user_is_the_reports_contact(mailbox):
    mailbox.deliver(forwarded_as_attachment("Sam Agent <sam.agent@campaign.example>"))

    mailbox_read()

    report = Report.objects.get()
    assert report.reporter is None
    assert report.target_kind == TargetKind.REPRESENTATIVE
    assert report.contact_email == "sam.agent@campaign.example"
    assert report.offending_accounts == [{"platform": "email", "handle": ABUSER}]


def test_every_header_of_the_original_is_kept(mailbox, protected_person):
    mailbox.deliver(forwarded_as_attachment())

    mailbox_read()

    stored = BytesParser(policy=policy.default).parsebytes(
        evidence_bytes_verified(eml_of(Report.objects.get()))
    )
    attached = next(p for p in stored.walk() if p.get_content_type() == "message/rfc822")
    inner = attached.get_content()
    sent = original()
    assert [(k, " ".join(str(v).split())) for k, v in inner.items()] == [
        (k, " ".join(str(v).split())) for k, v in sent.items()
    ]
    assert inner["X-Originating-IP"] == "[203.0.113.9]"
    assert stored["Message-ID"] == "<fwd-1@x>"


def test_reading_again_makes_no_second_report(mailbox, protected_person):
    mailbox.deliver(forwarded_as_attachment())
    mailbox_read()

    again = mailbox_read()
    # A person marks it unread; then the mailbox is rebuilt (a new UIDVALIDITY, UIDs from 1).
    mailbox.mark_unseen(mailbox.uids()[0])
    ReportMailbox.objects.update(uidvalidity=1, last_uid=0)
    rebuilt = mailbox_read()

    assert Report.objects.count() == 1
    assert again.taken == 0
    assert (rebuilt.reported, rebuilt.already) == ([], 1)
    assert MailboxMessage.objects.count() == 1
    assert mailbox.uids(criterion="UNSEEN") == []


def test_a_crash_between_storing_and_marking_makes_no_second_report(mailbox, protected_person):
    mailbox.deliver(forwarded_as_attachment())
    with (
        mock.patch.object(
            MailboxConnection, "mark_taken", side_effect=MailboxUnavailable("connection lost")
        ),
        pytest.raises(MailboxUnavailable),
    ):
        mailbox_read()
    assert Report.objects.count() == 1
    assert len(mailbox.uids(criterion="UNSEEN")) == 1  # stored, never marked

    mailbox_read()

    assert Report.objects.count() == 1
    assert mailbox.uids(criterion="UNSEEN") == []
    assert ReportMailbox.objects.get().last_error == ""  # recovered


def test_a_malformed_message_is_kept_and_set_aside_for_the_lead(
    mailbox, protected_person, safeguarding_lead, client
):
    garbage = b"Subject: no sender here\r\n\r\n\xff\xfe not an email from anyone\r\n"
    bad = mailbox.deliver(garbage)
    mailbox.deliver(forwarded_as_attachment())

    read = mailbox_read()

    assert (len(read.reported), read.set_aside) == (1, 1)
    row = MailboxMessage.objects.get(uid=bad)
    assert row.status == MailboxMessageStatus.SET_ASIDE
    assert row.reason.startswith("no sender")
    assert row.report is None and row.evidence is not None
    assert evidence_bytes_verified(row.evidence) == garbage  # kept exactly, not lost
    assert AuditEntry.objects.filter(verb="report.mailbox_set_aside").count() == 1
    assert mailbox.uids(criterion="UNSEEN") == []
    [health] = mailbox_health()
    assert (health.reported, health.set_aside) == (1, 1)
    page = signed_in(client, safeguarding_lead).get(reverse("web:staff_dashboard"))
    assert b"1 set aside" in page.content


def test_a_set_aside_message_loses_its_bytes_after_the_retention_period_and_keeps_its_row(
    mailbox, settings
):
    settings.CASE_RETENTION_DAYS = 730
    garbage = b"Subject: no sender here\r\n\r\n\xff\xfe call me on 07700 900123\r\n"
    mailbox.deliver(garbage)
    mailbox_read()
    row = MailboxMessage.objects.get(status=MailboxMessageStatus.SET_ASIDE)
    assert row.evidence is not None
    arrived = row.received_at

    with time_machine.travel(arrived + timedelta(days=729), tick=False):
        assert retention_run().mailbox_purged == []
    assert evidence_bytes_verified(row.evidence) == garbage  # still within the period

    with time_machine.travel(arrived + timedelta(days=731), tick=False):
        assert retention_run().mailbox_purged == [row.pk]
    row.refresh_from_db()
    assert row.status == MailboxMessageStatus.SET_ASIDE and row.reason.startswith("no sender")
    assert row.evidence is not None and row.evidence.sha256 == hashlib.sha256(garbage).hexdigest()
    with pytest.raises(EvidenceContentPurged):
        evidence_bytes_verified(row.evidence)
    with time_machine.travel(arrived + timedelta(days=732), tick=False):
        assert retention_run().mailbox_purged == []  # once


@pytest.mark.parametrize("server_gives_size", [True, False])
def test_a_message_over_the_size_limit_keeps_its_headers_and_is_set_aside(
    mailbox, settings, server_gives_size
):
    settings.REPORT_MAILBOX_MAX_BYTES = 2_000
    huge = original(body="x" * 5_000).as_bytes()
    mailbox.deliver(huge)

    if server_gives_size:
        read = mailbox_read()
    else:
        with mock.patch.object(MailboxConnection, "sizes", return_value={}):
            read = mailbox_read()

    row = MailboxMessage.objects.get()
    assert read.set_aside == 1 and Report.objects.count() == 0
    assert row.reason.startswith("too large")
    assert row.size == len(huge)
    assert row.evidence is not None
    kept = evidence_bytes_verified(row.evidence)
    assert row.evidence.content_type == "text/rfc822-headers"
    assert b"X-Originating-IP: [203.0.113.9]" in kept and b"xxxx" not in kept


def test_wrong_password_is_a_clear_error_recorded_for_the_lead(
    mailbox, settings, safeguarding_lead, client
):
    settings.REPORT_MAILBOX_URL = mailbox.url(password="not-the-password")
    for _ in range(2):
        with pytest.raises(MailboxUnavailable) as refused:
            mailbox_read()

    assert "refused the login" in refused.value.message
    assert "not-the-password" not in refused.value.message
    box = ReportMailbox.objects.get()
    assert box.last_error == refused.value.message and box.last_read_at is None
    assert AuditEntry.objects.filter(verb="report.mailbox_error").count() == 1  # once, not per try
    page = signed_in(client, safeguarding_lead).get(reverse("web:staff_dashboard"))
    assert b"refused the login" in page.content and b"not-the-password" not in page.content

    settings.REPORT_MAILBOX_URL = mailbox.url()
    mailbox_read()
    box.refresh_from_db()
    assert box.last_error == "" and box.last_read_at is not None


def test_the_command_reads_once_and_shows_its_progress(mailbox, protected_person, settings):
    uid = mailbox.deliver(forwarded_as_attachment())
    out = StringIO()

    call_command("read_report_mailbox", "--once", stdout=out)

    report = Report.objects.get()
    assert f"message {uid}: report {report.pk}" in out.getvalue()
    assert "1 new report(s), 0 set aside" in out.getvalue()
    settings.REPORT_MAILBOX_URL = mailbox.url(password="wrong")
    with pytest.raises(CommandError, match="refused the login"):
        call_command("read_report_mailbox", "--once", stdout=StringIO())


@pytest.mark.parametrize("server_has_move", [True, False])
def test_taken_messages_move_to_the_processed_folder_when_one_is_set(
    mailbox, settings, server_has_move
):
    settings.REPORT_MAILBOX_PROCESSED_FOLDER = PROCESSED
    mailbox.deliver(original().as_bytes())
    refresh = MailboxConnection._capabilities_refresh

    def as_an_older_server(connection: MailboxConnection) -> None:
        refresh(connection)
        if not server_has_move:  # then COPY, \Deleted and UID EXPUNGE
            imap = connection._imap
            assert imap is not None
            imap.capabilities = tuple(c for c in imap.capabilities if c != "MOVE")

    with mock.patch.object(MailboxConnection, "_capabilities_refresh", as_an_older_server):
        mailbox_read()

    assert Report.objects.count() == 1
    assert mailbox.uids() == []
    assert len(mailbox.uids(PROCESSED)) == 1


def test_plain_imap_is_refused_except_on_this_machine(settings):
    settings.REPORT_MAILBOX_URL = "imap://reports:secret@mail.example.org/INBOX"
    with pytest.raises(MailboxNotConfigured, match="unencrypted"):
        mailbox_settings()
    settings.REPORT_MAILBOX_URL = "imaps://reports%40party.example:in-url@mail.example.org/INBOX"
    settings.REPORT_MAILBOX_PASSWORD = "from-its-own-variable"
    conf = mailbox_settings()
    assert conf is not None
    assert (conf.user, conf.password, conf.port) == (
        "reports@party.example",
        "from-its-own-variable",
        993,
    )
    assert "from-its-own-variable" not in conf.name + repr(conf)
    settings.REPORT_MAILBOX_URL = ""
    assert mailbox_settings() is None


def test_outlook_and_apple_mail_forwards_name_the_original_sender():
    outlook = (
        b"From: Cllr Priya Patel <cllr.priya@example.org>\r\n"
        b"Subject: FW: threats\r\n\r\n"
        b"See below.\r\n\r\n"
        b"________________________________\r\n"
        b"From: Angry Voter <mailto:angry.voter@troll.example>\r\n"
        b"Sent: 30 November 2026 21:14\r\n"
        b"To: Priya Patel\r\n"
        b"Subject: threats\r\n\r\n"
        b"We know where you live.\r\n"
    )
    apple = (
        b"From: cllr.priya@example.org\r\n"
        b"Subject: Fwd: threats\r\n\r\n"
        b"Begin forwarded message:\r\n\r\n"
        b'> From: "Angry Voter" <angry.voter@troll.example>\r\n'
        b"> Subject: threats\r\n"
        b"> Date: 30 November 2026 at 21:14:00 GMT\r\n\r\n"
        b"> We know where you live.\r\n"
    )
    for raw in (outlook, apple):
        parsed = forwarded_email_parse(raw)
        assert parsed.found_by == FoundBy.INLINE
        assert parsed.offender.address == ABUSER
        assert parsed.forwarder is not None
        assert parsed.forwarder.address == "cllr.priya@example.org"
        assert parsed.subject == "threats"
        assert parsed.sent_at == SENT  # in November London is on UTC
        assert "We know where you live." in parsed.text


def test_an_html_only_gmail_forward_names_the_original_sender():
    html = (
        b"From: Cllr Priya Patel <cllr.priya@example.org>\r\nSubject: Fwd: threats\r\n"
        b"MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        b'<div dir="ltr">Please see<br><br><div class="gmail_quote">'
        b"---------- Forwarded message ---------<br>From: <strong>Angry Voter</strong> "
        b'<span>&lt;<a href="mailto:angry.voter@troll.example">angry.voter@troll.example</a>'
        b"&gt;</span><br>Date: Mon, 30 Nov 2026 at 21:14<br>Subject: threats<br></div><br>"
        b"<div>We know where you live.</div></div>\r\n"
    )

    parsed = forwarded_email_parse(html)

    assert (parsed.found_by, parsed.offender.address) == (FoundBy.INLINE, ABUSER)
    assert parsed.offender.name == "Angry Voter"
    assert parsed.sent_at == SENT
    assert (parsed.text, parsed.note) == ("We know where you live.", "Please see")


def test_a_message_that_cannot_be_stored_is_set_aside_and_the_rest_still_read(
    mailbox, protected_person
):
    poison = mailbox.deliver(forwarded_as_attachment(message_id="<poison@x>"))
    mailbox.deliver(forwarded_as_attachment(message_id="<fine@x>"))
    real_submit = report_submit

    def refuses_the_first(*args: object, **kwargs: object) -> object:
        if Report.objects.count() == 0 and not MailboxMessage.objects.exists():
            raise RuntimeError("a bug met only by this message")
        return real_submit(*args, **kwargs)  # type: ignore[arg-type]

    with mock.patch("upstander.reports.services.mailbox.report_submit", refuses_the_first):
        read = mailbox_read()

    assert (len(read.reported), read.set_aside) == (1, 1)
    row = MailboxMessage.objects.get(uid=poison)
    assert (row.status, row.reason) == (
        MailboxMessageStatus.SET_ASIDE,
        "not storable: RuntimeError",
    )
    assert row.message_id == "<poison@x>" and row.evidence is not None
    assert Report.objects.get().pk == read.reported[0]


def test_the_scheduled_task_reads_the_mailbox_and_is_quiet_without_one(mailbox, settings):
    mailbox.deliver(original().as_bytes())

    assert read_report_mailbox.call() == 1
    settings.REPORT_MAILBOX_URL = ""
    assert read_report_mailbox.call() == 0


def test_starttls_reads_the_mailbox_over_tls_and_an_untrusted_certificate_is_refused(
    db, settings, imap_tls_server
):
    server, certificate = imap_tls_server
    settings.REPORT_MAILBOX_URL = server.url().replace("imap://", "imap+starttls://")
    settings.REPORT_MAILBOX_PASSWORD = ""
    settings.REPORT_MAILBOX_PROCESSED_FOLDER = ""
    settings.REPORT_MAILBOX_CA_FILE = ""
    with pytest.raises(MailboxUnavailable, match="did not pass the TLS check"):
        mailbox_read()
    server.deliver(original(body="Sent over TLS.").as_bytes())

    settings.REPORT_MAILBOX_CA_FILE = str(certificate)
    read = mailbox_read()

    assert len(read.reported) == 1
    assert "Sent over TLS." in Report.objects.get().what_happened


def test_a_case_on_a_forwarded_email_protects_its_forwarder_and_gives_the_eml_back_exactly(
    mailbox, protected_person, caseworker, client
):
    raw = forwarded_as_attachment()
    mailbox.deliver(raw)
    mailbox_read()
    report = Report.objects.get()

    case = case_open_from_report(caseworker, report=report)
    signed_in(client, caseworker)
    page = client.get(reverse("cases:detail", args=[case.pk]))
    item = eml_of(report)
    download = client.get(reverse("cases:evidence_item", args=[case.pk, item.pk]))

    assert case.protected_person == protected_person
    assert page.status_code == 200 and ABUSER.encode() in page.content
    assert download.status_code == 200
    assert download["Content-Type"] == "message/rfc822"
    assert download.content == raw


def test_a_database_failure_leaves_the_message_for_the_next_read(mailbox, protected_person):
    mailbox.deliver(forwarded_as_attachment())
    with (
        mock.patch(
            "upstander.reports.services.mailbox.report_submit",
            side_effect=OperationalError("server closed the connection unexpectedly"),
        ),
        pytest.raises(OperationalError),
    ):
        mailbox_read()
    assert not MailboxMessage.objects.exists()  # not set aside: it was not the message's fault
    assert len(mailbox.uids(criterion="UNSEEN")) == 1

    read = mailbox_read()

    assert len(read.reported) == 1 and Report.objects.count() == 1


@pytest.fixture
def facebook_capture(settings, graph: GraphServer) -> GraphServer:
    settings.LINK_CAPTURE_PLATFORMS = ["facebook"]
    settings.FACEBOOK_GRAPH_URL = graph.api_url
    settings.FACEBOOK_CAPTURE_TOKEN = PAGE_TOKEN
    return graph


def forwarded_with_body(body: str, *, html: bool = False) -> bytes:
    """The original, carrying `body` (as HTML when asked), forwarded as an attachment."""
    inner = original()
    if html:
        inner.set_content(body, subtype="html")
    else:
        inner.set_content(body)
    outer = EmailMessage(policy=policy.SMTP)
    outer["From"] = "Cllr Priya Patel <cllr.priya@example.org>"
    outer["To"] = "reports@party.example"
    outer["Subject"] = "Fwd: You will regret this"
    outer["Message-ID"] = f"<fwd-{hashlib.sha256(body.encode()).hexdigest()[:12]}@x>"
    outer.set_content("And he commented this under my post.")
    outer.add_attachment(inner)
    return outer.as_bytes()


@pytest.mark.parametrize("html", [False, True], ids=["text", "html"])
def test_a_post_link_in_a_forwarded_email_is_captured_as_evidence(
    mailbox, protected_person, facebook_capture, html
):
    post = facebook_capture.add_post("Come to my surgery on Saturday")
    troll = facebook_capture.add_user("Troll Account")
    threat = "I know where your surgery is and I will be waiting"
    comment = facebook_capture.add_comment(post, troll, threat)
    link = comment["permalink_url"]
    body = (
        f'<p>See <a href="{link}&amp;utm_source=share">what I wrote</a> under your post.</p>'
        if html
        else f"See what I wrote under your post ({link}&utm_source=share).\n"
    )
    mailbox.deliver(forwarded_with_body(body, html=html))

    mailbox_read()

    report = Report.objects.get()
    assert report.post_links == [link]  # tracking parameters dropped, as for a web report
    capture = LinkCapture.objects.get(report=report)
    assert (capture.url, capture.platform, capture.status) == (
        link,
        "facebook",
        CaptureStatus.CAPTURED,
    )
    item = capture.evidence
    assert item is not None and item in report.evidence.all()
    assert (item.kind, item.author_id) == (EvidenceKind.POST, troll["id"])
    assert json.loads(evidence_bytes_verified(item))["text"] == threat
    # The post is deleted: the report keeps what it said.
    facebook_capture.delete(comment["id"])
    kept = report.evidence.get(kind=EvidenceKind.POST)
    assert json.loads(evidence_bytes_verified(kept))["text"] == threat


def test_a_post_link_that_cannot_be_fetched_yet_is_retried_like_a_web_reports(
    mailbox, protected_person, settings
):
    settings.LINK_CAPTURE_PLATFORMS = ["facebook"]
    settings.FACEBOOK_CAPTURE_TOKEN = ""  # capture not ready: the link waits for its retry
    link = "https://www.facebook.com/100/posts/7"
    mailbox.deliver(forwarded_with_body(f"Look: {link}"))

    mailbox_read()

    capture = LinkCapture.objects.get()
    assert (capture.url, capture.status, capture.attempts) == (link, CaptureStatus.PENDING, 1)
    assert "FACEBOOK_CAPTURE_TOKEN" in capture.last_error


def test_an_email_without_post_links_captures_nothing(mailbox, protected_person, settings):
    settings.LINK_CAPTURE_PLATFORMS = ["facebook"]
    mailbox.deliver(forwarded_as_attachment())
    mailbox.deliver(
        forwarded_with_body(
            "Read https://example.org/why-you-lose and http://localhost/admin and "
            "https://10.0.0.1/x, or javascript:alert(1) and https://facebook.com:99999/x."
        )
    )

    mailbox_read()

    assert Report.objects.count() == 2
    assert list(Report.objects.values_list("post_links", flat=True)) == [[], []]
    assert not LinkCapture.objects.exists()


def test_an_email_names_at_most_ten_post_links_each_once():
    links = [f"https://x.com/troll/status/{n}" for n in range(1, 15)]
    text = "\n".join([links[0], f"{links[0]}?utm_source=share", *links[1:]])

    found = post_links_in(f"www.youtube.com/watch?v=abc. {text}")

    assert len(found) == 10
    assert found[0] == "https://www.youtube.com/watch?v=abc"
    assert list(found[1:]) == links[:9]


def test_a_mailbox_url_set_wrong_is_shown_to_the_lead_until_it_is_put_right(
    mailbox, settings, safeguarding_lead, client
):
    lead = signed_in(client, safeguarding_lead)
    settings.REPORT_MAILBOX_URL = "imap://reports:hunter2-secret@mail.party.example/INBOX"
    for _ in range(2):
        with pytest.raises(MailboxNotConfigured, match="unencrypted"):
            mailbox_read()
    with pytest.raises(CommandError, match="unencrypted"):
        call_command("read_report_mailbox", "--once", stdout=StringIO())

    [health] = mailbox_health()
    assert (health.is_setting, health.state) == (True, "set wrong")
    assert "unencrypted" in health.last_error and health.last_error_at is not None
    assert AuditEntry.objects.filter(verb="report.mailbox_error").count() == 1  # once, not per try
    for page in (reverse("monitoring:sources"), reverse("web:staff_dashboard")):
        shown = lead.get(page).content.decode()
        assert "set wrong" in shown and "would send the mailbox password unencrypted" in shown
        assert "hunter2-secret" not in shown

    settings.REPORT_MAILBOX_URL = "pop3://reports:hunter2-secret@mail.party.example/INBOX"
    with pytest.raises(MailboxNotConfigured):
        read_report_mailbox.call()  # the scheduled read records it too
    [health] = mailbox_health()
    assert "must start with imaps://" in health.last_error
    assert "must start with imaps://" in lead.get(reverse("monitoring:sources")).content.decode()

    settings.REPORT_MAILBOX_URL = mailbox.url()
    mailbox.deliver(original().as_bytes())
    mailbox_read()

    [health] = mailbox_health()  # only the mailbox now, read
    assert (health.is_setting, health.state, health.reported) == (False, "reading", 1)
    assert "set wrong" not in lead.get(reverse("monitoring:sources")).content.decode()
    assert AuditEntry.objects.filter(verb="report.mailbox_setting_fixed").count() == 1
