"""`python -m bench.classify --blind-only` prints the blind suite's figures, each beside its target.

A smoke run of the printing, not a measurement: the figures themselves go in the model card.
"""

from __future__ import annotations

import re

import pytest

from bench.classify import BLIND_TARGETS, blind_cases, main

HEADLINE = re.compile(
    r"^blind\.(?P<name>\w+): [01]\.\d{3} ratio "
    r"\(target >= (?P<target>0\.\d{3}): (met|missed)\)$"
)


def test_blind_bench_prints_every_headline_figure_beside_its_target_and_every_category(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(["--blind-only"])
    lines = capsys.readouterr().out.splitlines()
    headline = {m["name"]: float(m["target"]) for line in lines if (m := HEADLINE.match(line))}
    assert {name: headline[name] for name in BLIND_TARGETS} == BLIND_TARGETS
    names = {line.split(":", 1)[0] for line in lines}
    for case in blind_cases():
        verb = "caught" if case["label"] else "passed"
        assert f"blind.{case['category']}.{verb}" in names
    assert f"blind.cases: {len(blind_cases())} cases" in lines
