"""Every secret may come from a file (NAME_FILE); production refuses to start without them;
what is generated for a local demo is readable by its owner alone."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from upstander.core.env import (
    env_bool,
    env_int,
    env_list,
    env_str,
    is_production,
    require_secrets,
    secret_from_file_or_new,
)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_file_named_by_name_file_wins_for_every_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    values = {"A_STR": "from file\n", "A_LIST": "key1\nkey2\n", "A_BOOL": "on", "A_INT": "42"}
    for name, content in values.items():
        (tmp_path / name).write_text(content)
        monkeypatch.setenv(f"{name}_FILE", str(tmp_path / name))
        monkeypatch.setenv(name, "from the environment")
    assert env_str("A_STR") == "from file"
    assert env_list("A_LIST", []) == ["key1", "key2"]
    assert env_bool("A_BOOL") is True
    assert env_int("A_INT", 0) == 42


def test_a_missing_secret_file_is_an_error_naming_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOME_KEY_FILE", str(tmp_path / "absent"))
    with pytest.raises(ImproperlyConfigured, match="SOME_KEY_FILE"):
        env_str("SOME_KEY")


def test_a_secret_given_by_file_is_used_and_nothing_is_generated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "given").write_text("the-given-key\n")
    monkeypatch.setenv("FIELD_ENCRYPTION_KEY_FILE", str(tmp_path / "given"))
    generated = tmp_path / "var" / "field_encryption_key"
    assert secret_from_file_or_new("FIELD_ENCRYPTION_KEY", generated, fernet=True) == (
        "the-given-key"
    )
    assert not generated.exists()


def test_generated_secrets_are_0600_in_a_0700_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("A_SECRET", raising=False)
    monkeypatch.delenv("A_SECRET_FILE", raising=False)
    path = tmp_path / "var" / "a_secret"
    value = secret_from_file_or_new("A_SECRET", path)
    assert _mode(path) == 0o600
    assert _mode(path.parent) == 0o700
    assert secret_from_file_or_new("A_SECRET", path) == value


@pytest.mark.parametrize(
    ("site_url", "production"),
    [
        ("http://localhost:8000", False),
        ("http://127.0.0.1:8123", False),
        ("https://upstander.example.org", True),
        ("https://localhost.example.org", True),
    ],
)
def test_a_site_served_beyond_this_machine_is_production(site_url: str, production: bool) -> None:
    assert is_production(site_url) is production


def test_production_refuses_to_start_naming_each_missing_secret(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SECRET_KEY", "given")
    monkeypatch.delenv("SECRET_KEY_FILE", raising=False)
    monkeypatch.delenv("FIELD_ENCRYPTION_KEYS", raising=False)
    monkeypatch.delenv("FIELD_ENCRYPTION_KEYS_FILE", raising=False)
    with pytest.raises(ImproperlyConfigured, match="FIELD_ENCRYPTION_KEYS") as refused:
        require_secrets(["SECRET_KEY", "FIELD_ENCRYPTION_KEYS"])
    assert "SECRET_KEY," not in str(refused.value)

    (tmp_path / "keys").write_text("k1,k2")
    monkeypatch.setenv("FIELD_ENCRYPTION_KEYS_FILE", str(tmp_path / "keys"))
    require_secrets(["SECRET_KEY", "FIELD_ENCRYPTION_KEYS"])
