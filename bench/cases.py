"""Benchmark of case handling: `python -m bench.cases [--cases N]` (default 100,000).

Fills PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/cases_bench; the
database is dropped and created again unless --keep) with N cases and 3N evidence items in bulk
batches of 5,000 (bypassing the services for speed: the fill itself writes no audit entries),
starts the production server on loopback (gunicorn with --processes sync workers, default one
per CPU, each keeping its database connection; see the README's "Running it for real"), and
drives the triage queue and case pages with 20 concurrent clients signed in
as a safeguarding lead (with TOTP, so the MFA middleware lets them through). Every case page
opening writes its audit entry, as in production. Then measures intake: report_submit of an
anonymous report with a screenshot (receipt hashed, narrative and file encrypted, audited) by
20 concurrent submitters spread over --processes processes; `intake_cpu_per_report` is what those
processes spend a report and `receipt_hash_per_report` how much of it is the receipt code's slow
hash (PBKDF2, slow on purpose), so the intake figure can be read against the machine's CPUs.

Measures the right thing (issue 18): in the same run, `floor_rps` is what the same stack serves
of a minimal signed-in page (`/account/`: session, sign-in and second-factor checks, the base
layout) with the same 20 clients, which is the limit any page can reach on this machine;
`triage_rps` and `case_page_rps` are each page's rate at saturation, and their ratio to the floor
says how much of that limit the page itself costs. The three are driven in two halves, floor,
triage, case, then case, triage, floor, so a shared machine's drift weighs on each alike.
`mixed_p95_at_40rps` sends triage and case page requests at a steady 40 per second (open
loop: each on its schedule, however slow the answers, so a slow server cannot slow the
arrivals down) and times each from when it was due.

Prints one `name: value unit` line per figure, and the targets from the issue: triage_p95 and
case_page_p95 under 150 ms, mixed_p95_at_40rps under 150 ms, each page's ratio to the floor at
least 0.5, intake at least 100 reports/s; plus the queries each page makes. `--quick` is a
smoke run (a few hundred cases, a few seconds of load, a pack of 20 screenshots): the same
lines, figures meaningless.

Last, `pack_rss_growth` (issue 14) is how much this process's peak RSS rises while the evidence
pack view builds and streams a pack of 200 phone screenshots (target: under 50 MiB).
`--pack-only` measures that alone, on an empty database, in about a minute.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import queue
import random
import resource
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.fernet import Fernet

if TYPE_CHECKING:
    from django.test import Client

    from upstander.accounts.models import User

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/cases_bench"
TARGETS = {
    "triage_p95": 150,
    "case_page_p95": 150,
    "mixed_p95_at_40rps": 150,
    "ratio_to_floor": 0.5,
    "intake": 100,
    "pack_rss_growth": 50,
}
PACK_ITEMS = 200
MIXED_RATE = 40  # requests per second in the open-loop run
FLOOR_PATH = "/account/"
BATCH = 5_000


def emit(name: str, value: float, unit: str, *, digits: int = 0) -> None:
    print(f"{name}: {value:.{digits}f} {unit}", flush=True)


def _setup(url: str, var_dir: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upstander.settings")
    os.environ["UPSTANDER_VAR_DIR"] = var_dir
    import django

    django.setup()


def _reset_database(url: str, *, keep: bool) -> None:
    """A fresh, empty database; with `keep`, the one there is (created empty when missing, so
    a first `--keep` run fills it instead of failing)."""
    import psycopg
    from psycopg import sql

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone()
        if keep and exists:
            return
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


# -- filling ---------------------------------------------------------------------------------


def _batches(total: int) -> list[range]:
    return [range(start, min(start + BATCH, total)) for start in range(0, total, BATCH)]


def _people() -> tuple[Any, list[Any]]:
    """A safeguarding lead (with TOTP, so staff pages open) and 20 case workers."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from upstander.accounts.models import Role
    from upstander.accounts.services import role_grant, user_create

    lead = user_create(None, email="bench.lead@example.org", password=None, email_verified=True)
    role_grant(None, user=lead, role=Role.SAFEGUARDING_LEAD)
    role_grant(None, user=lead, role=Role.CASE_WORKER)
    TOTP.activate(lead, generate_totp_secret())  # staff pages need MFA set up
    workers = []
    for i in range(20):
        worker = user_create(
            None, email=f"bench.worker{i}@example.org", password=None, email_verified=True
        )
        role_grant(None, user=worker, role=Role.CASE_WORKER)
        workers.append(worker)

    return lead, workers


