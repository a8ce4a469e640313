"""Fine-tuning the encoder (issue 17): the parts that run without torch."""

from __future__ import annotations

import pytest

from upstander.classify.train_encoder import WARMUP, main, rate_scale


def test_continued_training_warms_up_then_decays_to_zero() -> None:
    planned = 500
    scales = [rate_scale(done, planned, decay=True) for done in range(planned)]
    assert scales[0] == pytest.approx(1 / WARMUP)
    assert scales == sorted(scales[:WARMUP]) + scales[WARMUP:]
    assert max(scales) == pytest.approx(scales[WARMUP - 1])
    assert scales[WARMUP:] == sorted(scales[WARMUP:], reverse=True)
    assert scales[-1] == pytest.approx(1 / planned)
    assert {rate_scale(done, planned, decay=False) for done in range(planned)} == {1.0}


def test_a_checkpoint_needs_the_step_it_was_saved_at() -> None:
    with pytest.raises(SystemExit):
        main(["--minilm", "/nowhere", "--init", "/nowhere/weights.pt"])
    with pytest.raises(SystemExit):
        main(["--minilm", "/nowhere", "--start-step", "342"])
