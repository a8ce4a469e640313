"""Our own HateCheck-style functional suite (never trained on): the bar is Perspective's.

Perspective API caught 89.5% of hateful cases and got only 48.2% of non-hateful ones right on
the published functional tests; we must do better on both halves at once.
"""

from __future__ import annotations

from tests.classify.functional_cases import cases


def test_functional_suite_catches_hate_and_spares_contrast_cases(scorer):
    suite = cases()
    results = scorer.score([text for _, text, _ in suite])
    hateful = [r.flagged for (_, _, e), r in zip(suite, results, strict=True) if e is True]
    fine = [not r.flagged for (_, _, e), r in zip(suite, results, strict=True) if e is False]
    abusive = [r.flagged for (_, _, e), r in zip(suite, results, strict=True) if e is None]
    assert sum(hateful) / len(hateful) >= 0.90
    assert sum(fine) / len(fine) >= 0.80
    assert sum(abusive) / len(abusive) >= 0.90


def test_hateful_cases_are_identity_attacks_with_a_target(scorer):
    suite = [(f, t) for f, t, e in cases() if e is True and f != "slur"]
    results = scorer.score([t for _, t in suite])
    with_target = [r.target is not None for r in results if r.flagged]
    assert sum(with_target) / len(with_target) >= 0.85
