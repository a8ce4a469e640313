"""Obfuscated spelling, spacing, symbols and emoji do not hide abuse."""

from __future__ import annotations

import pytest

from upstander.classify.normalize import Normaliser


@pytest.fixture(scope="module")
def normaliser() -> Normaliser:
    return Normaliser(["i", "are", "all", "they", "you", "the", "muslims", "women"])


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("I h4te you", "i hate you"),
        ("muslims are sc*m", "muslims are scum"),
        ("women are s c u m", "women are scum"),
        ("fuuuuuck", "fuck"),
        ("muslimsarescum", "muslims are scum"),
        ("women are vremin", "women are vermin"),
        ("\uff39\uff4f\uff55", "you"),
        ("RT @someone: you are &amp; http://t.co/x", "you are & url"),
        ("🔪", "knife"),
        ("👨🏿", "man darkskin"),
    ],
)
def test_normaliser_undoes_common_obfuscation(normaliser, raw, expected):
    assert normaliser.normalise(raw) == expected


def test_normaliser_leaves_ordinary_words_and_numbers_alone(normaliser):
    assert (
        normaliser.normalise("The 2nd vote is on 14 May at 7pm")
        == "the 2nd vote is on 14 may at 7pm"
    )


@pytest.mark.parametrize(
    "text",
    [
        "I h8 the Muslims on our council",
        "Muslims on the council are sc*m",
        "M u s l i m s in this ward are vermin",
        "Gay councillors are disgustingggg",
        "W0men MPs are w0rthless tr4sh",
        "Refugeesarescum",
        "k1ll all the immigrants in this ward",
        "Sit down councillor, you f4gg0t",
        "I haet the black councillors",
        "Black councillors are 🐀🐀",
        "Going to 🔪 the 👨🏿 councillor",
    ],
)
def test_obfuscated_hate_is_still_flagged(score_one, text):
    result = score_one(text)
    assert result.flagged, (text, result.labels)
    assert "identity_attack" in result.flagged_labels


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Surgery at the library, Stockport SK4 1AB", "surgery at the library, stockport sk4 1ab"),
        ("She lives in SK4 now", "she lives in sk4 now"),
        ("Leeds LS6 2AB", "leeds ls6 2ab"),
        ("Westminster SW1A 0AA", "westminster sw1a 0aa"),
        ("Birmingham B15 2TT", "birmingham b15 2tt"),
        ("write to jo.smith@example.org", "write to jo.smith@example.org"),
    ],
)
def test_leet_undoing_leaves_postcodes_alone(normaliser, raw, expected):
    assert normaliser.normalise(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("his car, reg KM19 TLE", "his car, reg km19 tle"), ("plate WN68LKT", "plate wn68lkt")],
)
def test_leet_undoing_leaves_number_plates_alone(normaliser, raw, expected):
    assert normaliser.normalise(raw) == expected


def test_leet_is_still_undone_next_to_a_postcode(normaliser):
    assert normaliser.normalise("I h4te you, SK4 1AB") == "i hate you, sk4 1ab"


@pytest.mark.parametrize(
    "raw",
    ["@jess.bsky.social", "jess.bsky.social", "@jess", "@jess@mastodon.social", "@tom_mp"],
)
def test_a_whole_handle_becomes_one_placeholder(normaliser, raw):
    assert normaliser.normalise(f"{raw} what about the bus routes") == (
        "@user what about the bus routes"
    )


def test_a_word_that_only_ends_in_a_slur_is_not_mended_into_it():
    # The normaliser mends one stray letter in abuse words ("fagg0t"), but an extra first letter
    # makes another word: "spoof" is not "poof".
    normaliser = Normaliser(["leaflet", "doing", "the", "rounds"])
    assert (
        normaliser.normalise("spoof leaflet doing the rounds") == "spoof leaflet doing the rounds"
    )
    assert normaliser.normalise("pooof") == "poof"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ah'll batter ye intae next week", "i'll batter you into next week"),
        ("youse cannae park there", "you can't park there"),
        ("ima see you at the count", "i'm gonna see you at the count"),
    ],
)
def test_scots_and_london_slang_read_as_plain_english(raw, expected):
    # Before the corpora's known words: "ye" and "nae" are ordinary there, and still Scots.
    assert Normaliser(["ye", "nae", "you", "at", "the"]).normalise(raw) == expected


def test_ong_is_on_god_and_no_typo_of_a_slur(normaliser):
    assert normaliser.normalise("ong you'd change your mind") == "on god you'd change your mind"


def test_a_threat_in_scots_is_flagged(score_one):
    text = "Ye're a lyin wee weasel, an if ah see ye at the count ah'll batter ye, nae bother"
    result = score_one(text)
    assert "threat" in result.flagged_labels, (text, result.explanation)
