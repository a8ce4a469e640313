"""Instagram professional accounts through the Instagram Graph API (Facebook Login).

A protected person grants an access token on the Facebook Graph host: a *page access token*
for the Facebook Page their Instagram account is linked to, or a *user access token* whose
pages include it. Only professional (business or creator) accounts are linked to a Page and
reachable this way; a personal Instagram account cannot be read by any app, and is refused
with that reason (`errors.NotSupported`, `PERSONAL_ACCOUNTS`).

With the token we read the comments (and replies) on the account's recent media and the media
it is tagged in (`/{ig-user-id}/tags`), fetch a post or comment by the address a reporter
copied, look up other professional accounts (`business_discovery`), and hide or delete a
comment. Instagram's API offers no block, mute, ban or report: those raise `NotSupported`.
Calls, retries, errors (190: `TokenRevoked`; 4/17/32/613: `RateLimited`, waiting as the usage
headers say) and paging are the shared Graph client's (`upstander.platforms.graph`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar
from urllib.parse import urlsplit

from upstander.platforms import errors
from upstander.platforms.base import ActionsNotOffered, Capability
from upstander.platforms.graph import GraphClient
from upstander.platforms.links import INSTAGRAM_HOSTS
from upstander.platforms.time_cursor import TimeCursorRead, iso_datetime, poll_mentions
from upstander.platforms.types import Account, Interaction, Page, Post, Relation, UriScheme

ACCOUNT_FIELDS = "id,username,name"
MEDIA_FIELDS = "id,caption,timestamp,permalink,shortcode,username,media_type,owner{id}"
COMMENT_FIELDS = "id,text,timestamp,username,from{id,username},like_count,hidden,parent_id"
READ_COMMENT_FIELDS = f"{COMMENT_FIELDS},replies{{{COMMENT_FIELDS}}}"
LINKED_ACCOUNT = f"instagram_business_account{{{ACCOUNT_FIELDS}}}"
URI_PREFIX = "instagram://"
TAGS = "tags"  # the tagged-media edge, beside each media's comments, in a resume cursor
PERSONAL_ACCOUNTS = (
    "Only Instagram professional accounts (business or creator) linked to a Facebook Page can "
    "be read; personal Instagram accounts cannot be read by any app. Switch the account to a "
    "professional one and link it to a Page, then connect again."
)
_SHORTCODE = re.compile(r"^[A-Za-z0-9_-]{5,64}$")
_USERNAME = re.compile(r"^[A-Za-z0-9._]{1,30}$")
_MEDIA_KINDS = frozenset({"p", "reel", "reels", "tv"})


def _stamp(raw: dict[str, Any]) -> int:
    created = iso_datetime(raw.get("timestamp"))
    return int(created.timestamp()) if created else 0


# The stable URI we store an Instagram media or comment under: its Graph id.
URIS = UriScheme(URI_PREFIX)
instagram_uri = URIS.uri
instagram_id_of = URIS.id_of


@dataclass(frozen=True, slots=True)
class InstagramLink:
    """What an instagram.com address names: a post or reel (by its shortcode), perhaps one
    comment under it, and the account when the address gives it."""

    shortcode: str
    comment_id: str = ""
    username: str = ""


def parse_link(url: str) -> InstagramLink:
    """Understands `/p/<code>/`, `/reel/<code>/`, `/reels/<code>/`, `/tv/<code>/`, each also
    after `/<username>/`, and `/c/<comment id>/` (with `/r/<reply id>/`) after them."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or host not in INSTAGRAM_HOSTS:
        raise errors.NotSupported(f"{url[:80]!r} is not the address of an Instagram post.")
    segments = [segment for segment in parts.path.split("/") if segment]
    username = ""
    if len(segments) >= 3 and segments[1] in _MEDIA_KINDS and _USERNAME.match(segments[0]):
        username, segments = segments[0], segments[1:]
    if len(segments) < 2 or segments[0] not in _MEDIA_KINDS or not _SHORTCODE.match(segments[1]):
        raise errors.NotSupported(
            "This Instagram address does not name a post or reel; copy the link from the "
            "post's menu (Copy link) instead."
        )
    rest = segments[2:]
    comment = ""
    if rest[:1] == ["c"] and len(rest) >= 2:
        comment = rest[3] if rest[2:3] == ["r"] and len(rest) >= 4 else rest[1]
        if not comment.isdigit():
            raise errors.NotSupported("This Instagram address names a comment the API cannot read.")
    return InstagramLink(shortcode=segments[1], comment_id=comment, username=username.lower())


