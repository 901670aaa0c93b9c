"""API write benchmark (issue 7): ``python benchmarks/bench_api.py`` (run by ``make bench``).

Standalone and loopback only. Migrates a temporary SQLite database, builds one centre with a
classroom of 20 children (each with a consenting guardian, checked in an hour ago), issues an
API token for the room's nurse, and starts **gunicorn with 2 sync workers** in production mode
(``DJANGO_DEBUG=0``; history and access logging are on as always). Then, in one run, for

1. ``GET /api/v1/me/``: the minimal authenticated DRF endpoint (token auth, the caller's role:
   two queries), the baseline;
2. ``POST /api/v1/care/water/``: an authenticated create of a daily care record through the
   service (presence, permission, ``full_clean``, history row);
3. ``GET /api/v1/care/water/?page_size=20``: a page of records, access-logged (one bulk insert),

it measures the throughput at saturation (8 concurrent clients, closed loop, bounded by a
request count and a time limit) and the latency at a fixed 50 requests/s (open loop, latency
from the scheduled send time, so a stall counts against the server), and reports each as a
ratio to the baseline measured in the same run. Target (issue 7): create throughput at least
0.5 of the baseline's.

Options: ``--requests`` per saturation run (default 600), ``--seconds`` limit per run
(default 20), ``--rate`` (default 50), ``--rate-seconds`` (default 8).
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_TMP = Path(tempfile.mkdtemp(prefix="bench-api-"))
_DB = _TMP / "bench.sqlite3"
(_TMP / "static").mkdir()
SERVER_ENV = {
    "DATABASE_URL": f"sqlite:///{_DB}",
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(48),
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "DJANGO_SECURE_COOKIES": "0",
    "DJANGO_STATIC_ROOT": str(_TMP / "static"),
    "LOG_LEVEL": "WARNING",
}
os.environ.update(SERVER_ENV)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medcare.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from health_records.demo.consent import seed_consent  # noqa: E402
from health_records.models import ClassType, Sex, StaffRole  # noqa: E402
from health_records.services.api_tokens import api_token_issue  # noqa: E402
from health_records.services.attendance import attendance_check_in  # noqa: E402
from health_records.services.centre import (  # noqa: E402
    centre_create,
    child_enrol,
    classroom_create,
    guardianship_add,
    staff_membership_add,
)

CHILDREN = 20
HOST = "127.0.0.1"


def build() -> tuple[str, list[str]]:
    """The centre, room, children (checked in an hour ago) and the nurse's token."""
    from django.contrib.auth.models import User

    call_command("migrate", verbosity=0)
    today = timezone.localdate()
    centre = centre_create(name="Bench centre", operator="Bench MCH", capacity=60)
    room = classroom_create(
        centre=centre, name="Bench room", class_type=ClassType.YOUNG_TODDLER, capacity=CHILDREN
    )
    nurse = User.objects.create_user("bench_nurse", password=secrets.token_urlsafe(16))
    staff_membership_add(user=nurse, centre=centre, role=StaffRole.NURSE)
    child_ids = []
    checked_in = timezone.now() - dt.timedelta(hours=1)
    children = []
    for number in range(CHILDREN):
        child = child_enrol(
            centre=centre,
            classroom=room,
            family_name="李",
            given_name=f"宝{number}",
            sex=Sex.FEMALE if number % 2 else Sex.MALE,
            birth_date=today - dt.timedelta(days=500 + number),
            enrolled_on=today - dt.timedelta(days=30),
            care_plan="full_day",
        )
        parent = User.objects.create_user(f"bench_parent{number}")
        guardianship_add(user=parent, child=child, relationship="mother")
        children.append(child)
        child_ids.append(str(child.pk))
    seed_consent(centre, today)
    for child in children:
        attendance_check_in(child=child, at=checked_in, recorded_by=nurse)
    return api_token_issue(user=nurse), child_ids


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def start_gunicorn(port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, **SERVER_ENV}
    process = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "medcare.wsgi:application",
            "--workers=2",
            "--worker-class=sync",
            f"--bind={HOST}:{port}",
            "--log-level=warning",
            "--timeout=60",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not start")


Request = Callable[[], tuple[str, str, bytes | None]]


