"""A real IMAP server for the party-mailbox tests: pymap's in-memory `dict` backend, run as a
subprocess on a free loopback port, one per test session (each test starts from an empty
mailbox), spoken to with imaplib like any mail program would."""

from __future__ import annotations

import contextlib
import imaplib
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

USER = "reports@party.example"
PASSWORD = "mailbox-password-1"
PROCESSED = "Processed"
_APPENDUID = re.compile(rb"APPENDUID (\d+) (\d+)")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


@dataclass
class ImapServer:
    port: int
    process: subprocess.Popen[bytes]

    def url(self, *, password: str = PASSWORD, folder: str = "INBOX") -> str:
        user = USER.replace("@", "%40")
        return f"imap://{user}:{password}@127.0.0.1:{self.port}/{folder}"

    @contextlib.contextmanager
    def client(self, folder: str = "INBOX") -> Iterator[imaplib.IMAP4]:
        imap = imaplib.IMAP4("127.0.0.1", self.port, timeout=10)
        imap.login(USER, PASSWORD)
        imap.select(folder)
        try:
            yield imap
        finally:
            imap.logout()

    def deliver(self, message: bytes, folder: str = "INBOX") -> int:
        """APPEND a message, as the mail server would deliver it; its UID."""
        with self.client(folder) as imap:
            # typeshed says str; imaplib returns (status, data) as every command does.
            answer: Any = imap.append(folder, "", "", message)
        status, data = answer
        assert status == "OK", data
        found = _APPENDUID.search(data[0] or b"")
        assert found, data
        return int(found.group(2))

    def uids(self, folder: str = "INBOX", criterion: str = "ALL") -> list[int]:
        with self.client(folder) as imap:
            _, data = imap.uid("SEARCH", criterion)
        return [int(word) for word in (data[0] or b"").split()]

    def mark_unseen(self, uid: int) -> None:
        with self.client() as imap:
            imap.uid("STORE", str(uid), "-FLAGS", r"(\Seen)")

    def empty(self) -> None:
        """Every message in every folder gone, the processed folder too."""
        with self.client() as imap:
            imap.uid("STORE", "1:*", "+FLAGS.SILENT", r"(\Deleted)")
            imap.expunge()
            imap.delete(PROCESSED)  # NO when there is none


@pytest.fixture(scope="session")
def _imap_process() -> Iterator[ImapServer]:
    pymap = Path(sys.executable).with_name("pymap")
    port = _free_port()
    # The dict backend with one user; plain IMAP, as the mailbox settings allow on loopback.
    process = subprocess.Popen(
        [
            str(pymap),
            "--no-tls",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "dict",
            "--demo-user",
            USER,
            "--demo-password",
            PASSWORD,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while not _listening(port):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            errors = process.stderr.read()[-2000:] if process.stderr else b""
            pytest.fail(f"pymap did not start: {errors.decode(errors='replace')}")
        time.sleep(0.1)
    try:
        yield ImapServer(port=port, process=process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def imap_server(_imap_process: ImapServer) -> Iterator[ImapServer]:
    """The IMAP server with an empty INBOX."""
    _imap_process.empty()
    yield _imap_process
