"""Background work for cases (the DB worker runs it; `manage.py minimise_closed_cases` too)."""

from __future__ import annotations

from django_tasks import task

from upstander.cases.services.retention import retention_run


@task()
def minimise_closed_cases() -> dict[str, int]:
    """Idempotent: minimise closed cases, and reports that never became a case, past
    retention, and warn about those coming up; purge set-aside mailbox messages past it."""
    run = retention_run()
    return {
        "warned": len(run.warned),
        "minimised": len(run.minimised),
        "reports_warned": len(run.reports_warned),
        "reports_minimised": len(run.reports_minimised),
        "mailbox_purged": len(run.mailbox_purged),
    }
