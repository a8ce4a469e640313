"""The scorer's public types: labels, targets, `Score`, the `Scorer` protocol and input errors."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final, Protocol, runtime_checkable

LABELS: Final[tuple[str, ...]] = (
    "abuse",
    "insult",
    "threat",
    "identity_attack",
    "sexual_harassment",
    "doxxing",
    "profanity",
)
"""Label keys, in a fixed order. `profanity` alone never makes a post flagged."""

TARGETS: Final[tuple[str, ...]] = ("women", "lgbti", "race", "religion", "disability", "other")
"""Groups an identity attack can be aimed at."""

ABUSIVE_LABELS: Final[frozenset[str]] = frozenset(LABELS) - {"profanity"}

_CONTROL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

MAX_TEXT_CHARS: Final[int] = 20_000
"""Longer texts are cut to this many characters before scoring (and the explanation says so)."""


class ClassifyError(Exception):
    """Base class of every error raised by `upstander.classify`."""


class InvalidTextError(ClassifyError, ValueError, TypeError):
    """A text given to `Scorer.score` is not a string (None, bytes, a number...).

    It subclasses both ValueError and TypeError so either `except` catches it.
    """


class BackendError(ClassifyError, RuntimeError):
    """A remote backend failed (network, HTTP status, malformed answer).

    `permanent` is True when retrying cannot help (bad key, bad request).
    """

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class ConfigurationError(ClassifyError, ValueError):
    """A scorer cannot be built as asked (unknown name, missing API key, missing extra)."""


@dataclass(frozen=True, slots=True)
class Score:
    """One post's score. Probabilities are in 0..1; every label's threshold is 0.5."""

    abuse: float
    flagged: bool
    labels: dict[str, float]
    flagged_labels: frozenset[str]
    target: str | None
    explanation: list[str] = field(default_factory=list)
    scorer: str = ""

    def __post_init__(self) -> None:
        if set(self.labels) != set(LABELS):
            raise ValueError(f"labels must have exactly the keys {LABELS}")
        if self.target is not None and self.target not in TARGETS:
            raise ValueError(f"target must be one of {TARGETS} or None, not {self.target!r}")
        for name, value in self.labels.items():
            if not (0.0 <= value <= 1.0) or math.isnan(value):
                raise ValueError(f"label {name} has probability {value!r} outside 0..1")


def score_from_labels(labels: dict[str, float], *, explanation: list[str], scorer: str) -> Score:
    """A backend's label probabilities -> its score: `abuse` is the highest abusive label, and an
    identity attack names its target as someone else."""
    labels = {**labels, "abuse": max(labels[label] for label in ABUSIVE_LABELS)}
    return Score(
        abuse=labels["abuse"],
        flagged=labels["abuse"] >= 0.5,
        labels=labels,
        flagged_labels=frozenset(label for label, value in labels.items() if value >= 0.5),
        target="other" if labels["identity_attack"] >= 0.5 else None,
        explanation=explanation,
        scorer=scorer,
    )


def neutral_score(scorer: str, reason: str) -> Score:
    """The score given to a text with nothing to score (empty or whitespace only)."""
    return Score(
        abuse=0.0,
        flagged=False,
        labels=dict.fromkeys(LABELS, 0.0),
        flagged_labels=frozenset(),
        target=None,
        explanation=[reason],
        scorer=scorer,
    )


@runtime_checkable
class Scorer(Protocol):
    """Anything that scores posts. `name` is stored with every score it gives."""

    @property
    def name(self) -> str: ...

    def score(self, texts: Sequence[str]) -> list[Score]: ...


def check_texts(texts: object) -> list[str]:
    """Return `texts` as a list of clean strings, or raise `InvalidTextError`.

    Lone surrogates (text decoded from non-UTF-8 bytes with `surrogateescape`) become U+FFFD and
    NUL/control characters are dropped; neither is an error.
    """
    if isinstance(texts, str | bytes | bytearray):
        raise InvalidTextError(
            "score() takes a sequence of texts, not a single "
            f"{type(texts).__name__}; wrap it in a list: score([text])"
        )
    if not isinstance(texts, Sequence):
        raise InvalidTextError(f"score() takes a sequence of str, not {type(texts).__name__}")
    clean: list[str] = []
    for index, text in enumerate(texts):
        if not isinstance(text, str):
            hint = " (decode bytes to str first)" if isinstance(text, bytes | bytearray) else ""
            raise InvalidTextError(
                f"text #{index} is {type(text).__name__}, not str{hint}",
            )
        clean.append(_clean(text))
    return clean


def _clean(text: str) -> str:
    if not text.isascii():
        text = text.encode("utf-8", "replace").decode("utf-8")
    return _CONTROL.sub("", text)
