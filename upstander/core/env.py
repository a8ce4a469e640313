"""Typed readers for configuration that comes from the environment (with safe defaults).

Every reader honours `NAME_FILE`: a path to a file holding the value (Docker and systemd
secrets), which wins over `NAME`, so no secret need sit in the process environment.
"""

from __future__ import annotations

import base64
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Hosts that mean "a laptop": anything else is production, where secrets must be given.
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


def _raw(name: str) -> str | None:
    """The value of `NAME_FILE`'s file, else of `NAME`, else None."""
    file_path = os.environ.get(f"{name}_FILE", "").strip()
    if file_path:
        try:
            return Path(file_path).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise ImproperlyConfigured(
                f"{name}_FILE points to {file_path!r}, which cannot be read: {error.strerror}."
            ) from error
    return os.environ.get(name)


def env_given(name: str) -> bool:
    """Whether `NAME` or `NAME_FILE` gives a non-empty value."""
    raw = _raw(name)
    return raw is not None and raw.strip() != ""


def env_str(name: str, default: str = "") -> str:
    """A string setting; `NAME_FILE` (a path to a secret file) wins over `NAME`."""
    raw = _raw(name)
    return default if raw is None else raw


def env_bool(name: str, default: bool = False) -> bool:
    raw = _raw(name)
    if raw is None or raw.strip() == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    raw = _raw(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise ValueError(f"Environment variable {name} must be an integer, got {raw!r}") from error


def env_list(name: str, default: list[str]) -> list[str]:
    raw = _raw(name)
    if raw is None or raw.strip() == "":
        return default
    # Commas or newlines: a key file may hold one key a line.
    return [part.strip() for part in raw.replace("\n", ",").split(",") if part.strip()]


# Tunables read when used (time limits, retries, sizes): one order everywhere. A Django setting
# of that name wins (a settings file, a test's override), then the environment (NAME_FILE, NAME),
# then the default; read each time, so a test or an operator's change needs no restart.


def setting_str(name: str, default: str = "") -> str:
    value = getattr(settings, name, None)
    return str(value) if value is not None else env_str(name, default)


def setting_int(name: str, default: int) -> int:
    value = getattr(settings, name, None)
    return int(value) if value is not None else env_int(name, default)


def setting_bool(name: str, default: bool = False) -> bool:
    value = getattr(settings, name, None)
    return bool(value) if value is not None else env_bool(name, default)


def setting_list(name: str, default: list[str]) -> list[object]:
    value = getattr(settings, name, None)
    return list(value) if value is not None else list(env_list(name, default))


def is_production(site_url: str) -> bool:
    """A site served anywhere but this machine is production."""
    host = urlsplit(site_url).hostname or ""
    return host not in LOCAL_HOSTS


def require_secrets(names: list[str]) -> None:
    """Refuse to start (ImproperlyConfigured) unless every secret in `names` is given."""
    missing = [name for name in names if not env_given(name)]
    if missing:
        listed = ", ".join(missing)
        raise ImproperlyConfigured(
            f"Refusing to start in production (SITE_URL is not localhost) without {listed}: "
            f"set {' or '.join(f'{n} or {n}_FILE' for n in missing)}. Secrets are generated "
            "under var/ only for a local demo."
        )


def private_dir(path: Path) -> Path:
    """Create `path` (and parents) readable by this user alone (0700)."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def secret_from_file_or_new(name: str, path: Path, *, fernet: bool = False) -> str:
    """Read a secret from the environment, else from `path`, else generate it into `path`.

    The generated file lives under `var/`, which git ignores, so no secret is ever committed.
    It is created 0600 from the first byte (never world-readable, not even for a moment).
    """
    explicit = env_str(name)
    if explicit:
        return explicit
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    private_dir(path.parent)
    # A Fernet key is 32 random bytes, url-safe base64 encoded (44 characters).
    value = (
        base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
        if fernet
        else (secrets.token_urlsafe(50))
    )
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        # Another process generated it first: use theirs, so both agree.
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(value)
    return value
