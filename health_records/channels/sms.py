"""SMS through a gateway interface; the default backend only logs (no SMS contract needed).

``ALERT_SMS_BACKEND`` (settings) is the dotted path of a class with
``send(phone: str, text: str, reference: str) -> None`` raising the channel errors; production
plugs in the hospital's SMS gateway (e.g. an Alibaba Cloud / Tencent Cloud SMS client) there.
"""

from __future__ import annotations

import logging
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from .base import OutboundMessage, PermanentChannelError, Target

logger = logging.getLogger(__name__)

SMS_MAX_CHARS = 300
"""Long SMS are split by carriers into 67-character parts; keep alerts short."""


class SmsBackend(Protocol):
    def send(self, phone: str, text: str, reference: str) -> None: ...


class LoggingSmsBackend:
    """Logs that an SMS would be sent: delivery reference and the last 4 digits only."""

    sent: list[tuple[str, str, str]] = []

    def send(self, phone: str, text: str, reference: str) -> None:
        logger.info("sms delivery %s to ***%s (%d chars)", reference, phone[-4:], len(text))
        LoggingSmsBackend.sent.append((phone, text, reference))


def backend() -> SmsBackend:
    """The configured SMS backend instance."""
    path = getattr(settings, "ALERT_SMS_BACKEND", "health_records.channels.sms.LoggingSmsBackend")
    backend_class = import_string(path)
    instance: SmsBackend = backend_class()
    return instance


def send(message: OutboundMessage, target: Target) -> None:
    """Send a short SMS (title and link) to ``target.address``."""
    phone = "".join(ch for ch in target.address if ch.isdigit() or ch == "+")
    if len(phone.lstrip("+")) < 6:
        raise PermanentChannelError("bad_phone")
    text = f"{message.title} {message.url}"[:SMS_MAX_CHARS]
    backend().send(phone, text, message.delivery_id)
