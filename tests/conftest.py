"""A cast of people, made through the real services so every test has a real audit chain."""

from __future__ import annotations

import importlib
from collections.abc import Iterator

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client
from pytest_django.fixtures import Settings

from tests.platforms import mastodon_server
from tests.platforms.atproto_testnet import atproto_network  # noqa: F401 - one PDS per session
from upstander.accounts.models import Role, User
from upstander.accounts.services import role_grant, user_create

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def _immediate_tasks_and_fast_hashing(settings: Settings) -> Iterator[None]:
    # Tasks run as soon as they are enqueued, so a test sees their effect (sent mail).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    yield


@pytest.fixture(autouse=True)
def _audit_log_may_be_emptied_after_transactional_tests(
    request: pytest.FixtureRequest,
) -> Iterator[None]:
    """Let pytest-django empty the database after a transactional (e.g. live-server) test.

    It flushes every table, and the audit log's triggers rightly refuse that: SQLite's refuses
    DELETE, PostgreSQL's refuses TRUNCATE unless the session switch is on. So, after such a test
    and before the flush, lift the refusal for this connection only.
    """
    transactional = {"transactional_db", "live_server"} & set(request.fixturenames)
    if not transactional:
        yield
        return
    for name in sorted(transactional):
        request.getfixturevalue(name)  # set up first, so this tears down before the flush
    yield
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET upstander.audit_truncate_allowed = 'on'")
        elif connection.vendor == "sqlite":
            migration = importlib.import_module(
                "upstander.audit.migrations.0002_append_only_triggers"
            )
            no_delete = next(sql for sql in migration.SQLITE_TRIGGERS if "BEFORE DELETE" in sql)
            cursor.execute("DROP TRIGGER IF EXISTS audit_entry_no_delete")
            cursor.execute("DELETE FROM audit_auditentry")
            cursor.execute(no_delete)


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def make_person(email: str, *roles: Role) -> User:
    user = user_create(None, email=email, password=PASSWORD, email_verified=True)
    for role in roles:
        role_grant(None, user=user, role=role)
    return user


def enable_totp(user: User) -> str:
    """Give the user a TOTP authenticator, as finishing allauth's set-up page would."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    return str(secret)


@pytest.fixture
def administrator(db: None) -> User:
    user = make_person("ada.admin@example.org", Role.ADMINISTRATOR)
    enable_totp(user)
    return user


@pytest.fixture
def safeguarding_lead(db: None) -> User:
    user = make_person("lena.lead@example.org", Role.SAFEGUARDING_LEAD, Role.CASE_WORKER)
    enable_totp(user)
    return user


@pytest.fixture
def caseworker(db: None) -> User:
    user = make_person("kit.caseworker@example.org", Role.CASE_WORKER)
    enable_totp(user)
    return user


@pytest.fixture
def caseworker_without_mfa(db: None) -> User:
    return make_person("new.caseworker@example.org", Role.CASE_WORKER)


@pytest.fixture
def member(db: None) -> User:
    return make_person("morgan.member@example.org", Role.MEMBER)


@pytest.fixture
def outsider(db: None) -> User:
    return make_person("charlie.outsider@example.org")


def signed_in(client: Client, user: User) -> Client:
    client.force_login(user, backend="upstander.accounts.backends.ModelBackend")
    return client


@pytest.fixture
def protected_person(db: None) -> User:
    """A councillor or candidate: the person the party protects (a member too)."""
    return make_person("cllr.priya@example.org", Role.PROTECTED_PERSON, Role.MEMBER)


@pytest.fixture
def panel_member(db: None) -> User:
    user = make_person("pat.panel@example.org", Role.PANEL_MEMBER)
    enable_totp(user)
    return user


@pytest.fixture
def network_rep(db: None) -> User:
    return make_person("nia.network@example.org", Role.NETWORK_REP, Role.MEMBER)


@pytest.fixture
def mastodon() -> Iterator[mastodon_server.MastodonServer]:
    """The local Mastodon server (tests/platforms/mastodon_server.py), one per test."""
    with mastodon_server.running() as server:
        yield server
