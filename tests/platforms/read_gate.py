"""Holding a local platform server's comment reads, so that a test can `kill -9` the monitor
while a read is in flight (and not merely somewhere near one)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field


@dataclass
class ReadGate:
    """Open by default. `hold(after=n)` lets `n` more reads through and holds every later one
    until `release()`; `wait_held()` returns once a read is being held."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    opened: threading.Event = field(default_factory=threading.Event)
    passes_left: int | None = None  # None: open
    held: int = 0

    def __post_init__(self) -> None:
        self.opened.set()

    def hold(self, *, after: int = 0) -> None:
        with self.lock:
            self.passes_left = after
            self.held = 0
            self.opened.clear()

    def release(self) -> None:
        with self.lock:
            self.passes_left = None
        self.opened.set()

    def pass_through(self) -> None:
        """Called by the server's handler thread before it answers a read."""
        with self.lock:
            if self.passes_left is None:
                return
            if self.passes_left > 0:
                self.passes_left -= 1
                return
            self.held += 1
        self.opened.wait(timeout=120)

    def wait_held(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while True:
            with self.lock:
                if self.held:
                    return
            if time.monotonic() > deadline:
                raise TimeoutError("no read arrived to be held")
            time.sleep(0.01)
