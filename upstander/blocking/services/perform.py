"""What one delivery writes to its platform, and how its effect is read back.

Each write is idempotent: Bluesky records go to a key derived from the delivery (the adapter
looks it up before writing); Mastodon blocks are written only if the relationship is not already
a block.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from upstander.blocking import writers
from upstander.blocking.errors import AccountNotConnected
from upstander.blocking.models import (
    Action,
    BlockEntry,
    BlockingAccount,
    Delivery,
    Method,
)
from upstander.blocking.services.accounts import blocking_account_subscribe
from upstander.core.errors import DomainError
from upstander.evidence.selectors import evidence_bytes_verified
from upstander.platforms.bluesky_records import BLOCK, LISTITEM, record_key
from upstander.platforms.errors import PermanentError


@dataclass(frozen=True)
class Outcome:
    """What a write left: the platform's reference, and whether its answer already confirms
    the new state (a Mastodon Relationship does; a Bluesky record is read back)."""

    ref: str
    confirmed: bool = False


def entry_rkey(entry: BlockEntry) -> str:
    return record_key(
        timestamp_us=int(entry.requested_at.timestamp() * 1_000_000), clock_id=entry.pk
    )


def subscription_rkey(account: BlockingAccount) -> str:
    return record_key(
        timestamp_us=int(account.consent_given_at.timestamp() * 1_000_000), clock_id=account.pk
    )


def perform(delivery: Delivery) -> Outcome:
    entry = delivery.entry
    if delivery.action == Action.REPORT:
        return Outcome(_report(delivery), confirmed=True)
    if delivery.party_list is not None:
        party = delivery.party_list
        if not party.list_uri:
            raise PermanentError("The party's moderation list is not set up yet.")
        owner = writers.bluesky_for(party)
        if delivery.action == Action.BLOCK:
            uri = owner.moderation_list_add(
                list_ref=party.list_uri, account_id=entry.account_id, rkey=entry_rkey(entry)
            )
            return Outcome(uri)
        owner.moderation_list_remove(
            list_ref=party.list_uri, account_id=entry.account_id, rkey=entry_rkey(entry)
        )
        return Outcome(delivery.record_ref)
    account = delivery.account
    assert account is not None
    if entry.platform == "bluesky":
        return _bluesky(delivery, account)
    if entry.platform == "mastodon":
        return _mastodon(delivery, account)
    if entry.platform == "x":
        return _x(delivery, account)
    raise PermanentError(f"The party cannot act on {entry.platform} accounts.")


def _bluesky(delivery: Delivery, account: BlockingAccount) -> Outcome:
    entry = delivery.entry
    if delivery.method == Method.MODLIST:
        if not account.subscription_uri:
            _subscribe(account)
        return Outcome(account.subscription_uri)  # covered once the list item is confirmed
    writer = writers.bluesky_for(account)
    if delivery.method == Method.MUTE:
        if delivery.action == Action.BLOCK:
            return Outcome(writer.mute(entry.account_id), confirmed=True)
        writer.unmute(entry.account_id)
        return Outcome(f"mute:{entry.account_id}", confirmed=True)
    if delivery.action == Action.BLOCK:
        return Outcome(writer.block(entry.account_id, rkey=entry_rkey(entry)))
    writer.unblock(entry.account_id, rkey=entry_rkey(entry))
    return Outcome(delivery.record_ref)


def _subscribe(account: BlockingAccount) -> None:
    """Not yet subscribed to the party list (its consent-time task failed): subscribe now."""
    try:
        blocking_account_subscribe(account=account)  # writes and audits the subscription
    except AccountNotConnected as error:
        raise PermanentError(error.message) from None


def _mastodon(delivery: Delivery, account: BlockingAccount) -> Outcome:
    entry = delivery.entry
    writer = writers.mastodon_for(account)
    if delivery.method == Method.MUTE:
        if delivery.action == Action.BLOCK:
            return Outcome(writer.mute(entry.account_id, handle=entry.handle), confirmed=True)
        writer.unmute(entry.account_id, handle=entry.handle)
        return Outcome(delivery.record_ref, confirmed=True)
    if delivery.action == Action.BLOCK:
        local_id, blocking = writer.block_confirmed(entry.account_id, handle=entry.handle)
        return Outcome(local_id, confirmed=blocking)
    unblocked = writer.unblock_confirmed(
        entry.account_id, handle=entry.handle, local_id=delivery.record_ref
    )
    return Outcome(delivery.record_ref, confirmed=unblocked)


def _x(delivery: Delivery, account: BlockingAccount) -> Outcome:
    """X mutes (its API blocks only on the Enterprise plan): X's answer confirms the mute."""
    entry = delivery.entry
    writer = writers.x_for(account)
    if delivery.method != Method.MUTE:
        writer.block(entry.account_id)  # refuses, saying why
    if delivery.action == Action.BLOCK:
        return Outcome(f"mute:{writer.mute(entry.account_id)}", confirmed=True)
    writer.unmute(entry.account_id)
    return Outcome(delivery.record_ref, confirmed=True)


