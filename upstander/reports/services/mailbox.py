"""Reading the party mailbox: each forwarded email becomes a report, its `.eml` the evidence.

Restart-safe: a message is stored (report, evidence, its row in `MailboxMessage`, the cursor)
in one transaction, and only then marked \\Seen on the server. A crash in between leaves it
unmarked: the next read finds it at or below the cursor, already stored, and only marks it.
The same message under a new UIDVALIDITY (a rebuilt mailbox) is known by its SHA-256.
A message that cannot become a report is set aside (the dead letters of the mailbox): kept as
evidence all the same, counted for the lead, and never stops the reading of the rest.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import DatabaseError, IntegrityError, OperationalError, transaction
from django.utils import timezone

from upstander import audit
from upstander.accounts.models import User
from upstander.evidence.errors import EvidenceEmpty, EvidenceTooLarge
from upstander.evidence.models import EvidenceItem
from upstander.evidence.services import evidence_capture_email, evidence_capture_text
from upstander.reports.errors import MailboxNotConfigured, MailboxUnavailable, UnreadableEmail
from upstander.reports.mailbox import (
    ForwardedEmail,
    FoundBy,
    MailboxConnection,
    MailboxSettings,
    Sender,
    email_excerpt,
    forwarded_email_parse,
    mailbox_settings,
)
from upstander.reports.models import (
    MAILBOX_SETTING_ROW,
    MailboxMessage,
    MailboxMessageStatus,
    Report,
    ReportMailbox,
    ReportPlatform,
    TargetKind,
)
from upstander.reports.services import report_submit

MAILBOX_SOURCE = "mailbox"
READ_LIMIT = 200  # messages a read takes at most; the next read goes on from there
# The readable copy of an email beside its .eml: enough for any real message.
READABLE_TEXT_CHARS = 200_000
_FOUND_BY_WORDS = {
    FoundBy.ATTACHMENT: "the original attached to the forwarded email",
    FoundBy.INLINE: "the forwarded message quoted in the email",
    FoundBy.ENVELOPE: "the email's own sender",
}

logger = logging.getLogger(__name__)


@dataclass
class MailboxRead:
    """What one read of the mailbox did."""

    mailbox: str
    reported: list[int] = field(default_factory=list)  # the new reports' ids
    set_aside: int = 0
    already: int = 0  # taken before: a crash before marking, or the same message again

    @property
    def taken(self) -> int:
        return len(self.reported) + self.set_aside + self.already


@dataclass(frozen=True)
class _Taken:
    uid: int
    uidvalidity: int
    size: int
    data: bytes
    sha256: str


def mailbox_read(
    *,
    conf: MailboxSettings | None = None,
    limit: int = READ_LIMIT,
    progress: Callable[[str], None] | None = None,
) -> MailboxRead:
    """Take every new message in the mailbox (up to `limit`): a report for each forwarded
    email, a set-aside row for each that cannot be one. A failure of the server or the login
    is recorded on the mailbox for the lead, then raised (MailboxUnavailable)."""
    conf = conf if conf is not None else mailbox_configured()
    if conf is None:
        raise MailboxNotConfigured("No party mailbox is set: REPORT_MAILBOX_URL is empty.")
    say = progress or (lambda _line: None)
    mailbox = _mailbox_row(conf.name)
    result = MailboxRead(mailbox=conf.name)
    try:
        with MailboxConnection(conf) as box:
            mailbox = _uidvalidity_follow(mailbox, box.uidvalidity)
            # Stored by an earlier read that stopped before marking them: mark them now.
            for uid in box.unseen_up_to(mailbox.last_uid):
                box.mark_taken(uid)
            uids = box.uids_after(mailbox.last_uid)[:limit]
            sizes = box.sizes(uids)
            for uid in uids:
                outcome = _message_take(box, mailbox, uid, sizes.get(uid, 0), result)
                if outcome != "gone":
                    box.mark_taken(uid)
                say(f"message {uid}: {outcome}")
    except MailboxUnavailable as error:
        mailbox_error_record(mailbox=mailbox, message=error.message)
        raise
    _mailbox_read_record(mailbox)
    return result


def mailbox_configured() -> MailboxSettings | None:
    """The mailbox's settings (None when no mailbox is set). A REPORT_MAILBOX_URL set wrong is
    recorded for the lead, where they see the mailbox's health, then raised
    (MailboxNotConfigured); once it is right, or unset, what was recorded is cleared."""
    try:
        conf = mailbox_settings()
    except MailboxNotConfigured as error:
        # Its words never carry the URL, so never the password in it.
        mailbox_error_record(mailbox=_mailbox_row(MAILBOX_SETTING_ROW), message=error.message)
        raise
    _mailbox_setting_fixed_record()
    return conf


@transaction.atomic
def _mailbox_setting_fixed_record() -> None:
    """A wrong REPORT_MAILBOX_URL has been put right: the lead is no longer told of it."""
    fixed = list(
        ReportMailbox.objects.select_for_update()
        .filter(name=MAILBOX_SETTING_ROW)
        .exclude(last_error="")
    )
    for row in fixed:
        ReportMailbox.objects.filter(pk=row.pk).update(last_error="", last_error_at=None)
        audit.record(None, "report.mailbox_setting_fixed", row, {"was": row.last_error[:200]})


def _mailbox_row(name: str) -> ReportMailbox:
    try:
        with transaction.atomic():
            mailbox, created = ReportMailbox.objects.get_or_create(name=name)
            if created:
                audit.record(None, "report.mailbox_added", mailbox, {"name": name})
    except IntegrityError:  # another reader created it at the same moment
        mailbox = ReportMailbox.objects.get(name=name)
    return mailbox


@transaction.atomic
def _uidvalidity_follow(mailbox: ReportMailbox, uidvalidity: int) -> ReportMailbox:
    """A new UIDVALIDITY means every UID was renumbered: read from the start again (what was
    taken before is known by its hash and not reported twice)."""
    mailbox = ReportMailbox.objects.select_for_update().get(pk=mailbox.pk)
    if mailbox.uidvalidity == uidvalidity:
        return mailbox
    before = mailbox.uidvalidity
    mailbox.uidvalidity = uidvalidity
    mailbox.last_uid = 0
    mailbox.save(update_fields=["uidvalidity", "last_uid"])
    audit.record(
        None, "report.mailbox_uidvalidity", mailbox, {"before": before, "now": uidvalidity}
    )
    return mailbox


def _cursor_advance(mailbox: ReportMailbox, uid: int) -> None:
    """Only forward: a slower reader never moves it back."""
    ReportMailbox.objects.filter(
        pk=mailbox.pk, uidvalidity=mailbox.uidvalidity, last_uid__lt=uid
    ).update(last_uid=uid)


def _message_take(
    box: MailboxConnection, mailbox: ReportMailbox, uid: int, size: int, result: MailboxRead
) -> str:
    """Store one message once; what became of it, in words for the command's progress."""
    assert mailbox.uidvalidity is not None
    if MailboxMessage.objects.filter(
        mailbox=mailbox, uidvalidity=mailbox.uidvalidity, uid=uid
    ).exists():
        _cursor_advance(mailbox, uid)
        result.already += 1
        return "taken before"
    limit = box.conf.max_bytes
    too_large = size > limit
    data = box.fetch(uid, headers_only=too_large)
    if data is None:
        _cursor_advance(mailbox, uid)
        return "gone"
    if not too_large and len(data) > limit:  # the server gave no size, or a wrong one
        too_large, size = True, len(data)
        data = _headers_of(data)
    size = size or len(data)
    data = data[:limit]
    taken = _Taken(
        uid=uid,
        uidvalidity=mailbox.uidvalidity,
        size=size,
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
    )
    if MailboxMessage.objects.filter(mailbox=mailbox, sha256=taken.sha256).exists():
        _cursor_advance(mailbox, uid)
        result.already += 1
        return "taken before (the same message)"
    if too_large:
        reason = (
            f"too large: {taken.size} bytes, over the limit of {limit}; only its headers are kept"
        )
        return _set_aside_counted(mailbox, taken, reason, result, headers_only=True)
    try:
        parsed = forwarded_email_parse(data)
    except UnreadableEmail as error:
        return _set_aside_counted(mailbox, taken, error.message, result)
    try:
        report_id = _report_from_email(mailbox, taken, parsed)
    except IntegrityError:
        if MailboxMessage.objects.filter(mailbox=mailbox, sha256=taken.sha256).exists():
            result.already += 1
            return "taken before (by another reader)"
        logger.exception("Message %s of mailbox %s could not be stored", uid, mailbox.pk)
        return _set_aside_counted(mailbox, taken, "not storable: IntegrityError", result)
    except OperationalError:
        raise  # the database is down or busy, not this message's fault: the next read retries
    except Exception as error:  # whatever it is, one message never stops the mailbox
        logger.exception("Message %s of mailbox %s could not be stored", uid, mailbox.pk)
        reason = f"not storable: {type(error).__name__}"
        return _set_aside_counted(mailbox, taken, reason, result)
    result.reported.append(report_id)
    return f"report {report_id} (the abuser found in {_FOUND_BY_WORDS[parsed.found_by]})"


