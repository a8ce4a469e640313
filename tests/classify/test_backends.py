"""Optional backends are guarded: a missing extra or setting is a clear configuration error."""

from __future__ import annotations

import importlib.util

import pytest

from upstander.classify import ConfigurationError, load_scorer


def test_builtin_scorer_takes_no_options():
    with pytest.raises(ConfigurationError):
        load_scorer("builtin", api_key="x")


def test_transformers_backend_needs_a_model_path(monkeypatch):
    monkeypatch.delenv("UPSTANDER_TRANSFORMERS_MODEL", raising=False)
    with pytest.raises(ConfigurationError, match="model_path"):
        load_scorer("transformers")


@pytest.mark.skipif(
    importlib.util.find_spec("transformers") is not None, reason="transformers is installed"
)
def test_transformers_backend_without_the_package_is_a_configuration_error(tmp_path):
    with pytest.raises(ConfigurationError, match="optional packages"):
        load_scorer("transformers", model_path=str(tmp_path))


def test_perspective_rejects_a_non_http_endpoint():
    with pytest.raises(ConfigurationError, match="http"):
        load_scorer("perspective", api_key="k", endpoint="file:///etc/passwd")
