"""`python -m bench.monitor --source facebook|youtube|x`: one platform, against its local test
server (tests/platforms/), started in this process.

- `<platform>_read`: comments/s the platform's adapter reads (its paged read since the cursor,
  as the monitor calls it) from one watched account with --comments new comments waiting
  (target >= 2,000, far above any API quota);
- `<platform>_ingest`: the same comments through `poll_account`, the monitor's restart-safe
  per-account read (the adapter's read, scoring, storing with the checkpoint), against the same
  target;
- `time_to_hide_p95`, `time_to_ban_p95`: seconds from a case worker's "Hide" (or "Ban the
  author") on one abusive comment on each of --accounts watched accounts, through
  `review_moderate` as the queue calls it, until each account's platform confirmed it; the 95th
  percentile over the accounts (target < 2 s). X has no ban an app can set: hide only.

Each figure is followed by its target and the figure's ratio to it. A fresh SQLite database in a
temporary folder (or --database-url, which is dropped and created again when PostgreSQL). The
server runs in a process of its own (`Remote`), as the platform's would.

A platform is one entry in `SOURCES`: its server, how to add a page or channel with its token,
an author and a comment, the queue's actions it allows, and (where the monitor's `adapter_for`
cannot reach the bench's server) how to build its adapter.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

READ_TARGET = 2_000  # comments/s
FANOUT_TARGET_S = 2.0
AUTHORS = 50
ABUSIVE = ["you are a disgrace", "you worthless pig", "nobody wants you here, idiot"]
BENIGN = ["thanks for the update", "see you at the surgery", "the bins were late again"]


@dataclass(frozen=True)
class Seeded:
    """A page or channel the bench put on the server, as a watched account connects it."""

    stable_id: str
    handle: str
    credential: str
    instance_url: str


class SourceBench(Protocol):
    platform: str
    default_comments: int

    def running(self) -> AbstractContextManager[None]: ...

    def account(self, n: int) -> Seeded: ...

    def author(self, n: int) -> str: ...

    def comment(self, account: int, author: str, text: str) -> None: ...

    def confirmed(self, action: str, author: str) -> int:
        """How many of the author's comments the server shows hidden, or on how many pages or
        channels it shows the author banned."""
        ...

    # None: the monitor's own `adapter_for`; else how to build the adapter for an account.
    adapter: Callable[[Any], Any] | None
    actions: tuple[str, ...]  # the queue's actions the platform allows, of "hide" and "ban"


@dataclass
class FacebookBench:
    platform: str = "facebook"
    default_comments: int = 10_000
    actions: tuple[str, ...] = ("hide", "ban")
    posts_per_page: int = 20  # the adapter reads the 25 newest posts' comments
    adapter: Callable[[Any], Any] | None = None
    state: Any = None
    pages: dict[int, str] = field(default_factory=dict)
    posts: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    made: dict[int, int] = field(default_factory=dict)

    @contextmanager
    def running(self) -> Iterator[None]:
        from tests.platforms import graph_server

        with graph_server.running() as state:
            self.state = state
            yield

    def account(self, n: int) -> Seeded:
        page_id, token = self.state.add_page(f"Bench Page {n}")
        self.pages[n] = page_id
        return Seeded(page_id, f"benchpage{n}", token, self.state.api_url)

    def author(self, n: int) -> str:
        return str(self.state.add_user(f"Bench Author {n}")["id"])

    def comment(self, account: int, author: str, text: str) -> None:
        posts = self.posts.setdefault(account, [])
        made = self.made.get(account, 0)
        self.made[account] = made + 1
        if len(posts) < self.posts_per_page:
            posts.append(self.state.add_post("Surgery on Saturday.", page_id=self.pages[account]))
        self.state.add_comment(posts[made % len(posts)], self.state.users[author], text)

    def confirmed(self, action: str, author: str) -> int:
        if action == "ban":
            return sum(1 for _, user in self.state.blocked if user == author)
        return sum(
            1 for c in self.state.comments.values() if c["from"]["id"] == author and c["is_hidden"]
        )


def _youtube_adapter(account: Any) -> Any:
    # The monitor's `adapter_for` learns YouTube separately; until then the bench builds it.
    from upstander.platforms.youtube import YouTubeAdapter

    return YouTubeAdapter(
        access_token=account.credential,
        channel_id=account.stable_id,
        api_root_url=account.instance_url,
    )


@dataclass
class YouTubeBench:
    platform: str = "youtube"
    # The adapter reads at most 100 pages of 50 threads a round (newest first).
    default_comments: int = 4_000
    actions: tuple[str, ...] = ("hide", "ban")
    videos_per_channel: int = 5
    adapter: Callable[[Any], Any] | None = _youtube_adapter
    state: Any = None
    videos: dict[int, list[str]] = field(default_factory=dict)
    made: dict[int, int] = field(default_factory=dict)

    @contextmanager
    def running(self) -> Iterator[None]:
        from tests.platforms import youtube_server

        with youtube_server.running() as state:
            self.state = state
            yield

    def account(self, n: int) -> Seeded:
        handle = f"@benchchannel{n}"
        channel = self.state.add_channel(f"Bench Channel {n}", handle=handle)
        token = f"ya29.bench-channel-{n}"
        self.state.tokens[token] = channel
        self.videos[n] = [self.state.add_video(channel) for _ in range(self.videos_per_channel)]
        return Seeded(channel, handle, token, self.state.api_url)

    def author(self, n: int) -> str:
        return str(self.state.add_channel(f"Bench Author {n}"))

    def comment(self, account: int, author: str, text: str) -> None:
        made = self.made.get(account, 0)
        self.made[account] = made + 1
        videos = self.videos[account]
        self.state.add_comment(videos[made % len(videos)], author, text)

    def confirmed(self, action: str, author: str) -> int:
        if action == "ban":
            return sum(1 for _, banned in self.state.banned if banned == author)
        return sum(
            1
            for c in self.state.comments.values()
            if c["author"] == author and c["status"] == "heldForReview"
        )


def _x_adapter(account: Any) -> Any:
    # The monitor's `adapter_for` takes X's address from settings; the bench's server is local.
    from upstander.platforms.x import XAdapter

    return XAdapter(
        access_token=account.credential,
        user_id=account.stable_id,
        api_base_url=account.instance_url,
        allow_private=True,
    )


@dataclass
class XBench:
    platform: str = "x"
    # The adapter reads at most 100 pages of 50 mentions a round (newest first, since_id).
    default_comments: int = 4_000
    actions: tuple[str, ...] = ("hide",)  # X's API offers no ban; blocking needs a higher plan
    adapter: Callable[[Any], Any] | None = _x_adapter
    state: Any = None
    users: dict[int, dict[str, Any]] = field(default_factory=dict)
    roots: dict[int, dict[str, Any]] = field(default_factory=dict)

    @contextmanager
    def running(self) -> Iterator[None]:
        from tests.platforms import x_server

        with x_server.running() as state:
            self.state = state
            yield

    def account(self, n: int) -> Seeded:
        user = self.state.add_user(f"Bench Cllr {n}", username=f"benchcllr{n}")
        token = f"x-bench-user-token-{n}"
        self.state.tokens[token] = user["id"]
        self.users[n] = user
        # Replies to a post of the account's own: X hides replies only in such a conversation.
        self.roots[n] = self.state.add_tweet(user, "Surgery on Saturday.")
        return Seeded(user["id"], user["username"], token, self.state.api_url)

    def author(self, n: int) -> str:
        return str(self.state.add_user(f"Bench Author {n}", username=f"benchauthor{n}")["id"])

    def comment(self, account: int, author: str, text: str) -> None:
        self.state.add_tweet(self.state.users[author], text, reply_to=self.roots[account])

    def confirmed(self, action: str, author: str) -> int:
        return sum(
            1 for t in self.state.tweets.values() if t["author_id"] == author and t["hidden"]
        )


SOURCES: dict[str, Callable[[], SourceBench]] = {
    "facebook": FacebookBench,
    "youtube": YouTubeBench,
    "x": XBench,
}


class Remote:
    """A source whose server runs in a process of its own, as the platform's would, driven
    through a pipe: the read then pays for our adapter and pipeline only, not for the test
    server's work under the same interpreter lock (two thirds of the time when in-process)."""

    def __init__(self, local: SourceBench) -> None:
        self.platform = local.platform
        self.default_comments = local.default_comments
        self.adapter = local.adapter
        self.actions = local.actions
        self._connection: Any = None

    @contextmanager
    def running(self) -> Iterator[None]:
        context = multiprocessing.get_context("spawn")
        mine, theirs = context.Pipe()
        process = context.Process(target=_serve, args=(self.platform, theirs), daemon=True)
        process.start()
        try:
            if mine.recv() != "ready":
                raise RuntimeError(f"the {self.platform} server did not start")
            self._connection = mine
            yield
        finally:
            mine.send(None)
            process.join(10)
            if process.is_alive():
                process.terminate()

    def _call(self, name: str, *args: Any) -> Any:
        self._connection.send((name, args))
        done, value = self._connection.recv()
        if not done:
            raise RuntimeError(f"the {self.platform} server could not {name}: {value}")
        return value

    def account(self, n: int) -> Seeded:
        seeded: Seeded = self._call("account", n)
        return seeded

    def author(self, n: int) -> str:
        return str(self._call("author", n))

    def comment(self, account: int, author: str, text: str) -> None:
        self._call("comment", account, author, text)

    def confirmed(self, action: str, author: str) -> int:
        return int(self._call("confirmed", action, author))


