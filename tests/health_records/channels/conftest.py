"""The channel tests' HTTP server fixture."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ..alert_support import FakeServer, serve_http


@pytest.fixture
def http_server() -> Iterator[FakeServer]:
    """A recording HTTP server on 127.0.0.1 for one test."""
    with serve_http() as server:
        yield server
