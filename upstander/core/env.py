"""Typed readers for configuration that comes from the environment (with safe defaults)."""

from __future__ import annotations

import base64
import os
import secrets
from pathlib import Path


def env_str(name: str, default: str = "") -> str:
    """A string setting; `NAME_FILE` (a path to a secret file) wins over `NAME`."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise ValueError(f"Environment variable {name} must be an integer, got {raw!r}") from error


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


def secret_from_file_or_new(name: str, path: Path, *, fernet: bool = False) -> str:
    """Read a secret from the environment, else from `path`, else generate it into `path`.

    The generated file lives under `var/`, which git ignores, so no secret is ever committed.
    """
    explicit = env_str(name)
    if explicit:
        return explicit
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    # A Fernet key is 32 random bytes, url-safe base64 encoded (44 characters).
    value = (
        base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
        if fernet
        else (secrets.token_urlsafe(50))
    )
    path.write_text(value, encoding="utf-8")
    path.chmod(0o600)
    return value
