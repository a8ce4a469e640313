"""A real IMAP server for the party-mailbox tests: pymap's in-memory `dict` backend, run as a
subprocess on a free loopback port, one per test session (each test starts from an empty
mailbox), spoken to with imaplib like any mail program would."""

from __future__ import annotations

import contextlib
import imaplib
import ipaddress
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

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


@contextlib.contextmanager
def _pymap(*tls: str) -> Iterator[ImapServer]:
    """pymap's dict backend with one user, on a free loopback port."""
    pymap = Path(sys.executable).with_name("pymap")
    port = _free_port()
    process = subprocess.Popen(
        [
            str(pymap),
            *(tls or ("--no-tls",)),
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


@pytest.fixture(scope="session")
def _imap_process() -> Iterator[ImapServer]:
    # Plain IMAP, as the mailbox settings allow on loopback only.
    with _pymap() as server:
        yield server


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and localhost, and its key: the party's own CA, in effect."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "imap.crt", directory / "imap.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.fixture(scope="session")
def imap_tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ImapServer, Path]]:
    """An IMAP server offering STARTTLS with a self-signed certificate; and that certificate."""
    cert, key = self_signed_certificate(tmp_path_factory.mktemp("imap-tls"))
    with _pymap("--cert", str(cert), "--key", str(key)) as server:
        yield server, cert


@pytest.fixture
def imap_server(_imap_process: ImapServer) -> Iterator[ImapServer]:
    """The IMAP server with an empty INBOX."""
    _imap_process.empty()
    yield _imap_process