def _serve(platform: str, connection: Any) -> None:
    """The server process: the source's server, and its set-up calls answered over the pipe."""
    source = SOURCES[platform]()
    with source.running():
        connection.send("ready")
        while (message := connection.recv()) is not None:
            name, args = message
            try:
                connection.send((True, getattr(source, name)(*args)))
            except Exception as error:  # handed back to the bench, which raises it
                connection.send((False, repr(error)))


# -- figures ----------------------------------------------------------------------------------
def emit(name: str, value: float, unit: str, *, target: float, at_least: bool) -> None:
    """The figure, its target, and the figure as a share of the target."""
    digits = 0 if value >= 100 else 2
    print(f"{name}: {value:.{digits}f} {unit}", flush=True)
    print(f"{name}_target: {'>=' if at_least else '<'} {target:g} {unit}", flush=True)
    print(
        f"{name}_share_of_target: {value / target:.2f} (target {'>=' if at_least else '<'} 1.00)",
        flush=True,
    )


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


# -- the run ----------------------------------------------------------------------------------
def _setup(database_url: str, var_dir: str) -> None:
    import logging

    import django

    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upstander.settings")
    os.environ["UPSTANDER_VAR_DIR"] = var_dir
    os.environ["TASKS_BACKEND"] = "django_tasks.backends.dummy.DummyBackend"
    os.environ["PLATFORM_ALLOW_PRIVATE_HOSTS"] = "true"  # the local servers are on 127.0.0.1
    logging.getLogger("httpx").setLevel(logging.WARNING)
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


