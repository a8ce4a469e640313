"""Meta's webhooks (Facebook Pages and Instagram), read as "this account has news" only.

A delivery is `{"object": "page"|"instagram", "entry": [{"id", "time", "changes": [{"field",
"value"}]}]}`, signed with the app secret in `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of
the raw body>`. For a Page, a new comment is `field: "feed"` with `value.item: "comment"`; for
an Instagram professional account, `field: "comments"` (or `"mentions"`: a caption or comment
that names it). The entry's `id` is the Page id or the Instagram user id.

What the body says a comment is is never taken as the post: the monitor reads it through the
adapter, as every poll does, so a forged or replayed delivery can only cause one extra read.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

SIGNATURE_PREFIX = "sha256="
# Meta's `object` -> our platform, and which changes of it mean there is a comment to read.
NEWS_FIELDS: dict[str, tuple[str, frozenset[str]]] = {
    "page": ("facebook", frozenset({"feed"})),
    "instagram": ("instagram", frozenset({"comments", "mentions"})),
}


@dataclass(frozen=True)
class AccountNews:
    """Meta says the account `account_id` (a Page id or an Instagram user id) has something new."""

    platform: str
    account_id: str


def signature_matches(body: bytes, header: str | None, app_secret: str) -> bool:
    """Whether `X-Hub-Signature-256` is the app secret's HMAC-SHA256 of exactly `body`
    (compared in constant time). Without a secret nothing matches."""
    if not app_secret or not header or not header.startswith(SIGNATURE_PREFIX):
        return False
    expected = hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header[len(SIGNATURE_PREFIX) :].strip().lower())


def sign(body: bytes, app_secret: str) -> str:
    """The `X-Hub-Signature-256` header Meta sends with `body` (for the local test servers)."""
    return SIGNATURE_PREFIX + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


def _is_comment_change(meta_object: str, change: object) -> bool:
    if not isinstance(change, dict):
        return False
    _, fields = NEWS_FIELDS[meta_object]
    if change.get("field") not in fields:
        return False
    if meta_object == "page":  # the feed field also carries posts, likes, shares...
        value = change.get("value")
        return isinstance(value, dict) and value.get("item") == "comment"
    return True


def news_in(payload: object) -> tuple[list[AccountNews], int]:
    """The accounts a delivery says have new comments (each once), and how many of its entries
    were about something else or could not be understood (those are ignored)."""
    if not isinstance(payload, dict) or payload.get("object") not in NEWS_FIELDS:
        return [], 1
    meta_object = str(payload["object"])
    platform, _ = NEWS_FIELDS[meta_object]
    entries = payload.get("entry")
    if not isinstance(entries, list):
        return [], 1
    news: list[AccountNews] = []
    other = 0
    for entry in entries:
        changes = entry.get("changes") if isinstance(entry, dict) else None
        account_id = str(entry.get("id") or "") if isinstance(entry, dict) else ""
        if (
            account_id
            and isinstance(changes, list)
            and any(_is_comment_change(meta_object, change) for change in changes)
        ):
            found = AccountNews(platform=platform, account_id=account_id)
            if found not in news:
                news.append(found)
        else:
            other += 1
    return news, other
