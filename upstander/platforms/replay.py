"""Replay: JSON-lines files in the Jetstream event format (demo, tests, benchmarks).

The cursor is the byte offset just after the last line handed out, so a restart seeks straight
back to where the last checkpoint left off.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path


class ReplaySource:
    """Lines of a file from a byte offset; `follow=True` keeps waiting for more (like tail -f)."""

    def __init__(self, path: str | Path, *, follow: bool = False, poll_seconds: float = 0.5):
        self.path = Path(path)
        self.follow = follow
        self.poll_seconds = poll_seconds
        self.name = f"replay:{self.path.resolve()}"

    def lines(self, cursor: str | None = None) -> Iterator[tuple[bytes | None, str]]:
        """Yield (line, cursor after it); (None, cursor) while following an idle file."""
        offset = int(cursor) if cursor else 0
        with self.path.open("rb") as handle:
            handle.seek(offset)
            while True:
                line = handle.readline()
                if line.endswith(b"\n"):
                    offset += len(line)
                    if line.strip():
                        yield line, str(offset)
                    continue
                if line and not self.follow:  # a last line without a newline: take it as is
                    offset += len(line)
                    yield line, str(offset)
                    return
                if not self.follow:
                    return
                handle.seek(offset)
                yield None, str(offset)  # idle: the monitor may checkpoint or stop now
                time.sleep(self.poll_seconds)