@contextmanager
def _profiled(phase: str) -> Iterator[None]:
    """BENCH_PROFILE=path: each timed phase's profile, written to path.<phase>."""
    path = os.environ.get("BENCH_PROFILE")
    if not path:
        yield
        return
    import cProfile

    with cProfile.Profile() as profile:
        yield
    profile.dump_stats(f"{path}.{phase}")


class _Timed:
    """The adapter the monitor built, noting when each moderation the platform confirmed
    returned."""

    ACTIONS = frozenset({"hide_reply", "delete_comment", "ban_from_page"})

    def __init__(self, adapter: Any, finished: list[float]) -> None:
        self._adapter = adapter
        self.finished = finished

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._adapter, name)
        if name not in self.ACTIONS:
            return value

        def timed(*args: Any, **kwargs: Any) -> Any:
            result = value(*args, **kwargs)
            self.finished.append(time.perf_counter())
            return result

        return timed


def run(source_name: str, *, comments: int | None, accounts: int, database_url: str) -> None:
    source = Remote(SOURCES[source_name]())
    comments = comments if comments is not None else source.default_comments
    accounts = max(1, accounts)
    with tempfile.TemporaryDirectory(prefix="bench-monitor-source-") as var_dir:
        if database_url.startswith("postgres"):
            from bench.monitor import reset_postgres

            reset_postgres(database_url)
        _setup(database_url or f"sqlite:///{var_dir}/bench.sqlite3", var_dir)
        with source.running():
            measure(source, comments=comments, accounts=accounts)