def _set_aside_counted(
    mailbox: ReportMailbox,
    taken: _Taken,
    reason: str,
    result: MailboxRead,
    *,
    headers_only: bool = False,
) -> str:
    try:
        _set_aside(mailbox, taken, reason, headers_only=headers_only)
    except IntegrityError:
        if not MailboxMessage.objects.filter(mailbox=mailbox, sha256=taken.sha256).exists():
            raise
        result.already += 1
        return "taken before (by another reader)"
    result.set_aside += 1
    return f"set aside ({reason})"


@transaction.atomic
def _report_from_email(mailbox: ReportMailbox, taken: _Taken, parsed: ForwardedEmail) -> int:
    """The report, its evidence (the .eml whole, and its text to read), the message's row and
    the cursor, together."""
    forwarder = parsed.forwarder
    offender: Sender | None = parsed.offender
    if forwarder is None and parsed.found_by == FoundBy.ENVELOPE and _person(parsed.offender):
        # A representative wrote to the mailbox in their own words: they are the reporter,
        # and who abused them is for the case worker to read.
        forwarder, offender = parsed.offender, None
    if offender is not None and forwarder is not None and offender.address == forwarder.address:
        offender = None
    person = _person(forwarder) if forwarder is not None else None
    eml = evidence_capture_email(
        None,
        data=taken.data,
        filename=f"{parsed.subject or 'forwarded email'}.eml",
        sender_address=offender.address if offender else "",
        sent_at=parsed.sent_at,
    )
    items: list[EvidenceItem] = [eml]
    readable = _readable_copy(parsed, offender)
    if readable.strip():
        items.append(evidence_capture_text(None, text=readable))
    if person is not None:
        target_kind, target_name = TargetKind.MYSELF, str(person)
    elif forwarder is not None:
        target_kind, target_name = TargetKind.REPRESENTATIVE, str(forwarder)
    else:
        target_kind, target_name = TargetKind.SOMEONE_ELSE, ""
    submitted = report_submit(
        person,
        target_kind=target_kind,
        target_name=target_name,
        platform=ReportPlatform.EMAIL,
        what_happened=_narrative(parsed, forwarder, offender),
        offending_accounts=[offender.address] if offender else [],
        # Links to posts in the original are captured as for a web report, before they vanish.
        post_links=parsed.post_links,
        happened_on=parsed.sent_at.date() if parsed.sent_at else None,
        contact_name=forwarder.name if forwarder and person is None else "",
        contact_email=forwarder.address if forwarder and person is None else "",
        evidence=items,
        anonymous=person is None,
        source=MAILBOX_SOURCE,
    )
    row = _message_keep(
        mailbox,
        taken,
        message_id=parsed.message_id,
        status=MailboxMessageStatus.REPORTED,
        evidence=eml,
        report=submitted.report,
    )
    audit.record(
        None,
        "report.mailbox_message",
        row,
        {
            "mailbox": mailbox.pk,
            "report": submitted.report.pk,
            "found_by": parsed.found_by,
            "items": [item.pk for item in items],
        },
    )
    return submitted.report.pk


