"""Database sessions that store only a hash of each session key (SESSION_ENGINE).

The cookie holds the key; the row holds its SHA-256. Someone who reads the database (a dump,
a backup, a read-only role) finds no key to put in a cookie. The key is 32 random characters
from Django, so a plain hash without salt cannot be reversed by guessing.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.exceptions import SuspiciousOperation
from django.utils import timezone

from upstander.accounts.models import HashedSession


def key_hash(session_key: str) -> str:
    return hashlib.sha256(session_key.encode()).hexdigest()


class SessionStore(DatabaseSessionStore):
    @classmethod
    def get_model_class(cls) -> type[HashedSession]:
        return HashedSession

    def _get_session_from_db(self) -> HashedSession | None:
        if self.session_key is not None:
            try:
                return HashedSession.objects.get(
                    session_key=key_hash(self.session_key), expire_date__gt=timezone.now()
                )
            except HashedSession.DoesNotExist:
                pass
            except SuspiciousOperation as e:
                logging.getLogger(f"django.security.{e.__class__.__name__}").warning(str(e))
        self._session_key = None
        return None

    async def _aget_session_from_db(self) -> HashedSession | None:
        if self.session_key is not None:
            try:
                return await HashedSession.objects.aget(
                    session_key=key_hash(self.session_key), expire_date__gt=timezone.now()
                )
            except HashedSession.DoesNotExist:
                pass
        self._session_key = None
        return None

    def exists(self, session_key: str | None) -> bool:
        if session_key is None:
            return False
        return HashedSession.objects.filter(session_key=key_hash(session_key)).exists()

    async def aexists(self, session_key: str | None) -> bool:
        if session_key is None:
            return False
        return await HashedSession.objects.filter(session_key=key_hash(session_key)).aexists()

    def create_model_instance(self, data: dict[str, Any]) -> HashedSession:
        return HashedSession(
            session_key=key_hash(self._get_or_create_session_key()),  # type: ignore[attr-defined]
            session_data=self.encode(data),
            expire_date=self.get_expiry_date(),
        )

    async def acreate_model_instance(self, data: dict[str, Any]) -> HashedSession:
        return HashedSession(
            session_key=key_hash(await self._aget_or_create_session_key()),  # type: ignore[attr-defined]
            session_data=self.encode(data),
            expire_date=await self.aget_expiry_date(),
        )

    def delete(self, session_key: str | None = None) -> None:
        session_key = session_key if session_key is not None else self.session_key
        if session_key is not None:
            HashedSession.objects.filter(session_key=key_hash(session_key)).delete()

    async def adelete(self, session_key: str | None = None) -> None:
        session_key = session_key if session_key is not None else self.session_key
        if session_key is not None:
            await HashedSession.objects.filter(session_key=key_hash(session_key)).adelete()
