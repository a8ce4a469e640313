"""What else ends when a role ends.

Apps above accounts (discipline's seats, for one) hold access that a role backs. They register
a handler here in their AppConfig.ready(); `role_revoke` calls every handler inside its own
transaction, so the role and everything it opened end together or not at all. Accounts never
imports those apps (the layers contract in pyproject.toml).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from upstander.core.hooks import Hook

if TYPE_CHECKING:
    from upstander.accounts.models import Role, User

# handler(actor, user=..., role=...); actor None is the system itself. Its result is ignored.
RevocationHandler = Callable[..., object]

_revoked = Hook()


def on_role_revoked(handler: RevocationHandler) -> RevocationHandler:
    return _revoked.register(handler)


def role_revoked(actor: User | None, *, user: User, role: Role) -> None:
    _revoked.call(actor, user=user, role=role)
