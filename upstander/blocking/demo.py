"""Demo data for the blocklist, made through its services (called by manage.py seed_demo).

No account is connected for delivery (the demo has no platform to reach), so approved blocks
show no deliveries; the councillor can connect one on /account/blocking/.
"""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime, timedelta

from django.utils import timezone

from upstander.accounts.models import User
from upstander.blocking.errors import MemberAccountRefused
from upstander.blocking.services import block_approve, block_refuse, block_request_for_posts

TROLLS = [
    ("did:plc:demotroll0000000000000001", "angry-outsider.bsky.social", "approve"),
    ("did:plc:demotroll0000000000000002", "pile-on-account.bsky.social", "wait"),
    ("did:plc:demotroll0000000000000003", "sharp-critic.bsky.social", "refuse"),
]


def _posts(did: str, handle: str, n: int) -> list[dict[str, object]]:
    when = datetime(2026, 11, 1, 18, 0, tzinfo=UTC) + timedelta(minutes=n)
    return [
        {
            "uri": f"at://{did}/app.bsky.feed.post/demo{n}{i}",
            "url": f"https://bsky.app/profile/{handle}/post/demo{n}{i}",
            "author_handle": handle,
            "author_id": did,
            "text": "(demo) an abusive reply to the councillor",
            "posted_at": when,
            "raw": {},
        }
        for i in range(2)
    ]


def seed(people: dict[str, User]) -> None:
    caseworker, lead = people["caseworker"], people["lead"]
    for n, (did, handle, outcome) in enumerate(TROLLS):
        entry = block_request_for_posts(
            caseworker,
            platform="bluesky",
            account_id=did,
            handle=handle,
            posts=_posts(did, handle, n),
            reason="Repeated abusive replies to Cllr Shah (demo).",
            source_ref=f"demo:{n}",
            first_seen_at=timezone.now() - timedelta(minutes=30 + n),
        )
        if outcome == "approve":
            block_approve(lead, entry=entry)
        elif outcome == "refuse":
            block_refuse(lead, entry=entry, reason="Robust criticism of a policy, not abuse.")
    # A suspended member's account: refused and routed to the disciplinary procedure.
    with contextlib.suppress(MemberAccountRefused):
        block_request_for_posts(
            caseworker,
            platform="bluesky",
            account_id="",
            handle="jobrennan.bsky.social",
            posts=_posts("did:plc:demomember00000000000001", "jobrennan.bsky.social", 9),
            reason="Abusive replies from a member's account (demo).",
        )
