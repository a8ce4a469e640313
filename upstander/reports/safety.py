"""What happens when a reporter says someone's safety is at risk.

Cases sits above reports, so it registers its handler here in CasesConfig.ready() (opening the
case as Critical and alerting every safeguarding lead); `report_submit` calls every handler in
its own transaction, so the report, its case and the alerts are stored together or not at all.
Reports never imports cases (the layers contract in pyproject.toml).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from upstander.core.hooks import Hook

if TYPE_CHECKING:
    from upstander.reports.models import Report

# handler(report=...); its result is ignored.
SafetyHandler = Callable[..., object]

_at_risk = Hook()


def on_safety_at_risk(handler: SafetyHandler) -> SafetyHandler:
    return _at_risk.register(handler)


def safety_at_risk_reported(*, report: Report) -> None:
    _at_risk.call(report=report)
