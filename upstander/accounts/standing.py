"""What holds a member's standing besides the party's register.

A disciplinary sanction (discipline sits above accounts) suspends or expels a member, while the
register the party imports as CSV knows nothing of it. Discipline registers a question here in
its AppConfig.ready(): which of these members does a sanction in force hold? The import never
moves such a member to a milder standing, which would lift the sanction by the back door; a
sanction is lifted through its proceeding. Accounts never imports discipline (the layers
contract in pyproject.toml).
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from upstander.accounts.models import MembershipStatus
from upstander.core.hooks import Hook

# handler(member_ids) -> the ids, among them, whose standing a sanction in force holds.
StandingHolder = Callable[[Collection[int]], set[int]]

# How far a standing keeps a member out; anything else (active, lapsed) is 0.
SEVERITY: dict[str, int] = {MembershipStatus.SUSPENDED: 1, MembershipStatus.EXPELLED: 2}

_holders = Hook()


def on_standing_held(handler: StandingHolder) -> StandingHolder:
    return _holders.register(handler)


def members_held(member_ids: Collection[int]) -> set[int]:
    """The members, among these, whom a sanction in force keeps suspended or expelled."""
    held: set[int] = set()
    if not member_ids:
        return held
    for answer in _holders.ask(member_ids):
        if isinstance(answer, set):
            held |= answer
    return held


def milder(status: str, than: str) -> bool:
    return SEVERITY.get(status, 0) < SEVERITY.get(than, 0)


def standing_kept_words(count: int) -> str:
    """What an import tells the administrator of the members it kept suspended or expelled."""
    who = "member was" if count == 1 else "members were"
    return (
        f"{count} {who} kept suspended or expelled although the register says otherwise: a "
        "disciplinary sanction in force holds them. It is lifted through its proceeding "
        "(on appeal, or when a suspension ends), not by the register."
    )
