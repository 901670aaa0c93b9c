"""Facts looked up once per request and reused within it (like ``request.user``).

:class:`~health_records.middleware.RequestIdMiddleware` opens a memo for each request; outside a
request (Celery tasks, management commands, tests calling services directly) there is none and
every lookup goes to the database. Only facts that the request itself cannot change in a way
that matters may be kept here: the signed-in user's active staff membership, loaded by
``selectors.access.viewer_for`` and reused by the services' permission checks.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

_MEMO: ContextVar[dict[Any, Any] | None] = ContextVar("medcare_request_memo", default=None)


@contextmanager
def request_memo() -> Iterator[dict[Any, Any]]:
    """Open an empty memo for the duration of one request."""
    memo: dict[Any, Any] = {}
    token = _MEMO.set(memo)
    try:
        yield memo
    finally:
        _MEMO.reset(token)


def memo_get(key: Any) -> Any:
    """The value kept under ``key`` in this request, or ``None`` (also outside a request)."""
    memo = _MEMO.get()
    return None if memo is None else memo.get(key)


def memo_set(key: Any, value: Any) -> None:
    """Keep ``value`` for the rest of this request; does nothing outside a request."""
    memo = _MEMO.get()
    if memo is not None:
        memo[key] = value
