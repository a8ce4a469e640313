"""Shared fixtures: one built-in scorer per test session (it takes about a second to load)."""

from __future__ import annotations

import pytest

from upstander.classify import Score, Scorer, load_scorer


@pytest.fixture(scope="session")
def scorer() -> Scorer:
    return load_scorer()


@pytest.fixture(scope="session")
def score_one(scorer: Scorer):
    def score(text: str) -> Score:
        [result] = scorer.score([text])
        return result

    return score
