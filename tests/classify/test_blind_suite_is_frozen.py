"""The blind suite (`tests/classify/blind/cases.jsonl`) is frozen and is never trained on.

It was written from scratch and frozen on 2026-12-04, before the scorer's second stage: its
figures (`python -m bench.classify`) are the honest measure of abuse the scorer was not built
around. So its file must not change without the change showing here, every category must be in
it, and none of its sentences may reach the training inputs: the synthetic templates and
examples, the lexicon, any other file shipped in `upstander/classify`, or the public datasets
that `upstander.classify.data` loads.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from upstander.classify import TARGETS, contrast, data, synthetic
from upstander.classify.model import TRAINING_SEED

BLIND = Path(__file__).resolve().parent / "blind" / "cases.jsonl"
CLASSIFY_PACKAGE = Path(synthetic.__file__).resolve().parent

FROZEN_SHA256 = "53af5cb54cd8caddb690471b7cb2c8c5fefa171b243407c561fc6758108a266f"
"""sha256 of `cases.jsonl` as frozen on 2026-12-04. Never update it to make this test pass."""

ABUSIVE_CATEGORIES = (
    "veiled_threat",
    "wishing_harm",
    "doxxing",
    "sexualised",
    "abusive_question",
    "pile_on",
    "dog_whistle",
    "emoji_hate",
    "racist",
    "religious",
    "misogynistic",
    "homophobic_transphobic",
    "disability",
    "insult_harassment",
)
IDENTITY_HATE_CATEGORIES = (
    "dog_whistle",
    "emoji_hate",
    "racist",
    "religious",
    "misogynistic",
    "homophobic_transphobic",
    "disability",
)
NOT_ABUSIVE_CATEGORIES = (
    "political_criticism",
    "satire",
    "quoted_report",
    "reclaimed",
    "counter_speech",
    "positive_identity",
    "negation",
    "homonym",
    "neutral_constituent",
)
MIN_CASES = 600
MIN_PER_CATEGORY = 40
MIN_WORDS_FOR_CONTAINMENT = 6
"""A blind text this long is also looked for inside longer training texts, not only equal ones."""

MIN_TEMPLATE_WORDS = 3
"""Templates with fewer fixed words than this fit too many sentences to mean anything."""

SHIPPED_SUFFIXES = (".py", ".json", ".jsonl", ".csv", ".tsv", ".txt")


def blind_cases() -> list[dict[str, Any]]:
    with BLIND.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def words(text: str) -> str:
    """Lower-case words only, so punctuation, emoji, case and spacing cannot hide a copy."""
    return " ".join(re.findall(r"\w+", text.casefold()))


def copied_into(haystacks: Iterable[str]) -> list[str]:
    """Ids of blind cases whose text equals a haystack text or (if long enough) sits inside one."""
    normalised = [words(text) for text in haystacks]
    exact = set(normalised)
    joined = "\n " + " \n ".join(normalised) + " \n"
    found = []
    for case in blind_cases():
        text = words(case["text"])
        long_enough = len(text.split()) >= MIN_WORDS_FOR_CONTAINMENT
        if text in exact or (long_enough and f" {text} " in joined):
            found.append(case["id"])
    return found


def test_blind_suite_file_is_unchanged_since_its_freeze() -> None:
    digest = hashlib.sha256(BLIND.read_bytes()).hexdigest()
    assert digest == FROZEN_SHA256, (
        "tests/classify/blind/cases.jsonl has changed since it was frozen on 2026-12-04; "
        "the blind suite is never edited (write a new suite with a new date instead)"
    )


def test_blind_suite_has_at_least_600_cases_and_every_category() -> None:
    cases = blind_cases()
    counts = Counter(case["category"] for case in cases)
    assert len(cases) >= MIN_CASES
    assert set(counts) == set(ABUSIVE_CATEGORIES) | set(NOT_ABUSIVE_CATEGORIES)
    assert all(count >= MIN_PER_CATEGORY for count in counts.values()), counts


def test_every_blind_case_has_an_id_a_text_a_label_a_category_and_identity_targets() -> None:
    cases = blind_cases()
    assert len({case["id"] for case in cases}) == len(cases)
    assert len({words(case["text"]) for case in cases}) == len(cases)
    for case in cases:
        assert set(case) == {"id", "category", "label", "target", "text"}, case
        assert case["text"].strip(), case
        assert case["label"] is (case["category"] in ABUSIVE_CATEGORIES), case
        if case["category"] in IDENTITY_HATE_CATEGORIES:
            assert case["target"] in TARGETS, case
        elif not case["label"]:
            assert case["target"] is None, case


def test_no_blind_text_is_in_the_synthetic_training_examples() -> None:
    examples = synthetic.generate(seed=TRAINING_SEED)
    assert copied_into(ex.text for ex in examples) == []


def template_pattern(frame: str) -> tuple[re.Pattern[str], int]:
    """A template as a pattern over `words` (a {slot} is one or more words); its fixed words."""
    parts = [words(part) for part in re.split(r"\{\w+\}", frame)]
    slot = r"\S+(?: \S+)*"
    pieces: list[str] = []
    for index, part in enumerate(parts):
        if index:
            pieces.append(slot)
        if part:
            pieces.append(re.escape(part))
    fixed = sum(len(part.split()) for part in parts)
    return re.compile(" ".join(pieces)), fixed


def test_no_blind_text_fits_a_synthetic_template() -> None:
    """A template whose fixed words make up half of a blind text or more must not fit it.

    Templates are those in `synthetic.py` and the contrast data in `contrast.py`. This catches a
    blind sentence turned into a template (names or groups made slots); short
    generic frames ("{G} are {NEG}") fit many sentences by chance and are not counted.
    """
    frames = [
        value
        for module in (synthetic, contrast)
        for name, values in vars(module).items()
        if name.isupper() and isinstance(values, list)
        for item in values
        for value in (item if isinstance(item, tuple) else (item,))
        if isinstance(value, str) and "{" in value
    ]
    patterns = [template_pattern(frame) for frame in frames]
    fits: list[str] = []
    for case in blind_cases():
        text = words(case["text"])
        size = len(text.split())
        fits.extend(
            f"{case['id']} fits {frame!r}"
            for frame, (pattern, fixed) in zip(frames, patterns, strict=True)
            if fixed >= MIN_TEMPLATE_WORDS and 2 * fixed >= size and pattern.fullmatch(text)
        )
    assert fits == []


def test_no_blind_text_is_in_any_file_shipped_with_the_classifier() -> None:
    """Lexicon, templates, contrast data: every text file in `upstander/classify`."""
    shipped = [
        path.read_text(encoding="utf-8", errors="replace")
        for path in sorted(CLASSIFY_PACKAGE.rglob("*"))
        if path.is_file() and path.suffix in SHIPPED_SUFFIXES
    ]
    assert shipped
    assert copied_into(shipped) == []


def test_no_blind_text_is_in_the_public_training_data() -> None:
    if not data.data_dir().is_dir():
        pytest.skip(f"the public datasets are not at {data.data_dir()}")
    rows = [ex.text for examples in data.load_all().values() for ex in examples]
    assert copied_into(rows) == []