def confirm(delivery: Delivery) -> bool:
    """Read the platform's state back: is the block there (or gone, for an unblock)?"""
    entry = delivery.entry
    wanted = delivery.action == Action.BLOCK
    if delivery.party_list is not None:
        owner = writers.bluesky_for(delivery.party_list)
        return owner.has_record(LISTITEM, entry_rkey(entry)) == wanted
    account = delivery.account
    assert account is not None
    if delivery.method == Method.MODLIST:
        return _list_delivery_confirmed(delivery)
    if entry.platform == "bluesky":
        writer = writers.bluesky_for(account)
        return writer.has_record(BLOCK, entry_rkey(entry)) == wanted
    if entry.platform == "x":
        return True  # X's answer to the mute already confirmed it (X lists no mutes back cheaply)
    mastodon = writers.mastodon_for(account)
    return mastodon.is_blocking(delivery.record_ref) == wanted


def _list_delivery_confirmed(delivery: Delivery) -> bool:
    return Delivery.objects.filter(
        entry_id=delivery.entry_id,
        action=delivery.action,
        party_list__isnull=False,
        state="confirmed",
    ).exists()


def _post_refs(entry: BlockEntry) -> list[dict[str, Any]]:
    refs = []
    for item in entry.evidence.all():
        if not item.uri:
            continue
        try:
            raw = json.loads(evidence_bytes_verified(item)).get("raw") or {}
        except (ValueError, TypeError, DomainError):
            raw = {}
        refs.append({"uri": item.uri, "url": item.source_url, "raw": raw})
    return refs


def _report(delivery: Delivery) -> str:
    entry = delivery.entry
    posts = _post_refs(entry)
    comment = f"Abuse of a person our party protects. Posts: {' '.join(p['url'] for p in posts)}"
    if entry.platform == "bluesky":
        source = delivery.party_list or delivery.account
        assert source is not None
        # Only posts whose CID the evidence kept: a report names the version that was seen.
        known = {
            p["uri"]: cid
            for p in posts
            if (cid := str(p["raw"].get("cid") or p["raw"].get("commit", {}).get("cid", "")))
        }
        return writers.bluesky_for(source).report(
            account_id=entry.account_id, post_uris=list(known), reason=comment, cids=known
        )
    account = delivery.account
    assert account is not None
    if entry.platform == "x":
        return writers.x_for(account).report(
            account_id=entry.account_id, post_uris=[p["uri"] for p in posts], reason=comment
        )  # refuses: X has no reporting API
    status_ids = [str(p["raw"]["id"]) for p in posts if str(p["raw"].get("id", "")).isdigit()]
    return writers.mastodon_for(account).report(
        account_id=entry.account_id,
        post_uris=status_ids,
        reason=comment,
        handle=entry.handle,
        forward=True,
    )
