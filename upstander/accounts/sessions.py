"""Database sessions, read with a prepared query (SESSION_ENGINE).

Every signed-in request reads its session first; Django compiles that one-row lookup to SQL on
each request, which cost as much as running it. Writing, expiry and clearing stay Django's own.
"""

from __future__ import annotations

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from upstander.core.prepared import PreparedQuery

_session_by_key = PreparedQuery(lambda key: Session.objects.filter(session_key=str(key)))


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self) -> Session | None:
        found = _session_by_key(self.session_key) if self.session_key else []
        # The expiry is checked here rather than in SQL, so the statement never changes.
        if found and found[0].expire_date > timezone.now():
            return found[0]
        self._session_key = None
        return None
