"""Abuse scorer: a plain library (no Django) with one small interface.

    from upstander.classify import load_scorer
    scorer = load_scorer()              # "builtin": offline, fast, explainable
    [score] = scorer.score(["resign, you worthless pig"])
    score.flagged, score.labels["insult"], score.explanation, score.scorer

Backends: "builtin" (default), "perspective" (Google Perspective API; needs an API key),
"transformers" (a local Hugging Face model path; needs the optional `transformers` package).
"""

from __future__ import annotations

import threading
from typing import Any

from upstander.classify.types import (
    LABELS,
    TARGETS,
    BackendError,
    ClassifyError,
    ConfigurationError,
    InvalidTextError,
    Score,
    Scorer,
)

__all__ = [
    "LABELS",
    "TARGETS",
    "BackendError",
    "ClassifyError",
    "ConfigurationError",
    "InvalidTextError",
    "Score",
    "Scorer",
    "load_scorer",
]

_LOCK = threading.Lock()
_CACHE: dict[str, Scorer] = {}


def load_scorer(name: str = "builtin", **options: Any) -> Scorer:
    """Return the scorer called `name`.

    - "builtin": the shipped model; loaded once per process and shared.
    - "perspective": options `api_key` (else $PERSPECTIVE_API_KEY), `endpoint`, `timeout`,
      `languages`.
    - "transformers": option `model_path` (else $UPSTANDER_TRANSFORMERS_MODEL), `label_map`.
    """
    if name == "builtin":
        if options:
            raise ConfigurationError(f"the builtin scorer takes no options, got {sorted(options)}")
        with _LOCK:
            if "builtin" not in _CACHE:
                from upstander.classify.builtin import BuiltinScorer

                _CACHE["builtin"] = BuiltinScorer()
            return _CACHE["builtin"]
    if name == "perspective":
        from upstander.classify.perspective import PerspectiveScorer

        return PerspectiveScorer(**options)
    if name == "transformers":
        from upstander.classify.transformers_backend import TransformersScorer

        return TransformersScorer(**options)
    raise ConfigurationError(
        f"unknown scorer {name!r}; choose 'builtin', 'perspective' or 'transformers'"
    )
