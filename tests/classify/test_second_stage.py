"""The learned second stage (issue 17): what it rescores, how it explains, loads and trains."""

from __future__ import annotations

import argparse
import socket
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

from upstander.classify import LABELS, load_scorer
from upstander.classify.builtin import BuiltinScorer
from upstander.classify.encoder import Encoder
from upstander.classify.features import featurise
from upstander.classify.model import ARTEFACT_DIR, LinearModel
from upstander.classify.second_stage import (
    DIM,
    HIDDEN,
    OCCLUDED_WORDS,
    HashedNetwork,
    SecondStage,
    fold,
    occlusion_words,
    train_network,
)
from upstander.classify.train import MAX_ROUTED_SHARE, Band, choose_band, would_replace_encoder
from upstander.classify.train import main as train_main

ABUSE = LABELS.index("abuse")


def blank_stage(*, low: float = 0.2, high: float = 0.8, alpha: float = 1.0) -> SecondStage:
    """A network whose output is fixed by its biases alone (all weights zero)."""
    return SecondStage(
        network=HashedNetwork(
            w1=np.zeros((DIM, HIDDEN), dtype=np.float32),
            b1=np.zeros(HIDDEN, dtype=np.float32),
            w2=np.zeros((HIDDEN, len(LABELS)), dtype=np.float32),
            b2=np.zeros(len(LABELS), dtype=np.float32),
        ),
        thresholds=np.full(len(LABELS), 0.5, dtype=np.float32),
        low=low,
        high=high,
        alpha=alpha,
    )


@pytest.fixture(scope="module")
def first_stage() -> LinearModel:
    return LinearModel.load()


def test_only_the_uncertain_band_that_no_rule_decided_is_routed() -> None:
    stage = blank_stage(low=0.2, high=0.8)
    first = np.zeros((4, len(LABELS)), dtype=np.float32)
    first[:, ABUSE] = [0.1, 0.5, 0.85, 0.5]
    floors = np.zeros_like(first)
    floors[3, LABELS.index("threat")] = 0.6
    undampened = np.ones(4, dtype=np.float32)
    assert stage.routed(first, floors, undampened).tolist() == [False, True, False, False]


@pytest.mark.parametrize(
    "text",
    [
        "No one should call her a whore.",
        "Called our candidate a paki in the replies. Reported it and blocked.",
        'Someone wrote "go back to pakistan" under her post. Disgusting, reported.',
    ],
)
def test_a_post_the_rules_read_as_counter_speech_or_denial_is_never_routed(
    first_stage: LinearModel, text: str
) -> None:
    from upstander.classify.builtin import BuiltinScorer

    # Even a band that takes everything: the rules have decided, the network cannot outvote them.
    scorer = BuiltinScorer(first_stage, blank_stage(low=0.0, high=1.01))
    prepared, _, routed = scorer.probabilities([text, "Your budget is a shambles, Cllr Hale."])
    assert prepared[0].rules.context.startswith(("rule: counter-speech", "rule: negated"))
    assert routed.tolist() == [False, True]


def test_routed_posts_take_the_second_stage_score_and_the_rest_keep_the_first(
    first_stage: LinearModel,
) -> None:
    texts = [
        "Lovely turnout at the litter pick this morning, thank you all.",
        "Your budget is a shambles and the ward deserves better.",
        "What time does the surgery start on Saturday?",
    ]
    alone = BuiltinScorer(first_stage)
    _, first, _ = alone.probabilities(texts)
    everything = blank_stage(low=0.0, high=1.01)
    everything.stack_w[:] = 0.0
    everything.stack_b[:] = 10.0  # says "abusive" to whatever it is shown
    _, probs, routed = BuiltinScorer(first_stage, everything).probabilities(texts)
    assert routed.all()
    assert (probs[:, ABUSE] > 0.9).all()
    nothing = blank_stage(low=0.999, high=1.0)
    nothing.stack_w[:] = 0.0
    nothing.stack_b[:] = 10.0
    _, unchanged, routed = BuiltinScorer(first_stage, nothing).probabilities(texts)
    assert not routed.any()
    np.testing.assert_array_equal(unchanged, first)


def test_occlusion_never_names_stopwords_handles_or_placeholders() -> None:
    words = occlusion_words("@bob you are the worst rat in the grpx ward url ngrpx quotex")
    assert words == ["rat", "ward", "worst"]


