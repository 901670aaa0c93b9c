"""``manage.py rundemo``: web server, Celery worker and Celery beat together, for the demo.

Prints the URL and the demo logins, then supervises the three processes; Ctrl-C (SIGINT) or
SIGTERM stops all of them cleanly. A worker or beat that exits on its own is restarted (at most
five times a minute); if the web server exits, or a process keeps dying, the others are stopped
too and the command exits non-zero. The broker is whatever ``CELERY_BROKER_URL`` says (the
filesystem transport by default, Redis when it points at one).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from .seed_demo import DEMO_LOGINS, DEMO_PASSWORD


def _port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


MAX_RESTARTS_PER_MINUTE = 5
"""A worker or beat that dies more often than this within a minute stops the demo."""


class Command(BaseCommand):
    help = "Run the demo: web server, Celery worker and beat; Ctrl-C stops all."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default=os.environ.get("MEDCARE_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("MEDCARE_PORT", "8000")))

    def handle(self, *args: Any, **options: Any) -> None:
        host, port = options["host"], options["port"]
        while not _port_free(host, port):
            port += 1
            if port > options["port"] + 20:
                raise CommandError("No free port near the one asked for; pass --port.")
        (settings.VAR_DIR / "broker").mkdir(parents=True, exist_ok=True)
        py = sys.executable
        commands = {
            "web": [py, "manage.py", "runserver", "--noreload", f"{host}:{port}"],
            "worker": [
                py,
                "-m",
                "celery",
                "-A",
                "medcare",
                "worker",
                "--loglevel=INFO",
                "--concurrency=2",
                "--without-gossip",
                "--without-mingle",
            ],
            "beat": [py, "-m", "celery", "-A", "medcare", "beat", "--loglevel=INFO"],
        }
        procs = {
            name: subprocess.Popen(cmd, cwd=settings.BASE_DIR)  # noqa: S603
            for name, cmd in commands.items()
        }
        stopping = False

        def stop(signum: int, frame: FrameType | None) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        url = f"http://{host}:{port}/"
        self.stdout.write(self.style.SUCCESS(f"\nmedcare demo: {url}"))
        self.stdout.write(f"Broker: {settings.CELERY_BROKER_URL.split('@')[-1]}")
        self.stdout.write(f"Demo logins (password {DEMO_PASSWORD}):")
        for username, what in DEMO_LOGINS:
            self.stdout.write(f"  {username:<12} {what}")
        self.stdout.write("Press Ctrl-C to stop the web server, worker and beat.\n")
        exited: str | None = None
        restarts: dict[str, list[float]] = {"worker": [], "beat": []}
        while not stopping and exited is None:
            time.sleep(0.5)
            for name, proc in list(procs.items()):
                if proc.poll() is None or stopping:
                    continue
                recent = [t for t in restarts.get(name, []) if time.monotonic() - t < 60]
                if name == "web" or len(recent) >= MAX_RESTARTS_PER_MINUTE:
                    exited = name
                    break
                # A crashed worker or beat is restarted: alerts wait in the broker and the
                # database meanwhile, and the sweep re-sends anything not yet delivered.
                self.stderr.write(f"The {name} process exited ({proc.returncode}); restarting it.")
                restarts[name] = [*recent, time.monotonic()]
                procs[name] = subprocess.Popen(commands[name], cwd=settings.BASE_DIR)  # noqa: S603
        for proc in procs.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 15
        for proc in procs.values():
            try:
                proc.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                proc.kill()
        if exited is not None and not stopping:
            raise CommandError(f"The {exited} process stopped unexpectedly; stopped the others.")
        self.stdout.write("Stopped.")
