"""A database of its own for tests that run the monitor as separate processes (kill -9).

On SQLite a file under the test's tmp dir; on PostgreSQL a fresh database beside the test one.
`python -m tests.monitoring.subprocess_db seed|report` runs inside such a database.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
WATCHED = ["did:plc:priyawatched000000000000", "did:plc:samwatched00000000000000"]


class ProcessDatabase:
    def __init__(
        self, tmp_path: Path, *, suffix: str = "procs", template: ProcessDatabase | None = None
    ) -> None:
        """A new, empty database; or a copy of `template` (migrated and seeded once)."""
        self.tmp_path = tmp_path
        self.processes: list[subprocess.Popen[bytes]] = []
        self.extra_env: dict[str, str] = {}  # e.g. the local platform servers' addresses
        self.var_dir: Path = template.var_dir if template else tmp_path / "var"
        db = settings.DATABASES["default"]
        self.vendor = "postgresql" if "postgresql" in db["ENGINE"] else "sqlite"
        if self.vendor == "sqlite":
            self.sqlite_path = tmp_path / f"monitor-{suffix}.sqlite3"
            self.url = f"sqlite:///{self.sqlite_path}"
            if template is not None:
                shutil.copyfile(template.sqlite_path, self.sqlite_path)
        else:
            self.pg = {
                "host": db["HOST"] or "127.0.0.1",
                "port": db["PORT"] or 5432,
                "user": db["USER"],
                "password": db["PASSWORD"],
            }
            self.name = f"{db['NAME']}_{suffix}"[:60]
            auth = self.pg["user"] + (f":{self.pg['password']}" if self.pg["password"] else "")
            self.url = f"postgres://{auth}@{self.pg['host']}:{self.pg['port']}/{self.name}"
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            copy = f' TEMPLATE "{template.name}"' if template is not None else ""
            self._admin(f'CREATE DATABASE "{self.name}"{copy}')

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(dbname="postgres", autocommit=True, **self.pg) as connection:
            connection.execute(sql)

    def drop(self) -> None:
        for process in self.processes:  # a failed test must not leave monitors running
            if process.poll() is None:
                process.kill()
                process.wait(timeout=10)
        if self.vendor == "postgresql":
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            DATABASE_URL=self.url,
            UPSTANDER_VAR_DIR=str(self.var_dir),
            DJANGO_SETTINGS_MODULE="upstander.settings",
            PYTHONPATH=str(ROOT),
        )
        env.update(self.extra_env)
        return env

    def manage(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *args],
            env=self.env(),
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        )

    def monitor(self, *args: str) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), "monitor", *args],
            env=self.env(),
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self.processes.append(process)
        return process

    def helper(self, command: str, *args: str) -> Any:
        done = subprocess.run(
            [sys.executable, "-m", "tests.monitoring.subprocess_db", command, *args],
            env=self.env(),
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        )
        return json.loads(done.stdout.strip().splitlines()[-1])

    def cursor(self) -> int:
        """The checkpointed cursor, read straight from the database (cheap enough to poll)."""
        rows = self._select("SELECT cursor FROM monitoring_monitorsource")
        return max((int(row[0] or 0) for row in rows), default=0)

    def events_seen(self) -> int:
        rows = self._select("SELECT events_seen FROM monitoring_monitorsource")
        return sum(int(row[0] or 0) for row in rows)

    def lease_owner(self) -> str:
        rows = self._select("SELECT lease_owner FROM monitoring_monitorsource")
        return str(rows[0][0]) if rows else ""

    def _select(self, sql: str) -> list[Any]:
        if self.vendor == "sqlite":
            with sqlite3.connect(self.sqlite_path, timeout=20) as connection:
                rows = connection.execute(sql).fetchall()
        else:
            import psycopg

            with psycopg.connect(dbname=self.name, **self.pg) as connection:
                rows = connection.execute(sql).fetchall()
        return list(rows)


def _seed() -> dict[str, Any]:
    from upstander.accounts.models import Platform, Role
    from upstander.accounts.services import role_grant, user_create
    from upstander.monitoring.services import watched_account_connect

    for n, did in enumerate(WATCHED):
        person = user_create(None, email=f"p{n}@example.org", password=None)
        role_grant(None, user=person, role=Role.PROTECTED_PERSON)
        watched_account_connect(
            None,
            person=person,
            platform=Platform.BLUESKY,
            handle=f"p{n}.test",
            stable_id=did,
            consent_statement="yes",
        )
    return {"seeded": len(WATCHED)}


def _watch(platform: str, stable_id: str, handle: str, token: str) -> dict[str, Any]:
    """A protected person whose page or channel is watched with its access token."""
    from upstander.accounts.models import Platform, Role
    from upstander.accounts.services import role_grant, user_create
    from upstander.monitoring.services import watched_account_connect

    person = user_create(None, email=f"{platform}@example.org", password=None)
    role_grant(None, user=person, role=Role.PROTECTED_PERSON)
    account = watched_account_connect(
        None,
        person=person,
        platform=Platform(platform),
        handle=handle,
        stable_id=stable_id,
        consent_statement="yes",
        credential=token,
    )
    return {"account": account.pk}


def _report() -> dict[str, Any]:
    from django.db.models import Count

    from upstander.monitoring.models import MonitoredPost, MonitorSource, ReviewItem

    source = MonitorSource.objects.get()
    return {
        "uris": sorted(MonitoredPost.objects.values_list("uri", flat=True)),
        "rows": MonitoredPost.objects.count(),
        "items": sorted(ReviewItem.objects.values_list("post__uri", "person__email")),
        "duplicate_uris": list(
            MonitoredPost.objects.values("uri")
            .annotate(n=Count("id"))
            .filter(n__gt=1)
            .values_list("uri", flat=True)
        ),
        "events_seen": source.events_seen,
        "events_malformed": source.events_malformed,
        "posts_stored": source.posts_stored,
        "cursor": source.cursor,
        "lease_owner": source.lease_owner,
    }


if __name__ == "__main__":
    import django

    django.setup()
    commands: dict[str, Any] = {"seed": _seed, "report": _report, "watch": _watch}
    print(json.dumps(commands[sys.argv[1]](*sys.argv[2:])))
