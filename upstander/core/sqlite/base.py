"""Django's SQLite backend, but a new database file is created 0600 in a 0700 directory.

SQLite gives its -wal and -shm files the database file's permissions, so they follow. Creating
the file ourselves, before SQLite does, avoids changing the process-wide umask.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        name = str(conn_params.get("database", ""))
        if name and not self.is_in_memory_db() and not name.startswith("file:"):
            path = Path(name)
            if not path.exists():
                path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        return super().get_new_connection(conn_params)
