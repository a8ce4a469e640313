"""Hooks: how an app lets the apps above it act inside its own transaction.

An app never imports the apps above it (the layers contract in pyproject.toml). So it keeps a
Hook, they register handlers on it in their AppConfig.ready(), and it calls the hook where the
event happens, in its transaction: what the handlers store commits or rolls back with it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

Handler = TypeVar("Handler", bound=Callable[..., object])


class Hook:
    """The handlers of one event, called in the order they were registered."""

    def __init__(self) -> None:
        self._handlers: list[Callable[..., object]] = []

    def register(self, handler: Handler) -> Handler:
        """Register a handler once (ready() may run more than once in tests)."""
        if handler not in self._handlers:
            self._handlers.append(handler)
        return handler

    def call(self, *args: object, **kwargs: object) -> None:
        """Call every handler with these arguments; their results are ignored."""
        for handler in list(self._handlers):
            handler(*args, **kwargs)

    def ask(self, *args: object, **kwargs: object) -> list[object]:
        """Call every handler with these arguments and return their answers, in order."""
        return [handler(*args, **kwargs) for handler in list(self._handlers)]
