"""The blocklist's verbs: decisions on entries, the accounts it reaches, and delivery."""

from __future__ import annotations

from upstander.blocking.services.accounts import (
    CONSENT_TEXT,
    blocking_account_connect,
    blocking_account_revoke,
    blocking_account_subscribe,
    blocking_account_subscribe_failed,
    party_list_configure,
    party_list_create,
)
from upstander.blocking.services.entries import (
    block_approve,
    block_refuse,
    block_request,
    block_unblock,
    blocks_expire,
    may_approve,
)
from upstander.blocking.services.evidence import block_evidence_show
from upstander.blocking.services.handover import (
    block_hand_over,
    handover_retry,
    handover_stable_id_set,
    handovers_retry_due,
)
from upstander.blocking.services.personal import block_personal
from upstander.blocking.services.queue import block_request_for_posts
from upstander.blocking.services.request import BlockRequest
from upstander.blocking.services.runner import deliveries_run, deliveries_run_due, delivery_run

__all__ = [
    "CONSENT_TEXT",
    "BlockRequest",
    "block_approve",
    "block_evidence_show",
    "block_hand_over",
    "block_personal",
    "block_refuse",
    "block_request",
    "block_request_for_posts",
    "block_unblock",
    "blocking_account_connect",
    "blocking_account_revoke",
    "blocking_account_subscribe",
    "blocking_account_subscribe_failed",
    "blocks_expire",
    "deliveries_run",
    "deliveries_run_due",
    "delivery_run",
    "handover_retry",
    "handover_stable_id_set",
    "handovers_retry_due",
    "may_approve",
    "party_list_configure",
    "party_list_create",
]
