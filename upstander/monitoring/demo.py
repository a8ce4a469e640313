"""Demo data: the councillor's watched accounts, her case worker, and a replayed story.

The story (demo_story.jsonl, Jetstream's format) goes through the same monitor code as
production, synchronously, so the review queue is full when the server starts.
"""

from __future__ import annotations

from pathlib import Path

from upstander.accounts.models import Platform, User
from upstander.monitoring.pipeline import Monitor
from upstander.monitoring.services import delegate_assign, watched_account_connect
from upstander.platforms.replay import ReplaySource

STORY = Path(__file__).with_name("demo_story.jsonl")
COUNCILLOR_DID = "did:plc:d3m0pr1ya5hah0c0unc1110r"
CONSENT = (
    "I agree that the party's case workers watch replies and mentions of this account on my "
    "behalf, and may act on abuse as we agree."
)


def seed(people: dict[str, User]) -> None:
    from upstander.classify import load_scorer

    councillor = people["councillor"]
    watched_account_connect(
        councillor,
        person=councillor,
        platform=Platform.BLUESKY,
        handle="priyashah.bsky.social",
        stable_id=COUNCILLOR_DID,
        consent_statement=CONSENT,
    )
    watched_account_connect(
        councillor,
        person=councillor,
        platform=Platform.MASTODON,
        handle="priya@mastodon.social",
        stable_id="https://mastodon.social/users/priya",
        instance_url="https://mastodon.social",
        consent_statement=CONSENT,
    )
    delegate_assign(people["lead"], person=councillor, delegate=people["caseworker"])
    replay = ReplaySource(STORY)
    Monitor(scorer=load_scorer("builtin"), owner="seed_demo").run_stream(replay.name, replay.lines)