def call(port: int, token: str, request: Request) -> tuple[int, float]:
    """One request on a new connection (sync workers close it); returns (status, seconds)."""
    method, path, body = request()
    headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
    started = time.perf_counter()
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    finally:
        connection.close()


def saturate(port: int, token: str, request: Request, count: int, seconds: float) -> dict:
    """Closed loop, 8 clients, until ``count`` requests or ``seconds`` pass."""
    lock = threading.Lock()
    done = {"n": 0}
    statuses: list[int] = []
    deadline = time.monotonic() + seconds

    def worker() -> None:
        while time.monotonic() < deadline:
            with lock:
                if done["n"] >= count:
                    return
                done["n"] += 1
            status, _seconds = call(port, token, request)
            with lock:
                statuses.append(status)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {"rps": len(statuses) / elapsed, "n": len(statuses), "errors": _errors(statuses)}


def fixed_rate(port: int, token: str, request: Request, rate: float, seconds: float) -> dict:
    """Open loop at ``rate``/s for ``seconds``; latency from each request's scheduled time."""
    total = int(rate * seconds)
    start = time.perf_counter() + 0.2
    latencies: list[float] = []
    statuses: list[int] = []
    lock = threading.Lock()

    def send(index: int) -> None:
        scheduled = start + index / rate
        delay = scheduled - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        status, _seconds = call(port, token, request)
        finished = time.perf_counter()
        with lock:
            latencies.append(finished - scheduled)
            statuses.append(status)

    with ThreadPoolExecutor(max_workers=64) as pool:
        list(pool.map(send, range(total)))
    ordered = sorted(latencies)
    return {
        "p50_ms": 1000 * statistics.median(ordered),
        "p99_ms": 1000 * ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))],
        "n": len(ordered),
        "errors": _errors(statuses),
    }


def _errors(statuses: list[int]) -> int:
    return sum(1 for status in statuses if status >= 300)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--rate", type=float, default=50.0)
    parser.add_argument("--rate-seconds", type=float, default=8.0)
    args = parser.parse_args()

    token, child_ids = build()
    counter = {"i": 0}
    lock = threading.Lock()

    def create_water() -> tuple[str, str, bytes | None]:
        with lock:
            counter["i"] += 1
            child = child_ids[counter["i"] % len(child_ids)]
        body = {
            "child": child,
            "occurred_at": (timezone.now() - dt.timedelta(minutes=1)).isoformat(),
            "volume_ml": 60 + counter["i"] % 100,
        }
        return "POST", "/api/v1/care/water/", json.dumps(body).encode()

    cases: dict[str, Request] = {
        "minimal (GET /api/v1/me/)": lambda: ("GET", "/api/v1/me/", None),
        "create (POST /api/v1/care/water/)": create_water,
        "list (GET /api/v1/care/water/)": lambda: ("GET", "/api/v1/care/water/?page_size=20", None),
    }
    port = free_port()
    server = start_gunicorn(port)
    results: dict[str, dict] = {}
    try:
        for name, request in cases.items():
            for _ in range(20):  # warm up both workers
                call(port, token, request)
            results[name] = {
                **saturate(port, token, request, args.requests, args.seconds),
                **fixed_rate(port, token, request, args.rate, args.rate_seconds),
            }
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    baseline = results["minimal (GET /api/v1/me/)"]
    print(
        f"gunicorn 2 sync workers, SQLite, loopback; {CHILDREN} children; saturation: 8 clients, "
        f"≤{args.requests} requests or {args.seconds:.0f} s; fixed rate {args.rate:.0f}/s for "
        f"{args.rate_seconds:.0f} s"
    )
    print(
        f"{'endpoint':38} {'req/s':>8} {'ratio':>6} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'p99 ratio':>9} {'errors':>6}"
    )
    for name, result in results.items():
        print(
            f"{name:38} {result['rps']:8.1f} {result['rps'] / baseline['rps']:6.2f} "
            f"{result['p50_ms']:8.1f} {result['p99_ms']:8.1f} "
            f"{result['p99_ms'] / baseline['p99_ms']:9.2f} {result['errors']:6d}"
        )
    create = results["create (POST /api/v1/care/water/)"]
    ratio = create["rps"] / baseline["rps"]
    verdict = "meets" if ratio >= 0.5 else "MISSES"
    print(f"create throughput ratio {ratio:.2f}: {verdict} the issue's target of 0.5")


if __name__ == "__main__":
    main()