def _message_keep(
    mailbox: ReportMailbox,
    taken: _Taken,
    *,
    message_id: str,
    status: MailboxMessageStatus,
    evidence: EvidenceItem | None,
    report: Report | None = None,
    reason: str = "",
) -> MailboxMessage:
    """The message's row (what it became, by its place in the mailbox) and the cursor past it:
    every message taken ends here, reported or set aside, so it is never taken again."""
    row = MailboxMessage.objects.create(
        mailbox=mailbox,
        uidvalidity=taken.uidvalidity,
        uid=taken.uid,
        sha256=taken.sha256,
        size=taken.size,
        message_id=message_id,
        status=status,
        report=report,
        reason=reason,
        evidence=evidence,
        received_at=timezone.now(),
    )
    _cursor_advance(mailbox, taken.uid)
    return row


def _person(sender: Sender | None) -> User | None:
    if sender is None:
        return None
    return User.objects.filter(email__iexact=sender.address, is_active=True).first()


def _narrative(parsed: ForwardedEmail, forwarder: Sender | None, offender: Sender | None) -> str:
    lines = [
        f"Forwarded to the party mailbox by {forwarder}."
        if forwarder
        else "Sent to the party mailbox directly."
    ]
    lines.append(
        f"From: {offender}" if offender else "From: not found in the email (see the evidence)."
    )
    if parsed.sent_at:
        lines.append(f"Sent: {parsed.sent_at:%d %B %Y %H:%M %Z}".strip())
    if parsed.subject:
        lines.append(f"Subject: {parsed.subject}")
    excerpt = email_excerpt(parsed.text)
    if excerpt:
        lines += ["", excerpt]
    note = email_excerpt(parsed.note) if parsed.found_by != FoundBy.ENVELOPE else ""
    if note:
        lines += ["", "What the representative wrote with it:", note]
    return "\n".join(lines)


