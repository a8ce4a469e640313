"""Bad input gets a clear error or a neutral score, never a crash."""

from __future__ import annotations

import pytest

from upstander.classify import InvalidTextError
from upstander.classify.types import MAX_TEXT_CHARS


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_text_gets_a_neutral_unflagged_score(score_one, text):
    result = score_one(text)
    assert not result.flagged
    assert result.abuse == 0.0
    assert result.target is None
    assert "empty" in result.explanation[0]


@pytest.mark.parametrize("bad", [None, b"you idiot", 42, ["nested"]])
def test_non_string_item_raises_invalid_text_error(scorer, bad):
    with pytest.raises(InvalidTextError):
        scorer.score(["fine", bad])


def test_invalid_text_error_is_both_a_type_error_and_a_value_error(scorer):
    with pytest.raises(TypeError):
        scorer.score([None])
    with pytest.raises(ValueError):
        scorer.score([None])


def test_bytes_error_message_says_to_decode_first(scorer):
    with pytest.raises(InvalidTextError, match="decode"):
        scorer.score([b"\xff\xfe"])


def test_a_bare_string_instead_of_a_list_is_refused(scorer):
    with pytest.raises(InvalidTextError, match="wrap it in a list"):
        scorer.score("you idiot")


def test_none_instead_of_a_list_is_refused(scorer):
    with pytest.raises(InvalidTextError):
        scorer.score(None)


def test_empty_list_scores_nothing(scorer):
    assert scorer.score([]) == []


def test_huge_text_is_truncated_and_says_so(score_one):
    result = score_one("I will kill you. " + "blah " * 100_000)
    assert result.flagged
    assert any("truncated" in line for line in result.explanation)
    assert MAX_TEXT_CHARS < 500_000


def test_text_decoded_from_non_utf8_bytes_is_scored(score_one):
    text = b"you are an idiot \xff\xfe".decode("utf-8", "surrogateescape")
    result = score_one(text)
    assert result.flagged


@pytest.mark.parametrize(
    "text",
    ["\x00\x01\x02", "🙂🙂🙂", "!!!???", "ﷺ" * 50, "\u202e\u200b", "a" * 5000, "@" * 300],
)
def test_odd_but_valid_strings_never_crash(score_one, text):
    result = score_one(text)
    assert 0.0 <= result.abuse <= 1.0
