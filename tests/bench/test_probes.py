"""`python -m bench.probes` scores the probe sets behind rules 1.1.9 to 1.1.11."""

from __future__ import annotations

import pytest

from bench.probes import main, probe_sets, read_set, tally


def test_every_probe_set_has_a_family_a_label_and_a_text_per_post():
    assert probe_sets() == ["p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p9", "p10", "p11"]
    for name in probe_sets():
        rows = read_set(name)
        assert rows, name
        assert all(
            isinstance(r["family"], str) and isinstance(r["abusive"], bool) and r["text"].strip()
            for r in rows
        ), name
        assert len({r["id"] for r in rows}) == len(rows), name


def test_tally_counts_abuse_caught_and_others_passed_apart_and_by_family():
    rows = [
        {"family": "hate", "abusive": True, "text": "a"},
        {"family": "hate", "abusive": True, "text": "b"},
        {"family": "kind", "abusive": False, "text": "c"},
    ]
    counts = tally(rows, [True, False, True])
    assert counts["caught"] == (1, 2)
    assert counts["passed"] == (0, 1)
    assert counts["family:hate"] == (1, 2)
    assert counts["family:kind"] == (0, 1)


def test_an_unknown_set_is_refused_by_name(capsys: pytest.CaptureFixture[str]):
    with pytest.raises(SystemExit):
        main(["p99"])
    assert "no probe set p99" in capsys.readouterr().err


def test_a_folder_without_a_trained_scorer_is_refused_by_name(
    tmp_path, capsys: pytest.CaptureFixture[str]
):
    with pytest.raises(SystemExit):
        main(["--artefacts", str(tmp_path), "p1"])
    assert "is not a trained scorer's folder" in capsys.readouterr().err
