"""The Perspective backend, against a local HTTP server that answers like Perspective API."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from upstander.classify import BackendError, ConfigurationError, Score, load_scorer


# The shape of a real Perspective API answer (v1alpha1 comments:analyze).
def _answer(toxicity: float, **others: float) -> dict[str, Any]:
    values = {"TOXICITY": toxicity, **others}
    return {
        "attributeScores": {
            name: {
                "spanScores": [
                    {"begin": 0, "end": 10, "score": {"value": value, "type": "PROBABILITY"}}
                ],
                "summaryScore": {"value": value, "type": "PROBABILITY"},
            }
            for name, value in values.items()
        },
        "languages": ["en"],
        "detectedLanguages": ["en"],
    }


class _Fake:
    def __init__(self) -> None:
        self.requests: list[tuple[str, dict[str, Any]]] = []
        self.keys: list[str | None] = []
        self.status = 200
        self.body: bytes | None = None


@pytest.fixture
def fake() -> Iterator[tuple[_Fake, str]]:
    state = _Fake()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers["Content-Length"])
            body = json.loads(self.rfile.read(length))
            state.requests.append((self.path, body))
            state.keys.append(self.headers.get("X-Goog-Api-Key"))
            if state.body is not None:
                payload = state.body
            elif state.status != 200:
                payload = json.dumps(
                    {"error": {"code": state.status, "message": "API key not valid."}}
                ).encode()
            else:
                text = body["comment"]["text"]
                hostile = "idiot" in text
                payload = json.dumps(
                    _answer(
                        0.93 if hostile else 0.05,
                        INSULT=0.91 if hostile else 0.02,
                        THREAT=0.01,
                        IDENTITY_ATTACK=0.02,
                        PROFANITY=0.1,
                        SEXUALLY_EXPLICIT=0.01,
                    )
                ).encode()
            self.send_response(state.status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    endpoint = f"http://127.0.0.1:{server.server_address[1]}/v1alpha1/comments:analyze"
    try:
        yield state, endpoint
    finally:
        server.shutdown()
        server.server_close()


def _scorer(endpoint: str, **options: Any):
    return load_scorer(
        "perspective", api_key="test-key", endpoint=endpoint, min_interval=0, **options
    )


def test_perspective_scores_map_to_our_labels(fake):
    _state, endpoint = fake
    hostile, calm = _scorer(endpoint).score(["you idiot", "lovely day"])
    assert isinstance(hostile, Score)
    assert hostile.flagged and "insult" in hostile.flagged_labels
    assert not calm.flagged
    assert hostile.labels["doxxing"] == 0.0
    assert hostile.scorer.startswith("perspective-")
    assert any("TOXICITY" in line for line in hostile.explanation)


def test_perspective_request_carries_key_text_attributes_and_do_not_store(fake):
    state, endpoint = fake
    _scorer(endpoint).score(["you idiot"])
    path, body = state.requests[0]
    assert state.keys == ["test-key"]
    assert "key" not in parse_qs(urlparse(path).query)  # never in a URL that logs keep
    assert body["comment"]["text"] == "you idiot"
    assert {"TOXICITY", "INSULT", "THREAT", "IDENTITY_ATTACK"} <= set(body["requestedAttributes"])
    assert body["doNotStore"] is True


def test_perspective_needs_an_api_key(monkeypatch):
    monkeypatch.delenv("PERSPECTIVE_API_KEY", raising=False)
    with pytest.raises(ConfigurationError, match="API key"):
        load_scorer("perspective")


def test_perspective_reads_the_key_from_the_environment(monkeypatch, fake):
    state, endpoint = fake
    monkeypatch.setenv("PERSPECTIVE_API_KEY", "env-key")
    load_scorer("perspective", endpoint=endpoint, min_interval=0).score(["hi"])
    assert state.keys == ["env-key"]


def test_rejected_key_is_a_permanent_backend_error_without_the_key_in_the_message(fake):
    state, endpoint = fake
    state.status = 403
    with pytest.raises(BackendError) as caught:
        _scorer(endpoint).score(["hi"])
    assert caught.value.permanent
    assert "403" in str(caught.value) and "test-key" not in str(caught.value)


def test_server_error_is_a_transient_backend_error(fake):
    state, endpoint = fake
    state.status = 503
    with pytest.raises(BackendError) as caught:
        _scorer(endpoint).score(["hi"])
    assert not caught.value.permanent


def test_malformed_answer_is_a_backend_error(fake):
    state, endpoint = fake
    state.body = b"<html>not json</html>"
    with pytest.raises(BackendError, match="invalid JSON"):
        _scorer(endpoint).score(["hi"])
    state.body = b'{"attributeScores": {"TOXICITY": {}}}'
    with pytest.raises(BackendError, match="summaryScore"):
        _scorer(endpoint).score(["hi"])


def test_unreachable_server_is_a_backend_error_after_the_timeout():
    scorer = _scorer("http://127.0.0.1:9/v1alpha1/comments:analyze", timeout=0.5)
    with pytest.raises(BackendError, match="unreachable"):
        scorer.score(["hi"])


def test_perspective_empty_text_is_neutral_without_a_request(fake):
    state, endpoint = fake
    [result] = _scorer(endpoint).score([""])
    assert not result.flagged
    assert state.requests == []
