"""Alert pipeline benchmark (issue 6): flag-to-first-delivery latency with real Redis and a real
worker, its overhead above a no-op Celery task's dispatch-to-start latency in the same run, and
the time to drain a burst of flags.

Standalone: starts its own ``redis-server`` on a free loopback port, migrates a temporary SQLite
database, starts ``celery -A medcare worker --beat`` (2 processes, production timings), then in
this process raises flags through ``symptom_flag_raise`` exactly as the web does:

1. steady: 5 flags a second for 60 s, each on a new (child, symptom) so each pages the nurse;
   interleaved, 5 no-op ``health_records.probe`` tasks a second (baseline: broker + worker only);
2. burst: 500 flags raised back to back; drain time = first flag → last delivery sent.

Reports p50/p99 and ratios to the targets (p99 < 1 s, overhead p50 < 50 ms, burst < 60 s).
``--quick``: 10 s steady and a 100-flag burst. Run by ``make bench``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SYMPTOMS = ("cough", "lethargy", "injury", "refusing_food", "other", "low_temperature")
"""Symptoms outside the cluster syndromes, so no outbreak alerts add deliveries to the count."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def wait_port(port: int, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("redis-server did not start")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10 s steady phase, 100-flag burst")
    parser.add_argument("--rate", type=float, default=5.0, help="flags per second (default 5)")
    parser.add_argument("--seconds", type=float, default=None, help="steady phase length")
    parser.add_argument("--burst", type=int, default=None, help="burst size")
    args = parser.parse_args()
    seconds = args.seconds or (10.0 if args.quick else 60.0)
    burst = args.burst or (100 if args.quick else 500)
    redis_server = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not Path(redis_server).exists():
        print("redis-server is not installed; the alert benchmark needs it", file=sys.stderr)
        return 2

    load_start = os.getloadavg()[0]
    work = Path(tempfile.mkdtemp(prefix="bench-alerts-"))
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "CELERY_"))}
    env.update(
        DJANGO_DEBUG="1",
        DJANGO_SETTINGS_MODULE="medcare.settings",
        DATABASE_URL=f"sqlite:///{work / 'bench.sqlite3'}",
        CELERY_BROKER_URL=f"redis://127.0.0.1:{port}/0",
        DJANGO_LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    redis = subprocess.Popen(
        [
            redis_server,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--dir",
            str(work),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    worker = None
    try:
        wait_port(port)
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True
        )
        os.environ.update(env)
        import django

        django.setup()
        from _alerts_support import Bench  # type: ignore[import-not-found]

        bench = Bench(children=int((seconds * args.rate + burst) / len(SYMPTOMS)) + 2)
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "medcare",
                "worker",
                "--beat",
                f"--schedule={work / 'beat'}",
                "--concurrency=2",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel=WARNING",
            ],
            cwd=ROOT,
            env=env,
            stdout=open(work / "worker.log", "wb"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        bench.wait_worker_ready()
        steady = bench.steady(rate=args.rate, seconds=seconds)
        drained = bench.burst(size=burst)
    finally:
        if worker is not None:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=30)
        redis.terminate()
        redis.wait(timeout=10)

    flag_ms = [x * 1000 for x in steady.flag_latency_s]
    probe_ms = [x * 1000 for x in steady.probe_latency_s]
    p50, p99 = percentile(flag_ms, 50), percentile(flag_ms, 99)
    b50, b99 = percentile(probe_ms, 50), percentile(probe_ms, 99)
    overhead50 = p50 - b50
    print(
        f"alert pipeline benchmark ({'quick' if args.quick else 'full'}): "
        f"{len(flag_ms)} flags at {args.rate:g}/s for {seconds:g} s, burst {burst}"
    )
    print(
        f"  flag → first delivery   p50 {p50:7.1f} ms   p99 {p99:7.1f} ms   "
        f"max {max(flag_ms):7.1f} ms"
    )
    print(f"  no-op task dispatch→start p50 {b50:7.1f} ms   p99 {b99:7.1f} ms  (baseline)")
    print(f"  overhead above baseline p50 {overhead50:7.1f} ms   p99 {p99 - b99:7.1f} ms")
    print(f"  raise call (commit+publish) p50 {percentile(steady.raise_s, 50) * 1000:6.1f} ms")
    print(
        f"  burst of {burst}: raised in {drained.raised_s:.1f} s (one process, back to back), "
        f"drained {drained.drained_s:.1f} s after the first flag, "
        f"{drained.after_last_s:.1f} s after the last ({drained.deliveries} deliveries)"
    )
    print(
        f"  load average (1 min) at start/end: {load_start:.1f} / {os.getloadavg()[0]:.1f} "
        f"on {os.cpu_count()} CPUs"
    )
    print("  ratios to targets (≤ 1.00 meets the target):")
    print(f"    p99 / 1000 ms             {p99 / 1000:5.2f}")
    print(f"    overhead p50 / 50 ms      {overhead50 / 50:5.2f}")
    print(f"    burst drain / 60 s        {drained.drained_s / 60:5.2f}")
    print(f"    flag p50 / no-op p50      {p50 / b50 if b50 else float('nan'):5.2f}  (ratio)")
    shutil.rmtree(work, ignore_errors=True)
    met = p99 < 1000 and overhead50 < 50 and drained.drained_s < 60
    if not met:
        print("  (a target was missed on this run)")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    raise SystemExit(main())
