"""Facebook Pages through the Graph API: comments on a page's posts, and the page's moderation.

A protected person grants a *page access token* for their page. With it we read the comments on
the page's recent posts (newest first, following Graph's `paging.cursors.after`), fetch one post
or comment by the address a reporter copied, hide or delete a comment and ban an account from
the page (`/{page-id}/blocked`). No maintained Python client covers the Pages API, so this is
plain HTTP through the shared Graph client (`upstander.platforms.graph`: retries, errors,
rate limits).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

from upstander.platforms import errors
from upstander.platforms.base import ActionsNotOffered, Capability
from upstander.platforms.graph import GraphClient
from upstander.platforms.links import FACEBOOK_HOSTS
from upstander.platforms.time_cursor import TimeCursorRead, iso_datetime, poll_mentions
from upstander.platforms.types import Account, Interaction, Page, Post, Relation, UriScheme

POST_FIELDS = "id,message,created_time,from{id,name},permalink_url"
COMMENT_FIELDS = "id,message,created_time,from{id,name},permalink_url,parent{id},is_hidden"
URI_PREFIX = "facebook://"


# The stable URI we store a Facebook object under: its Graph id.
URIS = UriScheme(URI_PREFIX)
graph_uri = URIS.uri
graph_id_of = URIS.id_of


@dataclass(frozen=True, slots=True)
class FacebookLink:
    """What a facebook.com address names: a post (by the page and post ids) or a comment."""

    post_id: str  # a Graph id: `<page id>_<post id>`, or a photo/video object id
    comment_id: str = ""  # a Graph comment id: `<post object id>_<comment id>`
    page: str = ""  # the page's username or id as the address gave it


def parse_link(url: str) -> FacebookLink:
    """The Graph ids a facebook.com post or comment address names.

    Understands `/<page>/posts/<id>`, `/<page>/videos/<id>`, `/permalink.php?story_fbid=&id=`,
    `/story.php?…`, `/photo?fbid=`, and `?comment_id=` (with `reply_comment_id=`) on any of them.
    Addresses with only an opaque `pfbid…` id cannot be read through the API.
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or host not in FACEBOOK_HOSTS:
        raise errors.NotSupported(f"{url[:80]!r} is not the address of a Facebook post.")
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    segments = [segment for segment in parts.path.split("/") if segment]
    page = post = ""
    if segments[:1] in (["permalink.php"], ["story.php"]):
        page, post = query.get("id", ""), query.get("story_fbid", "")
    elif segments[:1] in (["photo"], ["photo.php"]):
        post = query.get("fbid", "")
    elif len(segments) >= 3 and segments[1] in ("posts", "videos", "photos"):
        page, post = segments[0], segments[-1]
    if not post.isdigit() or (page and not page.replace(".", "").isalnum()):
        raise errors.NotSupported(
            "This Facebook address does not name a post the API can read; copy the link from "
            "the post's time stamp instead."
        )
    post_id = f"{page}_{post}" if page and page.isdigit() else post
    comment = query.get("reply_comment_id") or query.get("comment_id") or ""
    if comment and not comment.isdigit():
        raise errors.NotSupported("This Facebook address names a comment the API cannot read.")
    return FacebookLink(
        post_id=post_id, comment_id=f"{post}_{comment}" if comment else "", page=page
    )


