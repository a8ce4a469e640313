"""The party mailbox: its settings, an IMAP connection to it, and reading a forwarded email.

Representatives forward abusive mail to one mailbox. Nothing here writes to the database: the
service (`reports.services.mailbox`) turns what this reads into reports and evidence.

Where the abuser is found, best first: the original attached whole (`message/rfc822`, what
"forward as attachment" sends, every header intact); a "Forwarded message" block in the body
(Gmail, Outlook, Apple Mail, Thunderbird write one); else the message's own From (mail sent to
the mailbox directly, or redirected, when `Resent-From` names who redirected it).
"""

from __future__ import annotations

import contextlib
import imaplib
import re
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from html.parser import HTMLParser
from types import TracebackType
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings

from upstander.core.env import LOCAL_HOSTS, setting_int, setting_str
from upstander.evidence.conf import evidence_max_bytes
from upstander.platforms.links import platform_of_link
from upstander.reports.errors import (
    InvalidPostLink,
    MailboxNotConfigured,
    MailboxUnavailable,
    UnreadableEmail,
)
from upstander.reports.links import normalise_post_link

# --- Settings -------------------------------------------------------------------------------

_DEFAULT_PORTS = {"imaps": 993, "imap+starttls": 143, "imap": 143}


@dataclass(frozen=True)
class MailboxSettings:
    """Where the mailbox is. `imaps://` is TLS from the start; `imap+starttls://` upgrades;
    plain `imap://` is refused except on this machine (a local test server)."""

    scheme: str
    host: str
    port: int
    user: str
    password: str = field(repr=False)
    folder: str = "INBOX"
    # Where taken messages are moved; empty: they stay, marked \\Seen.
    processed_folder: str = ""
    max_bytes: int = 10 * 1024 * 1024
    timeout_seconds: int = 30
    # A CA bundle to trust instead of the system's (a party's own mail server).
    ca_file: str = ""

    @property
    def name(self) -> str:
        """How the mailbox is named on pages and in the audit log: never with its password."""
        return f"{self.user}@{self.host}:{self.port}/{self.folder}"


def mailbox_settings() -> MailboxSettings | None:
    """The mailbox from `REPORT_MAILBOX_URL` (`imaps://user:password@host:993/INBOX`), the
    password from `REPORT_MAILBOX_PASSWORD` when given (it wins); None when no URL is set."""
    url = setting_str("REPORT_MAILBOX_URL").strip()
    if not url:
        return None
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise MailboxNotConfigured("REPORT_MAILBOX_URL is not a valid address.") from error
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise MailboxNotConfigured(
            "REPORT_MAILBOX_URL must start with imaps:// (or imap+starttls://)."
        )
    host = (parts.hostname or "").lower()
    if not host or not parts.username:
        raise MailboxNotConfigured(
            "REPORT_MAILBOX_URL needs a user and a host: imaps://user@host:993/INBOX."
        )
    if scheme == "imap" and host not in LOCAL_HOSTS:
        raise MailboxNotConfigured(
            "Plain imap:// would send the mailbox password unencrypted: use imaps:// (or "
            "imap+starttls://). Plain IMAP is allowed only to a server on this machine."
        )
    password = setting_str("REPORT_MAILBOX_PASSWORD") or unquote(parts.password or "")
    limit = setting_int("REPORT_MAILBOX_MAX_BYTES", evidence_max_bytes())
    return MailboxSettings(
        scheme=scheme,
        host=host,
        port=port or _DEFAULT_PORTS[scheme],
        user=unquote(parts.username),
        password=password,
        folder=unquote(parts.path.strip("/")) or "INBOX",
        processed_folder=setting_str("REPORT_MAILBOX_PROCESSED_FOLDER").strip(),
        # Anything larger could not be stored as evidence whole anyway.
        max_bytes=min(limit, evidence_max_bytes()),
        timeout_seconds=setting_int("REPORT_MAILBOX_TIMEOUT_SECONDS", 30),
        ca_file=setting_str("REPORT_MAILBOX_CA_FILE").strip(),
    )


