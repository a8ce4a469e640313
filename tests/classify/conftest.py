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


@pytest.fixture(scope="session")
def read_by_rules(scorer: Scorer):
    """How the rule layer reads one post (its context, dampening and floors), model aside."""
    from upstander.classify.builtin import BuiltinScorer
    from upstander.classify.rules import RuleResult

    assert isinstance(scorer, BuiltinScorer)

    def read(text: str) -> RuleResult:
        [prepared], _ = scorer.raw([text])
        return prepared.rules

    return read
