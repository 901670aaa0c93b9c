"""Delivery channels for alerts: in-app, e-mail, SMS, WeCom and DingTalk robots, JSON webhook.

Each channel module exposes ``send(message, target)``: it either returns (the message was
accepted by the other side) or raises :class:`~.base.TransientChannelError` (retry with backoff:
timeouts, 5xx, rate limits) or :class:`~.base.PermanentChannelError` (do not retry: bad URL,
rejected signature). Channels never touch the database; ``services/alert_delivery.py`` records
the outcome.
"""

from __future__ import annotations

from collections.abc import Callable

from . import dingtalk, email, in_app, sms, webhook, wecom
from .base import OutboundMessage, PermanentChannelError, Target, TransientChannelError

SENDERS: dict[str, Callable[[OutboundMessage, Target], None]] = {
    "in_app": in_app.send,
    "email": email.send,
    "sms": sms.send,
    "wecom": wecom.send,
    "dingtalk": dingtalk.send,
    "webhook": webhook.send,
}

__all__ = [
    "SENDERS",
    "OutboundMessage",
    "PermanentChannelError",
    "Target",
    "TransientChannelError",
]