def stage_that_relies_on_rat() -> SecondStage:
    """A blank second stage where one hidden unit fires on the n-grams of "rat" and pushes
    `abuse` up."""
    stage = blank_stage()
    assert isinstance(stage.network, HashedNetwork)
    rat = fold(featurise(["rat"]))
    stage.network.w1[rat.cols, 0] = 5.0
    stage.network.w2[0, ABUSE] = 5.0
    stage.network.b2[ABUSE] = -3.0
    return stage


def test_second_stage_explanation_names_the_word_it_relied_on() -> None:
    stage = stage_that_relies_on_rat()
    relied = stage.explain("you are such a rat and everyone knows it", ABUSE)
    assert relied[0] == "rat"
    assert not {"you", "are", "such", "a", "and", "it"} & set(relied)


def test_a_post_scored_near_certain_still_names_the_word_its_score_rests_on() -> None:
    stage = stage_that_relies_on_rat()
    text = "you are such a rat and everyone knows it"

    def saturated(variants: list[str]) -> np.ndarray:
        # 0.9999 with the word, 0.998 without: a tiny drop in probability, a large one in odds.
        probs = np.full((len(variants), len(LABELS)), 0.9999, dtype=np.float32)
        probs[[" rat " not in f" {v} " for v in variants], ABUSE] = 0.998
        return probs

    assert stage.explain(text, ABUSE, saturated) == ["rat"]


def test_explanation_tries_only_the_words_the_first_stage_weighs_most() -> None:
    stage = stage_that_relies_on_rat()
    text = "honestly this ward councillor is a lying rat who never answers emails or letters"
    words = occlusion_words(text)
    assert len(words) > OCCLUDED_WORDS
    scored: list[int] = []

    def score(variants: list[str]) -> np.ndarray:
        scored.append(len(variants))
        return stage.predict(variants, together=True)

    def rat_first(candidates: list[str]) -> np.ndarray:
        return np.array([1.0 if w == "rat" else 0.0 for w in candidates], dtype=np.float32)

    assert stage.explain(text, ABUSE, score, rat_first)[0] == "rat"
    # The post itself and one variant per word tried: never more than the cap.
    assert scored == [OCCLUDED_WORDS + 1]
    # A word the ranking leaves out is never tried, so never named.
    assert "rat" not in stage.explain(text, ABUSE, score, lambda ws: -rat_first(ws))


