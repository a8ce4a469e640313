"""The public interface: names, types, order, batching and the version stamp."""

from __future__ import annotations

import dataclasses
import re

import pytest

from upstander.classify import (
    LABELS,
    TARGETS,
    ConfigurationError,
    Score,
    Scorer,
    load_scorer,
)
from upstander.classify.model import ARTEFACT_DIR


def test_label_keys_are_exactly_the_seven_documented_labels(score_one):
    result = score_one("hello there")
    assert set(result.labels) == {
        "abuse",
        "insult",
        "threat",
        "identity_attack",
        "sexual_harassment",
        "doxxing",
        "profanity",
    }
    assert set(LABELS) == set(result.labels)
    assert set(TARGETS) == {"women", "lgbti", "race", "religion", "disability", "other"}


def test_score_is_a_frozen_dataclass_with_the_documented_fields(score_one):
    result = score_one("you are an idiot")
    assert isinstance(result, Score)
    names = [f.name for f in dataclasses.fields(Score)]
    assert names == [
        "abuse",
        "flagged",
        "labels",
        "flagged_labels",
        "target",
        "explanation",
        "scorer",
    ]
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.abuse = 0.0  # type: ignore[misc]
    assert isinstance(result.flagged_labels, frozenset)
    assert isinstance(result.explanation, list)


def test_builtin_scorer_satisfies_the_scorer_protocol(scorer):
    assert isinstance(scorer, Scorer)


def test_load_scorer_returns_the_same_builtin_instance():
    assert load_scorer() is load_scorer("builtin")


def test_unknown_scorer_name_is_a_configuration_error():
    with pytest.raises(ConfigurationError, match="unknown scorer"):
        load_scorer("nope")


def test_scores_come_back_in_input_order_across_internal_batches(scorer):
    texts = ["have a lovely day", "I will kill you"] * 700
    results = scorer.score(texts)
    assert len(results) == 1400
    assert [r.flagged for r in results[:4]] == [False, True, False, True]
    assert results[0] == results[1398]
    assert results[1] == results[1399]


def test_scorer_version_stamp_names_model_version_and_artefact_hash(score_one):
    stamp = score_one("hello").scorer
    # First stage, then the second stage's own artefact hash.
    assert re.fullmatch(r"builtin-\d+\.\d+\.\d+\+[0-9a-f]{12}\+s2-[0-9a-f]{12}", stamp)


def test_version_stamp_changes_when_the_artefact_changes(tmp_path):
    from upstander.classify.builtin import BuiltinScorer
    from upstander.classify.model import LinearModel

    original = LinearModel.load()
    copy = LinearModel.load()
    copy.intercepts = copy.intercepts + 0.01
    copy.save(tmp_path)
    reloaded = LinearModel.load(tmp_path)
    assert BuiltinScorer(reloaded).name != BuiltinScorer(original).name


def test_flagged_labels_are_the_labels_at_or_over_one_half(scorer):
    for result in scorer.score(["you stupid pig", "send me nudes", "fuck yeah", "hi"]):
        assert result.flagged_labels == {k for k, v in result.labels.items() if v >= 0.5}
        assert result.flagged == (result.abuse >= 0.5)
        assert all(0.0 <= v <= 1.0 for v in result.labels.values())
        assert result.abuse == result.labels["abuse"]


def test_artefact_is_small_and_needs_no_pickle():
    import numpy as np

    total = sum(p.stat().st_size for p in ARTEFACT_DIR.iterdir() if p.is_file())
    assert total < 30 * 1024 * 1024
    with np.load(ARTEFACT_DIR / "builtin.npz", allow_pickle=False) as arrays:
        assert arrays["weights"].shape[1] == len(LABELS)


def test_classify_package_imports_nothing_from_django():
    import subprocess
    import sys

    code = (
        "import sys, upstander.classify as c; c.load_scorer().score(['x']); "
        "print(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
