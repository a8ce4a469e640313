"""Our own cases in the party's domain (never trained on): representatives targeted online.

Identity hate and other abuse must be caught, and the hard negatives a case worker sees every
day (criticism, campaign language, reported abuse, counter-speech, reclaimed words, positive
identity statements) must pass.
"""

from __future__ import annotations

from tests.classify.functional_cases import cases


def test_domain_cases_catch_abuse_and_spare_hard_negatives(scorer):
    suite = cases()
    results = scorer.score([text for _, text, _ in suite])
    hateful = [r.flagged for (_, _, e), r in zip(suite, results, strict=True) if e is True]
    fine = [not r.flagged for (_, _, e), r in zip(suite, results, strict=True) if e is False]
    abusive = [r.flagged for (_, _, e), r in zip(suite, results, strict=True) if e is None]
    assert sum(hateful) / len(hateful) >= 0.90
    assert sum(fine) / len(fine) >= 0.80
    assert sum(abusive) / len(abusive) >= 0.90


def test_identity_hate_cases_are_identity_attacks_with_a_target(scorer):
    suite = [t for c, t, e in cases() if e is True and c != "slur"]
    results = scorer.score(suite)
    with_target = [r.target is not None for r in results if r.flagged]
    assert sum(with_target) / len(with_target) >= 0.85
