"""The rules' prefilter: a pattern is skipped only where it could never have matched."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.classify.functional_cases import blind_cases, cases
from upstander.classify import rules
from upstander.classify.prefilter import Gated, gated, requirement

GATED_RULES = {name: value for name, value in vars(rules).items() if isinstance(value, Gated)}


def test_the_rule_layer_gates_its_costliest_patterns():
    assert {"_PILE_ON", "_THREAT_DIE", "_THREAT_PASSIVE", "_REPORTED"} <= GATED_RULES.keys()
    assert all(gate.words is not None for gate in GATED_RULES.values()), "a gate with no words"


@pytest.mark.parametrize("name", sorted(GATED_RULES))
def test_a_gate_never_turns_away_a_text_its_pattern_matches(name):
    gate = GATED_RULES[name]

    @settings(
        max_examples=30,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(st.from_regex(gate.pattern))
    def check(text: str) -> None:
        assert gate.pattern.search(text) is not None
        assert gate.passes(text), (name, text)

    check()


def test_gated_rules_answer_as_their_patterns_on_our_functional_cases():
    texts = [text.lower() for _, text, _ in (*cases(), *blind_cases())]
    for name, gate in GATED_RULES.items():
        for text in texts:
            mine, theirs = gate.search(text), gate.pattern.search(text)
            assert (mine and mine.span()) == (theirs and theirs.span()), (name, text)


def test_every_way_through_an_alternation_counts():
    assert requirement(re.compile(r"\b(?:die|rot|drop dead)\b")) == ("die", "rot", "drop dead")


def test_a_word_that_contains_another_is_found_by_the_shorter():
    assert requirement(re.compile(r"\b(?:dies?|dead)\b")) == ("die", "dead")


def test_an_optional_part_is_never_required():
    assert requirement(re.compile(r"\b(?:really )?overrun\b")) == ("overrun",)
    assert requirement(re.compile(r"\b(?:swamped)?\s*\d+")) is None


def test_an_alternation_with_a_way_that_needs_nothing_needs_nothing():
    assert requirement(re.compile(r"(?:infested|\w+) with vermin")) == (" with vermin",)
    assert requirement(re.compile(r"(?:infested|\w+)\s+\d")) is None


def test_literals_either_side_of_a_word_boundary_stay_one_substring():
    assert requirement(re.compile(r"\bgo\b \bdie\b")) == ("go die",)


def test_a_common_word_or_a_short_one_is_no_gate():
    assert requirement(re.compile(r"\b(?:her|his)\s+\w+")) is None
    assert requirement(re.compile(r"\b(?:xx|overrun)\b")) is None


def test_a_case_insensitive_pattern_runs_ungated():
    assert requirement(re.compile("overrun", re.IGNORECASE)) is None
    assert requirement(re.compile("(?i:overrun)")) is None
    assert Gated(re.compile("overrun", re.IGNORECASE)).search("OVERRUN") is not None


def test_a_gated_pattern_answers_search_match_finditer_and_sub_as_the_pattern():
    pattern = gated(r"\b(?:rot|drop dead)\b")
    assert pattern.search("hope you rot") is not None
    assert pattern.search("a lovely day") is None
    assert pattern.match("rot in hell") is not None
    assert pattern.match("hope you rot") is None
    assert [m.group(0) for m in pattern.finditer("rot, drop dead, rot")] == [
        "rot",
        "drop dead",
        "rot",
    ]
    assert list(pattern.finditer("a lovely day")) == []
    assert pattern.sub("*", "rot and drop dead") == "* and *"
    assert pattern.sub("*", "a lovely day") == "a lovely day"
