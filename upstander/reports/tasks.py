"""Background work for reports: capturing the post links a report names (ids only), and
reading the party mailbox."""

from __future__ import annotations

from django_tasks import task

from upstander.reports.services import report_link_capture, report_link_captures_due
from upstander.reports.services.mailbox import mailbox_configured, mailbox_read


@task()
def capture_report_link(*, capture_id: int) -> str:
    return report_link_capture(capture_id)


@task()
def capture_due_report_links() -> int:
    """The retry sweep, for a scheduler to enqueue."""
    return report_link_captures_due()


@task()
def read_report_mailbox() -> int:
    """Read the party mailbox once (for a scheduler to enqueue); how many reports it made.
    Without a mailbox set there is nothing to read, and that is not a failure; one set wrong
    is recorded for the lead (and the task fails)."""
    conf = mailbox_configured()
    if conf is None:
        return 0
    return len(mailbox_read(conf=conf).reported)
