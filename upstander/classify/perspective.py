"""Google Perspective API behind the `Scorer` interface (stdlib HTTP only).

Enabled by an API key (`api_key=` or $PERSPECTIVE_API_KEY). One request per post; Perspective's
default quota is one query per second, so requests are spaced by `min_interval` seconds. Network
failures, HTTP errors and malformed answers raise `BackendError` (`permanent=True` when retrying
cannot help: bad key, bad request). Scores are remapped so that `threshold` (Perspective's usual
0.7) sits at 0.5, like every other scorer here. Perspective has no doxxing attribute: it is 0.
"""

from __future__ import annotations

import json
import os
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from typing import Any, Final

from upstander.classify.types import (
    LABELS,
    BackendError,
    ConfigurationError,
    Score,
    check_texts,
    neutral_score,
    score_from_labels,
)

DEFAULT_ENDPOINT: Final = "https://commentanalyzer.googleapis.com/v1alpha1/comments:analyze"
VERSION: Final = "v1alpha1"
MAX_BYTES: Final = 20_000
ATTRIBUTES: Final[dict[str, str]] = {
    "TOXICITY": "abuse",
    "INSULT": "insult",
    "THREAT": "threat",
    "IDENTITY_ATTACK": "identity_attack",
    "SEXUALLY_EXPLICIT": "sexual_harassment",
    "PROFANITY": "profanity",
}


class PerspectiveScorer:
    """Scores posts with Perspective API. Thread-safe; requests are serialised and spaced."""

    def __init__(
        self,
        api_key: str | None = None,
        *,
        endpoint: str = DEFAULT_ENDPOINT,
        timeout: float = 10.0,
        threshold: float = 0.7,
        min_interval: float = 1.0,
        languages: Sequence[str] = ("en",),
    ) -> None:
        key = api_key if api_key is not None else os.environ.get("PERSPECTIVE_API_KEY", "")
        if not key.strip():
            raise ConfigurationError(
                "the perspective scorer needs an API key: pass api_key= or set PERSPECTIVE_API_KEY"
            )
        if not endpoint.startswith(("https://", "http://")):
            raise ConfigurationError(f"endpoint must be an http(s) URL, not {endpoint!r}")
        if not 0.0 < threshold < 1.0:
            raise ConfigurationError("threshold must be between 0 and 1")
        self._key = key.strip()
        self._endpoint = endpoint
        self._timeout = timeout
        self._threshold = threshold
        self._min_interval = max(0.0, min_interval)
        self._languages = list(languages)
        self._lock = threading.Lock()
        self._last = 0.0

    @property
    def name(self) -> str:
        return f"perspective-{VERSION}@{self._threshold:g}"

    def score(self, texts: Sequence[str]) -> list[Score]:
        clean = check_texts(texts)
        return [
            self._score_one(text)
            if text.strip()
            else neutral_score(self.name, "empty text: nothing to score")
            for text in clean
        ]

    def _score_one(self, text: str) -> Score:
        truncated = len(text.encode("utf-8")) > MAX_BYTES
        if truncated:
            text = text.encode("utf-8")[:MAX_BYTES].decode("utf-8", "ignore")
        answer = self._request(
            {
                "comment": {"text": text},
                "requestedAttributes": {name: {} for name in ATTRIBUTES},
                "languages": self._languages,
                "doNotStore": True,
            }
        )
        raw = _summary_scores(answer)
        labels = dict.fromkeys(LABELS, 0.0)
        for attribute, label in ATTRIBUTES.items():
            if attribute in raw:
                labels[label] = round(_remap(raw[attribute], self._threshold), 4)
        explanation = [
            f"perspective {attribute}: {raw[attribute]:.3f}"
            for attribute in ATTRIBUTES
            if attribute in raw
        ]
        if truncated:
            explanation.append(f"input truncated to {MAX_BYTES} bytes")
        return score_from_labels(labels, explanation=explanation, scorer=self.name)

    def _request(self, body: dict[str, Any]) -> dict[str, Any]:
        data = json.dumps(body).encode("utf-8")
        # The key goes in Google's header, not the query string, where proxies and access
        # logs would keep it.
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked in __init__
            self._endpoint,
            data=data,
            method="POST",
            headers={"Content-Type": "application/json", "X-Goog-Api-Key": self._key},
        )
        with self._lock:
            wait = self._last + self._min_interval - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            try:
                with urllib.request.urlopen(request, timeout=self._timeout) as response:  # noqa: S310
                    payload = response.read()
            except urllib.error.HTTPError as error:
                detail = _error_message(error)
                permanent = error.code in (400, 401, 403, 404)
                raise BackendError(
                    f"Perspective API answered HTTP {error.code}: {detail}", permanent=permanent
                ) from None
            except (urllib.error.URLError, TimeoutError, OSError) as error:
                reason = getattr(error, "reason", error)
                raise BackendError(f"Perspective API unreachable: {reason}") from None
            finally:
                self._last = time.monotonic()
        try:
            answer = json.loads(payload)
        except (ValueError, UnicodeDecodeError) as error:
            raise BackendError(f"Perspective API sent invalid JSON: {error}") from None
        if not isinstance(answer, dict):
            raise BackendError("Perspective API sent JSON that is not an object")
        return answer


def _summary_scores(answer: dict[str, Any]) -> dict[str, float]:
    scores = answer.get("attributeScores")
    if not isinstance(scores, dict) or not scores:
        raise BackendError("Perspective API answer has no attributeScores")
    out: dict[str, float] = {}
    for attribute, body in scores.items():
        try:
            value = float(body["summaryScore"]["value"])
        except (KeyError, TypeError, ValueError):
            raise BackendError(
                f"Perspective API answer has no summaryScore.value for {attribute}"
            ) from None
        if attribute in ATTRIBUTES:
            out[attribute] = min(1.0, max(0.0, value))
    return out


def _remap(value: float, threshold: float) -> float:
    if value < threshold:
        return 0.5 * value / threshold
    return 0.5 + 0.5 * (value - threshold) / (1.0 - threshold)


def _error_message(error: urllib.error.HTTPError) -> str:
    try:
        body = json.loads(error.read())
        return str(body["error"]["message"])[:300]
    except (ValueError, KeyError, TypeError, OSError):
        return str(error.reason)[:300]
