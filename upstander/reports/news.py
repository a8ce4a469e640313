"""Telling staff that a reporter wrote again or added evidence.

Cases sits above reports, so it registers its handler here in CasesConfig.ready() (mailing the
case worker of the report's case); the reporter's services call `reporter_news` in their own
transaction. Reports never imports cases (the layers contract in pyproject.toml).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from upstander.core.hooks import Hook

if TYPE_CHECKING:
    from upstander.reports.models import Report

# handler(report=..., what=...): `what` says what arrived, in words ("a message from the
# reporter"); its result is ignored.
NewsHandler = Callable[..., object]

_news = Hook()


def on_reporter_news(handler: NewsHandler) -> NewsHandler:
    return _news.register(handler)


def reporter_news(*, report: Report, what: str) -> None:
    _news.call(report=report, what=what)