# --- The IMAP connection --------------------------------------------------------------------

_FETCH_UID = re.compile(rb"UID (\d+)")
_FETCH_SIZE = re.compile(rb"RFC822\.SIZE (\d+)")


def _said(error: BaseException) -> str:
    """What the server said, as text (imaplib passes its bytes through str())."""
    text = str(error)
    if text.startswith(("b'", 'b"')):
        text = text[2:-1]
    return text[:200]


class MailboxConnection:
    """One logged-in session on the mailbox folder, selected read-write.

    Every failure is a MailboxUnavailable saying what failed in words a lead can act on;
    messages are read with BODY.PEEK so that only `mark_taken` sets \\Seen.
    """

    def __init__(self, conf: MailboxSettings) -> None:
        self.conf = conf
        self.uidvalidity = 0
        self._imap: imaplib.IMAP4 | None = None

    def __enter__(self) -> MailboxConnection:
        conf = self.conf
        where = f"{conf.host}:{conf.port}"
        try:
            # Certificates and host names checked, as by any mail program.
            context = ssl.create_default_context(cafile=conf.ca_file or None)
            if conf.scheme == "imaps":
                self._imap = imaplib.IMAP4_SSL(
                    conf.host, conf.port, ssl_context=context, timeout=conf.timeout_seconds
                )
            else:
                self._imap = imaplib.IMAP4(conf.host, conf.port, timeout=conf.timeout_seconds)
                if conf.scheme == "imap+starttls":
                    self._imap.starttls(ssl_context=context)
        except ssl.SSLError as error:
            self._close(polite=False)
            why = getattr(error, "verify_message", None) or error.reason
            raise MailboxUnavailable(
                f"The mailbox server {where} did not pass the TLS check ({why})."
            ) from error
        except (OSError, imaplib.IMAP4.error) as error:
            self._close(polite=False)
            raise MailboxUnavailable(
                f"Could not connect to the mailbox server {where} ({_said(error)})."
            ) from error
        try:
            self._imap.login(conf.user, conf.password)
        except imaplib.IMAP4.abort as error:
            self._close()
            raise MailboxUnavailable(
                f"The mailbox server {where} closed the connection at login ({_said(error)})."
            ) from error
        except imaplib.IMAP4.error as error:
            self._close()
            raise MailboxUnavailable(
                f"The mailbox server {where} refused the login for {conf.user}: check the "
                f"password in REPORT_MAILBOX_PASSWORD (the server said: {_said(error)})."
            ) from error
        except OSError as error:
            self._close()
            raise MailboxUnavailable(
                f"The mailbox server {where} stopped answering at login ({_said(error)})."
            ) from error
        self._capabilities_refresh()
        self._select()
        return self

    def _capabilities_refresh(self) -> None:
        """What the server offers once logged in (MOVE, UIDPLUS): imaplib keeps only the list
        it was given before login."""
        assert self._imap is not None
        try:
            status, data = self._imap.capability()
        except (OSError, imaplib.IMAP4.error):
            return  # the list from before login, then
        if status == "OK" and data and isinstance(data[-1], bytes):
            self._imap.capabilities = tuple(data[-1].decode("ascii", "replace").upper().split())

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._close()

    def _close(self, *, polite: bool = True) -> None:
        """Log out (or, where the session never began, just close the socket)."""
        imap, self._imap = self._imap, None
        if imap is None:
            return
        with contextlib.suppress(OSError, imaplib.IMAP4.error):  # going anyway
            if polite:
                imap.logout()
            else:
                imap.shutdown()

    def _command(self, what: str, *args: str) -> list[bytes | tuple[bytes, bytes]]:
        """Run a UID command; its data, or MailboxUnavailable."""
        assert self._imap is not None
        try:
            status, data = self._imap.uid(what, *args)
        except (OSError, imaplib.IMAP4.error) as error:
            raise MailboxUnavailable(
                f"The mailbox server failed during {what} ({_said(error)})."
            ) from error
        if status != "OK":
            raise MailboxUnavailable(f"The mailbox server refused {what} ({data!r:.200}).")
        return list(data)

    def _select(self) -> None:
        assert self._imap is not None
        folder = self.conf.folder
        try:
            status, data = self._imap.select(_quoted(folder))
            _, values = self._imap.response("UIDVALIDITY")
        except (OSError, imaplib.IMAP4.error) as error:
            raise MailboxUnavailable(
                f"Could not open the folder {folder} ({_said(error)})."
            ) from error
        if status != "OK":
            raise MailboxUnavailable(f"The mailbox has no folder {folder} ({data!r:.200}).")
        try:
            self.uidvalidity = int(values[-1])
        except (TypeError, ValueError, IndexError) as error:
            raise MailboxUnavailable(
                f"The mailbox server gave no UIDVALIDITY for {folder}, so what was read "
                "cannot be told apart from what was not."
            ) from error

    def uids_after(self, last_uid: int) -> list[int]:
        """The UIDs above `last_uid`, oldest first (read or not: a person may have opened it)."""
        data = self._command("SEARCH", f"UID {last_uid + 1}:*")
        # "n:*" always includes the highest UID, even one below n (RFC 3501 6.4.8).
        return sorted(uid for uid in _numbers(data) if uid > last_uid)

    def unseen_up_to(self, last_uid: int) -> list[int]:
        """Unread UIDs at or below `last_uid`: ones taken but never marked (a crash between)."""
        if last_uid < 1:
            return []
        return sorted(_numbers(self._command("SEARCH", f"UID 1:{last_uid} UNSEEN")))

    def sizes(self, uids: list[int]) -> dict[int, int]:
        """Each message's size as the server gives it, without reading the message."""
        if not uids:
            return {}
        found: dict[int, int] = {}
        for line in self._command("FETCH", _uid_set(uids), "(UID RFC822.SIZE)"):
            head = line[0] if isinstance(line, tuple) else line
            uid, size = _FETCH_UID.search(head or b""), _FETCH_SIZE.search(head or b"")
            if uid and size:
                found[int(uid.group(1))] = int(size.group(1))
        return found

    def fetch(self, uid: int, *, headers_only: bool = False) -> bytes | None:
        """The message's bytes exactly as stored (or only its headers); None if it is gone."""
        section = "BODY.PEEK[HEADER]" if headers_only else "BODY.PEEK[]"
        for line in self._command("FETCH", str(uid), f"(UID {section})"):
            if isinstance(line, tuple) and _FETCH_UID.search(line[0]):
                return bytes(line[1])
        return None

    def mark_taken(self, uid: int) -> None:
        """\\Seen, and moved to the processed folder when one is set."""
        self._command("STORE", str(uid), "+FLAGS.SILENT", r"(\Seen)")
        target = self.conf.processed_folder
        if not target:
            return
        assert self._imap is not None
        self._imap.create(_quoted(target))  # NO when it exists: fine
        if "MOVE" in self._imap.capabilities:
            self._command("MOVE", str(uid), _quoted(target))
        else:
            self._command("COPY", str(uid), _quoted(target))
            self._command("STORE", str(uid), "+FLAGS.SILENT", r"(\Deleted)")
            if "UIDPLUS" in self._imap.capabilities:
                self._command("EXPUNGE", str(uid))
            # Otherwise the server expunges it in its own time (or the next client does).