class FacebookAdapter(GraphClient, ActionsNotOffered):
    """One Facebook page, acting with the page access token its admin granted."""

    platform = "facebook"
    capabilities = frozenset(
        {Capability.HIDE_REPLY, Capability.DELETE_COMMENT, Capability.BAN_FROM_PAGE}
    )
    refusals = {
        "block": "A Facebook page cannot block a person's profile; ban them from the page instead.",
        "unblock": "A Facebook page bans rather than blocks; lift the ban instead.",
        "report": "Facebook offers no API for reporting to its moderators.",
    }
    service = "Facebook"
    credential_name = "page's access token"
    revoked_advice = "the page's admin must connect it again"

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._me: Account | None = None

    # -- accounts ------------------------------------------------------------------------------
    def _account(self, raw: dict[str, Any]) -> Account:
        return Account.from_user(self.platform, raw, fallback_handle=str(raw.get("name", "")))

    def me(self) -> Account:
        """The page the token belongs to (a page token's `/me` is the page)."""
        if self._me is None:
            self._me = self._account(
                self._request("GET", "/me", params={"fields": "id,name,username"})
            )
        return self._me

    def resolve_handle(self, handle: str) -> Account:
        """A page's username (or id) -> the page. People have no handle the API resolves."""
        name = handle.strip().lstrip("@")
        if not name.replace(".", "").isalnum():
            raise errors.NotFound(f"{handle!r} is not a Facebook page name.")
        return self._account(
            self._request("GET", f"/{name}", params={"fields": "id,name,username"})
        )

    def resolve_id(self, account_id: str) -> Account:
        if not account_id.isdigit():
            raise errors.NotFound(f"{account_id!r} is not a Facebook id.")
        return self._account(self._request("GET", f"/{account_id}", params={"fields": "id,name"}))

    # -- posts and comments --------------------------------------------------------------------
    def _post(self, raw: dict[str, Any]) -> Post:
        author = raw.get("from") or {}
        graph_id = str(raw.get("id", ""))
        return Post(
            platform=self.platform,
            uri=graph_uri(graph_id),
            url=str(raw.get("permalink_url") or f"https://www.facebook.com/{graph_id}"),
            author_id=str(author.get("id", "")),
            author_handle=str(author.get("name", "")),
            text=str(raw.get("message", "")),
            created_at=iso_datetime(raw.get("created_time")),
            raw=raw,
        )

    def get_post(self, uri: str) -> Post:
        """A post or comment by its Graph id (or our `facebook://` URI of it)."""
        graph_id = graph_id_of(uri)
        if not graph_id.replace("_", "").isdigit():
            raise errors.NotFound(f"{uri!r} is not a Facebook id.")
        # A comment's id is `<object id>_<comment id>` as a post's is `<page id>_<post id>`;
        # only a comment has a parent, and asking a post for one is an error.
        raw, _comment = self._comment_or_other(
            graph_id, comment_fields=COMMENT_FIELDS, other_fields=POST_FIELDS
        )
        return self._post(raw)

    def fetch(self, url: str) -> Post:
        link = parse_link(url)
        if link.comment_id:
            raw = self._request("GET", f"/{link.comment_id}", params={"fields": COMMENT_FIELDS})
            return self._post(raw)
        post_id = link.post_id
        if link.page and not link.page.isdigit():
            post_id = f"{self.resolve_handle(link.page).id}_{post_id}"
        return self._post(self._request("GET", f"/{post_id}", params={"fields": POST_FIELDS}))

    def mentions_page(
        self,
        *,
        cursor: str | None = None,
        limit: int = 50,
        max_posts: int = 25,
        max_pages: int = 100,
    ) -> Page:
        """Comments (and replies to comments) on the page's `max_posts` newest posts that are
        newer than `cursor`, oldest first. The cursor is the newest comment time seen with the
        ids seen at that time, so a restart neither repeats nor loses a comment.

        At most `max_pages` pages of a post's comments are read; when more new ones wait, the
        cursor resumes each such post where its read stopped (only those, till they are read).
        Without a cursor only the newest page of each post's comments is read (no backfill).
        """
        page = self.me()
        read = TimeCursorRead(cursor)
        found: list[Interaction] = []
        if read.resuming:
            post_ids = list(read.resuming)
        else:
            posts = self._pages(
                f"/{page.id}/feed",
                {"fields": "id,created_time,updated_time", "limit": str(min(max_posts, 100))},
                max_pages=100,
            )
            post_ids = [str(post["id"]) for _, post in zip(range(max_posts), posts, strict=False)]
        for post_id in post_ids:
            params = {
                "fields": COMMENT_FIELDS,
                "filter": "stream",
                "order": "reverse_chronological",
                "limit": str(limit),
            }

            def stopped(token: str, post_id: str = post_id) -> None:
                read.stopped(post_id, token, newest_first=True)

            comments = self._pages(
                f"/{post_id}/comments",
                params,
                max_pages=1 if read.fresh else max_pages,
                after=read.start(post_id),
                stopped=None if read.fresh else stopped,
            )
            for comment in comments:
                created = iso_datetime(comment.get("created_time"))
                stamp = int(created.timestamp()) if created else 0
                if read.since.stamp is not None and stamp < read.since.stamp:
                    break  # newest first: everything after this was read before
                if not read.wanted(post_id, stamp, str(comment.get("id"))):
                    continue
                if str((comment.get("from") or {}).get("id", "")) == page.id:
                    continue  # the page answering on its own posts
                found.append(Interaction(self._post(comment), page.id, Relation.REPLY))
        return read.page(found, id_of=graph_id_of)

    def stream_mentions(self, *, poll_seconds: float = 30.0) -> Iterator[Interaction]:
        """Polls the page's comments (the `feed` webhook is the push alternative)."""
        return poll_mentions(self.mentions_page, sleep=self._sleep, poll_seconds=poll_seconds)

    # -- acting --------------------------------------------------------------------------------
    def hide_reply(self, post_id: str, *, hidden: bool = True) -> None:
        """Hide a comment on the page: only its author and their friends still see it."""
        self._request(
            "POST", f"/{graph_id_of(post_id)}", data={"is_hidden": "true" if hidden else "false"}
        )

    def delete_comment(self, post_id: str) -> None:
        self._request("DELETE", f"/{graph_id_of(post_id)}")

    def ban_from_page(self, account_id: str, *, comment_id: str = "") -> None:
        """The account can no longer comment on, like or message the page (a page bans the
        account itself, so the comment that prompted it is not needed)."""
        answer = self._request("POST", f"/{self.me().id}/blocked", data={"user": account_id})
        if answer.get(account_id) is not True:
            raise errors.PermanentError("Facebook did not confirm the ban from the page.")

    def unban_from_page(self, account_id: str) -> None:
        self._request("DELETE", f"/{self.me().id}/blocked", params={"user": account_id})
