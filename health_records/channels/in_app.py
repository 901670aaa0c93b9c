"""The in-app inbox: the delivery row itself is the inbox entry, so sending is recording.

The inbox page and its JSON feed (``views/alerts.py``) read sent in-app deliveries; nothing
leaves the process.
"""

from __future__ import annotations

from .base import OutboundMessage, Target


def send(message: OutboundMessage, target: Target) -> None:
    """Nothing to transmit: marking the delivery sent makes it appear in the inbox."""
