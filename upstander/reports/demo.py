"""Demo reports, made through the intake service (called by manage.py seed_demo).

The cases demo then opens cases on some of them at different stages; the last one is left
waiting in the triage queue.
"""

from __future__ import annotations

import struct
import zlib

from upstander.accounts.models import User
from upstander.reports.services import report_submit


def demo_png(width: int = 4, height: int = 3) -> bytes:
    """A tiny grey PNG standing in for a screenshot."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x80\x80\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def seed(people: dict[str, User]) -> None:
    report_submit(
        None,
        target_kind="representative",
        target_name="Cllr Priya Shah",
        platform="bluesky",
        what_happened=(
            "Since the housing vote, a group of accounts reply to every post by Cllr Shah "
            "calling her a traitor. One said they would 'wait for her after the surgery'."
        ),
        post_links=["https://bsky.app/profile/angryvoter99.bsky.social/post/3kdemo1"],
        offending_accounts=["@angryvoter99.bsky.social", "jobrennan.bsky.social"],
        urgent=True,
        contact_email="worried.neighbour@example.org",
        files=[("screenshot.png", demo_png())],
    )
    report_submit(
        people["member"],
        target_kind="myself",
        platform="x",
        what_happened="Someone keeps posting my home address under my posts about the campaign.",
        post_links=["https://x.com/doxxer_account/status/1111"],
        offending_accounts=["@doxxer_account"],
        text_evidence="Reply from @doxxer_account: 'we know you live at ...'",
    )
    report_submit(
        None,
        target_kind="member",
        platform="facebook",
        what_happened="Racist comments about a member of the Hillside branch on a local group.",
        source="web",
    )
    report_submit(
        people["councillor"],
        target_kind="myself",
        platform="in_person",
        what_happened="During the online branch meeting a participant made sexist remarks.",
        source="meeting:demo",
    )
    report_submit(
        None,
        target_kind="someone_else",
        platform="tiktok",
        what_happened="A video impersonating our candidate, asking people for money.",
        post_links=["https://www.tiktok.com/@fake_candidate/video/123"],
        offending_accounts=["fake_candidate"],
    )
