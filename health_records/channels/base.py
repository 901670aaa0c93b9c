"""What every channel receives, the two failure kinds, and a small JSON-over-HTTP helper."""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any

logger = logging.getLogger(__name__)

HTTP_TIMEOUT_SECONDS = 5.0
"""A robot or webhook that does not answer within 5 s counts as a transient failure."""


class TransientChannelError(Exception):
    """Try again later (timeout, connection refused, HTTP 5xx/429, robot rate limit)."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)


class PermanentChannelError(Exception):
    """Retrying will not help (HTTP 4xx, bad signature, invalid address)."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)


@dataclass(frozen=True)
class OutboundMessage:
    """The text of one alert message, already in the recipient's language.

    Carries no more personal data than needed: the child's initials and classroom, the problem,
    and a link that requires login. ``delivery_id`` lets a receiver de-duplicate (a worker killed
    after sending but before recording can send again).
    """

    delivery_id: str
    alert_id: str
    title: str
    lines: tuple[str, ...]
    url: str
    severity: str
    kind: str
    level: int
    language: str

    @property
    def text(self) -> str:
        """Plain text: title, lines, link."""
        return "\n".join((self.title, *self.lines, self.url))


@dataclass(frozen=True)
class Target:
    """Where to send: ``address`` (e-mail / mobile) or ``url`` + ``secret`` (robots, webhook)."""

    address: str = ""
    url: str = ""
    secret: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def post_json(url: str, payload: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
    """POST ``payload`` as UTF-8 JSON; return the decoded JSON answer (or ``None`` if not JSON).

    Raises :class:`TransientChannelError` on timeouts, connection errors, HTTP 429 and 5xx;
    :class:`PermanentChannelError` on other HTTP errors and non-http(s) URLs.
    """
    if not url.startswith(("http://", "https://")):
        raise PermanentChannelError("bad_url")
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(  # noqa: S310 — scheme checked above
        url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json; charset=utf-8", **(headers or {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT_SECONDS) as response:  # noqa: S310
            raw = response.read()
    except urllib.error.HTTPError as exc:
        if exc.code == 429 or exc.code >= 500:
            raise TransientChannelError(f"http_{exc.code}") from exc
        raise PermanentChannelError(f"http_{exc.code}") from exc
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
        raise TransientChannelError("connection") from exc
    try:
        return json.loads(raw.decode("utf-8")) if raw else None
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