def fill(n_cases: int, rng: random.Random) -> dict[str, Any]:
    """Bulk-create the people, reports, cases, evidence and links; return what the load needs."""
    from django.utils import timezone
    from tqdm import tqdm

    from upstander.cases.conf import stage_deadlines
    from upstander.cases.models import (
        Case,
        Consultation,
        OffendingAccount,
        Route,
    )
    from upstander.evidence.models import EvidenceContent, EvidenceItem
    from upstander.reports.models import Report
    from upstander.reports.receipts import receipt_hash, receipt_new

    lead, workers = _people()
    now = timezone.now()
    states = ["new"] * 20 + ["triaged"] * 20 + ["consulting"] * 15 + ["action"] * 15
    states += ["closed"] * 30
    categories = ["harassment", "threat_of_violence", "identity_based", "doxxing", "other"]
    platforms = ["bluesky", "mastodon", "x", "facebook", "email"]
    stored_hash = receipt_hash(receipt_new())  # one slow hash reused: bench data only
    progress = tqdm(total=n_cases, desc="cases", unit="case", disable=None)
    for batch in _batches(n_cases):
        reports = []
        for i in batch:
            created = now - timedelta(minutes=rng.randrange(60 * 24 * 365))
            reports.append(
                Report(
                    created_at=created,
                    target_kind="representative",
                    target_name=f"Councillor {i}",
                    platform=rng.choice(platforms),
                    post_links=[f"https://bsky.app/profile/u{i}.bsky.social/post/{i}"],
                    offending_accounts=[],
                    what_happened=f"Abusive replies, report {i}. " * 4,
                    contact_email=f"reporter{i}@example.org",
                    receipt_lookup=f"{rng.randrange(10**8):08d}",
                    receipt_hash=stored_hash,
                    status="in_progress",
                )
            )
        Report.objects.bulk_create(reports, batch_size=BATCH)
        cases = []
        for i, report in zip(batch, reports, strict=True):
            state = rng.choice(states)
            severity = rng.randint(1, 4)
            first, consult, decide = stage_deadlines(severity)
            created = report.created_at
            category = rng.choice(categories)
            cases.append(
                Case(
                    report=report,
                    assigned_to=workers[i % len(workers)],
                    state=state,
                    severity=severity,
                    category="" if state == "new" else category,
                    targeted_characteristic="race_ethnicity"
                    if category == "identity_based"
                    else "",
                    platform=report.platform,
                    outcome="no_action" if state == "closed" else "",
                    summary=f"Summary of case {i}.",
                    created_at=created,
                    first_response_at=None if state == "new" else created + timedelta(hours=1),
                    consulted_at=created + timedelta(days=1)
                    if state in ("consulting", "action", "closed")
                    else None,
                    decided_at=created + timedelta(days=2) if state == "action" else None,
                    closed_at=created + timedelta(days=3) if state == "closed" else None,
                    first_response_due=created + first,
                    consultation_due=created + consult,
                    decision_due=created + decide,
                )
            )
        Case.objects.bulk_create(cases, batch_size=BATCH)
        items = []
        for i in batch:
            for k in range(3):
                data = f'{{"post": {i}, "item": {k}, "text": "abusive reply"}}'.encode()
                items.append(
                    EvidenceItem(
                        kind="post",
                        sha256=secrets.token_hex(32),
                        size=len(data),
                        content_type="application/json",
                        filename="post.json",
                        source_url=f"https://bsky.app/profile/u{i}/post/{k}",
                        platform="bluesky",
                        uri=f"at://did:plc:bench{i}/app.bsky.feed.post/{k}",
                        author_handle=f"troll{i % 5000}.bsky.social",
                        captured_at=now,
                    )
                )
        EvidenceItem.objects.bulk_create(items, batch_size=BATCH)
        EvidenceContent.objects.bulk_create(
            [EvidenceContent(item=item, data=b"{}") for item in items],
            batch_size=BATCH,
        )
        through = Case.evidence.through
        through.objects.bulk_create(
            [
                through(case_id=case.pk, evidenceitem_id=items[j * 3 + k].pk)
                for j, case in enumerate(cases)
                for k in range(3)
            ],
            batch_size=BATCH,
        )
        OffendingAccount.objects.bulk_create(
            [
                OffendingAccount(
                    case=case,
                    platform="bluesky",
                    handle=f"troll{rng.randrange(5000)}.bsky.social",
                    route=Route.BLOCK,
                )
                for case in cases
            ],
            batch_size=BATCH,
        )
        Consultation.objects.bulk_create(
            [
                Consultation(
                    case=case,
                    held_on=case.created_at.date(),
                    method="phone",
                    wishes=["block", "support"],
                    consent_police=True,
                    preferred_contact="Phone",
                    notes="Bench consultation.",
                    recorded_by=case.assigned_to,
                    recorded_at=case.created_at + timedelta(days=1),
                )
                for case in cases
                if case.state in ("consulting", "action", "closed")
            ],
            batch_size=BATCH,
        )
        progress.update(len(batch))
    progress.close()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # what autovacuum does to a table in production
    return {"lead_id": lead.pk}


