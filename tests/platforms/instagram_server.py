"""A local server that answers like the Instagram Graph API on the Facebook Graph host
(developers.facebook.com/docs/instagram-platform, "Instagram API with Facebook Login"), built on
the Graph API server's infrastructure (tokens, revoked tokens, rate limits with usage headers,
the `data`/`paging` envelope with base64 cursors, the error envelope):

- a Page's `instagram_business_account{id,username,name}` names its linked professional
  account; a user token's `/me/accounts` lists the person's pages; a personal account is never
  linked to a Page, and `business_discovery.username(...)` of one is error 110/2207013;
- IG users by id with `?fields=`, and their edges `/media` (newest first) and `/tags`;
- IG media with `comments_count`, and `/{media}/comments` (top-level comments, oldest first,
  each with `replies{...}` when asked); `/{comment}/replies`;
- writes: `POST /{comment}?hide=true|false`, `DELETE /{comment}`, both `{"success": true}`.

A test drives it through `InstagramAdapter` (plain HTTP), never through our own fakes.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from tests.platforms.graph_server import (
    NODE_FIELDS,
    PAGE_ID,
    GraphServer,
    _Handler,
    _project,
    _split_fields,
    serve,
    stopped_after,
)

IG_USER_ID = "17841400000000001"
IG_USERNAME = "cllr.priya"
IG_PAGE_TOKEN = "EAAGInstagramPageToken0123456789"  # the linked Page's token
IG_USER_TOKEN = "EAAGInstagramUserToken0123456789"  # its admin's user token
IG_ADMIN_ID = "104000000000077"

IG_NODE_FIELDS: dict[str, set[str]] = {
    **NODE_FIELDS,
    "page": NODE_FIELDS["page"] | {"instagram_business_account"},
    "ig_user": {"id", "username", "name", "biography", "followers_count", "media_count"},
    "ig_media": {
        "id",
        "caption",
        "timestamp",
        "permalink",
        "shortcode",
        "username",
        "media_type",
        "owner",
        "comments_count",
        "like_count",
    },
    "ig_comment": {
        "id",
        "text",
        "timestamp",
        "username",
        "from",
        "like_count",
        "hidden",
        "parent_id",
        "media",
        "replies",
    },
}


@dataclass
class InstagramServer(GraphServer):
    ig_users: dict[str, dict[str, Any]] = field(default_factory=dict)  # with "account_type"
    linked: dict[str, str] = field(default_factory=dict)  # page id -> IG professional account
    user_pages: dict[str, list[str]] = field(default_factory=dict)  # FB user -> their pages
    media: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> media ("_user")
    ig_comments: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> ("_media")
    tagged: set[tuple[str, str]] = field(default_factory=set)  # (IG user id, media id)

    # -- what a test sets up ---------------------------------------------------------------------
    def add_ig_account(
        self,
        username: str,
        *,
        account_type: str = "BUSINESS",
        page_id: str = "",
        ig_user_id: str = "",
    ) -> dict[str, Any]:
        """An Instagram account; a professional one linked to `page_id` when given."""
        account = {
            "id": ig_user_id or f"1784{self._id()}",
            "username": username,
            "name": username.replace(".", " ").title(),
            "account_type": account_type,
        }
        self.ig_users[account["id"]] = account
        if page_id:
            assert account_type != "PERSONAL", "a personal account cannot be linked to a Page"
            self.linked[page_id] = account["id"]
        return account

    def add_admin(self, name: str, *, pages: list[str], user_id: str = "", token: str = "") -> str:
        """A Facebook user who manages `pages`; returns their user access token."""
        user = {"id": user_id or self._id(), "name": name}
        self.users[user["id"]] = user
        self.user_pages[user["id"]] = list(pages)
        token = token or f"EAAG{secrets.token_hex(12)}"
        self.tokens[token] = user["id"]
        return token

    def add_media(
        self, account: dict[str, Any], caption: str, *, at: datetime | None = None
    ) -> dict[str, Any]:
        media_id = f"1790{self._id()}"
        shortcode = secrets.token_urlsafe(8)
        media = {
            "id": media_id,
            "caption": caption,
            "timestamp": self._tick(at),
            "permalink": f"https://www.instagram.com/p/{shortcode}/",
            "shortcode": shortcode,
            "username": account["username"],
            "media_type": "IMAGE",
            "owner": {"id": account["id"]},
            "like_count": 0,
            "_user": account["id"],
        }
        self.media[media_id] = media
        return media

    def add_ig_comment(
        self,
        media: dict[str, Any],
        author: dict[str, Any],
        text: str,
        *,
        parent: dict[str, Any] | None = None,
        at: datetime | None = None,
    ) -> dict[str, Any]:
        comment_id = f"1785{self._id()}"
        comment: dict[str, Any] = {
            "id": comment_id,
            "text": text,
            "timestamp": self._tick(at),
            "username": author["username"],
            "from": {"id": author["id"], "username": author["username"]},
            "like_count": 0,
            "hidden": False,
            "media": {"id": media["id"]},
            "_media": media["id"],
        }
        if parent is not None:
            comment["parent_id"] = parent["id"]
        self.ig_comments[comment_id] = comment
        return comment

    def tag(self, account: dict[str, Any], media: dict[str, Any]) -> None:
        self.tagged.add((account["id"], media["id"]))

    def delete(self, object_id: str) -> None:
        super().delete(object_id)
        self.media.pop(object_id, None)
        for comment_id in [
            c["id"]
            for c in self.ig_comments.values()
            if object_id in (c["id"], c.get("parent_id"), c["_media"])
        ]:
            self.ig_comments.pop(comment_id, None)

    # -- who may read what -----------------------------------------------------------------------
    def reaches(self, owner: str, ig_user_id: str) -> bool:
        """Whether a token's page (or user, through their pages) reaches this IG account."""
        pages = self.user_pages.get(owner, [owner])
        return any(self.linked.get(page) == ig_user_id for page in pages)

    def page_view(self, page_id: str) -> dict[str, Any]:
        page = dict(self.pages[page_id])
        linked = self.linked.get(page_id)
        if linked:
            account = self.ig_users[linked]
            page["instagram_business_account"] = {
                key: account[key] for key in ("id", "username", "name")
            }
        return page