def _numbers(data: list[bytes | tuple[bytes, bytes]]) -> Iterator[int]:
    for line in data:
        if isinstance(line, bytes):
            yield from (int(word) for word in line.split() if word.isdigit())


def _uid_set(uids: list[int]) -> str:
    return ",".join(str(uid) for uid in uids)


def _quoted(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --- Reading a forwarded email --------------------------------------------------------------


@dataclass(frozen=True)
class Sender:
    name: str
    address: str  # lower-cased

    def __str__(self) -> str:
        return f"{self.name} <{self.address}>" if self.name else self.address


class FoundBy:
    ATTACHMENT = "attachment"  # the original, attached whole
    INLINE = "inline"  # a "Forwarded message" block in the body
    ENVELOPE = "envelope"  # the message's own From (sent or redirected to the mailbox)


@dataclass(frozen=True)
class ForwardedEmail:
    """What a message in the mailbox says about the abuse it carries."""

    offender: Sender
    found_by: str
    # Who forwarded it (None when the abuser wrote to the mailbox directly).
    forwarder: Sender | None
    subject: str
    sent_at: datetime | None
    message_id: str
    text: str  # the original's readable text
    note: str = ""  # what the forwarder wrote above it

    @property
    def post_links(self) -> tuple[str, ...]:
        """Links to posts on a platform we can capture, named in the original (normalised)."""
        return post_links_in(self.text)


# Lines that open a forwarded block, as mail programs write them.
_FORWARD_MARKER = re.compile(
    r"^[ \t>]*[-_* \t]*(?:forwarded message|original message|begin forwarded message"
    r"|message transféré|weitergeleitete nachricht)[-_:* \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_HEADER_LINE = re.compile(r"^[>\s]*\*?(From|Sent|Date|Subject|To|Cc|Reply-To)\*?:\s*(.*)$", re.I)
_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_EXCERPT_LINES = 12
_EXCERPT_CHARS = 1500
# A web address in text: up to a space or what closes it in prose and in HTML-as-text.
_WEB_LINK = re.compile(r"(?:https?://|www\.)[^\s<>\"'\[\]{}|\\^`]+", re.IGNORECASE)
# An email naming more posts than this is a newsletter or spam, not one abuser's posts.
POST_LINKS_MAX = 10


def forwarded_email_parse(raw: bytes) -> ForwardedEmail:
    """Who the abuser is and what they wrote; UnreadableEmail when it cannot be told.

    Never raises anything else: a parser surprise on a hostile message is an unreadable email.
    """
    if not raw.strip():
        raise UnreadableEmail("empty: the message has no content")
    try:
        return _parse(raw)
    except UnreadableEmail:
        raise
    except Exception as error:
        raise UnreadableEmail(
            f"undecodable: the message could not be read as email ({type(error).__name__})"
        ) from error


def _parse(raw: bytes) -> ForwardedEmail:
    message = BytesParser(policy=policy.default).parsebytes(raw)
    envelope = _first_sender(message, "from")
    if envelope is None:
        raise UnreadableEmail("no sender: the message has no From address")
    message_id = str(message.get("message-id") or "").strip()[:300]
    redirected_by = _first_sender(message, "resent-from")
    for part in message.walk():
        if part.get_content_type() != "message/rfc822":
            continue
        inner = _attached(part)
        offender = _first_sender(inner, "from") if inner is not None else None
        if inner is not None and offender is not None:
            text = _body_text(inner)
            return ForwardedEmail(
                offender=offender,
                found_by=FoundBy.ATTACHMENT,
                forwarder=envelope,
                subject=_header(inner, "subject"),
                sent_at=_date(inner),
                message_id=message_id,
                text=text,
                note=_body_text(message),
            )
    body = _body_text(message)
    inline = _inline_forward(body)
    if inline is not None:
        offender, subject, sent, text, note = inline
        return ForwardedEmail(
            offender=offender,
            found_by=FoundBy.INLINE,
            forwarder=envelope,
            subject=subject or _strip_forward_prefix(_header(message, "subject")),
            sent_at=_loose_date(sent),
            message_id=message_id,
            text=text,
            note=note,
        )
    return ForwardedEmail(
        offender=envelope,
        found_by=FoundBy.ENVELOPE,
        forwarder=redirected_by,
        subject=_header(message, "subject"),
        sent_at=_date(message),
        message_id=message_id,
        text=body,
    )


def post_links_in(text: str) -> tuple[str, ...]:
    """The links to posts on a platform with an adapter that `text` names, normalised, once
    each, in order, at most POST_LINKS_MAX: what a report's link capture fetches. A link that
    is not a public web address (or not to such a platform) is no post and is left out."""
    found: dict[str, None] = {}
    for match in _WEB_LINK.finditer(text):
        # Prose ends a sentence or a bracket after a link: that is no part of it.
        raw = match.group(0).rstrip(".,;:!?)*'")
        try:
            link = normalise_post_link(raw)
        except InvalidPostLink:
            continue
        if platform_of_link(link) is None:
            continue
        found.setdefault(link, None)
        if len(found) == POST_LINKS_MAX:
            break
    return tuple(found)


def _attached(part: Message) -> Message | None:
    payload = part.get_payload()
    if isinstance(payload, list) and payload and isinstance(payload[0], Message):
        return payload[0]
    if isinstance(payload, Message):
        return payload
    return None


def _first_sender(message: Message, header: str) -> Sender | None:
    value = message.get(header)
    if value is None:
        return None
    addresses = getattr(value, "addresses", None)
    if addresses:
        for address in addresses:
            if isinstance(address, Address) and address.addr_spec and "@" in address.addr_spec:
                return Sender(
                    name=str(address.display_name or ""), address=address.addr_spec.lower()
                )
    for name, address in getaddresses([str(value)]):
        if "@" in address:
            return Sender(name=name, address=address.lower())
    return None


def _header(message: Message, name: str) -> str:
    value = message.get(name)
    return " ".join(str(value).split())[:300] if value is not None else ""


def _date(message: Message) -> datetime | None:
    value = message.get("date")
    when = getattr(value, "datetime", None)
    if isinstance(when, datetime):
        return when if when.tzinfo else None
    return _loose_date(str(value) if value is not None else "")


# How mail programs write the date of a message they quote (after "at" is dropped).
_QUOTED_DATE_FORMATS = (
    "%A, %d %B %Y %H:%M",  # Outlook: Monday, 30 November 2026 21:14
    "%A, %B %d, %Y %I:%M %p",  # Outlook (US): Monday, November 30, 2026 9:14 PM
    "%d %B %Y %H:%M",  # 30 November 2026 21:14
    "%a, %d %b %Y %H:%M",  # Gmail: Mon, 30 Nov 2026 21:14
    "%a, %b %d, %Y %I:%M %p",  # Gmail (US): Mon, Nov 30, 2026 9:14 PM
)


def _loose_date(value: str) -> datetime | None:
    """A quoted date as mail programs write it; one without a zone is in the party's zone
    (TIME_ZONE), as the person who forwarded it read it."""
    text = " ".join(value.replace(" at ", " ").replace("\u202f", " ").split())
    if not text:
        return None
    when: datetime | None = None
    for pattern in _QUOTED_DATE_FORMATS:
        try:
            when = datetime.strptime(text, pattern)  # noqa: DTZ007 - zone set below
            break
        except ValueError:
            continue
    if when is None:
        try:
            when = parsedate_to_datetime(text)  # RFC 5322, as in a Date header
        except (TypeError, ValueError, IndexError):
            return None
    return when if when.tzinfo else when.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))


