"""Playwright fixtures: one Debian Chromium for the browser tests, a fresh context and page each.

The browser tests skip, with the reason, where /usr/bin/chromium is missing or will not start;
Playwright never downloads a browser of its own here.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.helpers import axe_context, new_context

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REPO_ROOT = Path(__file__).resolve().parents[2]
AXE_JS = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    """One Chromium for all the browser tests, closed when they are done.

    Package scope, not session: Playwright's sync API keeps an asyncio loop in the test thread
    while it runs, and Django's ORM refuses to run beside one unless DJANGO_ALLOW_ASYNC_UNSAFE is
    set. That variable is set only while Chromium is open, so it never leaks into other tests or
    the subprocesses they start (`check --deploy` rightly fails when it is set).
    """
    if not CHROMIUM.exists():
        pytest.skip(
            f"browser tests need Debian's Chromium at {CHROMIUM} "
            "(apt-get install chromium; Playwright does not download one here)"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:  # pragma: no cover - playwright is a dev dependency
        pytest.skip(f"browser tests need Playwright for Python: {error}")
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    manager = sync_playwright().start()
    try:
        launched = manager.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
    except Exception as error:
        manager.stop()
        _restore_env(ASYNC_UNSAFE, previous)
        pytest.skip(f"Playwright could not launch {CHROMIUM}: {error}")
    try:
        yield launched
    finally:
        launched.close()
        manager.stop()
        _restore_env(ASYNC_UNSAFE, previous)


def _restore_env(name: str, value: str | None) -> None:
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    """A browser context that keeps the site's Content-Security-Policy in force."""
    ctx = new_context(browser)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: Any) -> Any:
    return context.new_page()


@pytest.fixture
def axe_script() -> Path:
    if not AXE_JS.exists():
        pytest.skip(f"axe-core is missing at {AXE_JS}: run npm ci")
    return AXE_JS


@pytest.fixture
def axe_page(browser: Any, axe_script: Path) -> Iterator[Any]:
    """A page whose context ignores CSP and loads axe-core with every document."""
    ctx = axe_context(browser, axe_script)
    yield ctx.new_page()
    ctx.close()
