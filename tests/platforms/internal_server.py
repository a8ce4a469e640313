"""A service inside the network (a metadata endpoint, an admin console) that records requests.

It answers every request 400 with a secret in its JSON body, so a test can tell whether it was
reached and whether its answer leaked into anything shown or logged.
"""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest

SECRET = "internal-secret-7f3a"


class _Internal(http.server.BaseHTTPRequestHandler):
    requests: list[str]

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _answer(self) -> None:
        type(self).requests.append(self.path)
        body = json.dumps({"error": SECRET, "message": SECRET}).encode()
        self.send_response(400)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer


@pytest.fixture
def internal() -> Iterator[tuple[str, list[str]]]:
    """A service inside the network, as a metadata endpoint or an admin console would be."""
    seen: list[str] = []
    handler = type("Handler", (_Internal,), {"requests": seen})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", seen
    server.shutdown()
    server.server_close()
