"""The second stage's encoder (issue 17): shipped and pinned, deterministic, explained by words."""

from __future__ import annotations

import json
import os
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from upstander.classify import LABELS, lexicon
from upstander.classify.builtin import BuiltinScorer
from upstander.classify.encoder import (
    MODEL_FILE,
    TOGETHER_THREADS,
    TOKENIZER_FILE,
    Encoder,
    artefact_digest,
    pad,
)
from upstander.classify.model import ARTEFACT_DIR, LinearModel
from upstander.classify.second_stage import NAME, SecondStage

TEXTS = [
    "Thanks for coming to the surgery on Saturday, it really helped.",
    "you are a spineless parasite and a disgrace to this ward",
    "Your budget is a shambles and the ward deserves better.",
    "",
]


@pytest.fixture(scope="module")
def stage() -> SecondStage:
    return SecondStage.load()


def test_the_shipped_encoder_matches_its_pinned_hash(tmp_path: Path) -> None:
    info = json.loads((ARTEFACT_DIR / f"{NAME}.json").read_text(encoding="utf-8"))
    assert info["network"] == "encoder"
    assert artefact_digest(ARTEFACT_DIR) == info["encoder_sha256"]
    for name in (MODEL_FILE, TOKENIZER_FILE, f"{NAME}.json", f"{NAME}.npz"):
        shutil.copyfile(ARTEFACT_DIR / name, tmp_path / name)
    assert isinstance(SecondStage.load(tmp_path).network, Encoder)
    tokenizer = tmp_path / TOKENIZER_FILE
    tokenizer.write_bytes(tokenizer.read_bytes() + b"\n")
    with pytest.raises(ValueError, match="not the pinned file"):
        SecondStage.load(tmp_path)


def test_encoder_scores_are_deterministic_and_do_not_depend_on_the_batch(
    stage: SecondStage,
) -> None:
    together = stage.predict(TEXTS)
    assert together.shape == (len(TEXTS), len(LABELS))
    assert ((together >= 0) & (together <= 1)).all()
    np.testing.assert_array_equal(stage.predict(TEXTS[::-1])[::-1], together)
    alone = np.vstack([stage.predict([text]) for text in TEXTS])
    np.testing.assert_array_equal(alone, together)
    abuse = LABELS.index("abuse")
    assert together[1, abuse] > together[0, abuse]
    # Occlusion variants run in one padded call: close to, not equal to, one post at a time
    # (int8 dynamic quantisation scales activations per call, padding included; the variants
    # are compared only with each other, so the shared offset cancels).
    np.testing.assert_allclose(stage.predict(TEXTS, together=True), together, atol=0.08)


def test_occlusion_variants_on_two_threads_score_as_on_one(stage: SecondStage) -> None:
    encoder = stage.network
    assert isinstance(encoder, Encoder)
    threads = encoder.together_session.get_session_options().intra_op_num_threads
    assert threads == min(TOGETHER_THREADS, len(os.sched_getaffinity(0)))
    text = "you are a disgrace to this ward and everyone knows you lie about the budget"
    variants = [text] + [text.replace(word, "") for word in ("disgrace", "ward", "lie", "budget")]
    ids, mask = pad([encoder.tokenizer.encode(v).ids for v in variants])
    [one_thread] = encoder.session.run(None, {"input_ids": ids, "attention_mask": mask})
    logits = np.log(stage.predict(variants, together=True))
    logits -= np.log1p(-np.exp(logits))
    np.testing.assert_allclose(logits, one_thread, atol=1e-4)


def test_posts_scored_side_by_side_score_as_one_at_a_time(stage: SecondStage) -> None:
    with ThreadPoolExecutor(2) as pool:
        side_by_side = stage.predict(TEXTS * 3, pool=pool)
    alone = np.vstack([stage.predict([text]) for text in TEXTS * 3])
    np.testing.assert_array_equal(side_by_side, alone)


def test_a_batch_gives_each_post_its_own_score_and_explanation_as_alone() -> None:
    # Route every post no rule decided, so that the encoder scores and explains most of them
    # on the batch's threads.
    everything = SecondStage.load()
    everything.low, everything.high = 0.0, 1.01
    scorer = BuiltinScorer(LinearModel.load(), everything)
    texts = [
        *TEXTS,
        "what a pathetic little worm this councillor is",
        "nobody in this ward can stand you, crawl back under your rock",
        "Thank you for the leaflets, see you at the count",
        "you absolute clown, resign before you embarrass us further",
    ]
    batch = scorer.score(texts)
    routed = scorer.probabilities(texts)[2]
    assert routed.sum() >= 5
    assert sum(any(e.startswith("second stage:") for e in s.explanation) for s in batch) >= 2
    for text, in_batch in zip(texts, batch, strict=True):
        [alone] = scorer.score([text])
        assert (in_batch.labels, in_batch.explanation) == (alone.labels, alone.explanation), text


def test_a_rescored_flagged_post_names_whole_words(stage: SecondStage) -> None:
    # Route every post that no rule decided, so that the encoder's explanation is exercised.
    everything = SecondStage.load()
    everything.low, everything.high = 0.0, 1.01
    scorer = BuiltinScorer(LinearModel.load(), everything)
    text = "what a pathetic little worm this councillor is"
    prepared, probs, routed = scorer.probabilities([text])
    assert routed[0] and probs[0, LABELS.index("abuse")] >= 0.5
    [result] = scorer.score([text])
    [line] = [e for e in result.explanation if e.startswith("second stage:")]
    named = re.findall(r"'([^']+)'", line)
    assert named, line
    words = set(prepared[0].model_text.split())
    for word in named:
        assert word in words and word not in lexicon.STOPWORDS


def test_the_scorer_still_works_without_the_second_stage() -> None:
    alone = BuiltinScorer(LinearModel.load())
    assert alone.second_stage is None and "+s2-" not in alone.name
    [quiet, rude] = alone.score([TEXTS[0], "you are a spineless parasite and a disgrace"])
    assert not quiet.flagged and rude.flagged
