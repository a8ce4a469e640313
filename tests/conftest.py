"""A cast of people, made through the real services so every test has a real audit chain."""

from __future__ import annotations

import importlib
import re
import time
from collections.abc import Callable, Iterator

import pytest
import time_machine
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.http.response import HttpResponseBase
from django.test import Client
from pytest_django.fixtures import Settings

from tests.platforms import (
    graph_server,
    instagram_server,
    mastodon_server,
    x_server,
    youtube_server,
)
from tests.platforms.atproto_testnet import (  # noqa: F401 - one network of each tier per session
    atproto_appview,
    atproto_network,
)
from tests.platforms.internal_server import internal  # noqa: F401 - an internal-only server
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
def _audit_log_and_evidence_may_be_emptied_after_transactional_tests(
    request: pytest.FixtureRequest,
) -> Iterator[None]:
    """Let pytest-django empty the database after a transactional (e.g. live-server) test.

    It flushes every table, and the triggers of the audit log and of captured evidence rightly
    refuse that: SQLite's refuse DELETE, PostgreSQL's refuse TRUNCATE of a table that holds
    rows. So, after such a test and before the flush, empty both as the tables' owner would:
    lift the trigger, empty the table (evidence with the rows that point at it) and put the
    trigger back, in one transaction. The flush then finds nothing to refuse.
    """
    transactional = {"transactional_db", "live_server"} & set(request.fixturenames)
    if not transactional:
        yield
        return
    for name in sorted(transactional):
        request.getfixturevalue(name)  # set up first, so this tears down before the flush
    yield
    from django.core.management.color import no_style
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Only the tables' owner may do this; the app role of the two-role set-up cannot.
            for table, trigger in (
                ("audit_auditentry", "audit_entry_refuse_truncate"),
                ("evidence_evidenceitem", "evidence_item_refuse_truncate"),
            ):
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
                cursor.execute(f"TRUNCATE {table} CASCADE")
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")
        elif connection.vendor == "sqlite":
            audit = importlib.import_module("upstander.audit.migrations.0002_append_only_triggers")
            no_delete = next(sql for sql in audit.SQLITE_TRIGGERS if "BEFORE DELETE" in sql)
            cursor.execute("DROP TRIGGER IF EXISTS audit_entry_no_delete")
            cursor.execute("DELETE FROM audit_auditentry")
            cursor.execute(no_delete)
            evidence = importlib.import_module(
                "upstander.evidence.migrations.0003_evidence_append_only_triggers"
            )
            no_delete = next(sql for sql in evidence.SQLITE_TRIGGERS if "BEFORE DELETE" in sql)
            cursor.execute("DROP TRIGGER IF EXISTS evidence_item_no_delete")
            # As TRUNCATE ... CASCADE: the items and every table that refers to them.
            for statement in connection.ops.sql_flush(
                no_style(), ["evidence_evidenceitem"], allow_cascade=True
            ):
                cursor.execute(statement)
            cursor.execute(no_delete)


@pytest.fixture(autouse=True)
def _local_platform_servers_allowed(settings: Settings) -> None:
    # The suite's PDS and Mastodon stand-ins listen on 127.0.0.1; production refuses that.
    settings.PLATFORM_ALLOW_PRIVATE_HOSTS = True


@pytest.fixture(autouse=True)
def _reported_links_not_fetched_unless_a_test_asks(settings: Settings) -> None:
    # Capturing a reported link fetches it from its platform: never the internet from a test.
    settings.LINK_CAPTURE_PLATFORMS = []


@pytest.fixture
def one_rate_limit_window() -> Iterator[None]:
    """The clock stands still, so a test that counts up to a limit stays in one window.

    django-ratelimit counts in fixed windows (each key's ending at its own offset): a test that
    ran across its window's end would see the count start again and the limit never reached.
    """
    with time_machine.travel(time.time(), tick=False):
        yield


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings: Settings) -> Iterator[None]:
    # Counters in this process's memory, fresh for each test, so a test needs no database to
    # touch the cache; tests/core/test_ratelimit.py checks the shared stores themselves.
    from django.core.cache import cache

    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    cache.clear()
    yield
    cache.clear()


def make_person(email: str, *roles: Role) -> User:
    user = user_create(None, email=email, password=PASSWORD, email_verified=True)
    for role in roles:
        role_grant(None, user=user, role=role)
    return user


_totp_secrets: dict[int, str] = {}


def enable_totp(user: User) -> str:
    """Give the user a TOTP authenticator, as finishing allauth's set-up page would."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    _totp_secrets[user.pk] = str(secret)
    return str(secret)


@pytest.fixture
def totp_secret() -> Callable[[User], str]:
    """The TOTP secret a person set up with `enable_totp` (as their authenticator app holds it)."""
    return lambda user: _totp_secrets[user.pk]


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


def signed_in_with_password_only(client: Client, user: User) -> Client:
    """A session that entered the password and nothing else."""
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    _record_methods(client, user, ["password"])
    return client


def signed_in(client: Client, user: User) -> Client:
    """A session signed in as allauth's login does it: the password, then the second factor
    for someone who has one."""
    signed_in_with_password_only(client, user)
    if Authenticator.objects.filter(user=user).exists():
        _record_methods(client, user, ["password", "mfa"])
    return client


def form_key(page: HttpResponseBase) -> str:
    """The one-time submission key a rendered create form carries, as a browser would send it."""
    match = re.search(rb'name="submission_key" value="([^"]+)"', page.content)  # type: ignore[attr-defined]
    assert match is not None, "the page has no create form with a submission key"
    return match.group(1).decode()


def _record_methods(client: Client, user: User, methods: list[str]) -> None:
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": method, "at": time.time()} for method in methods
    ]
    session["account_authentication_methods_user"] = str(user.pk)  # allauth's own key
    session.save()


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


@pytest.fixture
def graph() -> Iterator[graph_server.GraphServer]:
    """The local Graph API server (tests/platforms/graph_server.py), one per test: a page
    (`graph_server.PAGE_ID`) whose access token is `graph_server.PAGE_TOKEN`."""
    with graph_server.running() as server:
        yield server


@pytest.fixture
def instagram() -> Iterator[instagram_server.InstagramServer]:
    """The local Instagram Graph API server (tests/platforms/instagram_server.py), one per test:
    a Page whose token is `instagram_server.IG_PAGE_TOKEN`, linked to the professional account
    `instagram_server.IG_USER_ID`."""
    with instagram_server.running() as server:
        yield server


@pytest.fixture
def youtube() -> Iterator[youtube_server.YouTubeServer]:
    """The local YouTube Data API server (tests/platforms/youtube_server.py), one per test: a
    channel (`youtube_server.CHANNEL_ID`) whose access token is `youtube_server.CHANNEL_TOKEN`."""
    with youtube_server.running() as server:
        yield server


@pytest.fixture
def x_api() -> Iterator[x_server.XServer]:
    """The local X API v2 server (tests/platforms/x_server.py), one per test: an account
    (`x_server.USER_ID`) whose user access token is `x_server.USER_TOKEN`."""
    with x_server.running() as server:
        yield server


# The heaviest tests first (30-second crawls, monitors killed mid-run, fuzzed forms, benchmark
# smoke runs): with work stealing the run then ends on short tests on every worker, not on one
# worker finishing a long test while the other waits. A stable sort: order within each kept.
_HEAVY_FIRST = (
    "tests/browser/",
    "tests/monitoring/test_fault.py",
    "tests/fuzz/",
    "tests/bench/",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: not item.nodeid.startswith(_HEAVY_FIRST))
