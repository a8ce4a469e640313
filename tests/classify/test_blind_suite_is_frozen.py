"""The blind suites (`tests/classify/blind*/cases.jsonl`) are frozen and are never trained on.

Each was written from scratch and frozen on its date: the first on 2026-12-04, before the
scorer's second stage; the second (`blind2`) on 2026-12-04 too, by a session that read neither the
first suite's cases nor the training data, once the first had been scored often enough while the
model changed to be somewhat contaminated. Their figures (`python -m bench.classify`) are the
honest measure of abuse the scorer was not built around. So no suite's file may change without the
change showing here, every category must be in each, the two must share no text, and none of
their sentences may reach the training inputs: the synthetic templates and examples, the lexicon,
any other file shipped in `upstander/classify`, or the public datasets that
`upstander.classify.data` loads.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import math
import random
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from upstander.classify import TARGETS, contrast, data, synthetic
from upstander.classify.model import TRAINING_SEED

HERE = Path(__file__).resolve().parent
CLASSIFY_PACKAGE = Path(synthetic.__file__).resolve().parent


@dataclass(frozen=True)
class Suite:
    """One frozen blind suite: its file, the sha256 it was frozen with, and its size floor."""

    name: str
    frozen_on: str
    sha256: str
    """sha256 of `cases.jsonl` as frozen. Never update it to make a test pass."""
    min_cases: int
    min_per_category: int

    @property
    def path(self) -> Path:
        return HERE / self.name / "cases.jsonl"


SUITES = (
    Suite(
        name="blind",
        frozen_on="2026-12-04",
        sha256="53af5cb54cd8caddb690471b7cb2c8c5fefa171b243407c561fc6758108a266f",
        min_cases=600,
        min_per_category=40,
    ),
    Suite(
        name="blind2",
        frozen_on="2026-12-04",
        sha256="1902648c1e725635110fd27866571e7e027dbece55139d94a3daa6dfea0c8abd",
        min_cases=650,
        min_per_category=26,
    ),
)

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
MIN_WORDS_FOR_CONTAINMENT = 6
"""A blind text this long is also looked for inside longer training texts, not only equal ones."""

MIN_TEMPLATE_WORDS = 3
"""Templates with fewer fixed words than this fit too many sentences to mean anything."""

SHIPPED_SUFFIXES = (".py", ".json", ".jsonl", ".csv", ".tsv", ".txt")

each_suite = pytest.mark.parametrize("suite", SUITES, ids=[suite.name for suite in SUITES])


def blind_cases(suite: Suite = SUITES[0]) -> list[dict[str, Any]]:
    with suite.path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def words(text: str) -> str:
    """Lower-case words only, so punctuation, emoji, case and spacing cannot hide a copy."""
    return " ".join(re.findall(r"\w+", text.casefold()))


def copied_into(haystacks: Iterable[str], suite: Suite = SUITES[0]) -> list[str]:
    """Ids of blind cases whose text equals a haystack text or (if long enough) sits inside one."""
    normalised = [words(text) for text in haystacks]
    exact = set(normalised)
    joined = "\n " + " \n ".join(normalised) + " \n"
    found = []
    for case in blind_cases(suite):
        text = words(case["text"])
        long_enough = len(text.split()) >= MIN_WORDS_FOR_CONTAINMENT
        if text in exact or (long_enough and f" {text} " in joined):
            found.append(case["id"])
    return found


@functools.cache
def synthetic_texts() -> tuple[str, ...]:
    return tuple(ex.text for ex in synthetic.generate(seed=TRAINING_SEED))


@functools.cache
def contrast_texts() -> tuple[str, ...]:
    return tuple(written.text for written in contrast.generate(TRAINING_SEED))


@functools.cache
def public_training_texts() -> tuple[str, ...]:
    return tuple(ex.text for examples in data.load_all().values() for ex in examples)


@each_suite
def test_blind_suite_file_is_unchanged_since_its_freeze(suite: Suite) -> None:
    digest = hashlib.sha256(suite.path.read_bytes()).hexdigest()
    assert digest == suite.sha256, (
        f"tests/classify/{suite.name}/cases.jsonl has changed since it was frozen on "
        f"{suite.frozen_on}; a blind suite is never edited (write a new suite with a new date)"
    )


@each_suite
def test_blind_suite_readme_states_its_freeze_date(suite: Suite) -> None:
    readme = (suite.path.parent / "README.md").read_text(encoding="utf-8")
    assert f"frozen {suite.frozen_on}" in readme.splitlines()[0], readme.splitlines()[0]


@each_suite
def test_blind_suite_has_at_least_600_cases_and_every_category(suite: Suite) -> None:
    cases = blind_cases(suite)
    counts = Counter(case["category"] for case in cases)
    assert len(cases) >= suite.min_cases
    assert set(counts) == set(ABUSIVE_CATEGORIES) | set(NOT_ABUSIVE_CATEGORIES)
    assert all(count >= suite.min_per_category for count in counts.values()), counts


@each_suite
def test_every_blind_case_has_an_id_a_text_a_label_a_category_and_identity_targets(
    suite: Suite,
) -> None:
    cases = blind_cases(suite)
    assert len({case["id"] for case in cases}) == len(cases)
    assert len({words(case["text"]) for case in cases}) == len(cases)
    for case in cases:
        assert set(case) == {"id", "category", "label", "target", "text"}, case
        assert case["id"].startswith(f"{case['category']}-"), case
        assert case["text"].strip(), case
        assert case["label"] is (case["category"] in ABUSIVE_CATEGORIES), case
        if case["category"] in IDENTITY_HATE_CATEGORIES:
            assert case["target"] in TARGETS, case
        elif not case["label"]:
            assert case["target"] is None, case


def test_the_blind_suites_share_no_text() -> None:
    """A later suite must be new text: no case of one suite equals or sits inside one of another."""
    for earlier, later in itertools.combinations(SUITES, 2):
        assert copied_into([case["text"] for case in blind_cases(earlier)], later) == []
        assert copied_into([case["text"] for case in blind_cases(later)], earlier) == []


@each_suite
def test_no_blind_text_is_in_the_synthetic_training_examples(suite: Suite) -> None:
    assert copied_into(synthetic_texts(), suite) == []


NEAR_COPY = 0.75
"""Share of words (Jaccard over word sets) from which a contrast text counts as a near copy."""


def near_copies(texts: Iterable[str], suite: Suite) -> list[str]:
    """Ids of blind cases whose words are mostly those of one text (a one-word edit of a copy)."""
    cases = [(case["id"], frozenset(words(case["text"]).split())) for case in blind_cases(suite)]
    return sorted(cases[number][0] for number in _near_copy_pairs(texts, [bag for _, bag in cases]))


def _shared_enough(bag: frozenset[str]) -> int:
    """The fewest words a bag can share with another and still be a near copy of it: Jaccard
    >= NEAR_COPY means sharing at least NEAR_COPY of the larger bag (a hair less, so rounding
    can only lengthen the prefixes below, never miss a pair)."""
    return math.ceil(NEAR_COPY * len(bag) - 1e-9)


def _near_copy_pairs(texts: Iterable[str], bags: list[frozenset[str]]) -> set[int]:
    """Which of `bags` some text's words are a near copy of (Jaccard >= NEAR_COPY).

    Exact, and fast by a prefix filter (Bayardo et al., "Scaling up all pairs similarity
    search", 2007): with every bag's words in one order, rarest first, two bags that share at
    least k words share one among each bag's first len - k + 1. So only those first words are
    indexed and looked up, which skips the common words that every case holds, and each
    candidate is then checked in full. A test below holds it to comparing every pair.
    """
    bags_of_texts = [frozenset(words(text).split()) for text in texts]
    frequency = Counter(word for bag in (*bags, *bags_of_texts) for word in bag)

    def prefix(bag: frozenset[str]) -> list[str]:
        ordered = sorted(bag, key=lambda word: (frequency[word], word))
        return ordered[: len(bag) - _shared_enough(bag) + 1]

    holding: dict[str, list[int]] = {}
    for number, bag in enumerate(bags):
        for word in prefix(bag):
            holding.setdefault(word, []).append(number)
    found: set[int] = set()
    for bag in bags_of_texts:
        candidates = {number for word in prefix(bag) for number in holding.get(word, ())}
        for number in candidates - found:
            if len(bag & bags[number]) / len(bag | bags[number]) >= NEAR_COPY:
                found.add(number)
    return found


def test_the_near_copy_search_finds_what_comparing_every_pair_finds() -> None:
    """The prefix filter is a shortcut, never a different rule: on texts made to sit either side
    of the threshold, it finds exactly the bags that comparing every pair finds."""
    rng = random.Random(7)
    vocabulary = [f"w{n}" for n in range(60)] + ["the", "a", "are"] * 3
    bags = [frozenset(rng.sample(vocabulary, rng.randint(1, 14))) for _ in range(300)]
    texts = []
    for bag in rng.sample(bags, 120):  # edits of bags: a word or two swapped, added, dropped
        edited = set(bag)
        for _ in range(rng.randint(0, 3)):
            if edited and rng.random() < 0.5:
                edited.discard(rng.choice(sorted(edited)))
            else:
                edited.add(rng.choice(vocabulary))
        texts.append(" ".join(sorted(edited)))
    texts += [" ".join(rng.sample(vocabulary, rng.randint(0, 10))) for _ in range(200)]
    every_pair = {
        number
        for text in texts
        if (bag := frozenset(words(text).split()))
        for number, other in enumerate(bags)
        if len(bag & other) / len(bag | other) >= NEAR_COPY
    }
    assert 20 < len(every_pair) < len(bags)  # the data tests both sides of the threshold
    assert _near_copy_pairs(texts, bags) == every_pair


@each_suite
def test_no_contrast_text_is_a_near_copy_of_a_blind_case(suite: Suite) -> None:
    """Contrast frames are written without reading the suites, yet two writers can land on the
    same stock phrase; one that does is dropped from the training data, so a score is never a
    memory. A failure names the case only, so whoever drops the frame does not read it."""
    texts = contrast_texts()
    assert near_copies(texts, suite) == []


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


@each_suite
def test_no_blind_text_fits_a_synthetic_template(suite: Suite) -> None:
    """A template whose fixed words make up half of a blind text or more must not fit it.

    Templates are those in `synthetic.py`, the contrast data in `contrast.py` and its frame files
    (`frames/*.json`). This catches a
    blind sentence turned into a template (names or groups made slots); short
    generic frames ("{G} are {NEG}") fit many sentences by chance and are not counted. A failure
    names the case, not the template, so that whoever replaces the case does not read it.
    """
    frames = [
        value
        for module in (synthetic, contrast)
        for name, values in vars(module).items()
        if name.isupper() and isinstance(values, list)
        for item in values
        for value in (item if isinstance(item, tuple) else (item,))
        if isinstance(value, str) and "{" in value
    ] + [frame.text for frame in contrast.file_frames() if "{" in frame.text]
    patterns = [template_pattern(frame) for frame in frames]
    fits: list[str] = []
    for case in blind_cases(suite):
        text = words(case["text"])
        size = len(text.split())
        if any(
            fixed >= MIN_TEMPLATE_WORDS and 2 * fixed >= size and pattern.fullmatch(text)
            for pattern, fixed in patterns
        ):
            fits.append(f"{case['id']} fits a synthetic template")
    assert fits == []


@each_suite
def test_no_blind_text_is_in_any_file_shipped_with_the_classifier(suite: Suite) -> None:
    """Lexicon, templates, contrast data: every text file in `upstander/classify`."""
    shipped = [
        path.read_text(encoding="utf-8", errors="replace")
        for path in sorted(CLASSIFY_PACKAGE.rglob("*"))
        if path.is_file() and path.suffix in SHIPPED_SUFFIXES
    ]
    assert shipped
    assert copied_into(shipped, suite) == []


@each_suite
def test_no_blind_text_is_in_the_public_training_data(suite: Suite) -> None:
    if not data.data_dir().is_dir():
        pytest.skip(f"the public datasets are not at {data.data_dir()}")
    assert copied_into(public_training_texts(), suite) == []