def measure(source: SourceBench, *, comments: int, accounts: int) -> None:
    """Every figure, against the source's running server, in a migrated database."""
    from upstander.monitoring import accounts_loop

    adapter_for = accounts_loop.adapter_for
    try:
        _measure(source, comments=comments, accounts=accounts)
    finally:
        accounts_loop.adapter_for = adapter_for


def _measure(source: SourceBench, *, comments: int, accounts: int) -> None:
    from upstander.classify import load_scorer
    from upstander.monitoring import accounts_loop
    from upstander.monitoring.pipeline import Monitor

    build = source.adapter or accounts_loop.adapter_for
    finished: list[float] = []
    # The queue's services and the monitor build adapters through `adapter_for`: time (and,
    # for a platform it does not know yet, build) them here.
    accounts_loop.adapter_for = lambda account: _Timed(build(account), finished)
    watched, lead = _populate(source, accounts)
    authors = [source.author(n) for n in range(AUTHORS)]
    scorer = load_scorer("builtin")
    scorer.score(["warm up the model"])
    monitor = Monitor(scorer=scorer)
    _read(source, monitor, watched[0], authors, comments=comments, build=build)
    trolls = {
        action: troll
        for action, troll in {"hide": authors[1], "ban": authors[2]}.items()
        if action in source.actions
    }
    _fan_out(source, monitor, watched, lead, trolls=trolls, finished=finished)


def _populate(source: SourceBench, accounts: int) -> tuple[list[Any], Any]:
    """Bench set-up only, in bulk: one person per watched page or channel, and a lead who
    oversees every queue (the services and their audit entries are exercised by the tests)."""
    from django.utils import timezone
    from tqdm import tqdm

    from upstander.accounts.models import Role, RoleGrant, User
    from upstander.monitoring.models import MonitoringProfile, WatchedAccount

    seeded = [source.account(n) for n in tqdm(range(accounts), desc="pages", disable=None)]
    User.objects.bulk_create([User(email=f"person{n}@bench.test") for n in range(accounts)])
    people = list(User.objects.filter(email__endswith="@bench.test").order_by("id"))
    RoleGrant.objects.bulk_create([RoleGrant(user=p, role=Role.PROTECTED_PERSON) for p in people])
    MonitoringProfile.objects.bulk_create([MonitoringProfile(person=p) for p in people])
    lead = User.objects.create(email="lead@bench.test")
    RoleGrant.objects.create(user=lead, role=Role.SAFEGUARDING_LEAD)
    now = timezone.now()
    WatchedAccount.objects.bulk_create(
        [
            WatchedAccount(
                person=person,
                platform=source.platform,
                handle=page.handle,
                stable_id=page.stable_id,
                instance_url=page.instance_url,
                credential=page.credential,
                consent_statement="bench",
                consent_given_at=now,
            )
            for person, page in zip(people, seeded, strict=True)
        ]
    )
    return list(WatchedAccount.objects.filter(platform=source.platform).order_by("id")), lead


