"""A real alert pipeline for tests and the benchmark: own redis-server, own workers, file DB.

* :class:`RedisServer` runs Debian's ``redis-server`` on a free loopback port so a test can stop,
  freeze (SIGSTOP) and restart it.
* :class:`Pipeline` migrates a temporary SQLite file (shared by every process, WAL mode), starts
  Celery workers (``python -m celery -A medcare worker``, optionally with embedded beat) against
  that Redis, and runs :mod:`tests.integration.alert_driver` commands in subprocesses.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"

FAST_TIMINGS = {
    # Short timings so the tests finish in minutes (production defaults are in settings.py).
    "ALERT_SWEEP_INTERVAL_SECONDS": "1",
    "ALERT_REDISPATCH_AFTER_SECONDS": "3",
    "ALERT_REDISPATCH_MAX_SECONDS": "6",
    "ALERT_CLAIM_LEASE_SECONDS": "5",
    "ALERT_PUBLISH_PAUSE_SECONDS": "2",
    "ALERT_RETRY_BASE_SECONDS": "1",
    "ALERT_RETRY_MAX_SECONDS": "4",
}


def redis_available() -> bool:
    return Path(REDIS_SERVER).exists()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(predicate: Callable[[], bool], timeout: float, interval: float = 0.2) -> bool:
    """Poll ``predicate`` until true or ``timeout`` seconds pass; returns the last result."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


class RedisServer:
    """One redis-server on 127.0.0.1:``port`` without persistence."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.workdir = workdir
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if not wait_for(self.ping, 10, 0.05):
            raise RuntimeError("redis-server did not start")

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def command(self, *parts: str) -> bytes:
        """Send one command (RESP) and return the raw reply."""
        payload = f"*{len(parts)}\r\n" + "".join(f"${len(p)}\r\n{p}\r\n" for p in parts)
        with socket.create_connection(("127.0.0.1", self.port), timeout=2) as sock:
            sock.sendall(payload.encode())
            return sock.recv(65536)

    def queue_length(self, queue: str = "celery") -> int:
        reply = self.command("LLEN", queue)
        return int(reply.strip().lstrip(b":"))

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def freeze(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)


class Pipeline:
    """Database, workers and driver commands for one test."""

    def __init__(self, workdir: Path, redis: RedisServer, template_db: Path | None = None) -> None:
        self.workdir = workdir
        self.redis = redis
        self.db = workdir / "pipeline.sqlite3"
        self.workers: list[subprocess.Popen[bytes]] = []
        self.extra_env: dict[str, str] = {}
        workdir.mkdir(parents=True, exist_ok=True)
        if template_db is not None:
            shutil.copyfile(template_db, self.db)
        else:
            self.migrate()

    def env(self) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DJANGO_", "DATABASE_", "CELERY_", "ALERT_"))
        }
        env.update(
            DJANGO_DEBUG="1",
            DJANGO_SETTINGS_MODULE="medcare.settings",
            DATABASE_URL=f"sqlite:///{self.db}",
            CELERY_BROKER_URL=self.redis.url,
            PYTHONPATH=str(ROOT),
            **FAST_TIMINGS,
            **self.extra_env,
        )
        return env

    def migrate(self) -> None:
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v0"],
            cwd=ROOT,
            env=self.env(),
            check=True,
            timeout=180,
        )
        with sqlite3.connect(self.db) as db:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def start_worker(self, *, concurrency: int = 2, beat: bool = True, name: str = "w") -> None:
        """Start a worker (own process group, so a SIGKILL takes the whole worker down)."""
        log = open(self.workdir / f"worker-{name}-{len(self.workers)}.log", "wb")  # noqa: SIM115
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "medcare",
            "worker",
            "--pool=prefork",
            f"--concurrency={concurrency}",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=INFO",
            f"--hostname={name}{len(self.workers)}@%h",
        ]
        if beat:
            command += ["--beat", f"--schedule={self.workdir / 'beat-schedule'}"]
        self.workers.append(
            subprocess.Popen(
                command,
                cwd=ROOT,
                env=self.env(),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )

    def kill_workers(self, sig: int = signal.SIGKILL) -> None:
        for worker in self.workers:
            if worker.poll() is None:
                os.killpg(worker.pid, sig)
                worker.wait(timeout=30)
        self.workers = []

    def stop_workers(self) -> None:
        for worker in self.workers:
            if worker.poll() is None:
                worker.send_signal(signal.SIGTERM)  # warm shutdown of the main process
        for worker in self.workers:
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait(timeout=10)
        self.workers = []

    def run(self, command: str, args: dict[str, Any] | None = None, timeout: float = 180) -> Any:
        """Run a driver command; returns its JSON result."""
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "tests.integration.alert_driver",
                command,
                json.dumps(args or {}),
            ],
            cwd=ROOT,
            env=self.env(),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"driver {command} failed:\n{done.stderr.decode()[-4000:]}")
        marker = done.stdout.decode().rsplit("@@RESULT@@", 1)[-1]
        return json.loads(marker)

    def worker_logs(self) -> str:
        return "\n".join(
            p.read_text(errors="replace")[-3000:] for p in sorted(self.workdir.glob("worker-*.log"))
        )
