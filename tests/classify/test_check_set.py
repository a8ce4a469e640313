"""The check set is frozen and was never trained on (see `checks/README.md`)."""

from __future__ import annotations

import hashlib

from tests.classify.test_blind_suite_is_frozen import (
    Suite,
    contrast_texts,
    copied_into,
    near_copies,
    synthetic_texts,
)
from upstander.classify import contrast

CHECKS = Suite(
    name="checks",
    frozen_on="2026-12-06",
    sha256="38f7d135a9a30d865d20836d79a7ee9c115888acf0ff9154bb14cd9c73f9838f",
    min_cases=900,
    min_per_category=30,
)


def test_the_check_set_is_frozen():
    assert hashlib.sha256(CHECKS.path.read_bytes()).hexdigest() == CHECKS.sha256


def test_no_check_case_is_a_training_text_or_a_near_copy_of_one():
    """Frames waiting in `frames/next/` count: a release may be trained on them next.

    The generated texts are the blind suites' cached ones, so they are built once a run.
    """
    waiting = [
        frame.text
        for path in sorted((contrast.FRAMES_DIR / "next").glob("*.json"))
        for frame in contrast.read_frames(path)
    ]
    texts = [
        *contrast_texts(),
        *synthetic_texts(),
        *waiting,
    ]
    assert copied_into(texts, CHECKS) == []
    assert near_copies(texts, CHECKS) == []
