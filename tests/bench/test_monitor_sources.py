"""`python -m bench.monitor --source …` prints each platform's figures with their targets, and
the events mode still prints its own.

Smoke runs with tiny sizes, not benchmarks: the figures they print mean nothing here.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench import monitor_sources
from upstander.monitoring import accounts_loop

ROOT = Path(__file__).resolve().parents[2]


def bench(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bench.monitor", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("platform", "actions"),
    [("facebook", ["hide", "ban"]), ("youtube", ["hide", "ban"]), ("x", ["hide"])],
)
def test_source_mode_prints_read_ingest_and_fan_out_figures_with_targets(
    platform: str, actions: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    adapter_for = accounts_loop.adapter_for
    source = monitor_sources.Remote(monitor_sources.SOURCES[platform]())
    with source.running():
        monitor_sources.measure(source, comments=30, accounts=3)
    printed = capsys.readouterr().out
    figures = [(f"{platform}_read", "comments/s"), (f"{platform}_ingest", "comments/s")]
    figures += [(f"time_to_{action}_p95", "s") for action in actions]
    for figure, unit in figures:
        assert re.search(rf"^{figure}: [\d.]+ {unit}$", printed, re.M), figure
        assert re.search(rf"^{figure}_target: (>=|<) [\d.]+ {unit}$", printed, re.M), figure
        assert re.search(rf"^{figure}_share_of_target: [\d.]+ \(target", printed, re.M), figure
    if "ban" not in actions:  # no ban on the platform: no figure for one
        assert "time_to_ban" not in printed
    assert accounts_loop.adapter_for is adapter_for  # the bench's timing wrapper is gone


def test_source_x_reads_and_hides_through_the_x_adapter_from_the_command_line() -> None:
    done = bench("--source", "x", "--comments", "40", "--accounts", "3")
    assert done.returncode == 0, done.stderr[-2000:]
    assert re.search(r"^x_read: [\d.]+ comments/s$", done.stdout, re.M)
    assert re.search(r"^x_read_target: >= 2000 comments/s$", done.stdout, re.M)
    assert re.search(r"^time_to_hide_p95: [\d.]+ s$", done.stdout, re.M)
    assert re.search(r"^time_to_hide_p95_target: < 2 s$", done.stdout, re.M)
    assert "time_to_ban" not in done.stdout


def test_events_mode_still_prints_its_figures() -> None:
    done = bench("--events", "2000", "--databases", "none", "--rounds", "1")
    assert done.returncode == 0, done.stderr[-2000:]
    for line in ("decode_match: ", "decode_match_target: ", "decode_floor: "):
        assert re.search(rf"^{line}\d+ events/s$", done.stdout, re.M), line
    assert re.search(r"^decode_match_share_of_floor: [\d.]+ \(target >= 0.8\)$", done.stdout, re.M)
