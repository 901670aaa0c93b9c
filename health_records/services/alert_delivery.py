"""Sending one delivery: claim it, render it in the recipient's language, hand it to a channel.

Idempotency: a delivery row is claimed with one conditional ``UPDATE`` (pending → sending, or an
expired claim); a second task for the same row — redelivered by Redis after a worker died, sent
again by the sweep, or five at once — finds nothing to claim and sends nothing. In-app deliveries
go from pending to sent in that one statement. An outside channel (e-mail, robot, webhook, SMS)
can only be at-least-once: a worker killed after the other side accepted but before the row was
marked sent will send again once the claim expires; messages carry ``delivery_id`` so receivers
can drop the duplicate.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from health_records.channels import (
    SENDERS,
    OutboundMessage,
    PermanentChannelError,
    Target,
    TransientChannelError,
)
from health_records.models import (
    AlertDelivery,
    AlertKind,
    AlertSeverity,
    Channel,
    DeliveryAudience,
    DeliveryStatus,
    TriageAction,
)

logger = logging.getLogger(__name__)


def _setting(name: str, default: float) -> float:
    return float(getattr(settings, name, default))


@dataclass(frozen=True)
class SendResult:
    """``outcome``: sent / skipped (nothing to claim) / retry / failed; ``retry_in`` seconds."""

    outcome: str
    retry_in: float | None = None


def _site_url(path: str) -> str:
    base = str(getattr(settings, "ALERT_SITE_URL", "http://localhost:8000")).rstrip("/")
    return f"{base}{path}"


def alert_message(delivery: AlertDelivery) -> OutboundMessage:
    """The message for ``delivery`` in its language: initials, classroom, problem, link.

    Staff: ``[Urgent] Fever · W* · A1`` + when it was raised, escalation level, and the link to
    the alert (login required). Guardians: who it is about (initials), the problem and the medical
    team's action, with a link to their alerts page. No names, notes or measurements.
    """
    alert = delivery.alert
    language = delivery.language or settings.LANGUAGE_CODE
    with translation.override(language):
        local = timezone.localtime(alert.opened_at, alert.centre.tz)
        where = alert.classroom.name if alert.classroom is not None else ""
        who = " · ".join(part for part in (alert.child_initials, where) if part)
        headline = alert.headline()
        if delivery.audience == DeliveryAudience.GUARDIAN:
            title = _("Medcare: a message about %(child)s") % {"child": alert.child_initials}
            lines = [headline]
            if alert.action:
                lines.append(
                    _("The medical team's action: %(action)s")
                    % {"action": TriageAction(alert.action).label}
                )
            url = _site_url(reverse("my_child_alerts"))
        else:
            severity = AlertSeverity(alert.severity).label
            title = f"[{severity}] {headline}" + (f" · {who}" if who else "")
            lines = [_("Raised at %(time)s") % {"time": local.strftime("%Y-%m-%d %H:%M")}]
            if alert.kind == AlertKind.OUTBREAK:
                lines.append(
                    _("%(count)s children in %(days)s day(s): report to the CDC within 24 hours.")
                    % {"count": alert.detail.get("count"), "days": alert.detail.get("window_days")}
                )
            if alert.kind == AlertKind.PIPELINE_STALL:
                lines.append(_("Alerts are waiting to be delivered. Check the alert worker."))
            if delivery.level > 0:
                lines.append(
                    _("Escalated (level %(level)s): not acknowledged yet.")
                    % {"level": delivery.level}
                )
            if delivery.round > 0:
                lines.append(_("Paged again: still not resolved, or more severe."))
            url = _site_url(reverse("alert_detail", args=[alert.pk]))
    return OutboundMessage(
        delivery_id=str(delivery.pk),
        alert_id=str(alert.pk),
        title=title,
        lines=tuple(lines),
        url=url,
        severity=alert.severity,
        kind=alert.kind,
        level=delivery.level,
        language=language,
    )


def _target(delivery: AlertDelivery) -> Target:
    config = delivery.channel_config
    if config is None:
        return Target(address=delivery.address)
    return Target(address=delivery.address, url=config.url, secret=config.secret)


def _backoff(attempts: int) -> float:
    base = _setting("ALERT_RETRY_BASE_SECONDS", 5)
    cap = _setting("ALERT_RETRY_MAX_SECONDS", 300)
    return float(min(base * 2 ** max(attempts - 1, 0), cap))


def alert_delivery_send(*, delivery_id: uuid.UUID) -> SendResult:
    """Send one delivery at most once per claim; record the outcome on its row.

    Returns :class:`SendResult`. Side effects: the delivery row's status, attempts, ``sent_at``,
    ``last_error`` (an error code, never message text); one message through the channel.
    Transient channel errors put the row back to pending with ``next_dispatch_at`` after the
    backoff (5 s doubling, capped at 300 s); after ``ALERT_MAX_ATTEMPTS`` (8) it is failed.
    Not wrapped in one transaction on purpose: the outside call must not hold a database lock.
    """
    now = timezone.now()
    delivery = (
        AlertDelivery.objects.select_related(
            "alert", "alert__centre", "alert__child", "alert__classroom", "channel_config"
        )
        .filter(pk=delivery_id)
        .first()
    )
    if delivery is None or delivery.status in (DeliveryStatus.SENT, DeliveryStatus.FAILED):
        return SendResult("skipped")
    claimable = Q(status=DeliveryStatus.PENDING) | Q(
        status=DeliveryStatus.SENDING, claimed_until__lt=now
    )
    rows = AlertDelivery.objects.filter(claimable, pk=delivery_id)
    if delivery.channel == Channel.IN_APP:
        if rows.update(status=DeliveryStatus.SENT, sent_at=now, attempts=F("attempts") + 1):
            logger.info("delivery %s sent (in_app)", delivery_id)
            return SendResult("sent")
        return SendResult("skipped")
    lease = now + timedelta(seconds=_setting("ALERT_CLAIM_LEASE_SECONDS", 60))
    if not rows.update(
        status=DeliveryStatus.SENDING, claimed_until=lease, attempts=F("attempts") + 1
    ):
        return SendResult("skipped")
    attempts = delivery.attempts + 1
    mine = AlertDelivery.objects.filter(pk=delivery_id, status=DeliveryStatus.SENDING)
    try:
        SENDERS[delivery.channel](alert_message(delivery), _target(delivery))
    except TransientChannelError as exc:
        if attempts >= _setting("ALERT_MAX_ATTEMPTS", 8):
            mine.update(status=DeliveryStatus.FAILED, last_error=exc.code, claimed_until=None)
            logger.warning(
                "delivery %s failed after %s attempts: %s", delivery_id, attempts, exc.code
            )
            return SendResult("failed")
        wait = _backoff(attempts)
        mine.update(
            status=DeliveryStatus.PENDING,
            claimed_until=None,
            last_error=exc.code,
            next_dispatch_at=timezone.now() + timedelta(seconds=wait + 30),
        )
        logger.info("delivery %s transient %s; retry in %.0f s", delivery_id, exc.code, wait)
        return SendResult("retry", retry_in=wait)
    except PermanentChannelError as exc:
        mine.update(status=DeliveryStatus.FAILED, last_error=exc.code, claimed_until=None)
        logger.warning("delivery %s failed permanently: %s", delivery_id, exc.code)
        return SendResult("failed")
    mine.update(
        status=DeliveryStatus.SENT, sent_at=timezone.now(), claimed_until=None, last_error=""
    )
    logger.info("delivery %s sent (%s)", delivery_id, delivery.channel)
    return SendResult("sent")