class InstagramAdapter(GraphClient, ActionsNotOffered):
    """One Instagram professional account, acting with the access token its owner granted.

    `ig_user_id` names the account when it is known (stored at connect time); otherwise the
    token's Page (or, for a user token, the first of its pages with `username`, when given)
    says which account it is.
    """

    platform = "instagram"
    capabilities = frozenset({Capability.HIDE_REPLY, Capability.DELETE_COMMENT})
    refusals = {
        "block": (
            "Instagram's API does not let an app block an account: the account's owner can "
            "block it in the Instagram app; we can hide or delete its comments."
        ),
        "unblock": "Instagram's API does not let an app block or unblock an account.",
        "mute": (
            "Instagram's API does not let an app mute or restrict an account: the account's "
            "owner can do that in the Instagram app."
        ),
        "ban_from_page": (
            "Instagram has no page bans an app can set; hide or delete the account's comments "
            "instead, or its owner blocks it in the Instagram app."
        ),
        "report": "Instagram offers no API for reporting to its moderators.",
    }
    service = "Instagram"
    credential_name = "access token"
    revoked_advice = "the account's owner must connect Instagram again"
    # business_discovery of a username that is not a professional account (or no account).
    missing_codes: ClassVar[frozenset[tuple[int, int]]] = frozenset({(110, 2207013)})

    def __init__(self, *, ig_user_id: str = "", username: str = "", **options: Any) -> None:
        super().__init__(**options)
        self._ig_user_id = ig_user_id
        self._username = username.strip().lstrip("@").lower()
        self._me: Account | None = None

    # -- accounts ------------------------------------------------------------------------------
    def _account(self, raw: dict[str, Any]) -> Account:
        return Account.from_user(self.platform, raw)

    def me(self) -> Account:
        """The professional account the token reaches; `errors.NotSupported` when it reaches none
        (a personal account is never linked to a Page)."""
        if self._me is None:
            if self._ig_user_id:
                raw = self._request(
                    "GET", f"/{self._ig_user_id}", params={"fields": ACCOUNT_FIELDS}
                )
            else:
                raw = self._linked_account()
            self._me = self._account(raw)
        return self._me

    def _linked_account(self) -> dict[str, Any]:
        try:  # a page token's `/me` is the Page, with its linked Instagram account
            page = self._request("GET", "/me", params={"fields": f"id,name,{LINKED_ACCOUNT}"})
            linked = [page.get("instagram_business_account")]
        except errors.PermanentError as error:
            if isinstance(
                error, errors.AuthenticationFailed | errors.NotFound | errors.NotSupported
            ):
                raise
            # A user token's `/me` is a person, who has no such field: look through their pages.
            pages = self._pages(
                "/me/accounts", {"fields": f"id,name,{LINKED_ACCOUNT}"}, max_pages=10
            )
            linked = [page.get("instagram_business_account") for page in pages]
        accounts = [account for account in linked if isinstance(account, dict)]
        if self._username:
            accounts = [a for a in accounts if str(a.get("username", "")).lower() == self._username]
        if not accounts:
            raise errors.NotSupported(PERSONAL_ACCOUNTS)
        return accounts[0]

    def resolve_handle(self, handle: str) -> Account:
        """A professional account's username -> the account (`business_discovery`); personal
        accounts cannot be looked up, and are `errors.NotFound`."""
        name = handle.strip().lstrip("@").lower()
        if not _USERNAME.match(name):
            raise errors.NotFound(f"{handle!r} is not an Instagram username.")
        me = self.me()
        if name == me.handle.lower():
            return me
        answer = self._request(
            "GET",
            f"/{me.id}",
            params={"fields": f"business_discovery.username({name}){{{ACCOUNT_FIELDS}}}"},
        )
        found = answer.get("business_discovery")
        if not isinstance(found, dict):
            raise errors.NotFound(f"No professional Instagram account is called {name!r}.")
        return self._account(found)

    def resolve_id(self, account_id: str) -> Account:
        if not account_id.isdigit():
            raise errors.NotFound(f"{account_id!r} is not an Instagram id.")
        me = self.me()
        if account_id == me.id:
            return me
        return self._account(
            self._request("GET", f"/{account_id}", params={"fields": ACCOUNT_FIELDS})
        )

    # -- media and comments --------------------------------------------------------------------
    def _media_post(self, raw: dict[str, Any]) -> Post:
        graph_id = str(raw.get("id", ""))
        owner = raw.get("owner") or {}
        return Post(
            platform=self.platform,
            uri=instagram_uri(graph_id),
            url=str(raw.get("permalink") or ""),
            author_id=str(owner.get("id", "")),
            author_handle=str(raw.get("username", "")),
            text=str(raw.get("caption", "")),
            created_at=iso_datetime(raw.get("timestamp")),
            raw=raw,
        )

    def _comment_post(self, raw: dict[str, Any], *, media_url: str = "") -> Post:
        graph_id = str(raw.get("id", ""))
        author = raw.get("from") or {}
        url = f"{media_url.rstrip('/')}/c/{graph_id}/" if media_url else ""
        return Post(
            platform=self.platform,
            uri=instagram_uri(graph_id),
            url=url,
            author_id=str(author.get("id", "")),
            author_handle=str(raw.get("username") or author.get("username", "")),
            text=str(raw.get("text", "")),
            created_at=iso_datetime(raw.get("timestamp")),
            raw=raw,
        )

    def get_post(self, uri: str) -> Post:
        """A comment or media by its Graph id (or our `instagram://` URI of it)."""
        graph_id = instagram_id_of(uri)
        if not graph_id.isdigit():
            raise errors.NotFound(f"{uri!r} is not an Instagram id.")
        # Comments and media share one id space; asking a media for a comment's fields is an
        # error.
        raw, comment = self._comment_or_other(
            graph_id, comment_fields=COMMENT_FIELDS, other_fields=MEDIA_FIELDS
        )
        return self._comment_post(raw) if comment else self._media_post(raw)

    def fetch(self, url: str) -> Post:
        """A post, reel or comment by its instagram.com address. The API reaches the connected
        account's own media, media it is tagged in, and other professional accounts' media when
        the address names the account; anything else is `errors.NotFound` with that reason."""
        link = parse_link(url)
        if link.comment_id:
            raw = self._request("GET", f"/{link.comment_id}", params={"fields": COMMENT_FIELDS})
            return self._comment_post(
                raw, media_url=f"https://www.instagram.com/p/{link.shortcode}"
            )
        me = self.me()
        media: Iterable[dict[str, Any]]
        if link.username and link.username != me.handle.lower():
            media = self._discovered_media(link.username)
        else:
            media = self._pages(
                f"/{me.id}/media", {"fields": MEDIA_FIELDS, "limit": "100"}, max_pages=20
            )
        for raw in media:
            if raw.get("shortcode") == link.shortcode:
                return self._media_post(raw)
        for raw in self._pages(
            f"/{me.id}/tags", {"fields": MEDIA_FIELDS, "limit": "100"}, max_pages=5
        ):
            if raw.get("shortcode") == link.shortcode:
                return self._media_post(raw)
        raise errors.NotFound(
            "That Instagram post could not be found: it was deleted, or it belongs to an account "
            "the API cannot read (only the connected account's posts, posts it is tagged in, and "
            "professional accounts' posts whose address names the account)."
        )

    def _discovered_media(self, username: str) -> list[dict[str, Any]]:
        answer = self._request(
            "GET",
            f"/{self.me().id}",
            params={
                "fields": f"business_discovery.username({username}){{media.limit(100){{"
                f"{MEDIA_FIELDS.replace(',owner{id}', '')}}}}}"
            },
        )
        found = answer.get("business_discovery") or {}
        media = (found.get("media") or {}).get("data") or []
        return [item for item in media if isinstance(item, dict)]

    def mentions_page(
        self,
        *,
        cursor: str | None = None,
        limit: int = 50,
        max_media: int = 25,
        max_pages: int = 100,
    ) -> Page:
        """Comments and replies on the account's `max_media` newest media, and media it is
        tagged in, newer than `cursor`, oldest first. The cursor is the newest time read with
        the ids read at that time, so a restart neither repeats nor loses one. The comments
        edge promises no order, so each media's comments are read through to the end.

        At most `max_pages` pages of a media's comments are read (a tenth of that of tags);
        when more is left, the cursor resumes each such edge where its read stopped, and once
        those are read through, the rest is read as usual from where the stopped read began."""
        me = self.me()
        read = TimeCursorRead(cursor)
        found: list[Interaction] = []

        def stopper(edge: str, *, newest_first: bool) -> Callable[[str], None]:
            return lambda token: read.stopped(edge, token, newest_first=newest_first)

        def read_comments(media: Iterable[dict[str, Any]]) -> None:
            for item in media:
                media_id, permalink = str(item["id"]), str(item.get("permalink", ""))
                params = {"fields": READ_COMMENT_FIELDS, "limit": str(limit)}
                comments = self._pages(
                    f"/{media_id}/comments",
                    params,
                    max_pages=max_pages,
                    after=read.start(media_id),
                    stopped=stopper(media_id, newest_first=False),
                )
                for comment in comments:
                    replies = (comment.get("replies") or {}).get("data") or []
                    for raw in [comment, *replies]:
                        author = str((raw.get("from") or {}).get("id", ""))
                        if not read.wanted(media_id, _stamp(raw), str(raw.get("id"))):
                            continue  # read before
                        if author == me.id or raw.get("username") == me.handle:
                            continue  # the account answering on its own posts
                        post = self._comment_post(raw, media_url=permalink)
                        found.append(Interaction(post, me.id, Relation.REPLY))

        def read_tagged() -> None:
            tagged = self._pages(
                f"/{me.id}/tags",
                {"fields": MEDIA_FIELDS, "limit": str(limit)},
                max_pages=max(1, max_pages // 10),
                after=read.start(TAGS),
                stopped=stopper(TAGS, newest_first=True),
            )
            for raw in tagged:
                stamp = _stamp(raw)
                if read.since.stamp is not None and stamp < read.since.stamp:
                    break  # newest first: everything after this was read before
                if read.wanted(TAGS, stamp, str(raw.get("id"))):
                    found.append(Interaction(self._media_post(raw), me.id, Relation.MENTION))

        drained: set[str] = set()
        if read.resuming:  # first the edges the stopped read had not finished
            drained = set(read.resuming)
            read_comments(
                self._request("GET", f"/{edge}", params={"fields": "id,permalink"})
                for edge in sorted(drained - {TAGS})
            )
            if TAGS in drained:
                read_tagged()
            if not read.left:
                read.finish()
        if not read.resuming:
            media = self._pages(
                f"/{me.id}/media",
                {
                    "fields": "id,timestamp,permalink,comments_count",
                    "limit": str(min(max_media, 100)),
                },
                max_pages=100,
            )
            read_comments(
                item
                for _, item in zip(range(max_media), media, strict=False)
                if item.get("comments_count") != 0 and str(item["id"]) not in drained
            )
            if TAGS not in drained:
                read_tagged()
        return read.page(found, id_of=instagram_id_of)

    def stream_mentions(self, *, poll_seconds: float = 60.0) -> Iterator[Interaction]:
        """Polls the account's comments (the `comments` webhook is the push alternative)."""
        return poll_mentions(self.mentions_page, sleep=self._sleep, poll_seconds=poll_seconds)

    # -- acting --------------------------------------------------------------------------------
    def hide_reply(self, post_id: str, *, hidden: bool = True) -> None:
        """Hide a comment on the account's media: only its author still sees it."""
        answer = self._request(
            "POST",
            f"/{instagram_id_of(post_id)}",
            data={"hide": "true" if hidden else "false"},
        )
        if answer.get("success") is not True:
            raise errors.PermanentError("Instagram did not confirm hiding the comment.")

    def delete_comment(self, post_id: str) -> None:
        self._request("DELETE", f"/{instagram_id_of(post_id)}")
