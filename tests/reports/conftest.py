"""The party mailbox's IMAP servers (tests/reports/imap_server.py), for the reports tests."""

from __future__ import annotations

from tests.reports.imap_server import (  # noqa: F401 - fixtures
    _imap_process,
    imap_server,
    imap_tls_server,
)
