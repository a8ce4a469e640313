"""Settings come from the environment; production variables pass Django's deployment checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FERNET_KEY = "x" * 43 + "="  # 32 bytes, url-safe base64: a valid (if silly) Fernet key


def run_manage(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key.removesuffix("_FILE")
        not in {
            "DATABASE_URL",
            "SECRET_KEY",
            "DEBUG",
            "SITE_URL",
            "ALLOWED_HOSTS",
            "FIELD_ENCRYPTION_KEYS",
            "FIELD_ENCRYPTION_KEY",
            "AUDIT_SIGNING_KEY",
        }
    }
    environment.update({"UPSTANDER_VAR_DIR": str(tmp_path / "var"), **env})
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,  # a cold migrate on a busy 2-core machine can take minutes
        check=False,
    )


@pytest.mark.slow
def test_check_deploy_passes_with_production_variables(tmp_path: Path) -> None:
    result = run_manage(
        tmp_path,
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="a-long-random-production-secret-" + "k" * 40,
        FIELD_ENCRYPTION_KEYS=FERNET_KEY,
        AUDIT_SIGNING_KEY="a-long-random-audit-signing-key-" + "a" * 40,
        SITE_URL="https://upstander.example.org",
        ALLOWED_HOSTS="upstander.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_secret_key_is_generated_once_under_var_and_reused(tmp_path: Path) -> None:
    first = run_manage(tmp_path, "check")
    assert first.returncode == 0, first.stderr
    key_file = tmp_path / "var" / "secret_key"
    key = key_file.read_text()
    assert len(key) >= 50
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    run_manage(tmp_path, "check")
    assert key_file.read_text() == key


def test_the_default_database_is_sqlite_in_wal_mode_under_var(tmp_path: Path) -> None:
    # The first command that opens the database creates it: `migrate --plan` reads the
    # migration table and stops (a whole migrate into such a file runs in monitoring's fault
    # tests).
    result = run_manage(tmp_path, "migrate", "--plan")
    assert result.returncode == 0, result.stderr
    import sqlite3

    database = tmp_path / "var" / "upstander.sqlite3"
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    # Only its owner may read the database, or the directory it and the keys live in.
    assert oct(database.stat().st_mode & 0o777) == "0o600"
    assert oct(database.parent.stat().st_mode & 0o777) == "0o700"
    assert oct((tmp_path / "var" / "field_encryption_key").stat().st_mode & 0o777) == "0o600"


def test_production_refuses_to_start_without_its_secrets(tmp_path: Path) -> None:
    result = run_manage(
        tmp_path,
        "check",
        SITE_URL="https://upstander.example.org",
        ALLOWED_HOSTS="upstander.example.org",
        SECRET_KEY="a-long-random-production-secret-" + "k" * 40,
    )
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS" in result.stderr
    # The audit log's signing key lives outside the database: production must be given it too.
    assert "AUDIT_SIGNING_KEY" in result.stderr
    # Nothing was invented in its place.
    assert not (tmp_path / "var" / "field_encryption_key").exists()
    assert not (tmp_path / "var" / "audit_signing_key").exists()


def test_field_encryption_keys_file_is_used_and_no_key_is_generated(tmp_path: Path) -> None:
    keys = tmp_path / "keys"
    keys.write_text(FERNET_KEY + "\n")
    result = run_manage(
        tmp_path,
        "shell",
        "-c",
        "from django.conf import settings; print(settings.FIELD_ENCRYPTION_KEYS)",
        FIELD_ENCRYPTION_KEYS_FILE=str(keys),
    )
    assert result.returncode == 0, result.stderr
    assert FERNET_KEY in result.stdout
    assert not (tmp_path / "var" / "field_encryption_key").exists()
