"""Jetstream events (Bluesky's JSON stream): typed decoding and matching against watched DIDs.

Jetstream cannot filter by who is mentioned, so every `app.bsky.feed.post` create is decoded and
checked here: a mention facet, the reply's parent or root, or a quoted post (a record embed, alone
or with media) that belongs to a watched DID. Decoding is typed (msgspec) and matching is a set
lookup, so one core handles several hundred thousand events a second.

Event format: https://github.com/bluesky-social/jetstream (README, "Example events").
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any, Final, Literal

import msgspec

from upstander.platforms.time_cursor import iso_datetime
from upstander.platforms.types import Interaction, Post, Relation

POST_COLLECTION: Final = "app.bsky.feed.post"
MENTION_FEATURE: Final = "app.bsky.richtext.facet#mention"
HANDLE_CACHE_LIMIT: Final = 200_000


class MalformedEvent(ValueError):
    """The line is not a Jetstream event we can read; the monitor counts it and moves on."""


# -- a post event, decoded in one typed pass; only the fields matching needs -----------------
# gc=False: these objects never form cycles, so the collector need not track them (faster).
class _Ref(msgspec.Struct, gc=False):
    uri: str = ""


class _Reply(msgspec.Struct, gc=False):
    parent: _Ref | None = None
    root: _Ref | None = None


class _Feature(msgspec.Struct, gc=False):
    type_: str = msgspec.field(default="", name="$type")
    did: str = ""


class _Facet(msgspec.Struct, gc=False):
    features: list[_Feature] = []


class _EmbedRecord(msgspec.Struct, gc=False):
    uri: str = ""
    record: _Ref | None = None  # app.bsky.embed.recordWithMedia nests the ref one level deeper


class _Embed(msgspec.Struct, gc=False):
    record: _EmbedRecord | None = None


class _PostRecord(msgspec.Struct, gc=False):
    reply: _Reply | None = None
    facets: list[_Facet] | None = None
    embed: _Embed | None = None


class _Commit(msgspec.Struct, gc=False):
    # Literals: msgspec hands back one shared string instead of a new one for every event. The
    # streams carry posts only (Jetstream is asked for them; the firehose passes no other), so
    # another collection, or an operation not named here, takes the slow path and is ignored.
    operation: Literal["create", "update", "delete"]
    collection: Literal["app.bsky.feed.post"]
    record: _PostRecord | None = None


class _Identity(msgspec.Struct, gc=False):
    did: str = ""
    handle: str = ""


class _Event(msgspec.Struct, gc=False):
    did: str
    time_us: int  # unread (the client keeps the cursor); required: without it, malformed
    commit: _Commit | None = None
    identity: _Identity | None = None


# -- the slow path, for events whose record is not a post's shape (other collections) ---------
class _RawCommit(msgspec.Struct, gc=False):
    operation: str = ""
    collection: str = ""
    record: msgspec.Raw = msgspec.Raw(b"")


class _RawEvent(msgspec.Struct, gc=False):
    did: str
    time_us: int
    commit: _RawCommit | None = None


_EVENT = msgspec.json.Decoder(_Event)
_RAW_EVENT = msgspec.json.Decoder(_RawEvent)
_POST = msgspec.json.Decoder(_PostRecord)
_ANY = msgspec.json.Decoder()
_NOTHING: Final[list[Interaction]] = []
_DECODE_ERRORS = (msgspec.DecodeError, msgspec.ValidationError)


def did_of(at_uri: str) -> str:
    """`at://did:plc:abc/app.bsky.feed.post/xyz` -> `did:plc:abc` ('' when not an AT URI)."""
    if not at_uri.startswith("at://"):
        return ""
    end = at_uri.find("/", 5)
    return at_uri[5:] if end < 0 else at_uri[5:end]


def post_url(did: str, rkey: str) -> str:
    return f"https://bsky.app/profile/{did}/post/{rkey}"


class JetstreamMatcher:
    """Turns Jetstream lines into interactions with a set of watched DIDs.

    `match(line)` returns the interactions (usually none) and raises `MalformedEvent` for a line
    that is not a readable event. The stream's cursor is not kept here: the client reads each
    line's `time_us` without decoding it (`jetstream_client.time_us_of`).
    """

    __slots__ = ("_did_end", "handles", "watched")

    def __init__(self, watched: Collection[str]) -> None:
        self.handles: dict[str, str] = {}
        self.replace_watched(watched)

    def replace_watched(self, watched: Iterable[str]) -> None:
        self.watched: frozenset[str] = frozenset(watched)
        # Where a watched DID ends in an AT URI (`at://` + the DID) when all have one length
        # (did:plc); 0 when they differ (did:web too), which sends every post to `_targets`.
        lengths = {len(did) for did in self.watched}
        self._did_end = 5 + lengths.pop() if len(lengths) == 1 else 0

    def match(self, line: bytes | str) -> list[Interaction]:
        try:
            event = _EVENT.decode(line)
        except _DECODE_ERRORS:
            slow = self._decode_slowly(line)
            if slow is None:
                return _NOTHING
            event = slow
        commit = event.commit
        if commit is None:
            identity = event.identity
            if identity is not None and identity.handle:
                self._remember_handle(identity.did or event.did, identity.handle)
            return _NOTHING
        record = commit.record
        if record is None or commit.operation != "create":
            return _NOTHING
        # The hot path: most posts are neither a reply, a quote nor a mention of a watched DID.
        # It only asks, inline and straight-line (each step here costs), whether a DID the post
        # points at may be watched: a URI's characters after `at://` as long as a watched DID
        # (one length while all are did:plc), or a facet feature's `did`. It never misses one;
        # `_targets` then works out exactly which, and how, for the few that pass.
        watched = self.watched
        end = self._did_end
        hit = False
        reply = record.reply
        if reply is not None:
            ref = reply.parent
            if ref is not None and ref.uri[5:end] in watched:
                hit = True
            ref = reply.root
            if ref is not None and ref.uri[5:end] in watched:
                hit = True
        embed = record.embed
        if embed is not None:
            quoted = embed.record
            if quoted is not None:
                ref = quoted.record
                if (quoted.uri if ref is None else ref.uri)[5:end] in watched:
                    hit = True
        facets = record.facets
        if facets:
            for facet in facets:
                for feature in facet.features:
                    if feature.did in watched:
                        hit = True
        if not hit and end:
            return _NOTHING
        found = self._targets(record)
        # People replying in their own threads are not abusing themselves.
        found.pop(event.did, None)
        if not found:
            return _NOTHING
        post = self._post(line)
        return [Interaction(post, target, relation) for target, relation in found.items()]

    def _decode_slowly(self, line: bytes | str) -> _Event | None:
        """Not a post's shape: another collection (ignored), or malformed (raised)."""
        try:
            raw = _RAW_EVENT.decode(line)
            if (
                raw.commit is None
                or raw.commit.collection != POST_COLLECTION
                or raw.commit.operation != "create"
            ):
                return None
            record = _POST.decode(raw.commit.record)
        except _DECODE_ERRORS as error:
            raise MalformedEvent(str(error)) from None
        return _Event(raw.did, raw.time_us, _Commit("create", POST_COLLECTION, record))

    def _targets(self, record: _PostRecord) -> dict[str, Relation]:
        watched = self.watched
        found: dict[str, Relation] = {}
        # Strongest relation first: a reply that also mentions is shown as a reply.
        if record.reply is not None:
            for ref in (record.reply.parent, record.reply.root):
                if ref is not None:
                    did = did_of(ref.uri)
                    if did in watched:
                        found.setdefault(did, Relation.REPLY)
        embed = record.embed
        if embed is not None and embed.record is not None:
            inner = embed.record.record
            did = did_of(inner.uri if inner is not None else embed.record.uri)
            if did in watched:
                found.setdefault(did, Relation.QUOTE)
        if record.facets:
            for facet in record.facets:
                for feature in facet.features:
                    if feature.type_ == MENTION_FEATURE and feature.did in watched:
                        found.setdefault(feature.did, Relation.MENTION)
        return found

    def _post(self, line: bytes | str) -> Post:
        raw: dict[str, Any] = _ANY.decode(line)
        try:
            did: str = raw["did"]
            commit = raw["commit"]
            rkey = commit["rkey"]
            record = commit["record"]
            text = record.get("text", "")
            created = record.get("createdAt", "")
        except (KeyError, TypeError, AttributeError) as error:
            raise MalformedEvent(f"a post without {error}") from None
        if not isinstance(rkey, str) or not rkey:
            raise MalformedEvent("a post without a record key")
        return Post(
            platform="bluesky",
            uri=f"at://{did}/{POST_COLLECTION}/{rkey}",
            url=post_url(did, rkey),
            author_id=did,
            author_handle=self.handles.get(did, ""),
            text=text if isinstance(text, str) else "",
            created_at=iso_datetime(created),
            raw=raw,
        )

    def _remember_handle(self, did: str, handle: str) -> None:
        if len(self.handles) >= HANDLE_CACHE_LIMIT:
            self.handles.clear()
        self.handles[did] = handle
