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


def test_training_reads_posts_unpadded_as_scoring_does() -> None:
    from tokenizers import Tokenizer

    from upstander.classify.encoder import MAX_TOKENS, TOKENIZER_FILE, load_tokenizer
    from upstander.classify.model import ARTEFACT_DIR

    post = "you are a disgrace to this council"
    as_shipped = Tokenizer.from_file(str(ARTEFACT_DIR / TOKENIZER_FILE)).encode(post)
    assert len(as_shipped.ids) == 128, "MiniLM's own file pads: the guard below matters"
    ids = load_tokenizer(ARTEFACT_DIR / TOKENIZER_FILE).encode(post).ids
    assert 0 not in ids
    assert len(ids) == sum(as_shipped.attention_mask)
    long_post = " ".join(["disgrace"] * 200)
    assert len(load_tokenizer(ARTEFACT_DIR / TOKENIZER_FILE).encode(long_post).ids) == MAX_TOKENS


def test_only_the_large_public_sets_are_sampled() -> None:
    import numpy as np

    from upstander.classify.train_encoder import SAMPLE_CAPS, sample_rows

    sources = ["ours"] * 10 + ["davidson"] * (SAMPLE_CAPS["davidson"] + 500) + ["convabuse"] * 7
    keep = sample_rows(sources, np.random.default_rng(1))
    kept = [sources[i] for i in keep]
    assert kept.count("ours") == 10
    assert kept.count("convabuse") == 7
    assert kept.count("davidson") == SAMPLE_CAPS["davidson"]
    assert list(keep) == sorted(set(keep.tolist()))


def test_a_student_cannot_be_distilled_without_its_teacher() -> None:
    import numpy as np

    from upstander.classify.train_encoder import PLANS, TrainingRows, run_plan

    rows = TrainingRows(
        [], np.zeros((0, 7), np.float32), np.zeros((0, 7), np.float32), np.zeros(0), []
    )
    assert not PLANS["plain"].needs_teacher
    for name in ("distil", "distil-teacher-init"):
        assert PLANS[name].needs_teacher
        with pytest.raises(ValueError, match="needs a teacher"):
            run_plan(PLANS[name], rows, {}, teacher=None)


def test_files_to_read_must_exist_before_anything_is_trained(tmp_path) -> None:
    for argv in (
        ["--from-pack", str(tmp_path / "pack.npz"), "--weights-out", str(tmp_path)],
        ["--minilm", str(tmp_path), "--from-weights", str(tmp_path / "student.pt")],
        ["--minilm", str(tmp_path), "--pack", str(tmp_path / "no" / "pack.npz")],
    ):
        with pytest.raises(SystemExit):
            main(argv)


def test_a_device_run_needs_somewhere_to_put_the_weights_and_known_plans() -> None:
    with pytest.raises(SystemExit):
        main(["--from-pack", "/nowhere/pack.npz"])
    with pytest.raises(SystemExit):
        main(["--from-pack", "/nowhere/pack.npz", "--weights-out", "/tmp/w", "--plans", "bigger"])


def test_a_default_run_trains_the_plan_the_shipped_encoder_came_from() -> None:
    import json

    from upstander.classify.model import ARTEFACT_DIR
    from upstander.classify.train_encoder import PLANS, SHIPPED

    shipped = json.loads((ARTEFACT_DIR / "second_stage.json").read_text())["meta"]
    assert shipped["plan"] == SHIPPED
    assert shipped["steps"] == PLANS[SHIPPED].steps
    assert shipped["layers"] == PLANS[SHIPPED].layers


def test_word_piece_dropout_keeps_the_start_and_end_markers_and_one_piece() -> None:
    import numpy as np

    from upstander.classify.train_encoder import drop_pieces

    rng = np.random.default_rng(7)
    post = np.array([101, 11, 12, 13, 14, 15, 16, 17, 18, 102], dtype=np.int64)
    dropped = [drop_pieces(post, 0.5, rng) for _ in range(200)]
    assert all(row[0] == 101 and row[-1] == 102 for row in dropped)
    assert all(set(row[1:-1].tolist()) <= set(post[1:-1].tolist()) for row in dropped)
    assert all(list(row[1:-1]) == sorted(row[1:-1]) for row in dropped), "order is kept"
    inner_kept = np.mean([len(row) - 2 for row in dropped]) / 8
    assert 0.4 < inner_kept < 0.6
    assert all(len(row) == 3 for row in (drop_pieces(post, 1.0, rng) for _ in range(20)))
    assert list(drop_pieces(post, 0.0, rng)) == list(post)
    short = np.array([101, 11, 102], dtype=np.int64)
    assert list(drop_pieces(short, 1.0, rng)) == list(short), "a one-piece post is left whole"
