"""The monitoring verbs: watched accounts and delegates, ingestion, review decisions,
retention."""

from __future__ import annotations

from upstander.monitoring.services.accounts import (
    delegate_assign,
    delegate_end,
    monitoring_threshold_set,
    watched_account_connect,
    watched_account_error_record,
    watched_account_revoke,
    watched_account_session_save,
)
from upstander.monitoring.services.ingest import ingest_batch
from upstander.monitoring.services.retention import (
    dead_letters_prune,
    monitored_posts_prune,
    monitoring_retention_run,
)
from upstander.monitoring.services.review import (
    review_dismiss,
    review_hide,
    review_moderate,
    review_open_case,
    review_request_block,
)
from upstander.monitoring.services.sources import (
    source_claim,
    source_error_record,
    source_read_record,
    source_release,
    source_wait_record,
)

__all__ = [
    "dead_letters_prune",
    "delegate_assign",
    "delegate_end",
    "ingest_batch",
    "monitored_posts_prune",
    "monitoring_retention_run",
    "monitoring_threshold_set",
    "review_dismiss",
    "review_hide",
    "review_moderate",
    "review_open_case",
    "review_request_block",
    "source_claim",
    "source_error_record",
    "source_read_record",
    "source_release",
    "source_wait_record",
    "watched_account_connect",
    "watched_account_error_record",
    "watched_account_revoke",
    "watched_account_session_save",
]
