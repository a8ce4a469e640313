"""`monitor` refuses a --source or --scorer it cannot use: exit status 2, nothing written."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from upstander.monitoring.models import MonitoredPost, MonitorSource, ReviewItem

pytestmark = pytest.mark.django_db


def refused_monitor(*args: str) -> str:
    with pytest.raises(CommandError) as refused:
        call_command("monitor", *args, stdout=StringIO(), stderr=StringIO())
    assert refused.value.returncode == 2
    assert "\n" not in str(refused.value)
    assert not MonitorSource.objects.exists()
    assert not MonitoredPost.objects.exists()
    assert not ReviewItem.objects.exists()
    return str(refused.value)


def test_an_unknown_source_is_refused() -> None:
    refusal = refused_monitor("--source", "twitter:firehose")
    assert refusal == (
        "Unknown source 'twitter:firehose': use replay:PATH, jetstream:URL, firehose:URL, "
        "mastodon, bluesky-notifications, facebook, instagram, youtube or x."
    )


def test_a_replay_of_a_missing_file_is_refused(tmp_path: Path) -> None:
    missing = tmp_path / "missing.jsonl"
    assert refused_monitor("--source", f"replay:{missing}") == f"No replay file at '{missing}'."


def test_a_replay_of_a_folder_is_refused(tmp_path: Path) -> None:
    assert "No replay file at" in refused_monitor("--source", f"replay:{tmp_path}")


@pytest.mark.parametrize("kind", ["jetstream", "firehose"])
def test_a_stream_without_a_websocket_address_is_refused(kind: str) -> None:
    refusal = refused_monitor("--source", f"{kind}:https://example.org/")
    assert refusal == f"{kind}: needs a ws:// or wss:// address, got 'https://example.org/'."


def test_an_unknown_scorer_is_refused(tmp_path: Path) -> None:
    replay = tmp_path / "empty.jsonl"
    replay.write_text("", encoding="utf-8")
    refusal = refused_monitor("--source", f"replay:{replay}", "--scorer", "magic")
    assert refusal.startswith("--scorer: unknown scorer 'magic'")
