"""Generic JSON webhook: the hospital's own integration endpoint.

Body: ``{"delivery_id", "alert_id", "kind", "severity", "level", "title", "lines", "url",
"language"}``. With a secret, header ``X-Medcare-Signature: sha256=<hex HMAC-SHA256 of the body>``
lets the receiver check the sender; ``X-Medcare-Delivery`` (= ``delivery_id``) lets it drop a
duplicate. Any 2xx answer is success.
"""

from __future__ import annotations

import hashlib
import hmac
import json

from .base import OutboundMessage, Target, post_json


def payload(message: OutboundMessage) -> dict[str, object]:
    return {
        "delivery_id": message.delivery_id,
        "alert_id": message.alert_id,
        "kind": message.kind,
        "severity": message.severity,
        "level": message.level,
        "title": message.title,
        "lines": list(message.lines),
        "url": message.url,
        "language": message.language,
    }


def signature(secret: str, body: bytes) -> str:
    """``sha256=<hex>`` HMAC of the exact request body."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def send(message: OutboundMessage, target: Target) -> None:
    """POST the JSON body to ``target.url`` (signed when ``target.secret`` is set)."""
    body = payload(message)
    headers = {"X-Medcare-Delivery": message.delivery_id}
    if target.secret:
        raw = json.dumps(body, ensure_ascii=False).encode("utf-8")
        headers["X-Medcare-Signature"] = signature(target.secret, raw)
    post_json(target.url, body, headers=headers)
