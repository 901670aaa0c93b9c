"""A real Celery worker runs a task sent through each broker the project supports.

The worker, the sender and the database are separate processes sharing a temporary SQLite file,
as in `make run`. The filesystem broker needs nothing; the Redis broker uses the server at
127.0.0.1:6379 (skipped with a reason when absent, a failure under CI).
"""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ..conftest import IN_CI

ROOT = Path(__file__).resolve().parent.parent.parent


def _env(tmp_path: Path, broker_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(
        DJANGO_DEBUG="1",
        DJANGO_SETTINGS_MODULE="medcare.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        CELERY_BROKER_URL=broker_url,
        CELERY_BROKER_FILESYSTEM_DIR=str(tmp_path / "broker"),
    )
    return env


def _run_heartbeat_through_worker(tmp_path: Path, broker_url: str) -> float:
    """Migrate, start a worker, send `heartbeat`, return seconds until its row appears."""
    env = _env(tmp_path, broker_url)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=120
    )
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "medcare",
            "worker",
            "--pool=solo",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        sent = time.monotonic()
        subprocess.run(
            [
                sys.executable,
                "-c",
                "import django; django.setup(); "
                "from health_records.tasks import heartbeat; heartbeat.delay()",
            ],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=60,
        )
        while time.monotonic() - sent < 60:
            with sqlite3.connect(tmp_path / "db.sqlite3") as db:
                rows = db.execute("select count(*) from health_records_workerheartbeat").fetchone()
            if rows[0] == 1:
                return time.monotonic() - sent
            time.sleep(0.2)
        raise AssertionError("the worker did not run the task within 60 s")
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def test_filesystem_broker_worker_runs_task(tmp_path):
    """The embedded default (kombu filesystem transport) delivers a task to a real worker."""
    assert _run_heartbeat_through_worker(tmp_path, "filesystem://") < 60


def _redis_up(host: str = "127.0.0.1", port: int = 6379) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.mark.redis
def test_redis_broker_worker_runs_task(tmp_path):
    """With CELERY_BROKER_URL pointing at Redis, the same task runs on a real worker."""
    if not _redis_up():
        message = "Redis is not running at 127.0.0.1:6379"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    assert _run_heartbeat_through_worker(tmp_path, "redis://127.0.0.1:6379/15") < 60