class _InstagramHandler(_Handler):
    node_fields = IG_NODE_FIELDS

    @property
    def state(self) -> InstagramServer:
        return cast(InstagramServer, self.server.state)

    def _projected(
        self, node: dict[str, Any], kind: str, spec: str, headers: dict[str, str]
    ) -> None:
        projected = _project(node, kind, spec, self.node_fields)
        if isinstance(projected, str):
            return self._error(
                400,
                100,
                f"(#100) Tried accessing nonexisting field ({projected}) on node type ({kind})",
            )
        return self._json(200, projected, headers)

    def _media_view(self, media: dict[str, Any]) -> dict[str, Any]:
        count = sum(1 for c in self.state.ig_comments.values() if c["_media"] == media["id"])
        return {**media, "comments_count": count}

    def _comment_view(self, comment: dict[str, Any], spec: str) -> dict[str, Any]:
        """The comment with its `replies` edge projected as `spec` asks (oldest first)."""
        inner = _split_fields(spec).get("replies") if spec else None
        if inner is None:
            return comment
        replies = sorted(
            (c for c in self.state.ig_comments.values() if c.get("parent_id") == comment["id"]),
            key=lambda c: (c["timestamp"], c["id"]),
        )
        data = [_project(reply, "ig_comment", inner, self.node_fields) for reply in replies]
        return {**comment, "replies": {"data": [d for d in data if isinstance(d, dict)]}}

    def _answer(
        self, method: str, segments: list[str], params: dict[str, str], page_id: str
    ) -> None:
        state = self.state
        owner = page_id  # the token's page, or the person for a user token
        usage = self._usage(owner)
        node_id = owner if segments[:1] == ["me"] else (segments[0] if segments else "")
        edge = segments[1] if len(segments) > 1 else ""
        spec = params.get("fields", "")
        if node_id in state.user_pages and edge == "accounts" and method == "GET":
            pages = [state.page_view(p) for p in state.user_pages[node_id]]
            return self._edge(pages, "page", params, f"{node_id}/accounts", usage)
        if node_id in state.pages and not edge and method == "GET":
            return self._projected(state.page_view(node_id), "page", spec, usage)
        if node_id in state.ig_users:
            if not state.reaches(owner, node_id):
                return self._missing(node_id)
            return self._ig_user(method, node_id, edge, params, usage)
        if node_id in state.media:
            media = state.media[node_id]
            if not state.reaches(owner, media["_user"]) and not any(
                state.reaches(owner, user) for user, m in state.tagged if m == node_id
            ):
                return self._missing(node_id)
            if edge == "comments" and method == "GET":
                items = [
                    self._comment_view(c, spec)
                    for c in state.ig_comments.values()
                    if c["_media"] == node_id and "parent_id" not in c
                ]
                items.sort(key=lambda c: (c["timestamp"], c["id"]))
                return self._edge(items, "ig_comment", params, f"{node_id}/comments", usage)
            if not edge and method == "GET":
                return self._projected(self._media_view(media), "ig_media", spec, usage)
            return self._error(400, 100, "(#100) Unsupported request.")
        if node_id in state.ig_comments:
            comment = state.ig_comments[node_id]
            if not state.reaches(owner, state.media[comment["_media"]]["_user"]):
                return self._missing(node_id)
            if edge == "replies" and method == "GET":
                items = [c for c in state.ig_comments.values() if c.get("parent_id") == node_id]
                items.sort(key=lambda c: (c["timestamp"], c["id"]))
                return self._edge(items, "ig_comment", params, f"{node_id}/replies", usage)
            if edge:
                return self._error(400, 100, f"(#100) Unknown edge {edge} on this node.")
            if method == "GET":
                return self._projected(self._comment_view(comment, spec), "ig_comment", spec, usage)
            if method == "POST" and params.get("hide") in ("true", "false"):
                comment["hidden"] = params["hide"] == "true"
                return self._json(200, {"success": True}, usage)
            if method == "DELETE":
                state.delete(node_id)
                return self._json(200, {"success": True}, usage)
            return self._error(400, 100, "(#100) Unsupported request.")
        return super()._answer(method, segments, params, page_id)

    def _ig_user(
        self, method: str, user_id: str, edge: str, params: dict[str, str], usage: dict[str, str]
    ) -> None:
        state = self.state
        if method != "GET":
            return self._error(400, 100, "(#100) Unsupported request.")
        if edge in ("media", "tags"):
            if edge == "media":
                items = [m for m in state.media.values() if m["_user"] == user_id]
            else:
                items = [state.media[m] for u, m in state.tagged if u == user_id]
            items = [self._media_view(m) for m in items]
            items.sort(key=lambda m: (m["timestamp"], m["id"]), reverse=True)
            return self._edge(items, "ig_media", params, f"{user_id}/{edge}", usage)
        if edge:
            return self._error(400, 100, f"(#100) Unknown edge {edge} on this node.")
        wanted = _split_fields(params.get("fields", ""))
        answer: dict[str, Any] = {"id": user_id}
        plain: list[str] = []
        for name, inner in wanted.items():
            if name.startswith("business_discovery.username("):
                username = name.removeprefix("business_discovery.username(").rstrip(")")
                found = self._discovered(username, inner)
                if found is None:
                    return self._error(
                        400,
                        110,
                        "Invalid user id",
                        kind="OAuthException",
                        subcode=2207013,
                    )
                answer["business_discovery"] = found
            else:
                plain.append(f"{name}{{{inner}}}" if inner else name)
        if plain:
            projected = _project(
                state.ig_users[user_id], "ig_user", ",".join(plain), IG_NODE_FIELDS
            )
            if isinstance(projected, str):
                return self._error(
                    400, 100, f"(#100) Tried accessing nonexisting field ({projected})"
                )
            answer.update(projected)
        return self._json(200, answer, usage)

    def _discovered(self, username: str, spec: str) -> dict[str, Any] | None:
        """What `business_discovery` shows of a professional account: its fields and media."""
        state = self.state
        account = next(
            (
                a
                for a in state.ig_users.values()
                if a["username"] == username and a["account_type"] != "PERSONAL"
            ),
            None,
        )
        if account is None:
            return None
        fields = _split_fields(spec)
        answer: dict[str, Any] = {"id": account["id"]}
        for name, inner in fields.items():
            if name.split(".")[0] == "media":
                media = sorted(
                    (m for m in state.media.values() if m["_user"] == account["id"]),
                    key=lambda m: (m["timestamp"], m["id"]),
                    reverse=True,
                )
                data = [
                    _project(self._media_view(m), "ig_media", inner, IG_NODE_FIELDS) for m in media
                ]
                answer["media"] = {"data": [d for d in data if isinstance(d, dict)]}
            elif name in account and name != "account_type":
                answer[name] = account[name]
        return answer


def start() -> tuple[InstagramServer, Any]:
    state = InstagramServer()
    state.add_page("Cllr Priya Patel", page_id=PAGE_ID, token=IG_PAGE_TOKEN)
    state.add_ig_account(IG_USERNAME, ig_user_id=IG_USER_ID, page_id=PAGE_ID)
    state.add_admin("Priya Patel", pages=[PAGE_ID], user_id=IG_ADMIN_ID, token=IG_USER_TOKEN)
    return state, serve(state, _InstagramHandler)


@contextmanager
def running() -> Iterator[InstagramServer]:
    """A server for one test: its state (`url`, `api_url`), stopped afterwards. The Page
    `PAGE_ID` (token `IG_PAGE_TOKEN`) is linked to the professional account `IG_USER_ID`
    (`IG_USERNAME`); `IG_USER_TOKEN` is its admin's user token."""
    state, server = start()
    with stopped_after(server):
        yield state
