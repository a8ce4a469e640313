"""Words a regular expression cannot match without: a cheap test that lets most posts skip it.

Python's `re` has no literal prefilter for a pattern that opens with `\\b` or an alternation: it
tries the pattern at every position of every post, and the rule layer runs about eighty patterns
per post. Most rules need a word that most posts lack ("die", "overrun", "mentions").
`requirement` reads a pattern's parse tree for substrings one of which every match contains;
`Gated` runs the pattern only on texts holding one of them. The words come from the pattern
itself, never listed by hand, so the answers stay the pattern's own
(`tests/classify/test_prefilter.py` checks that no generated match is ever turned away).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any, Final

from upstander.classify.lexicon import STOPWORDS

WEAKEST: Final = 3
"""A test that may rest on a substring shorter than this ("a", "to"), or on a common word
("her"), passes most posts: not worth its cost, so such a pattern runs ungated."""

_REPEATS: Final = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
_ZERO_WIDTH: Final = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)


def requirement(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Substrings one of which every match of `pattern` contains; None when none is telling."""
    if pattern.flags & re.IGNORECASE:
        return None
    words = _sequence(sre_parse.parse(pattern.pattern, pattern.flags).data)
    if words is None or _strength(words) < WEAKEST:
        return None
    return words


def _sequence(items: list[tuple[Any, Any]]) -> tuple[str, ...] | None:
    """The most telling of what each part of a sequence needs (all of them are needed)."""
    parts: list[tuple[str, ...]] = []
    run: list[str] = []
    for op, arg in items:
        if op is sre.LITERAL:
            run.append(chr(arg))
            continue
        if op in _ZERO_WIDTH:
            continue  # consumes nothing: the literals either side stay adjacent
        if op is sre.BRANCH and run and (joined := _joined("".join(run), arg[1])):
            parts.append(joined)  # "d(?:ie|ead)", as `re` factors "die|dead": the whole words
        if run:
            parts.append(("".join(run),))
            run = []
        words = _item(op, arg)
        if words is not None:
            parts.append(words)
    if run:
        parts.append(("".join(run),))
    return max(parts, key=lambda words: (_strength(words), -len(words)), default=None)


def _item(op: Any, arg: Any) -> tuple[str, ...] | None:
    if op is sre.SUBPATTERN:
        _group, add_flags, _del_flags, body = arg
        return None if add_flags & re.IGNORECASE else _sequence(body.data)
    if op is sre.ATOMIC_GROUP:
        return _sequence(arg.data)
    if op in _REPEATS:
        least, _most, body = arg
        return _sequence(body.data) if least >= 1 else None
    if op is sre.BRANCH:
        words: set[str] = set()
        for body in arg[1]:
            branch = _sequence(body.data)
            if branch is None:
                return None  # this way to match needs nothing, so the alternation needs nothing
            words.update(branch)
        return _shortest(words)
    return None  # a character class, any character, a back reference: nothing sure


def _joined(prefix: str, branches: list[Any]) -> tuple[str, ...] | None:
    """`prefix` joined to each way through an alternation that opens with a literal."""
    words = set()
    for body in branches:
        lead = _leading_literal(body.data)
        if not lead:
            return None
        words.add(prefix + lead)
    return _shortest(words)


def _leading_literal(items: list[tuple[Any, Any]]) -> str:
    """The literal text every match of a sequence starts with (zero-width checks aside)."""
    lead: list[str] = []
    for op, arg in items:
        if op is sre.LITERAL:
            lead.append(chr(arg))
        elif op not in _ZERO_WIDTH:
            break
    return "".join(lead)


def _shortest(words: set[str]) -> tuple[str, ...]:
    """The words, less those containing another ("die" finds "dies" too)."""
    kept: list[str] = []
    for word in sorted(words, key=lambda w: (len(w), w)):
        if not any(shorter in word for shorter in kept):
            kept.append(word)
    return tuple(kept)


def _strength(words: tuple[str, ...]) -> int:
    """How telling a test is: the length of its weakest substring, a common word counting 1."""
    return min(1 if word.strip() in STOPWORDS else len(word) for word in words)


class Gated:
    """A compiled pattern that first asks whether the text holds what every match needs."""

    __slots__ = ("pattern", "words")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.words = requirement(pattern)

    def passes(self, text: str) -> bool:
        """Whether the pattern could match `text` at all (False: it certainly cannot)."""
        return self.words is None or any(map(text.__contains__, self.words))

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.pattern.search(string, pos, endpos) if self.passes(string) else None

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.pattern.match(string, pos, endpos) if self.passes(string) else None

    def finditer(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        return self.pattern.finditer(string, pos, endpos) if self.passes(string) else iter(())

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> str:
        return self.pattern.sub(repl, string, count) if self.passes(string) else string


def gated(pattern: str, flags: int = 0) -> Gated:
    """`re.compile(pattern, flags)`, run only on texts holding what every match needs."""
    return Gated(re.compile(pattern, flags))
