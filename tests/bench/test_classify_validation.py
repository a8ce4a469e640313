"""`python -m bench.classify --validation-only` prints the figures a release is chosen by."""

from __future__ import annotations

import numpy as np
import pytest

from bench.classify import main, validation_figures
from upstander.classify.synthetic import Example


def row(source: str, abuse: int, kind: str = "", identity: int | None = 0) -> Example:
    labels: dict[str, int | None] = {"abuse": abuse, "identity_attack": identity}
    return Example(f"{source} {kind} {abuse}", labels, None, source, "val", kind)


def test_validation_figures_weigh_ours_and_the_public_sets_apart_and_count_identity_recall():
    rows = [
        row("ours", 1, "pile_on"),
        row("ours", 0, "everyday"),
        row("ours", 1, "identity_at_rep", identity=1),
        row("davidson", 1, identity=1),
        row("davidson", 0),
        row("davidson", 1, identity=None),
    ]
    flagged = np.array([True, True, True, False, False, True])
    figures = validation_figures(rows, flagged)
    assert figures["abuse_f1.ours"] == pytest.approx(0.8)  # 2 right, 1 false alarm
    assert figures["abuse_f1.public"] == pytest.approx(2 / 3)  # 1 caught, 1 missed
    assert figures["abuse_f1.mean"] == pytest.approx((0.8 + 2 / 3) / 2)
    assert figures["identity_attack_recall"] == pytest.approx(0.5)
    assert figures["ours.everyday.correct"] == 0.0
    assert figures["ours.pile_on.correct"] == 1.0
    assert not any(name.startswith("ours.") and "davidson" in name for name in figures)


def test_a_candidate_folder_is_only_for_the_validation_figures():
    with pytest.raises(SystemExit):
        main(["--artefacts", "/nonexistent", "--blind-only"])


def test_a_folder_without_a_trained_scorer_is_refused_by_name(
    tmp_path, capsys: pytest.CaptureFixture[str]
):
    (tmp_path / "builtin.json").write_text("{}", encoding="utf-8")
    with pytest.raises(SystemExit):
        main(["--validation-only", "--artefacts", str(tmp_path)])
    error = capsys.readouterr().err
    assert "is not a trained scorer's folder" in error
    assert "builtin.npz" in error
    assert "builtin.json" not in error.split("no ", 1)[1]


def test_the_check_set_prints_caught_passed_their_mean_and_every_kind(
    capsys: pytest.CaptureFixture[str],
):
    from bench.classify import CHECK_SET, blind_cases, check_set
    from upstander.classify import load_scorer

    check_set(load_scorer())
    lines = capsys.readouterr().out.splitlines()
    cases = blind_cases(CHECK_SET)
    assert f"checks.cases: {len(cases)} cases" in lines
    for name in ("abusive_caught", "not_abusive_passed"):
        assert any(
            line.startswith(f"checks.{name}: ") and "(target >= 0.900" in line for line in lines
        )
    assert any(line.startswith("checks.balanced: ") for line in lines)
    names = {line.split(":", 1)[0] for line in lines}
    assert {f"checks.{case['category']}.correct" for case in cases} <= names
