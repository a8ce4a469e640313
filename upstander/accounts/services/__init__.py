"""The verbs of people and membership; each is atomic and writes one audit entry."""

from __future__ import annotations

from upstander.accounts.services.members import (
    handle_declare,
    handle_resolve,
    handles_resolve_missing,
    member_create,
    member_status_set,
    members_import_csv,
)
from upstander.accounts.services.roles import role_grant, role_revoke, user_create
from upstander.accounts.services.security import admin_site_access_grant, totp_create
from upstander.accounts.services.subscriptions import (
    email_update_queue_batch,
    email_update_send,
    subscribers_export,
    subscription_confirm,
    subscription_request,
    subscription_unsubscribe,
)

__all__ = [
    "admin_site_access_grant",
    "email_update_queue_batch",
    "email_update_send",
    "handle_declare",
    "handle_resolve",
    "handles_resolve_missing",
    "member_create",
    "member_status_set",
    "members_import_csv",
    "role_grant",
    "role_revoke",
    "subscribers_export",
    "subscription_confirm",
    "subscription_request",
    "subscription_unsubscribe",
    "totp_create",
    "user_create",
]
