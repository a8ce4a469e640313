"""The verbs of policies and the welcome pack; each is atomic and writes one audit entry."""

from __future__ import annotations

from upstander.policies.services.documents import (
    policy_acknowledge,
    policy_draft_create,
    policy_draft_update,
    policy_publish,
)
from upstander.policies.services.welcome import (
    welcome_pack_send,
    welcome_pack_undelivered,
    welcome_packs_send_pending,
)

__all__ = [
    "policy_acknowledge",
    "policy_draft_create",
    "policy_draft_update",
    "policy_publish",
    "welcome_pack_send",
    "welcome_pack_undelivered",
    "welcome_packs_send_pending",
]
