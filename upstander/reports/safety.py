"""What happens when a reporter says someone's safety is at risk.

Cases sits above reports, so it registers its handler here in CasesConfig.ready() (opening the
case as Critical and alerting every safeguarding lead); `report_submit` calls every handler in
its own transaction, so the report, its case and the alerts are stored together or not at all.
Reports never imports cases (the layers contract in pyproject.toml).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from upstander.reports.models import Report

# handler(report=...); its result is ignored.
SafetyHandler = Callable[..., object]

_handlers: list[SafetyHandler] = []


def on_safety_at_risk(handler: SafetyHandler) -> SafetyHandler:
    """Register a handler once (ready() may run more than once in tests)."""
    if handler not in _handlers:
        _handlers.append(handler)
    return handler


def safety_at_risk_reported(*, report: Report) -> None:
    for handler in list(_handlers):
        handler(report=report)
