"""E-mail through Django's configured mail backend (``EMAIL_BACKEND``)."""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.core.mail import EmailMessage

from .base import OutboundMessage, PermanentChannelError, Target, TransientChannelError


def send(message: OutboundMessage, target: Target) -> None:
    """Send one plain-text e-mail to ``target.address``.

    SMTP connection problems and 4xx replies are transient; a refused recipient is permanent.
    """
    if not target.address:
        raise PermanentChannelError("no_address")
    email = EmailMessage(
        subject=message.title,
        body="\n".join((*message.lines, "", message.url)),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[target.address],
        headers={"X-Medcare-Delivery": message.delivery_id},
    )
    try:
        email.send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused as exc:
        raise PermanentChannelError("recipient_refused") from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise TransientChannelError("smtp") from exc