def test_the_shipped_second_stage_loads_offline_and_is_small(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the scorer tried to open a network connection")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    stage = SecondStage.load()
    assert isinstance(stage.network, Encoder)
    assert 0.0 <= stage.low < stage.high and 0.0 < stage.alpha <= 1.0
    scorer = load_scorer()
    assert "+s2-" in scorer.name
    [result] = scorer.score(["thanks for coming to the surgery"])
    assert not result.flagged
    shipped = sum(path.stat().st_size for path in Path(ARTEFACT_DIR).iterdir())
    # First stage 5.6 MB, int8 encoder 17.9 MB (11.7 MB of it the word-piece embeddings).
    assert shipped < 25 * 2**20


def test_a_custom_first_stage_runs_without_the_shipped_second_stage(
    first_stage: LinearModel,
) -> None:
    assert BuiltinScorer(first_stage).second_stage is None
    assert BuiltinScorer().second_stage is not None


def test_second_stage_training_is_reproducible() -> None:
    rng = np.random.default_rng(3)
    rows = np.repeat(np.arange(300), 40)
    cols = rng.integers(0, 2**18 + 2**19, size=rows.size)
    features = sp.csr_matrix(
        (rng.random(rows.size).astype(np.float32), (rows, cols)), shape=(300, 2**18 + 2**19)
    )
    targets = (rng.random((300, len(LABELS))) < 0.3).astype(np.float32)
    mask = np.ones_like(targets)
    mask[:100, LABELS.index("doxxing")] = 0.0
    weights = np.ones(300)
    first = train_network(features, targets, mask, weights, epochs=2, verbose=False)
    second = train_network(features, targets, mask, weights, epochs=2, verbose=False)
    for a, b in zip(first, second, strict=True):
        np.testing.assert_array_equal(a, b)
    changed = train_network(features, targets, mask, weights, epochs=2, seed=5, verbose=False)
    assert not np.array_equal(first[0], changed[0])


def test_stacker_fit_is_reproducible_and_skips_labels_with_too_few_examples() -> None:
    from upstander.classify.second_stage import N_DENSE
    from upstander.classify.train import StackData, _fit_stacker

    rng = np.random.default_rng(8)
    dense = rng.normal(size=(400, N_DENSE)).astype(np.float32)
    targets = (dense[:, :1] + rng.normal(size=(400, len(LABELS))) > 0).astype(np.float32)
    mask = np.ones_like(targets)
    mask[:, LABELS.index("doxxing")] = 0.0  # never annotated: keeps the first stage's score
    ours = np.arange(400) % 3 == 0
    rows = StackData(
        dense, dense[:, :7], np.zeros_like(targets), np.ones(400, np.float32), targets, mask, ours
    )
    first = _fit_stacker(rows)
    second = _fit_stacker(rows)
    np.testing.assert_array_equal(first[0], second[0])
    np.testing.assert_array_equal(first[1], second[1])
    doxxing = LABELS.index("doxxing")
    expected = np.zeros(N_DENSE, dtype=np.float32)
    expected[2 * len(LABELS) + doxxing] = 1.0
    np.testing.assert_array_equal(first[0][doxxing], expected)
    assert first[0][ABUSE].any() and not np.array_equal(first[0][ABUSE], expected)


def test_the_band_is_the_best_on_validation_that_the_routing_budget_allows() -> None:
    thresholds = np.full(len(LABELS), 0.5, dtype=np.float32)
    wide = Band(0.74, 0.1, 0.9, routed_share=0.60, thresholds=thresholds)
    middle = Band(0.73, 0.25, 0.8, routed_share=0.19, thresholds=thresholds)
    narrow = Band(0.72, 0.3, 0.9, routed_share=0.17, thresholds=thresholds)
    tie = Band(0.73, 0.3, 0.95, routed_share=0.18, thresholds=thresholds)
    assert choose_band([wide, middle, narrow, tie], budget=0.2) is middle
    assert choose_band([wide, middle, narrow], budget=0.65) is wide
    # Nothing affordable: the cheapest band, never the most expensive.
    assert choose_band([wide, middle, narrow], budget=0.1) is narrow


def test_the_shipped_band_keeps_within_the_routing_budget() -> None:
    stage = SecondStage.load()
    assert stage.meta["val_everyday_routed_share"] <= MAX_ROUTED_SHARE
    assert stage.meta["max_routed_share"] == MAX_ROUTED_SHARE


def test_retraining_without_minilm_never_silently_replaces_the_shipped_encoder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "encoder.onnx").write_bytes(b"an encoder")
    with pytest.raises(SystemExit):
        train_main(["--out", str(tmp_path)])
    assert "holds a fine-tuned encoder" in capsys.readouterr().err
    assert (tmp_path / "encoder.onnx").read_bytes() == b"an encoder"
    told = argparse.Namespace(first_stage_only=False, minilm=None, replace_encoder=True)
    assert not would_replace_encoder(tmp_path, told)
    keeping = argparse.Namespace(first_stage_only=True, minilm=None, replace_encoder=False)
    assert not would_replace_encoder(tmp_path, keeping)
    untold = argparse.Namespace(first_stage_only=False, minilm=None, replace_encoder=False)
    assert would_replace_encoder(tmp_path, untold)
    assert not would_replace_encoder(tmp_path / "empty", untold)


def test_counter_speech_damps_every_label_the_model_gives_but_never_a_rule_floor() -> None:
    from upstander.classify.builtin import RuleArrays, combine

    # Once the quoted abuse is masked, the model sees only the condemnation: a harassment or
    # doxxing score from it is noise. A rule floor (an address in the post) still stands.
    raw = np.full((3, len(LABELS)), 0.9, dtype=np.float32)
    thresholds = np.full(len(LABELS), 0.5, dtype=np.float32)
    floors = np.zeros_like(raw)
    floors[2, LABELS.index("doxxing")] = 0.8
    dampen = np.array([0.25, 0.6, 0.25], dtype=np.float32)  # counter-speech, not aimed, counter
    out = combine(raw, thresholds, RuleArrays(dampen, np.ones(3, np.float32), floors))
    harassment = LABELS.index("sexual_harassment")
    assert out[0, harassment] < 0.5 and out[0, ABUSE] < 0.5
    assert out[1, harassment] == pytest.approx(0.9)  # only a decided post is damped this way
    assert out[2, LABELS.index("doxxing")] == pytest.approx(0.8)
