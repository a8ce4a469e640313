"""The audit signing key lives outside the database: from the environment, a file, or (for
development) a file generated under var/ that only its owner can read."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # each starts manage.py in a fresh process

ROOT = Path(__file__).resolve().parents[2]
PRINT_KEYS = (
    "from django.conf import settings; "
    "print(settings.AUDIT_SIGNING_KEY); print(','.join(settings.AUDIT_SIGNING_KEYS_OLD))"
)


def settings_keys(tmp_path: Path, **env: str) -> list[str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("AUDIT_SIGNING_KEY") and key != "DATABASE_URL"
    }
    environment.update({"UPSTANDER_VAR_DIR": str(tmp_path / "var"), **env})
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", PRINT_KEYS],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout.splitlines()[-2:]


def test_the_signing_key_is_read_from_a_file_and_old_keys_from_the_environment(
    tmp_path: Path,
) -> None:
    key_file = tmp_path / "audit_key"
    key_file.write_text("key-from-a-secret-file\n")
    assert settings_keys(
        tmp_path, AUDIT_SIGNING_KEY_FILE=str(key_file), AUDIT_SIGNING_KEYS_OLD="old1,old2"
    ) == ["key-from-a-secret-file", "old1,old2"]


def test_a_development_signing_key_is_generated_once_and_kept_private(tmp_path: Path) -> None:
    first = settings_keys(tmp_path)
    generated = tmp_path / "var" / "audit_signing_key"
    assert first[0] == generated.read_text() and len(first[0]) >= 40
    assert generated.stat().st_mode & 0o777 == 0o600
    assert settings_keys(tmp_path)[0] == first[0]
