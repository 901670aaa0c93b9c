"""Support for alert tests: record published delivery tasks instead of touching a broker."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from health_records.services import alerts as alert_services


def record_published(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Replace Celery's ``send_task`` by a recorder; returns the list of published delivery ids."""
    from medcare.celery import app

    sent: list[str] = []

    def record(name: str, args: list[str] | None = None, **kwargs: object) -> None:
        assert name == alert_services.DELIVERY_TASK
        sent.extend(args or [])

    monkeypatch.setattr(app, "send_task", record)
    alert_services._reset_broker_pause()
    return sent


@dataclass
class Recorded:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> object:
        return json.loads(self.body.decode("utf-8"))


@dataclass
class FakeServer:
    """``url``: base URL; ``requests``: what arrived; ``status`` / ``answer``: the reply."""

    url: str
    requests: list[Recorded] = field(default_factory=list)
    status: int = 200
    delay_s: float = 0.0
    answer: object = field(default_factory=lambda: {"errcode": 0, "errmsg": "ok"})


@contextlib.contextmanager
def serve_http() -> Iterator[FakeServer]:
    """Run a recording HTTP server on a free loopback port (a webhook / robot stand-in)."""
    server_state: FakeServer

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            server_state.requests.append(Recorded(self.path, dict(self.headers.items()), body))
            if server_state.delay_s:
                time.sleep(server_state.delay_s)
            raw = json.dumps(server_state.answer).encode()
            self.send_response(server_state.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            return

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server_state = FakeServer(url=f"http://127.0.0.1:{httpd.server_address[1]}")
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server_state
    finally:
        httpd.shutdown()
        httpd.server_close()