def _read(
    source: SourceBench,
    monitor: Any,
    reader: Any,
    authors: list[str],
    *,
    comments: int,
    build: Callable[[Any], Any],
) -> None:
    """One watched account with `comments` new since its cursor: read by the adapter alone,
    then by the monitor (read, score, store with the checkpoint)."""
    from tqdm import tqdm

    from upstander.monitoring import accounts_loop
    from upstander.monitoring.models import MonitoredPost
    from upstander.monitoring.pipeline import RunStats
    from upstander.monitoring.services.sources import source_cursor

    platform = source.platform
    rng = random.Random(16)
    source.comment(0, authors[0], "first!")
    accounts_loop.poll_account(monitor, reader, RunStats())  # the cursor, as a running monitor
    cursor = source_cursor(name=f"{platform}-notifications:{reader.pk}")
    assert cursor, "the first read set no cursor"
    for n in tqdm(range(comments), desc=f"{platform} comments", unit="comment", disable=None):
        text = rng.choice(ABUSIVE if n % 10 == 0 else BENIGN)
        source.comment(0, authors[n % AUTHORS], f"{text} #{n}")

    adapter = build(reader)
    started = time.perf_counter()
    page = adapter.mentions_page(cursor=cursor)
    adapter_seconds = time.perf_counter() - started
    getattr(adapter, "close", lambda: None)()
    assert len(page.interactions) == comments, (len(page.interactions), comments)

    stored_before = MonitoredPost.objects.count()
    started = time.perf_counter()
    with _profiled("read"):
        accounts_loop.poll_account(monitor, reader, RunStats())
    seconds = time.perf_counter() - started
    stored = MonitoredPost.objects.count() - stored_before
    assert stored == comments, f"stored {stored} of {comments} comments"
    print(
        f"# {platform}: {comments} comments on {reader.handle}, read by the adapter in "
        f"{adapter_seconds:.2f} s; read, scored and stored by the monitor in {seconds:.2f} s",
        flush=True,
    )
    rate = comments / adapter_seconds
    emit(f"{platform}_read", rate, "comments/s", target=READ_TARGET, at_least=True)
    emit(f"{platform}_ingest", comments / seconds, "comments/s", target=READ_TARGET, at_least=True)


def _fan_out(
    source: SourceBench,
    monitor: Any,
    watched: list[Any],
    lead: Any,
    *,
    trolls: dict[str, str],
    finished: list[float],
) -> None:
    """One abusive comment per troll on every watched account, read into the queue, then
    hidden (or its author banned) everywhere at once from the queue; `finished` is where the
    timed adapters note when each platform confirmed."""
    from tqdm import tqdm

    from upstander.monitoring import accounts_loop
    from upstander.monitoring.models import ReviewItem, ReviewStatus
    from upstander.monitoring.pipeline import RunStats
    from upstander.monitoring.services import review_moderate

    for n in range(len(watched)):
        for action, troll in trolls.items():
            source.comment(n, troll, f"you are a disgrace ({action} me) #{n}")
    for account in tqdm(watched, desc="read into the queue", unit="account", disable=None):
        accounts_loop.poll_account(monitor, account, RunStats())
    for action, troll in trolls.items():
        ids = list(
            ReviewItem.objects.filter(
                post__author_id=troll,
                post__text__contains=f"({action} me)",
                status=ReviewStatus.NEW,
            ).values_list("id", flat=True)
        )
        assert len(ids) == len(watched), f"{len(ids)} of {len(watched)} to {action} queued"
        finished.clear()
        started = time.perf_counter()
        with _profiled(action):
            result = review_moderate(lead, action=action, item_ids=ids)
        total = time.perf_counter() - started
        assert not result.failed, result.failed
        confirmed = source.confirmed(action, troll)
        assert confirmed == len(watched), f"{action} confirmed on {confirmed} of {len(watched)}"
        times = [moment - started for moment in finished]
        print(
            f"# {action} fan-out to {len(watched)} watched accounts: every platform confirmed "
            f"within {max(times):.2f} s, the queue's request took {total:.2f} s",
            flush=True,
        )
        emit(f"time_to_{action}_p95", p95(times), "s", target=FANOUT_TARGET_S, at_least=False)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--source",
        choices=sorted(SOURCES),
        help="bench one platform's reading and hide/ban fan-out against its local test server",
    )
    parser.add_argument(
        "--comments",
        type=int,
        default=None,
        help="with --source: new comments for the read (default per platform)",
    )
    parser.add_argument(
        "--accounts", type=int, default=100, help="with --source: watched accounts to fan out to"
    )
    parser.add_argument(
        "--database-url",
        default="",
        help="with --source: the database (default: a fresh SQLite file in a temporary folder)",
    )