def _readable_copy(parsed: ForwardedEmail, offender: Sender | None) -> str:
    """The original as a person reads it (the .eml beside it is what a court is shown)."""
    if not parsed.text.strip():
        return ""
    head = [f"From: {offender or parsed.offender}"]
    if parsed.sent_at:
        head.append(f"Date: {parsed.sent_at.isoformat()}")
    if parsed.subject:
        head.append(f"Subject: {parsed.subject}")
    return "\n".join(head) + "\n\n" + parsed.text[:READABLE_TEXT_CHARS]


@transaction.atomic
def _set_aside(mailbox: ReportMailbox, taken: _Taken, reason: str, *, headers_only: bool) -> None:
    """Keep a message that cannot become a report: its bytes (or headers) as evidence when
    they can be stored, its row with the reason, and the cursor past it."""
    item: EvidenceItem | None = None
    try:
        with transaction.atomic():
            item = evidence_capture_email(
                None,
                data=taken.data,
                filename="set-aside.eml",
                sender_address="",
                sent_at=None,
                headers_only=headers_only,
            )
    except (EvidenceEmpty, EvidenceTooLarge, DatabaseError) as error:
        reason = f"{reason}; its bytes could not be kept ({type(error).__name__})"
    row = _message_keep(
        mailbox,
        taken,
        message_id=_message_id_of(taken.data),
        status=MailboxMessageStatus.SET_ASIDE,
        evidence=item,
        reason=reason[:300],
    )
    audit.record(
        None,
        "report.mailbox_set_aside",
        row,
        {
            "mailbox": mailbox.pk,
            "reason": reason.partition(":")[0],
            "items": [item.pk] if item else [],
        },
    )


def _headers_of(data: bytes) -> bytes:
    """The header section of a message (up to and with the blank line that ends it)."""
    ends = [at for at in (data.find(b"\r\n\r\n"), data.find(b"\n\n")) if at >= 0]
    if not ends:
        return data
    end = min(ends)
    return data[: end + (4 if data[end : end + 4] == b"\r\n\r\n" else 2)]


def _message_id_of(data: bytes) -> str:
    """The Message-ID header of bytes that may not parse as a message at all."""
    head = data.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    for line in head.splitlines():
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"message-id":
            return value.strip().decode("ascii", "replace")[:300]
    return ""


@transaction.atomic
def mailbox_error_record(*, mailbox: ReportMailbox, message: str) -> None:
    """Say on the mailbox why reading it failed (it is read again on the next run). A failure
    that repeats every run is written, and audited, once: only a change is recorded."""
    message = message[:500]
    changed = (
        ReportMailbox.objects.filter(pk=mailbox.pk)
        .exclude(last_error=message)
        .update(last_error=message, last_error_at=timezone.now())
    )
    if changed:
        audit.record(None, "report.mailbox_error", mailbox, {"error": message[:200]})


@transaction.atomic
def _mailbox_read_record(mailbox: ReportMailbox) -> None:
    """When it was last read; an error that has gone is cleared (and that is audited). A plain
    read is not audited: the mailbox is read every few minutes."""
    cleared = (
        ReportMailbox.objects.filter(pk=mailbox.pk)
        .exclude(last_error="")
        .update(last_error="", last_read_at=timezone.now())
    )
    if cleared:
        audit.record(None, "report.mailbox_recovered", mailbox)
    else:
        ReportMailbox.objects.filter(pk=mailbox.pk).update(last_read_at=timezone.now())
