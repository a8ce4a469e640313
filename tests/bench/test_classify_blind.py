"""`python -m bench.classify --blind-only` prints both blind suites' figures beside their targets.

A smoke run of the printing, not a measurement: the figures themselves go in the model card.
"""

from __future__ import annotations

import re

import pytest

from bench.classify import BLIND2_SUITE, BLIND_SUITE, BLIND_TARGETS, blind_cases, main

HEADLINE = re.compile(
    r"^(?P<suite>blind2?)\.(?P<name>\w+): [01]\.\d{3} ratio "
    r"\(target >= (?P<target>0\.\d{3}): (met|missed)\)$"
)


def test_blind_bench_prints_every_headline_figure_beside_its_target_and_every_category(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(["--blind-only"])
    lines = capsys.readouterr().out.splitlines()
    names = {line.split(":", 1)[0] for line in lines}
    for prefix, path in (("blind", BLIND_SUITE), ("blind2", BLIND2_SUITE)):
        headline = {
            m["name"]: float(m["target"])
            for line in lines
            if (m := HEADLINE.match(line)) and m["suite"] == prefix
        }
        assert {name: headline[name] for name in BLIND_TARGETS} == BLIND_TARGETS
        cases = blind_cases(path)
        for case in cases:
            verb = "caught" if case["label"] else "passed"
            assert f"{prefix}.{case['category']}.{verb}" in names
        assert f"{prefix}.cases: {len(cases)} cases" in lines
