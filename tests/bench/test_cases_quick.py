"""`python -m bench.cases --quick` runs end to end and prints every figure and target.

A smoke run, not a benchmark: nothing here is timed, the figures it prints mean nothing.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="bench.cases measures the PostgreSQL deployment (set DATABASE_URL=postgres://...)",
    ),
]

ROOT = Path(__file__).resolve().parents[2]
FIGURES = [
    "floor_rps",
    "triage_rps",
    "case_page_rps",
    "triage_ratio_to_floor",
    "case_page_ratio_to_floor",
    "ratio_to_floor_target",
    "mixed_p95_at_40rps",
    "mixed_p95_at_40rps_target",
    # What it printed before the floor and the open-loop run, still printed.
    "triage_p95",
    "triage_p95_target",
    "case_page_p95",
    "case_page_p95_target",
    "triage_queries",
    "case_page_queries",
    "intake",
    "intake_target",
    "intake_cpu_per_report",
    "receipt_hash_per_report",
]


@pytest.fixture
def bench_database_url() -> Iterator[str]:
    """A database of its own beside the suite's (bench.cases drops and creates it)."""
    import psycopg

    db = settings.DATABASES["default"]
    server = {
        "host": db["HOST"] or "127.0.0.1",
        "port": db["PORT"] or 5432,
        "user": db["USER"],
        "password": db["PASSWORD"],
    }
    name = f"{db['NAME']}_bench_quick"[-60:]  # keeps "bench": bench.cases drops no other
    auth = server["user"] + (f":{server['password']}" if server["password"] else "")
    yield f"postgres://{auth}@{server['host']}:{server['port']}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_the_quick_run_prints_the_floor_the_saturation_rates_and_the_open_loop_p95(
    bench_database_url: str, tmp_path: Path
) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bench.cases", "--quick"],
        env={**os.environ, "DATABASE_URL": bench_database_url, "UPSTANDER_VAR_DIR": str(tmp_path)},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    printed = dict(re.findall(r"^(\w+): (\d+(?:\.\d+)?) ", done.stdout, re.MULTILINE))
    assert [name for name in FIGURES if name not in printed] == []
    assert float(printed["ratio_to_floor_target"]) == 0.5
    assert float(printed["mixed_p95_at_40rps_target"]) == 150
    assert float(printed["floor_rps"]) > 0
    # The receipt hash is part of what a report costs, never more than all of it.
    assert 0 < float(printed["receipt_hash_per_report"]) < float(printed["intake_cpu_per_report"])
    assert "# errors" not in done.stdout
