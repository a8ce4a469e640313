"""Rate limits count per real client, in a store every web process shares."""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.core.cache import caches
from django.test import Client, RequestFactory
from django.urls import reverse
from pytest_django.fixtures import Settings

from upstander import settings as project_settings
from upstander.core.ratelimit import client_ip, hit

DB_CACHE = {"BACKEND": "upstander.core.cache.SharedDatabaseCache", "LOCATION": "upstander_cache"}
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_up() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping())
    except Exception:
        return False


def test_without_trusted_proxies_the_connection_address_counts(
    rf: RequestFactory, settings: Settings
) -> None:
    settings.TRUSTED_PROXY_COUNT = 0
    request = rf.get("/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == "198.51.100.7"  # a header anyone can send is ignored


def test_behind_one_proxy_the_address_it_saw_counts(rf: RequestFactory, settings: Settings) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    spoofed = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    assert client_ip(spoofed) == "203.0.113.9"  # what the client wrote itself is ignored
    direct = rf.get("/", REMOTE_ADDR="198.51.100.7")
    assert client_ip(direct) == "198.51.100.7"
    garbage = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="not-an-address")
    assert client_ip(garbage) == "10.0.0.1"


def test_allauth_reads_the_client_address_the_same_way() -> None:
    assert project_settings.ALLAUTH_TRUSTED_PROXY_COUNT == project_settings.TRUSTED_PROXY_COUNT


@pytest.mark.usefixtures("one_rate_limit_window")
@pytest.mark.django_db
def test_clients_behind_a_trusted_proxy_get_separate_buckets(
    client: Client, settings: Settings
) -> None:
    """Ten reports from one person behind the proxy do not close the form for everyone."""
    settings.TRUSTED_PROXY_COUNT = 1
    proxy: dict[str, Any] = {"REMOTE_ADDR": "10.0.0.1"}
    url = reverse("accounts:subscribe")
    for _ in range(5):
        client.post(url, {"email": "a@example.org"}, HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy)
    first = client.post(
        url, {"email": "a@example.org"}, HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy
    )
    assert first.status_code == 429
    second = client.post(
        url, {"email": "b@example.org"}, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy
    )
    assert second.status_code != 429


@pytest.mark.usefixtures("one_rate_limit_window")
@pytest.mark.parametrize("store", ["database", "redis"])
@pytest.mark.django_db
def test_the_limit_holds_across_two_cache_clients(settings: Settings, store: str) -> None:
    """Two cache clients (as two web processes would have) count into one bucket."""
    if store == "redis" and not _redis_up():
        pytest.skip("no Redis at " + REDIS_URL)
    config = (
        DB_CACHE
        if store == "database"
        else {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    )
    settings.CACHES = {**settings.CACHES, "default": dict(config), "other": dict(config)}
    caches["default"].clear()
    assert caches["default"] is not caches["other"]
    try:
        for n in range(10):
            settings.RATELIMIT_USE_CACHE = "default" if n % 2 else "other"
            assert hit("form", "203.0.113.9", limit=10, window_seconds=60)
        settings.RATELIMIT_USE_CACHE = "default"
        assert not hit("form", "203.0.113.9", limit=10, window_seconds=60)
        settings.RATELIMIT_USE_CACHE = "other"
        assert not hit("form", "203.0.113.9", limit=10, window_seconds=60)
    finally:
        caches["default"].clear()


def test_production_counts_in_a_shared_store() -> None:
    """The configured default cache is shared between processes, never per-process memory."""
    backend = project_settings.CACHES["default"]["BACKEND"]
    assert backend in {
        "upstander.core.cache.SharedDatabaseCache",
        "django.core.cache.backends.redis.RedisCache",
    }


def test_concurrent_hits_on_the_database_cache_are_all_counted(
    transactional_db: None, settings: Settings
) -> None:
    """Processes racing on one bucket each count: the limit is not loosened by lost updates."""
    import threading

    from django.db import connection

    if connection.vendor == "sqlite":
        pytest.skip("SQLite's in-memory test database is one connection; PostgreSQL shows it")
    settings.CACHES = {**settings.CACHES, "default": dict(DB_CACHE)}
    cache = caches["default"]
    cache.clear()
    cache.set("bucket", 0)
    errors: list[BaseException] = []

    def count() -> None:
        try:
            for _ in range(20):
                caches["default"].incr("bucket")
        except BaseException as error:
            errors.append(error)
        finally:
            from django.db import connections

            connections.close_all()

    threads = [threading.Thread(target=count) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert cache.get("bucket") == 80
    cache.clear()