# -- load ------------------------------------------------------------------------------------


def _session_cookie(lead_id: int) -> str:
    from django.conf import settings
    from django.test import Client

    from upstander.accounts.models import User

    client = _signed_in_with_both_factors(Client(), User.objects.get(pk=lead_id))
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def _signed_in_with_both_factors(client: Client, user: User) -> Client:
    """A session as allauth leaves it after the password and the TOTP code: staff pages open
    only to a session that passed the second factor."""
    from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY

    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": method, "at": time.time()} for method in ("password", "mfa")
    ]
    session["account_authentication_methods_user"] = str(user.pk)  # allauth's own key
    session.save()
    return client


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start_server(port: int, env: dict[str, str], processes: str) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "gunicorn", "upstander.wsgi:application"]
    command += ["--workers", processes, "--bind", f"127.0.0.1:{port}", "--backlog", "128"]
    server = subprocess.Popen(  # noqa: S603 - fixed arguments
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(Path(env["UPSTANDER_VAR_DIR"]) / "server.log").open("wb"),
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited (is port {port} taken?)")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/")
            connection.getresponse().read()
            return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise RuntimeError("the server did not start")


def drive(
    port: int, cookie: str, paths: Callable[[random.Random], str], *, clients: int, total: int
) -> tuple[list[float], int]:
    """`clients` threads, each a closed loop of GETs, until `total` requests are done."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    remaining = [total]
    statuses: list[str] = []

    def worker(seed: int) -> None:
        nonlocal errors
        rng = random.Random(seed)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            with lock:
                if remaining[0] <= 0:
                    break
                remaining[0] -= 1
            path = paths(rng)
            started = time.perf_counter()
            ok = False
            for _attempt in range(2):  # a kept-alive connection the server closed: reconnect
                try:
                    connection.request("GET", path, headers={"Cookie": cookie})
                    response = connection.getresponse()
                    response.read()
                    ok = response.status == 200
                    if not ok:
                        statuses.append(f"{response.status} {response.getheader('Location')}")
                    if response.getheader("Connection", "").lower() == "close":
                        connection.close()
                    break
                except (OSError, http.client.HTTPException):
                    connection.close()
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                errors += 0 if ok else 1
        connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if statuses:
        print(f"# unexpected statuses: {sorted(set(statuses))}")
    return latencies, errors


def saturated_in_rounds(
    port: int,
    cookie: str,
    kinds: dict[str, Callable[[random.Random], str]],
    *,
    clients: int,
    total: int,
) -> dict[str, tuple[list[float], int, float]]:
    """Each kind of page driven to saturation (every client always waiting on an answer) and
    the rate it reached, in two halves run in the order A B C, then C B A:
    a shared machine that speeds up or slows down during the run (another tenant) then weighs
    on every kind alike, so the ratios between them do not follow the drift."""
    latencies: dict[str, list[float]] = {name: [] for name in kinds}
    errors = dict.fromkeys(kinds, 0)
    seconds = dict.fromkeys(kinds, 0.0)
    names = list(kinds)
    for order in (names, names[::-1]):
        for name in order:
            started = time.perf_counter()
            found, failed = drive(port, cookie, kinds[name], clients=clients, total=total // 2)
            seconds[name] += time.perf_counter() - started
            latencies[name] += found
            errors[name] += failed
    return {
        name: (latencies[name], errors[name], len(latencies[name]) / seconds[name])
        for name in names
    }


def open_loop(
    port: int,
    cookie: str,
    paths: Callable[[random.Random], str],
    *,
    rate: float,
    seconds: float,
    senders: int = 64,
) -> tuple[list[float], int]:
    """Requests arriving at `rate` per second (Poisson, seeded) for `seconds`, each timed from
    when it was due, not from when a sender was free to send it: a server that falls behind
    shows as the queue it builds, as users would see it (no coordinated omission)."""
    rng = random.Random(40)
    due: queue.SimpleQueue[tuple[float, str] | None] = queue.SimpleQueue()
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()

    def sender() -> None:
        nonlocal errors
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while (job := due.get()) is not None:
            scheduled, path = job
            ok = False
            for _attempt in range(2):  # a kept-alive connection the server closed: reconnect
                try:
                    connection.request("GET", path, headers={"Cookie": cookie})
                    response = connection.getresponse()
                    response.read()
                    ok = response.status == 200
                    if response.getheader("Connection", "").lower() == "close":
                        connection.close()
                    break
                except (OSError, http.client.HTTPException):
                    connection.close()
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            with lock:
                latencies.append((time.perf_counter() - scheduled) * 1000)
                errors += 0 if ok else 1
        connection.close()

    pool = [threading.Thread(target=sender) for _ in range(senders)]
    for thread in pool:
        thread.start()
    start = time.perf_counter()
    at = start
    while at - start < seconds:
        at += rng.expovariate(rate)
        time.sleep(max(0.0, at - time.perf_counter()))
        due.put((at, paths(rng)))
    for _ in pool:
        due.put(None)
    for thread in pool:
        thread.join()
    return latencies, errors


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[94] if len(values) >= 2 else values[0]


def query_counts(lead_id: int, case_id: int) -> dict[str, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from upstander.accounts.models import User

    client = _signed_in_with_both_factors(Client(), User.objects.get(pk=lead_id))
    counts = {}
    for name, path in (
        ("floor_queries", FLOOR_PATH),
        ("triage_queries", "/staff/cases/?state=triaged&page=3"),
        ("case_page_queries", f"/staff/cases/{case_id}/"),
    ):
        with CaptureQueriesContext(connection) as captured:
            status = client.get(path, HTTP_HOST="127.0.0.1").status_code
        assert status == 200, (path, status)
        counts[name] = len(captured)
    return counts


def _intake_worker(remaining: Any, threads: int) -> None:
    """One process of the intake load: `threads` threads submitting until the counter is 0."""
    from django.db import connection

    from upstander.reports.demo import demo_png
    from upstander.reports.services import report_submit

    png = demo_png()

    def loop() -> None:
        while True:
            with remaining.get_lock():
                if remaining.value <= 0:
                    break
                remaining.value -= 1
                i = remaining.value
            report_submit(
                None,
                target_kind="representative",
                platform="x",
                what_happened=f"Bench intake report {os.getpid()}-{i}: threats in replies.",
                post_links=[f"https://x.com/troll/status/{i}"],
                offending_accounts=["@troll"],
                contact_email="witness@example.org",
                files=[("shot.png", png + str(i).encode())],
            )
        connection.close()

    pool = [threading.Thread(target=loop) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()


def intake(total: int, clients: int, processes: int) -> tuple[float, float]:
    """Reports per second through report_submit: `clients` submitters over `processes` processes
    (threads alone would queue on one interpreter lock; a web server has several processes),
    and the submitting processes' CPU time per report in milliseconds."""
    from django.db import connections

    connections.close_all()
    cpu_before = _children_cpu_seconds()
    context = multiprocessing.get_context("fork")
    remaining = context.Value("i", total)
    per_process = max(1, clients // processes)
    workers = [
        context.Process(target=_intake_worker, args=(remaining, per_process))
        for _ in range(processes)
    ]
    started = time.perf_counter()
    for process in workers:
        process.start()
    for process in workers:
        process.join()
    rate = total / (time.perf_counter() - started)
    return rate, (_children_cpu_seconds() - cpu_before) / total * 1000


def _children_cpu_seconds() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def receipt_hash_ms(rounds: int = 50) -> float:
    """What hashing one anonymous report's receipt code costs (PBKDF2, deliberately slow)."""
    from upstander.reports.receipts import receipt_hash, receipt_new

    codes = [receipt_new() for _ in range(rounds)]
    started = time.process_time()
    for code in codes:
        receipt_hash(code)
    return (time.process_time() - started) / rounds * 1000


def measure(args: argparse.Namespace, lead_id: int, var_dir: str) -> None:
    """Drive the pages through a real server, then intake; print the figures."""
    from upstander.cases.models import Case

    case_ids = list(Case.objects.values_list("pk", flat=True))
    counts = query_counts(lead_id, case_ids[len(case_ids) // 2])
    cookie = _session_cookie(lead_id)
    env = {**os.environ, "DEBUG": "false", "UPSTANDER_VAR_DIR": var_dir}
    port = args.port or _free_port()
    server = _start_server(port, env, str(args.processes))
    try:
        states = ["new", "triaged", "consulting", "action", "closed"]

        def triage_path(r: random.Random) -> str:
            return f"/staff/cases/?state={r.choice(states)}&page={r.randint(1, 40)}"

        def case_path(r: random.Random) -> str:
            return f"/staff/cases/{r.choice(case_ids)}/"

        def floor_path(_: random.Random) -> str:
            return FLOOR_PATH

        def mixed_path(r: random.Random) -> str:
            return triage_path(r) if r.random() < 0.5 else case_path(r)

        # Warm up every page, as a server in use is: each worker prepares its statements
        # (PostgreSQL after five uses per connection) and compiles its templates once.
        for warm in (floor_path, triage_path, case_path):
            drive(port, cookie, warm, clients=args.clients, total=args.warmup)
        rounds = saturated_in_rounds(
            port,
            cookie,
            {"floor": floor_path, "triage": triage_path, "case": case_path},
            clients=args.clients,
            total=args.requests,
        )
        floor, floor_errors, floor_rps = rounds["floor"]
        triage, triage_errors, triage_rps = rounds["triage"]
        pages, page_errors, case_page_rps = rounds["case"]
        mixed, mixed_errors = open_loop(
            port, cookie, mixed_path, rate=MIXED_RATE, seconds=args.mixed_seconds
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    emit("triage_p95", p95(triage), "ms")
    emit("triage_p95_target", TARGETS["triage_p95"], "ms")
    emit("case_page_p95", p95(pages), "ms")
    emit("case_page_p95_target", TARGETS["case_page_p95"], "ms")
    emit("triage_median", statistics.median(triage), "ms")
    emit("case_page_median", statistics.median(pages), "ms")
    emit("floor_queries", counts["floor_queries"], "queries")
    emit("triage_queries", counts["triage_queries"], "queries")
    emit("case_page_queries", counts["case_page_queries"], "queries")
    emit("floor_rps", floor_rps, "requests/s")
    emit("floor_p95", p95(floor), "ms")
    emit("triage_rps", triage_rps, "requests/s")
    emit("case_page_rps", case_page_rps, "requests/s")
    emit("triage_ratio_to_floor", triage_rps / floor_rps, "of floor_rps", digits=2)
    emit("case_page_ratio_to_floor", case_page_rps / floor_rps, "of floor_rps", digits=2)
    emit("ratio_to_floor_target", TARGETS["ratio_to_floor"], "of floor_rps (at least)", digits=2)
    emit("mixed_p95_at_40rps", p95(mixed), "ms")
    emit("mixed_p95_at_40rps_target", TARGETS["mixed_p95_at_40rps"], "ms")
    emit("mixed_requests", len(mixed), "requests")
    if floor_errors or triage_errors or page_errors or mixed_errors:
        print(
            f"# errors: floor {floor_errors}, triage {triage_errors}, "
            f"case pages {page_errors}, mixed {mixed_errors}"
        )
        print((Path(var_dir) / "server.log").read_text()[-3000:])
    measure_intake(args)
    # The smoke run builds a pack of a tenth the size: the same lines, in a fraction of the time.
    pack_bench(lead_id, PACK_ITEMS // 10 if args.quick else PACK_ITEMS)


def measure_intake(args: argparse.Namespace) -> None:
    """Intake's rate, and where its time goes: most of it is the receipt code's slow hash, kept
    slow on purpose (reports.receipts); the CPUs divided by a report's CPU is its ceiling."""
    intake_rate, cpu_per_report = intake(args.intake, args.clients, args.processes)
    emit("intake", intake_rate, "reports/s")
    emit("intake_target", TARGETS["intake"], "reports/s")
    hash_ms = receipt_hash_ms()
    emit("intake_cpu_per_report", cpu_per_report, "ms", digits=1)
    emit("receipt_hash_per_report", hash_ms, "ms", digits=1)
    print(
        f"# intake ceiling on {args.processes} processes at that CPU cost: "
        f"{args.processes * 1000 / cpu_per_report:.0f} reports/s, before the database's own "
        f"work; the receipt hash is {hash_ms / cpu_per_report:.0%} of each report's CPU"
    )


# -- the evidence pack (issue 14) ------------------------------------------------------------


def _screenshot(rng: random.Random, index: int) -> bytes:
    """A phone screenshot's worth of PNG (1080x1920): a light page with lines of 'text' and a
    noisy photo strip, so it compresses as real screenshots do (about 0.5 MB), not as noise."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1080, 1920), (250, 250, 250))
    draw = ImageDraw.Draw(image)
    for line in range(60):
        top = 40 + line * 30
        width = rng.randrange(300, 1000)
        draw.rectangle((40, top, 40 + width, top + 14), fill=(rng.randrange(80), 40, 60))
    strip = Image.frombytes("RGB", (1080, 200), rng.randbytes(1080 * 200 * 3))
    image.paste(strip, (0, 1900 - 200))
    draw.text((40, 10), f"post {index}", fill=(0, 0, 0))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _pack_case(lead_id: int, items: int) -> int:
    """A case, through the real services, holding `items` screenshots, ready for the police."""
    from django.utils import timezone

    from upstander.accounts.models import User
    from upstander.cases.services import (
        case_evidence_add,
        case_open_from_report,
        case_triage,
        consultation_record,
    )
    from upstander.reports.services import report_submit

    lead = User.objects.get(pk=lead_id)
    submitted = report_submit(
        None,
        target_kind="representative",
        platform="bluesky",
        what_happened="Threats in replies, with screenshots.",
        offending_accounts=["troll.bsky.social"],
        post_links=["https://bsky.app/profile/troll.bsky.social/post/1"],
        contact_email="witness@example.org",
    )
    case = case_open_from_report(lead, report=submitted.report)
    case_triage(lead, case=case, severity=3, category="threat_of_violence", summary="Threats.")
    consultation_record(
        lead,
        case=case,
        held_on=timezone.localdate(),
        method="phone",
        wishes=["police"],
        consent_police=True,
        consent_panel=False,
    )
    rng = random.Random(15)
    for start in range(0, items, 10):
        batch = range(start, min(items, start + 10))
        shots = [(f"shot{i}.png", _screenshot(rng, i)) for i in batch]
        case_evidence_add(lead, case=case, files=shots, source_url="https://bsky.app/post/x")
    return case.pk


def _rss_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    return 0


def _peak_reset() -> bool:
    """Start the process's peak RSS (VmHWM) afresh (Linux: writing 5 to clear_refs)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _pack_download(lead_id: int, warm_case: int, case_id: int, results: Any) -> None:
    """In a fresh process (nothing left over from making the screenshots): download the one-item
    pack (one-off imports, the font's parsing), then measure the large one."""
    import gc
    import resource

    _setup(os.environ["DATABASE_URL"], os.environ["UPSTANDER_VAR_DIR"])
    from django.test import Client

    from upstander.accounts.models import User

    client = _signed_in_with_both_factors(Client(), User.objects.get(pk=lead_id))

    def download(pk: int) -> int:
        response = client.get(f"/staff/cases/{pk}/evidence-pack/", HTTP_HOST="127.0.0.1")
        assert response.status_code == 200, response.status_code
        streamed: Iterable[bytes] = response.streaming_content  # type: ignore[attr-defined]
        size = sum(len(chunk) for chunk in streamed)
        response.close()
        return size

    download(warm_case)
    gc.collect()
    before = _rss_kib("VmRSS")
    peak_reset = _peak_reset()
    started = time.perf_counter()
    size = download(case_id)
    seconds = time.perf_counter() - started
    # Without clear_refs, the lifetime peak (ru_maxrss, KiB on Linux): an upper bound.
    peak = _rss_kib("VmHWM") if peak_reset else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    results.put((max(0, peak - before), size, seconds))


def pack_bench(lead_id: int, items: int) -> None:
    """`pack_rss_growth`: how far the peak RSS of a process rises above its RSS before, while the
    evidence pack view builds and streams a pack of `items` screenshots (read and thrown away,
    as a browser download would)."""
    warm_case = _pack_case(lead_id, 1)
    case_id = _pack_case(lead_id, items)
    spawn = multiprocessing.get_context("spawn")
    results = spawn.Queue()
    child = spawn.Process(target=_pack_download, args=(lead_id, warm_case, case_id, results))
    child.start()
    growth, size, seconds = results.get(timeout=600)
    child.join()
    print(f"# evidence pack of {items} items: {size / 2**20:.0f} MiB in {seconds:.1f} s")
    emit("pack_rss_growth", growth / 1024, "MiB")
    emit("pack_rss_growth_target", TARGETS["pack_rss_growth"], "MiB (under)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=2_000, help="per page kind")
    parser.add_argument("--intake", type=int, default=1_000, help="reports to submit")
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--keep", action="store_true", help="reuse a filled database")
    parser.add_argument(
        "--processes", type=int, default=os.cpu_count() or 2, help="server and intake processes"
    )
    parser.add_argument("--warmup", type=int, default=200, help="requests per page kind")
    parser.add_argument("--mixed-seconds", type=float, default=30.0, help="open-loop run")
    parser.add_argument(
        "--quick", action="store_true", help="smoke run: every line printed, figures meaningless"
    )
    parser.add_argument(
        "--pack-only",
        action="store_true",
        help=f"only pack_rss_growth: a {PACK_ITEMS}-item evidence pack on an empty database",
    )
    args = parser.parse_args()
    if args.quick:
        args.cases, args.requests, args.intake = 300, 60, 20
        args.warmup, args.mixed_seconds = 20, 2.0
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    if not url.startswith("postgres"):
        sys.exit("bench.cases needs PostgreSQL: set DATABASE_URL=postgres://...")

    with tempfile.TemporaryDirectory(prefix="bench-cases-") as var_dir:
        # The same key across runs, so --keep can read what an earlier run wrote.
        key_file = ROOT / "var" / "bench-cases-field-key"
        if not key_file.exists():
            key_file.parent.mkdir(exist_ok=True)
            key_file.write_text(Fernet.generate_key().decode())
        keys = os.environ.get("FIELD_ENCRYPTION_KEYS") or key_file.read_text().strip()
        os.environ["FIELD_ENCRYPTION_KEYS"] = keys
        os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
        if not args.keep and "bench" not in url.rsplit("/", 1)[-1]:
            sys.exit("Refusing to drop a database whose name lacks 'bench'; use --keep.")
        _reset_database(url, keep=args.keep)
        _setup(url, var_dir)
        from django.core.management import call_command

        from upstander.accounts.models import User
        from upstander.cases.models import Case

        call_command("migrate", verbosity=0)
        if args.pack_only:
            lead = User.objects.filter(email="bench.lead@example.org").first() or _people()[0]
            pack_bench(lead.pk, PACK_ITEMS)
            return
        rng = random.Random(4)
        started = time.perf_counter()
        if args.keep and Case.objects.count() >= args.cases:
            lead_id = User.objects.get(email="bench.lead@example.org").pk
        else:
            lead_id = fill(args.cases, rng)["lead_id"]
        fill_seconds = time.perf_counter() - started
        from upstander.evidence.models import EvidenceItem

        n_cases, n_items = Case.objects.count(), EvidenceItem.objects.count()
        print(f"# {n_cases} cases, {n_items} evidence items ({fill_seconds:.0f} s to fill); "
              f"{args.clients} clients, {args.requests} requests per page kind; "
              f"{os.cpu_count()} CPUs")  # fmt: skip
        measure(args, lead_id, var_dir)


if __name__ == "__main__":
    main()
