"""Contrast frames kept as data (`upstander/classify/frames/*.json`) train like those in code.

A frame file names each frame's kind (which fixes its labels), may add labels and an attacked
group, and is refused whole when it says something the generator cannot use, so a typo never
trains silently as a different kind.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from upstander.classify import contrast
from upstander.classify.model import TRAINING_SEED


def write_frames(folder: Path, *frames: dict[str, object]) -> Path:
    path = folder / "set_x.json"
    document = {"written": "2026-12-05", "by": "a test", "frames": list(frames)}
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_a_frame_takes_the_labels_of_its_kind_plus_those_it_adds(tmp_path):
    path = write_frames(
        tmp_path,
        {"kind": "doxxing", "text": "Her car is parked at {H} every night.", "also": ["threat"]},
        {"kind": "homonym", "text": "We shot the leaflet video at {PL}."},
    )
    doxxing, homonym = contrast.read_frames(path)
    assert doxxing.labels["abuse"] == doxxing.labels["doxxing"] == doxxing.labels["threat"] == 1
    assert homonym.labels["abuse"] == 0
    assert not any(homonym.labels[label] for label in ("threat", "insult", "identity_attack"))


@pytest.mark.parametrize(
    ("frame", "problem"),
    [
        ({"kind": "threatt", "text": "typo in the kind"}, "unknown kind"),
        ({"kind": "dog_whistle", "text": "x", "target": "races"}, "unknown target"),
        ({"kind": "pile_on", "text": "x", "also": ["insults"]}, "unknown label"),
        ({"kind": "pile_on", "text": "Go and tell {NAME} what you think"}, "unknown placeholder"),
        ({"kind": "satire", "text": "They said {Q}"}, "{Q} outside a quoted report"),
    ],
)
def test_a_frame_the_generator_cannot_use_is_refused_with_its_file_and_number(
    tmp_path, frame, problem
):
    path = write_frames(tmp_path, {"kind": "satire", "text": "fine"}, frame)
    with pytest.raises(contrast.BadFrame, match=rf"set_x\.json, frame 1: .*{problem}"):
        contrast.read_frames(path)


def test_every_shipped_frame_file_is_read():
    files = sorted(contrast.FRAMES_DIR.glob("*.json"))
    assert files
    assert len(contrast.file_frames()) == sum(
        len(json.loads(path.read_text(encoding="utf-8"))["frames"]) for path in files
    )


def test_frame_file_texts_are_generated_with_their_kind():
    kinds = {frame.kind for frame in contrast.file_frames()}
    generated = {written.kind for written in contrast.generate(TRAINING_SEED)}
    assert kinds <= generated
    assert "harassment" in generated


def test_only_an_attacked_group_is_a_target():
    for written in contrast.generate(TRAINING_SEED):
        if written.labels["identity_attack"] != 1:
            assert written.target is None, written
        elif written.kind in {"dog_whistle", "emoji_hate", "identity_at_rep"}:
            assert written.target in contrast.TARGETS, written


def test_a_frame_about_the_representative_reads_as_english_when_filled_with_you():
    rng = random.Random(TRAINING_SEED)
    filled = {
        contrast._fill("{R} is a disgrace and {R} has lied; {R} wasn't there.", rng).lower()
        for _ in range(200)
    }
    as_you = [text for text in filled if text.startswith("you ")]
    assert as_you, "the representative is sometimes filled as 'you'"
    assert all(" is " not in f" {t} " and " has " not in t for t in as_you), as_you
    assert "you are a disgrace and you have lied; you weren't there." in filled
    thanks = contrast._fill("A big thank you is due to {PL}.", rng).lower()
    assert "thank you is due" in thanks
