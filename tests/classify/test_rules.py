"""Rule layer: threats, doxxing and sexual harassment, and the explanation says which fired."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text",
    [
        "I will kill you.",
        "I'm going to stab you next time I see you.",
        "Someone should put a bullet in this traitor.",
        "You deserve to be hanged.",
        "Watch your back.",
    ],
)
def test_explicit_threat_to_a_person_is_flagged_as_threat(score_one, text):
    result = score_one(text)
    assert result.flagged
    assert "threat" in result.flagged_labels, (text, result.labels)


def test_threat_explanation_names_the_rule_and_the_phrase(score_one):
    result = score_one("I will kill you")
    assert any(
        line.startswith("rule: threat") and "kill you" in line for line in result.explanation
    )


@pytest.mark.parametrize(
    "text",
    [
        "She lives at 14 Acacia Avenue, Leeds LS6 2AB. Pay her a visit.",
        "Here's his number: 07700 900123, let him know what you think.",
        "I know where you live.",
        "Her kids go to St Mary's primary, we'll be waiting.",
    ],
)
def test_sharing_a_home_address_or_phone_number_is_doxxing(score_one, text):
    result = score_one(text)
    assert result.flagged
    assert "doxxing" in result.flagged_labels
    assert any("doxxing" in line for line in result.explanation)


def test_constituency_office_address_is_not_doxxing(score_one):
    result = score_one(
        "Our constituency office is at 10 High Street, Leeds LS1 4AB. Call 0113 496 0000."
    )
    assert not result.flagged
    assert "doxxing" not in result.flagged_labels


@pytest.mark.parametrize(
    "text", ["Send me nudes.", "Show us your tits.", "I'd bend you over that desk."]
)
def test_sexual_remarks_aimed_at_a_person_are_sexual_harassment(score_one, text):
    result = score_one(text)
    assert result.flagged
    assert "sexual_harassment" in result.flagged_labels


def test_talking_about_sexual_harassment_is_not_sexual_harassment(score_one):
    assert not score_one("Sexual harassment in parliament must be investigated.").flagged


def test_explanation_lists_the_words_that_drove_the_model(score_one):
    result = score_one("Jews are a cancer on society")
    assert result.flagged
    assert any(line.startswith(("model:", "rule:")) for line in result.explanation)
    assert any(line == "target: religion" for line in result.explanation)


def test_unflagged_plain_text_has_no_rule_in_explanation(score_one):
    result = score_one("Thanks for coming to the surgery on Saturday.")
    assert not any(line.startswith("rule:") for line in result.explanation)


def test_every_flagged_post_says_why(scorer):
    from tests.classify.functional_cases import cases

    results = scorer.score([text for _, text, _ in cases()])
    flagged = [r for r in results if r.flagged]
    assert flagged
    assert all(any(line.startswith(("rule:", "model:")) for line in r.explanation) for r in flagged)
