"""`--source` specifications -> the reader the monitor runs."""

from __future__ import annotations

from pathlib import Path

from upstander.monitoring.pipeline import Monitor, RunStats
from upstander.platforms.jetstream_client import JetstreamSource
from upstander.platforms.replay import ReplaySource


class SourceSpecError(ValueError):
    pass


KINDS = (
    "replay",
    "jetstream",
    "firehose",
    "mastodon",
    "bluesky-notifications",
    "facebook",
    "instagram",
    "youtube",
    "x",
)
# Sources read per connected account, named by their platform.
ACCOUNT_PLATFORMS = ("mastodon", "facebook", "instagram", "youtube", "x")
SOCKETS = ("ws://", "wss://")


def source_check(spec: str) -> None:
    """Refuse a `--source` the monitor could not read, before anything is loaded or written."""
    kind, _, target = spec.partition(":")
    if kind not in KINDS:
        raise SourceSpecError(
            f"Unknown source {spec!r}: use replay:PATH, jetstream:URL, firehose:URL, mastodon, "
            "bluesky-notifications, facebook, instagram, youtube or x."
        )
    if kind == "replay" and not Path(target).is_file():
        raise SourceSpecError(f"No replay file at {target!r}.")
    if kind in ("jetstream", "firehose") and not target.startswith(SOCKETS):
        raise SourceSpecError(f"{kind}: needs a ws:// or wss:// address, got {target!r}.")


def run_source(
    monitor: Monitor,
    spec: str,
    *,
    follow: bool = False,
    once: bool = False,
    poll_seconds: float = 30.0,
) -> RunStats:
    source_check(spec)
    kind, _, target = spec.partition(":")
    if kind == "replay":
        replay = ReplaySource(Path(target), follow=follow)
        return monitor.run_stream(replay.name, replay.lines)
    if kind == "jetstream":
        stream = JetstreamSource(target)
        return monitor.run_stream(stream.name, stream.lines)
    if kind == "firehose":
        from upstander.platforms.firehose import FirehoseSource

        firehose = FirehoseSource(target)
        return monitor.run_stream(firehose.name, firehose.lines)
    from upstander.monitoring.accounts_loop import run_accounts

    platform = kind if kind in ACCOUNT_PLATFORMS else "bluesky"
    return run_accounts(monitor, platform=platform, once=once, poll_seconds=poll_seconds)