def _body_text(message: Message) -> str:
    """The message's readable text: plain preferred, HTML as text; never the attached original."""
    if not isinstance(message, EmailMessage):
        return ""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, ValueError, AssertionError, KeyError):
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    if not isinstance(content, str):
        return ""
    if part.get_content_subtype() == "html":
        content = _html_text(content)
    return content.replace("\r\n", "\n").strip()


class _TextOfHtml(HTMLParser):
    _BREAKS = frozenset({"br", "p", "div", "tr", "li", "blockquote", "h1", "h2", "h3"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0
        # The open link's address and where its words begin in `parts`.
        self._link: tuple[str, int] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skipping += 1
        elif tag in self._BREAKS:
            self.parts.append("\n")
        elif tag == "a":
            href = (dict(attrs).get("href") or "").strip()
            if href.lower().startswith(("http://", "https://")):
                self._link = (href, len(self.parts))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skipping:
            self._skipping -= 1
        elif tag in self._BREAKS:
            self.parts.append("\n")
        elif tag == "a" and self._link is not None:
            # "<a href=post>this</a>" keeps where it pointed, as mail programs' text does: the
            # case worker reads it, and a link to a post is captured.
            href, start = self._link
            self._link = None
            if href not in "".join(self.parts[start:]):
                self.parts.append(f" <{href}>")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def _html_text(html: str) -> str:
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _inline_forward(body: str) -> tuple[Sender, str, str, str, str] | None:
    """(sender, subject, date, text, note) from a forwarded block in the body, if one has a
    From with an address: after a marker line, or an Outlook-style block (From: then Sent:)."""
    lines = body.splitlines()
    marker = _FORWARD_MARKER.search(body)
    starts: list[int] = []
    if marker is not None:
        starts.append(body[: marker.start()].count("\n") + 1)
    starts.extend(
        index
        for index, line in enumerate(lines)
        if (found := _HEADER_LINE.match(line)) and found.group(1).lower() == "from"
    )
    for start in starts:
        block = _header_block(lines, start)
        if block is None:
            continue
        fields, end = block
        sender = _sender_of(fields.get("from", ""))
        if sender is None:
            continue
        # Without a marker, one From line is not enough: a block has Sent/Date or Subject too.
        if marker is None and not ({"sent", "date", "subject"} & fields.keys()):
            continue
        text = "\n".join(line.lstrip(">").removeprefix(" ") for line in lines[end:]).strip()
        note_end = start - 1 if marker is not None and start > 0 else start
        note = "\n".join(lines[:note_end]).strip()
        return (
            sender,
            fields.get("subject", ""),
            fields.get("date") or fields.get("sent", ""),
            text,
            note,
        )
    return None


def _header_block(lines: list[str], start: int) -> tuple[dict[str, str], int] | None:
    """The "Key: value" lines from `start` (blank lines before them skipped); where they end."""
    index = start
    while index < len(lines) and not lines[index].strip(" >"):
        index += 1
    fields: dict[str, str] = {}
    while index < len(lines):
        found = _HEADER_LINE.match(lines[index])
        if found is None:
            break
        fields.setdefault(found.group(1).lower(), found.group(2).strip())
        index += 1
    return (fields, index) if "from" in fields else None


def _sender_of(value: str) -> Sender | None:
    """`Name <addr>`, `Name [mailto:addr]`, `"Name" <mailto:addr>` or a bare address."""
    found = _ADDRESS.search(value.replace("mailto:", " "))
    if found is None:
        return None
    name = re.split(r"[<\[]", value, maxsplit=1)[0].strip().strip("\"'*").strip()
    if name.lower() == found.group(0).lower():
        name = ""
    return Sender(name=name[:150], address=found.group(0).lower())


def _strip_forward_prefix(subject: str) -> str:
    return re.sub(r"^\s*((fwd?|fw|tr|wg)\s*:\s*)+", "", subject, flags=re.IGNORECASE)


def email_excerpt(text: str) -> str:
    """The first lines of a message, for a report's narrative (the whole is the evidence)."""
    lines = [line.rstrip() for line in text.splitlines()]
    kept = "\n".join(lines[:_EXCERPT_LINES]).strip()
    if len(kept) > _EXCERPT_CHARS:
        kept = kept[:_EXCERPT_CHARS].rstrip() + "…"
    elif len(lines) > _EXCERPT_LINES:
        kept += "\n…"
    return kept
