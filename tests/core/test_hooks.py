"""A hook calls what the apps above registered, each once, in the order they registered."""

from __future__ import annotations

from upstander.core.hooks import Hook


def test_every_handler_is_called_once_in_order_even_when_registered_twice() -> None:
    hook = Hook()
    calls: list[tuple[str, object, object]] = []

    def first(actor: object, *, role: object) -> None:
        calls.append(("first", actor, role))

    def second(actor: object, *, role: object) -> str:
        calls.append(("second", actor, role))
        return "ignored"

    assert hook.register(first) is first
    hook.register(second)
    hook.register(first)  # ready() again, as in tests
    hook.call("lead", role="caseworker")
    assert calls == [("first", "lead", "caseworker"), ("second", "lead", "caseworker")]


def test_a_hook_without_handlers_does_nothing() -> None:
    Hook().call(report=None)
