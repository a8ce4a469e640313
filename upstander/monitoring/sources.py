"""`--source` specifications -> the reader the monitor runs."""

from __future__ import annotations

from pathlib import Path

from upstander.monitoring.pipeline import Monitor, RunStats
from upstander.platforms.jetstream_client import JetstreamSource
from upstander.platforms.replay import ReplaySource


class SourceSpecError(ValueError):
    pass


def run_source(
    monitor: Monitor,
    spec: str,
    *,
    follow: bool = False,
    once: bool = False,
    poll_seconds: float = 30.0,
) -> RunStats:
    kind, _, target = spec.partition(":")
    if kind == "replay":
        path = Path(target)
        if not path.is_file():
            raise SourceSpecError(f"No replay file at {path}.")
        replay = ReplaySource(path, follow=follow)
        return monitor.run_stream(replay.name, replay.lines)
    if kind == "jetstream":
        if not target.startswith(("ws://", "wss://")):
            raise SourceSpecError("jetstream: needs a ws:// or wss:// address.")
        stream = JetstreamSource(target)
        return monitor.run_stream(stream.name, stream.lines)
    if kind == "firehose":
        from upstander.platforms.firehose import FirehoseSource

        firehose = FirehoseSource(target)
        return monitor.run_stream(firehose.name, firehose.lines)
    if kind in ("mastodon", "bluesky-notifications"):
        from upstander.monitoring.accounts_loop import run_accounts

        platform = "mastodon" if kind == "mastodon" else "bluesky"
        return run_accounts(monitor, platform=platform, once=once, poll_seconds=poll_seconds)
    raise SourceSpecError(
        f"Unknown source {spec!r}: use replay:PATH, jetstream:URL, firehose:URL, mastodon "
        "or bluesky-notifications."
    )
