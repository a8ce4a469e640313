"""Turning reviewed posts into evidence and cases (through the evidence and cases services)."""

from __future__ import annotations

from collections import defaultdict

from upstander.accounts.models import User
from upstander.cases.services import case_open_from_review
from upstander.evidence.services import evidence_capture_post
from upstander.monitoring.models import ReviewItem


def _open_cases(actor: User | None, *, items: list[ReviewItem], summary: str) -> dict[int, int]:
    """One case per protected person; returns item id -> case id. Runs inside the caller's
    transaction, so a refusal anywhere opens no case at all."""
    by_person: dict[int, list[ReviewItem]] = defaultdict(list)
    for item in items:
        by_person[item.person_id].append(item)
    case_of: dict[int, int] = {}
    for group in by_person.values():
        evidence = [
            evidence_capture_post(
                actor,
                platform=item.post.platform,
                uri=item.post.uri,
                url=item.post.url,
                author_handle=item.post.author_handle,
                author_id=item.post.author_id,
                text=item.post.text,
                posted_at=item.post.posted_at,
                raw=item.post.raw,
            )
            for item in group
        ]
        accounts = list(dict.fromkeys((item.post.platform, item.post.author_id) for item in group))
        case = case_open_from_review(
            actor,
            protected_person=group[0].person,
            evidence=evidence,
            summary=summary,
            offending_accounts=accounts,
        )
        for item in group:
            case_of[item.id] = case.pk
    return case_of
